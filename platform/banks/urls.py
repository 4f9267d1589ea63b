"""Pages of the banks part of a school's space."""

from django.urls import path  # noqa: F401

app_name = "banks"
urlpatterns: list = []
