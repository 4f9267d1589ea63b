"""Pages of the mentor exchange at the district's host (under /exchange/)."""

from django.urls import path

from exchange import views_district as views

app_name = "exchange_district"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("requests/", views.requests, name="requests"),
    path("proposal/", views.proposal, name="proposal"),
    path("proposal/send/", views.proposal_send, name="proposal_send"),
    path("settings/", views.settings_edit, name="settings"),
]
