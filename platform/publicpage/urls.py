"""Pages of publicpage."""

from django.urls import URLPattern

app_name = "publicpage"
urlpatterns: list[URLPattern] = []
