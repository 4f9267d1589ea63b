"""URLs served at the district's host (the public schema)."""

from django.urls import include, path

from api.urls import district_patterns
from config.urls_common import common_patterns
from district import account_views, views

urlpatterns = [
    *common_patterns,
    path("", views.home, name="home"),
    path("schools/", views.school_list, name="school-list"),
    path("schools/new/", views.school_register_view, name="school-register"),
    path("schools/<str:school_id>/", views.school_card, name="school-card"),
    path("schools/<str:school_id>/edit/", views.school_edit, name="school-edit"),
    path("schools/<str:school_id>/archive/", views.school_archive_view, name="school-archive"),
    path("schools/<str:school_id>/restore/", views.school_restore_view, name="school-restore"),
    path("accounts/", account_views.officials_view, name="district-officials"),
    path("accounts/new/", account_views.official_invite_view, name="district-official-invite"),
    path("accounts/settings/", account_views.access_settings_view, name="district-access-settings"),
    path("accounts/<str:person_id>/code/", account_views.official_code_view, name="district-official-code"),
    path("accounts/<str:person_id>/deactivate/", account_views.official_deactivate_view,
         name="district-official-deactivate"),
    path("reports/", include("districtreport.urls")),
    path("templates/roadmap/", include("roadmap_templates.urls")),
    path("templates/surveys/", include("survey_templates.urls")),
    path("stats/", include("stats.urls")),
    path("templates/regulation/", include("regulation_templates.urls")),
    path("templates/docx/", include("documents.urls_district")),
    path("exchange/", include("exchange.urls_district")),
    path("api/", include(district_patterns)),
]

# The database being away is a 503 with a clear message, anything else the 500 page (issue 16).
handler500 = "config.unavailable.server_error"
