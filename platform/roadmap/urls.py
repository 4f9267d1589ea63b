"""Pages of roadmap."""

from django.urls import URLPattern

app_name = "roadmap"
urlpatterns: list[URLPattern] = []
