"""The district dashboard's pages (under /stats/ at the district's host)."""

from django.urls import path

from stats import views

urlpatterns = [
    path("", views.dashboard_view, name="stats-dashboard"),
    path("schools/<str:school_id>/", views.school_view, name="stats-school"),
]
