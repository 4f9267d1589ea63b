"""REST endpoints: the district's figures, read-only, for other systems (at the district's host).

The same kept figures as the dashboard (stats.selectors; the public schema only): the district's
totals for a year and one entry per school, one school's figures with their breakdowns, and the
years that have figures. Every district role reads; school people and anyone else get 404.
Survey results follow the small-numbers rule (district setting «survey_min_respondents»): a
school's are null when fewer people answered, and so is the district's when the hidden answers
could be worked out from it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DistrictAPIView, run_service
from config.replica import replica_reads
from consents.models import ConsentPurpose
from formats.dates import AcademicYear
from mentoring.models import Mode, RoleForm
from people.roles import DistrictRole
from stats.figures import AUDIENCES, OUTCOMES
from stats.selectors import (
    FLAGS,
    SUMMED,
    Dashboard,
    SchoolRow,
    SurveyView,
    completion_percent,
    current_year,
    dashboard_rows,
    dashboard_summary,
    kept_years,
    school_figures_get,
    schools_parse,
    year_parse,
)
from tenants.models import School, SchoolKind

# --- serializers: every field named, so the OpenAPI schema describes the whole answer ----------------


class AudienceResultSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True, help_text="Scale answers as a share of the top, %")


class ByAudienceSerializer(serializers.Serializer):
    mentors = AudienceResultSerializer(required=False)
    mentees = AudienceResultSerializer(required=False)
    curator = AudienceResultSerializer(required=False)


class SurveysSerializer(serializers.Serializer):
    """A school's survey results under the small-numbers rule: empty unless `shown`."""

    shown = serializers.BooleanField()
    respondents = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True)
    by_audience = ByAudienceSerializer(allow_null=True)


class SatisfactionSerializer(serializers.Serializer):
    """The district's survey results (null in the answer when hidden by the small-numbers rule)."""

    respondents = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True)
    by_audience = ByAudienceSerializer()


class TotalsSerializer(serializers.Serializer):
    schools = serializers.IntegerField()
    schools_lagging = serializers.IntegerField()
    staff = serializers.IntegerField()
    young_specialists = serializers.IntegerField()
    young_covered = serializers.IntegerField()
    young_without_mentor = serializers.IntegerField()
    new_to_position = serializers.IntegerField(help_text="New to the position, not young specialists")
    new_to_position_covered = serializers.IntegerField()
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()
    guest_mentors = serializers.IntegerField()
    mentors_lent = serializers.IntegerField()
    pairs_active = serializers.IntegerField()
    pairs_completed = serializers.IntegerField()
    pairs_ended_early = serializers.IntegerField()
    pairs_total = serializers.IntegerField()
    groups_total = serializers.IntegerField()
    cross_school_pairs = serializers.IntegerField()
    overdue_activities = serializers.IntegerField()
    roadmap_items = serializers.IntegerField()
    roadmap_done = serializers.IntegerField()
    survey_respondents = serializers.IntegerField()


class FlagsSerializer(serializers.Serializer):
    """How many of the schools shown have each flag."""

    has_curator = serializers.IntegerField()
    regulation_approved = serializers.IntegerField()
    roadmap_approved = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    young_specialists = serializers.IntegerField()
    young_covered = serializers.IntegerField()
    young_without_mentor = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class CompletionSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    completed = serializers.IntegerField()
    ended_early = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="Completed among those finished in the year, %")


class OutcomeCountsSerializer(serializers.Serializer):
    pairs = serializers.IntegerField()
    groups = serializers.IntegerField()
    active = serializers.IntegerField()
    completed = serializers.IntegerField()
    ended_early = serializers.IntegerField()


class ByFormSerializer(OutcomeCountsSerializer):
    form = serializers.ChoiceField(choices=RoleForm.choices)


class ByModeSerializer(OutcomeCountsSerializer):
    mode = serializers.ChoiceField(choices=Mode.choices)


class ConsentCountSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    staff = serializers.IntegerField(help_text="People with a consent in force for the purpose")


class SchoolFiguresSerializer(serializers.Serializer):
    """One school's figures for the year."""

    uuid = serializers.UUIDField()
    slug = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SchoolKind.choices)
    staff = serializers.IntegerField()
    young_specialists = serializers.IntegerField()
    young_covered = serializers.IntegerField()
    young_without_mentor = serializers.IntegerField()
    new_to_position = serializers.IntegerField(help_text="New to the position, not young specialists")
    new_to_position_covered = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True, help_text="Young specialists with a mentor, %")
    mentors = serializers.IntegerField()
    mentees = serializers.IntegerField()
    guest_mentors = serializers.IntegerField()
    mentors_lent = serializers.IntegerField()
    pairs_total = serializers.IntegerField()
    groups_total = serializers.IntegerField()
    pairs_active = serializers.IntegerField()
    pairs_completed = serializers.IntegerField()
    pairs_ended_early = serializers.IntegerField()
    completion = serializers.FloatField(allow_null=True, help_text="Completed among those finished in the year, %")
    cross_school_pairs = serializers.IntegerField()
    overdue_activities = serializers.IntegerField()
    roadmap_items = serializers.IntegerField()
    roadmap_done = serializers.IntegerField()
    roadmap_percent = serializers.FloatField(allow_null=True)
    survey_respondents = serializers.IntegerField()
    has_curator = serializers.BooleanField()
    regulation_approved = serializers.BooleanField()
    roadmap_approved = serializers.BooleanField()
    lags = serializers.ListField(child=serializers.CharField(), help_text="Why the school lags, in words")
    surveys = SurveysSerializer()
    computed_at = serializers.DateTimeField()


class SchoolFiguresDetailSerializer(SchoolFiguresSerializer):
    """One school's figures with their breakdowns."""

    year = serializers.CharField(help_text="The academic year, e.g. 2025/2026")
    by_form = ByFormSerializer(many=True)
    by_mode = ByModeSerializer(many=True)
    consents = ConsentCountSerializer(many=True)
    overdue_programmes = serializers.IntegerField()
    as_of = serializers.DateField(allow_null=True, help_text="The day the figures describe")


class DistrictFiguresSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="The academic year, e.g. 2025/2026")
    survey_min_respondents = serializers.IntegerField(
        help_text="The small-numbers rule: survey results are shown from this many respondents")
    computed_at = serializers.DateTimeField(allow_null=True, help_text="The oldest count among the schools")
    totals = TotalsSerializer()
    flags = FlagsSerializer()
    coverage = CoverageSerializer()
    completion = CompletionSerializer()
    satisfaction = SatisfactionSerializer(allow_null=True)
    by_form = ByFormSerializer(many=True)
    by_mode = ByModeSerializer(many=True)
    page = serializers.IntegerField(help_text="This page of `schools` (from 1)")
    pages = serializers.IntegerField(help_text="How many pages of `schools` there are (at least 1)")
    page_size = serializers.IntegerField(help_text="Schools per page")
    schools = SchoolFiguresSerializer(many=True, help_text="One page of the schools, by name")


class YearsSerializer(serializers.Serializer):
    current = serializers.CharField()
    years = serializers.ListField(child=serializers.CharField(), help_text="Years with figures, newest first")


# --- building the answers from the selectors' records ---------------------------------------------------


def _by_audience(view: SurveyView) -> dict[str, Any]:
    return {audience: view.by_audience[audience] for audience in AUDIENCES if audience in view.by_audience}


def _surveys(view: SurveyView) -> dict[str, Any]:
    return {"shown": view.shown, "respondents": view.respondents, "satisfaction": view.satisfaction,
            "by_audience": _by_audience(view) if view.shown else None}


def _counts(key: str, counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [{key: code, **{name: int(values.get(name, 0)) for name in ("pairs", "groups", *OUTCOMES)}}
            for code, values in counts.items()]


def _school(row: SchoolRow) -> dict[str, Any]:
    f = row.figures
    school: School = row.school
    return {
        "uuid": school.uuid, "slug": school.slug, "short_name": school.short_name, "kind": school.kind,
        **{name: getattr(f, name) for name in (*SUMMED, *FLAGS, "mentors_lent")},
        "coverage": row.coverage, "completion": completion_percent(f), "roadmap_percent": row.roadmap_percent,
        "lags": row.lags, "surveys": _surveys(row.surveys), "computed_at": f.computed_at,
    }


def _school_detail(row: SchoolRow, year: AcademicYear) -> dict[str, Any]:
    detail = row.figures.detail or {}
    return {
        **_school(row), "year": str(year),
        "by_form": _counts("form", detail.get("by_form", {})),
        "by_mode": _counts("mode", detail.get("by_mode", {})),
        "consents": [{"purpose": code, "staff": int(n)} for code, n in detail.get("consents", {}).items()],
        "overdue_programmes": int(detail.get("programmes", {}).get("overdue_programmes", 0)),
        "as_of": detail.get("as_of"),
    }


def _district(board: Dashboard, rows: Sequence[SchoolRow], *, page: int, pages: int, page_size: int,
              ) -> dict[str, Any]:
    """The district's answer: the kept summary's totals (of every school chosen) and `rows`, one page of them."""
    totals = board.totals
    return {
        "year": str(board.year), "survey_min_respondents": board.threshold, "computed_at": board.computed_at,
        "totals": {**totals, "schools": board.schools, "schools_lagging": board.lagging},
        "flags": board.flags,
        "coverage": {"young_specialists": totals["young_specialists"], "young_covered": totals["young_covered"],
                     "young_without_mentor": totals["young_without_mentor"], "percent": board.coverage},
        "completion": {"active": totals["pairs_active"], "completed": totals["pairs_completed"],
                       "ended_early": totals["pairs_ended_early"], "percent": board.completion},
        "satisfaction": ({"respondents": board.surveys.respondents, "satisfaction": board.surveys.satisfaction,
                          "by_audience": _by_audience(board.surveys)} if board.surveys.shown else None),
        "by_form": _counts("form", board.by_form),
        "by_mode": _counts("mode", board.by_mode),
        "page": page, "pages": pages, "page_size": page_size,
        "schools": [_school(row) for row in rows],
    }


def _year(request: Request) -> AcademicYear:
    return run_service(lambda: year_parse(request.query_params.get("year")))


def _schools(request: Request) -> list[School] | None:
    """`schools`: uuids, repeated or comma-separated; absent = every school, present but empty = an error."""
    if "schools" not in request.query_params:
        return None
    values = [part for value in request.query_params.getlist("schools") for part in value.split(",")]
    if not any(value.strip() for value in values):
        raise serializers.ValidationError({"schools": [serializers.ErrorDetail(
            _("No school is chosen: name at least one school, or leave the parameter out for all schools."),
            code="schools_empty")]})
    return run_service(lambda: schools_parse(values))


def _kind(request: Request) -> str:
    kind = str(request.query_params.get("kind", "")).strip()
    if kind and kind not in SchoolKind.values:
        raise serializers.ValidationError({"kind": [serializers.ErrorDetail(_("Unknown kind of school."),
                                                                            code="invalid_choice")]})
    return kind


PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def _page(request: Request) -> tuple[int, int]:
    """`page` (from 1) and `page_size` (1–500): a whole number, or a field error naming it."""
    values = {}
    for name, default, top in (("page", 1, None), ("page_size", PAGE_SIZE, MAX_PAGE_SIZE)):
        raw = str(request.query_params.get(name, default)).strip()
        if not raw.isdigit() or int(raw) < 1 or (top is not None and int(raw) > top):
            message = (_("Enter a whole number from 1 to %(max)s.") % {"max": top} if top
                       else _("Enter a whole number from 1."))
            raise serializers.ValidationError({name: [serializers.ErrorDetail(message, code="invalid")]})
        values[name] = int(raw)
    return values["page"], values["page_size"]


YEAR_PARAMETER = OpenApiParameter(
    "year", OpenApiTypes.STR, description="The academic year, e.g. 2025/2026 (or 2025-2026); empty: the current one")
READERS = (DistrictRole.ADMIN, DistrictRole.ANALYST)


@extend_validation_errors(["year_format", "year_unknown"], field_name="year", methods=["get"])
@extend_validation_errors(["invalid_choice"], field_name="kind", methods=["get"])
@extend_validation_errors(["school_unknown", "schools_empty"], field_name="schools", methods=["get"])
@extend_schema(tags=["district"])
class DistrictFiguresView(DistrictAPIView):
    """The district's figures for a year: totals, breakdowns and one entry per school."""

    required_district_roles = READERS
    serializer_class = DistrictFiguresSerializer
    pagination_class = None

    @extend_schema(parameters=[
        YEAR_PARAMETER,
        OpenApiParameter("kind", OpenApiTypes.STR, enum=SchoolKind.values, description="Only schools of this kind"),
        OpenApiParameter("schools", OpenApiTypes.UUID, many=True, explode=True,
                         description="Only these schools (uuids, repeated or comma-separated); "
                                     "absent: every school"),
        OpenApiParameter("page", OpenApiTypes.INT, description="The page of `schools`, from 1 (default 1)"),
        OpenApiParameter("page_size", OpenApiTypes.INT,
                         description=f"Schools per page, 1–{MAX_PAGE_SIZE} (default {PAGE_SIZE})"),
    ], responses=DistrictFiguresSerializer, operation_id="district_figures")
    @replica_reads()
    def get(self, request: Request) -> Response:
        year = _year(request)
        page, page_size = _page(request)
        kind, schools = _kind(request), _schools(request)
        # The totals kept per state of the figures and one page of schools read, by name: the same
        # work at 10 schools and at 1,000 (issue 15).
        summary, _key = dashboard_summary(year, kind=kind, schools=schools)
        pages = max(1, math.ceil(summary.schools / page_size))
        page = min(page, pages)
        rows = dashboard_rows(year, kind=kind, schools=schools, sort="school", page=page, per_page=page_size)
        return Response(DistrictFiguresSerializer(
            _district(summary, rows, page=page, pages=pages, page_size=page_size)).data)


@extend_validation_errors(["year_format", "year_unknown"], field_name="year", methods=["get"])
@extend_schema(tags=["district"])
class DistrictSchoolFiguresView(DistrictAPIView):
    """One school's figures for a year, with the breakdowns (404 when it has none for the year)."""

    required_district_roles = READERS
    serializer_class = SchoolFiguresDetailSerializer

    @extend_schema(parameters=[YEAR_PARAMETER], responses=SchoolFiguresDetailSerializer,
                   operation_id="district_school_figures")
    @replica_reads()
    def get(self, request: Request, school_uuid: str) -> Response:
        year = _year(request)
        row = run_service(lambda: school_figures_get(school_uuid=school_uuid, year=year))
        return Response(SchoolFiguresDetailSerializer(_school_detail(row, year)).data)


@extend_schema(tags=["district"])
class DistrictFiguresYearsView(DistrictAPIView):
    """The academic years that have figures, newest first, and the current one."""

    required_district_roles = READERS
    serializer_class = YearsSerializer

    @extend_schema(operation_id="district_figures_years")
    @replica_reads()
    def get(self, request: Request) -> Response:
        return Response(YearsSerializer({"current": str(current_year()),
                                         "years": [str(year) for year in kept_years()]}).data)


urlpatterns = [
    path("district/figures/", DistrictFiguresView.as_view(), name="api-district-figures"),
    path("district/figures/years/", DistrictFiguresYearsView.as_view(), name="api-district-figures-years"),
    path("district/figures/<str:school_uuid>/", DistrictSchoolFiguresView.as_view(),
         name="api-district-school-figures"),
]
