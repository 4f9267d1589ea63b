"""Pages of schoolreport."""

from django.urls import URLPattern

app_name = "schoolreport"
urlpatterns: list[URLPattern] = []
