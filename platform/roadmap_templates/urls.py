"""Pages of roadmap_templates."""

from django.urls import URLPattern

app_name = "roadmap_templates"
urlpatterns: list[URLPattern] = []
