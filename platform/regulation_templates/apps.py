from django.apps import AppConfig


class RegulationTemplatesConfig(AppConfig):
    name = "regulation_templates"
