"""Pages of the staff part of a school's space."""

from django.urls import path  # noqa: F401

app_name = "staff"
urlpatterns: list = []
