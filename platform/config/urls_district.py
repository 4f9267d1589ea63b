"""URLs served at the district's host (the public schema)."""

from django.urls import include, path

from api.urls import district_patterns
from config.urls_common import common_patterns
from district import views

urlpatterns = [
    *common_patterns,
    path("", views.home, name="home"),
    path("schools/new/", views.school_register_view, name="school-register"),
    path("templates/roadmap/", include("roadmap_templates.urls")),
    path("templates/surveys/", include("survey_templates.urls")),
    path("api/", include(district_patterns)),
]
