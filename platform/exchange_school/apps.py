from django.apps import AppConfig


class ExchangeSchoolConfig(AppConfig):
    name = "exchange_school"
    verbose_name = "Mentor exchange (the school's side)"
