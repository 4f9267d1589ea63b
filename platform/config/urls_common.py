"""Routes every space has: login, logout, language."""

from django.urls import include, path

from people.views import SpaceLoginView, SpaceLogoutView

common_patterns = [
    path("login/", SpaceLoginView.as_view(), name="login"),
    path("logout/", SpaceLogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]
