"""The personal calendar: the page to manage the secret address, and the feed itself."""

from django.urls import path

from mentoring.views import calendar as views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_page, name="page"),
    path("issue/", views.calendar_issue, name="issue"),
    path("revoke/", views.calendar_revoke, name="revoke"),
    path("<str:secret>.ics", views.calendar_feed, name="feed"),
]
