from django.apps import AppConfig


class SchoolreportConfig(AppConfig):
    name = "schoolreport"
