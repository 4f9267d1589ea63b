"""Pages of the orders part of a school's space."""

from django.urls import path  # noqa: F401

app_name = "orders"
urlpatterns: list = []
