"""Pages of the audit part of a school's space."""

from django.urls import path  # noqa: F401

app_name = "audit"
urlpatterns: list = []
