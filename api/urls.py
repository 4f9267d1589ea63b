"""API routes: `school_patterns` at a school's host, `district_patterns` at the district's."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from api import accounts, views
from api.schema_view import SchemaView


def _docs(urlconf: str) -> list[URLPattern]:
    """The schema of the space's own endpoints, its interactive page, and the token endpoint."""
    return [
        path("schema/", SchemaView.as_view(urlconf=urlconf), name="api-schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
        path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
        path("auth/token/", views.TokenView.as_view(), name="api-token"),
    ]


school_patterns: list[URLPattern | URLResolver] = [
    *_docs("config.urls_school"),
    path("me/", views.SchoolMeView.as_view(), name="api-school-me"),
    path("staff/accounts/", accounts.StaffAccountsBulkView.as_view(), name="api-staff-accounts"),
    path("", include("api.staff")),
    path("staff/<str:pk>/account/", accounts.StaffAccountView.as_view(), name="api-staff-account"),
    path("", include("api.orders")),
    path("", include("api.consents")),
    path("", include("api.banks")),
    path("", include("api.pairs")),
    path("", include("api.programmes")),
    path("", include("api.audit")),
    path("", include("api.roadmap")),
    path("", include("api.surveys")),
    path("", include("api.practices")),
    path("", include("api.schoolreport")),
    path("", include("api.documents")),
    path("", include("api.template_updates")),
    path("", include("api.exchange")),
]

district_patterns: list[URLPattern | URLResolver] = [
    *_docs("config.urls_district"),
    path("me/", views.DistrictMeView.as_view(), name="api-district-me"),
    path("", include("api.district_schools")),
    path("", include("api.district_reports")),
    path("", include("api.roadmap_templates")),
    path("", include("api.survey_templates")),
    path("", include("api.regulation_templates")),
    path("", include("api.district_figures")),
    path("", include("api.district_exchange")),
]
