"""URLs served at a school's host (`<slug>.<district host>`)."""

from django.urls import include, path

from api.urls import school_patterns
from config.urls_common import common_patterns
from school import views

urlpatterns = [
    *common_patterns,
    path("", views.home, name="home"),
    path("api/", include(school_patterns)),
]
