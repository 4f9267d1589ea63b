"""Pages of practices."""

from django.urls import URLPattern

app_name = "practices"
urlpatterns: list[URLPattern] = []
