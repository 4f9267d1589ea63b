"""Pages of survey_templates."""

from django.urls import URLPattern

app_name = "survey_templates"
urlpatterns: list[URLPattern] = []
