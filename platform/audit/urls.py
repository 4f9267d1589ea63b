"""The audit record of a school's space."""

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
]
