"""Pages of the mentoring part of a school's space."""

from django.urls import path  # noqa: F401

app_name = "programmes"
urlpatterns: list = []
