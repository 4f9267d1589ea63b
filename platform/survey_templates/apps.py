from django.apps import AppConfig


class SurveyTemplatesConfig(AppConfig):
    name = "survey_templates"
