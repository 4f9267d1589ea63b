"""Reads of the kept figures for the district: the dashboard, the drill-down, the reports, the API.

Only the public schema is read here (stats.models); never a school's schema. Which schools count
for a year: the active ones; an archived school leaves the current year's statistics but keeps its
figures for the years before (it existed then).

The small-numbers rule (district setting «survey_min_respondents», 5 by default): a school's survey
results are shown only when at least that many people answered; when exactly the hidden schools'
answers could be worked out from the district total (hidden respondents between 1 and the
threshold), the district's own figure is hidden too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from district.selectors import district_settings
from formats.dates import AcademicYear
from schoolreport.selectors import year_from_text
from stats.figures import AUDIENCES, OUTCOMES, school_figures
from stats.models import SchoolFigures
from tenants.models import School, SchoolKind, SchoolStatus

# The columns that add up across schools (the rest are flags or breakdowns).
SUMMED = (
    "staff", "young_specialists", "young_covered", "young_without_mentor", "new_to_position",
    "new_to_position_covered", "mentors", "mentees", "guest_mentors",
    "mentors_lent", "pairs_active", "pairs_completed", "pairs_ended_early", "pairs_total", "groups_total",
    "cross_school_pairs", "overdue_activities", "roadmap_items", "roadmap_done", "survey_respondents",
)
FLAGS = ("has_curator", "regulation_approved", "roadmap_approved")
SORTABLE = ("school", "staff", "young_specialists", "coverage", "young_without_mentor", "mentors", "mentees",
            "pairs_total", "pairs_active", "pairs_completed", "pairs_ended_early", "overdue_activities",
            "roadmap_percent", "satisfaction")


def current_year(today: dt.date | None = None) -> AcademicYear:
    return AcademicYear.of(today or timezone.localdate())


def kept_years() -> list[AcademicYear]:
    """The academic years that have kept figures, newest first (the current one always)."""
    years = set(SchoolFigures.objects.order_by().values_list("year", flat=True).distinct())
    years.add(current_year().start)
    return [AcademicYear(start) for start in sorted(years, reverse=True)]


def year_parse(value: str | None) -> AcademicYear:
    """«2025/2026» or «2025-2026» (empty: the current year); a ValidationError on `year` otherwise."""
    if not (value or "").strip():
        return current_year()
    year = year_from_text(value or "")
    known = kept_years()
    if year not in known:
        raise ValidationError({"year": ValidationError(
            _("There are no figures for %(year)s: the platform has figures for %(years)s.")
            % {"year": str(year), "years": ", ".join(str(y) for y in known)}, code="year_unknown")})
    return year


def schools_parse(values: Iterable[str]) -> list[School] | None:
    """Chosen schools by uuid (none chosen: None = all); a ValidationError on `schools` for unknown ones."""
    chosen = [value.strip() for value in values if value and value.strip()]
    if not chosen:
        return None
    ids: list[uuid.UUID] = []
    for value in chosen:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            raise ValidationError({"schools": ValidationError(
                _("«%(value)s» is not a school of the district."), params={"value": value},
                code="school_unknown")}) from None
    schools = list(School.objects.filter(uuid__in=ids).exclude(status=SchoolStatus.TEMPLATE))
    if len(schools) != len(set(ids)):
        raise ValidationError({"schools": ValidationError(
            _("Some of the chosen schools are not schools of the district."), code="school_unknown")})
    return schools


def _schools_of_year(year: AcademicYear) -> Q:
    """Active schools; archived ones too for the years before the current one."""
    if year >= current_year():
        return Q(school__status=SchoolStatus.ACTIVE)
    return Q(school__status__in=[SchoolStatus.ACTIVE, SchoolStatus.ARCHIVED])


def figures_for_year(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None,
                     ) -> QuerySet[SchoolFigures]:
    rows = SchoolFigures.objects.select_related("school").filter(_schools_of_year(year), year=year.start)
    if kind:
        rows = rows.filter(school__kind=kind)
    if schools is not None:
        rows = rows.filter(school__in=schools)
    return rows.order_by("school__short_name")


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _completion(completed: int, ended_early: int) -> float | None:
    """Completed among the pairs and groups that finished in the year."""
    return _percent(completed, completed + ended_early)


@dataclass
class SurveyView:
    """Survey results of a school or of the district, by audience, under the small-numbers rule."""

    respondents: int
    shown: bool
    by_audience: dict[str, dict[str, Any]] = field(default_factory=dict)
    satisfaction: float | None = None  # all scale answers, 0–100 %


def _surveys(parts: Sequence[dict[str, Any]], *, threshold: int, hide: bool = False) -> SurveyView:
    respondents = sum(int(part.get(a, {}).get("respondents", 0)) for part in parts for a in AUDIENCES)
    shown = respondents >= threshold and not hide
    view = SurveyView(respondents=respondents, shown=shown)
    if not shown:
        return view
    answers_all = sum_all = 0.0
    for audience in AUDIENCES:
        n = sum(int(part.get(audience, {}).get("respondents", 0)) for part in parts)
        answers = sum(float(part.get(audience, {}).get("scale_answers", 0)) for part in parts)
        total = sum(float(part.get(audience, {}).get("scale_percent_sum", 0)) for part in parts)
        answers_all += answers
        sum_all += total
        view.by_audience[audience] = {"respondents": n, "satisfaction": round(total / answers, 1) if answers else None}
    view.satisfaction = round(sum_all / answers_all, 1) if answers_all else None
    return view


@dataclass
class SchoolRow:
    """A school's line on the dashboard."""

    figures: SchoolFigures
    surveys: SurveyView
    lags: list[str]

    @property
    def school(self) -> School:
        return self.figures.school

    @property
    def coverage(self) -> float | None:
        return _percent(self.figures.young_covered, self.figures.young_specialists)

    @property
    def roadmap_percent(self) -> float | None:
        return _percent(self.figures.roadmap_done, self.figures.roadmap_items)

    def sort_key(self, column: str) -> Any:
        if column == "school":
            return self.school.short_name.casefold()
        value = getattr(self, column, None) if column in ("coverage", "roadmap_percent") else (
            self.surveys.satisfaction if column == "satisfaction" else getattr(self.figures, column))
        return (value is None, value if value is not None else 0)


def lags_of(figures: SchoolFigures) -> list[str]:
    """Why a school lags, in words (empty when it does not)."""
    lags = []
    if not figures.has_curator:
        lags.append(_("no curator"))
    if not figures.regulation_approved:
        lags.append(_("regulation not approved"))
    if not figures.roadmap_approved:
        lags.append(_("roadmap not approved"))
    if figures.young_without_mentor:
        lags.append(_("young specialists without a mentor: %(n)s") % {"n": figures.young_without_mentor})
    if figures.overdue_activities:
        lags.append(_("overdue activities: %(n)s") % {"n": figures.overdue_activities})
    return lags


@dataclass
class Dashboard:
    year: AcademicYear
    rows: list[SchoolRow]
    totals: dict[str, int]
    flags: dict[str, int]  # schools with each flag set
    surveys: SurveyView
    by_form: dict[str, dict[str, int]]
    by_mode: dict[str, dict[str, int]]
    consents: dict[str, int]
    threshold: int
    computed_at: dt.datetime | None

    @property
    def schools(self) -> int:
        return len(self.rows)

    @property
    def lagging(self) -> int:
        return sum(1 for row in self.rows if row.lags)

    @property
    def coverage(self) -> float | None:
        return _percent(self.totals["young_covered"], self.totals["young_specialists"])

    @property
    def roadmap_percent(self) -> float | None:
        return _percent(self.totals["roadmap_done"], self.totals["roadmap_items"])

    @property
    def completion(self) -> float | None:
        """Completed among the pairs and groups that finished in the year."""
        return _completion(self.totals["pairs_completed"], self.totals["pairs_ended_early"])


def _add(target: dict[str, dict[str, int]], source: dict[str, dict[str, int]]) -> None:
    for code, counts in source.items():
        bucket = target.setdefault(code, dict.fromkeys(("pairs", "groups", *OUTCOMES), 0))
        for key, value in counts.items():
            bucket[key] = bucket.get(key, 0) + int(value)


def dashboard(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None,
              sort: str = "school", descending: bool = False) -> Dashboard:
    """The district's figures for `year`: totals, one row per school, breakdowns (reads public only)."""
    threshold = district_settings().survey_min_respondents
    figures = list(figures_for_year(year, kind=kind, schools=schools))
    rows = [SchoolRow(figures=f, surveys=_surveys([f.detail.get("surveys", {})], threshold=threshold),
                      lags=lags_of(f)) for f in figures]
    column = sort if sort in SORTABLE else "school"
    rows.sort(key=lambda row: row.sort_key(column), reverse=descending)
    totals = {name: sum(getattr(f, name) for f in figures) for name in SUMMED}
    flags = {name: sum(1 for f in figures if getattr(f, name)) for name in FLAGS}
    hidden = sum(row.surveys.respondents for row in rows if not row.surveys.shown)
    district_surveys = _surveys([f.detail.get("surveys", {}) for f in figures], threshold=threshold,
                                hide=0 < hidden < threshold)
    by_form: dict[str, dict[str, int]] = {}
    by_mode: dict[str, dict[str, int]] = {}
    consents: dict[str, int] = {}
    for f in figures:
        _add(by_form, f.detail.get("by_form", {}))
        _add(by_mode, f.detail.get("by_mode", {}))
        for code, n in f.detail.get("consents", {}).items():
            consents[code] = consents.get(code, 0) + int(n)
    return Dashboard(year=year, rows=rows, totals=totals, flags=flags, surveys=district_surveys, by_form=by_form,
                     by_mode=by_mode, consents=consents, threshold=threshold,
                     computed_at=min((f.computed_at for f in figures), default=None))


def school_figures_get(*, school_uuid: Any, year: AcademicYear) -> SchoolRow:
    """One school's kept figures for the drill-down; the same 404 for a missing school or year."""
    try:
        key = uuid.UUID(str(school_uuid))
    except ValueError:
        raise Http404 from None
    row = SchoolFigures.objects.select_related("school").filter(
        _schools_of_year(year), year=year.start, school__uuid=key).first()
    if row is None:
        raise Http404
    threshold = district_settings().survey_min_respondents
    return SchoolRow(figures=row, surveys=_surveys([row.detail.get("surveys", {})], threshold=threshold),
                     lags=lags_of(row))


def school_kinds() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in SchoolKind.choices]


# --- the live recount (the benchmark and the tests compare it with the kept figures) ---------------


def figures_live(year: AcademicYear, *, schools: Sequence[School] | None = None,
                 today: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """The same figures counted now in every school's schema (slow; never used by the pages)."""
    today = today or timezone.localdate()
    chosen = list(schools) if schools is not None else list(
        School.objects.filter(status=SchoolStatus.ACTIVE).order_by("schema_name"))
    result: dict[str, dict[str, Any]] = {}
    for school in chosen:
        with schema_context(school.schema_name):
            result[str(school.uuid)] = school_figures(school=school, year=year, today=today)
    return result


def kept_as_dict(row: SchoolFigures) -> dict[str, Any]:
    """A kept row in the shape `school_figures` returns, for comparing with a live recount."""
    return {**{name: getattr(row, name) for name in (*SUMMED, *FLAGS)}, "detail": row.detail}


# --- for the dashboard pages and the district API (stats.views, api.district_figures) ---------------


def dashboard_schools(year: AcademicYear) -> list[School]:
    """The schools that have kept figures for `year` and count for it, by name (to choose some from)."""
    kept = SchoolFigures.objects.filter(_schools_of_year(year), year=year.start).values("school_id")
    return list(School.objects.filter(pk__in=kept).only("pk", "uuid", "slug", "short_name", "kind")
                .order_by("short_name"))


def completion_percent(figures: SchoolFigures) -> float | None:
    """A school's completed pairs and groups among those that finished in the year (as Dashboard.completion)."""
    return _completion(figures.pairs_completed, figures.pairs_ended_early)
