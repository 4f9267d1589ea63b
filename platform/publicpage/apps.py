from django.apps import AppConfig


class PublicpageConfig(AppConfig):
    name = "publicpage"
