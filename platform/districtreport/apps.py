from django.apps import AppConfig


class DistrictreportConfig(AppConfig):
    name = "districtreport"
    verbose_name = "District reports"
