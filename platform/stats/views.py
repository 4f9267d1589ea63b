"""The district dashboard (at the district's host): the kept figures of every school for a year.

Any district role reads (district administrator, district analyst); school people and anyone
else get the same 404 as for a missing page (people.access.district_roles_required). The pages
read only the figures kept in the public schema (stats.selectors) — a fixed number of queries
whatever the number of schools — and link to nothing inside a school's space.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.replica import replica_reads
from consents.models import ConsentPurpose
from district.selectors import district_settings
from formats.dates import AcademicYear
from mentoring.models import Mode, RoleForm
from people.access import district_roles_required
from stats.charts import BarChart, bar_chart
from stats.figures import AUDIENCES, OUTCOMES
from stats.selectors import (
    SORTABLE,
    Dashboard,
    SchoolRow,
    completion_percent,
    current_year,
    dashboard,
    dashboard_schools,
    kept_years,
    school_figures_get,
    school_kinds,
    schools_parse,
    year_parse,
)
from stats.templatetags.stats_dashboard import COLUMNS, PAIRS
from survey_templates.models import Audience
from tenants.models import School, SchoolKind

MODE_ALL = "all"
MODE_SELECTED = "selected"


def outcome_labels() -> list[str]:
    labels = {"active": pgettext(PAIRS, "Active"), "completed": pgettext(PAIRS, "Completed"),
              "ended_early": pgettext(PAIRS, "Ended early")}
    return [labels[code] for code in OUTCOMES]


def _label(choices: type[models.TextChoices], code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:  # a code the kept figures know but the choices no longer do
        return code


@dataclass
class DashboardQuery:
    """What the dashboard was asked for, parsed; `errors` by parameter when something was wrong."""

    year: AcademicYear
    kind: str
    mode: str
    schools: list[School] | None
    chosen: set[str]
    sort: str
    descending: bool
    errors: dict[str, list[str]]


def _query(params: QueryDict) -> DashboardQuery:
    errors: dict[str, list[str]] = {}
    try:
        year = year_parse(params.get("year"))
    except ValidationError as error:
        errors["year"] = error.message_dict["year"]
        year = current_year()
    kind = params.get("kind", "").strip()
    if kind and kind not in SchoolKind.values:
        errors["kind"] = [_("Unknown kind of school.")]
        kind = ""
    values = [value.strip() for value in params.getlist("schools") if value.strip()]
    mode = params.get("mode", "")
    if mode not in (MODE_ALL, MODE_SELECTED):
        mode = MODE_SELECTED if values else MODE_ALL
    schools: list[School] | None = None
    if mode == MODE_SELECTED:
        if not values:
            errors["schools"] = [_("No school is chosen: tick at least one school, or show all schools.")]
        else:
            try:
                schools = schools_parse(values)
            except ValidationError as error:
                errors["schools"] = error.message_dict["schools"]
    sort = params.get("sort", "school")
    if sort not in SORTABLE:
        sort = "school"
    chosen = set(values) if mode == MODE_SELECTED else set()
    return DashboardQuery(year=year, kind=kind, mode=mode, schools=schools, chosen=chosen, sort=sort,
                          descending=params.get("dir") == "desc", errors=errors)


def _headers(params: QueryDict, query: DashboardQuery) -> list[dict[str, Any]]:
    """The table's headings, each a link that sorts by it (again: the other way)."""
    headers = []
    for key, heading in COLUMNS:
        active = key == query.sort
        link = params.copy()
        link["sort"] = key
        link["dir"] = "desc" if active and not query.descending else "asc"
        headers.append({
            "key": key, "heading": heading, "url": "?" + link.urlencode(), "active": active,
            "aria_sort": ("descending" if query.descending else "ascending") if active else "",
        })
    return headers


def _outcomes(counts: dict[str, int]) -> list[float | None]:
    return [float(counts.get(code, 0)) for code in OUTCOMES]


def _breakdown_chart(*, key: str, title: str, heading: str, choices: type[models.TextChoices],
                     counts: dict[str, dict[str, int]]) -> BarChart:
    rows = [(_label(choices, code), _outcomes(values)) for code, values in counts.items()
            if sum(values.get(outcome, 0) for outcome in OUTCOMES)]
    return bar_chart(key=key, title=title, label_heading=heading, series=outcome_labels(), rows=rows)


def dashboard_charts(board: Dashboard) -> list[BarChart]:
    """The dashboard's four charts: coverage, pairs by form and by mode, completion, satisfaction."""
    charts = [
        bar_chart(
            key="coverage", title=_("Young specialists with a mentor, by school"), label_heading=_("School"),
            series=[_("With a mentor, %")], unit="%", maximum=100,
            rows=[(row.school.short_name, [row.coverage]) for row in board.rows],
            description=_("The share of each school's young specialists who have a mentor, per cent; "
                          "a dash: the school has no young specialists."),
        ),
        _breakdown_chart(key="by-form", title=_("Pairs and groups by form of mentoring"), heading=_("Form"),
                         choices=RoleForm, counts=board.by_form),
        _breakdown_chart(key="by-mode", title=_("Pairs and groups by mode of mentoring"), heading=_("Mode"),
                         choices=Mode, counts=board.by_mode),
        bar_chart(
            key="completion", title=_("Completion: active, completed and ended early, by school"),
            label_heading=_("School"), series=outcome_labels(),
            rows=[(row.school.short_name, [float(row.figures.pairs_active), float(row.figures.pairs_completed),
                                           float(row.figures.pairs_ended_early)]) for row in board.rows],
        ),
    ]
    if board.surveys.shown:
        charts.append(bar_chart(
            key="satisfaction", title=_("Satisfaction by audience"), label_heading=_("Who answered"),
            series=[_("Satisfaction, %")], unit="%", maximum=100,
            rows=[(_label(Audience, audience), [board.surveys.by_audience[audience]["satisfaction"]])
                  for audience in AUDIENCES if board.surveys.by_audience.get(audience, {}).get("respondents")],
            description=_("Scale answers of the monitoring questionnaires as a share of the scale's top, per cent."),
        ))
    return charts


def _years_context(year: AcademicYear) -> dict[str, Any]:
    years = kept_years()
    return {"years": years, "year": year, "year_query": urlencode({"year": str(year)})}


@district_roles_required()
@replica_reads()
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The district's figures for a year: totals, charts, one row per school, lagging schools marked."""
    query = _query(request.GET)
    context: dict[str, Any] = {
        **_years_context(query.year), "query": query, "kinds": school_kinds(),
        "choosable": [{"uuid": str(school.uuid), "name": school.short_name, "checked": str(school.uuid) in query.chosen}
                      for school in dashboard_schools(query.year)],
        "mode_selected": query.mode == MODE_SELECTED,
    }
    if query.errors:
        context["errors"] = [message for messages in query.errors.values() for message in messages]
        context["threshold"] = district_settings().survey_min_respondents
        return render(request, "stats/dashboard.html", context, status=400)
    board = dashboard(query.year, kind=query.kind, schools=query.schools, sort=query.sort,
                      descending=query.descending)
    context.update({
        "board": board, "threshold": board.threshold, "headers": _headers(request.GET, query),
        "charts": dashboard_charts(board),
        "filtered": bool(query.kind or query.schools is not None),
    })
    return render(request, "stats/dashboard.html", context)


def _breakdown_rows(choices: type[models.TextChoices], counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    rows = []
    for code, values in counts.items():
        total = int(values.get("pairs", 0)) + int(values.get("groups", 0))
        if total:
            rows.append({"label": _label(choices, code), "total": total, "groups": values.get("groups", 0),
                         **{outcome: values.get(outcome, 0) for outcome in OUTCOMES}})
    return rows


def school_context(row: SchoolRow) -> dict[str, Any]:
    """One school's figures for its drill-down page (breakdowns with their labels)."""
    detail = row.figures.detail or {}
    return {
        "row": row, "school": row.school, "figures": row.figures,
        "completion": completion_percent(row.figures),
        "by_form": _breakdown_rows(RoleForm, detail.get("by_form", {})),
        "by_mode": _breakdown_rows(Mode, detail.get("by_mode", {})),
        "consents": [{"label": _label(ConsentPurpose, code), "count": count}
                     for code, count in detail.get("consents", {}).items()],
        "overdue_programmes": detail.get("programmes", {}).get("overdue_programmes", 0),
        "audiences": [{"label": _label(Audience, audience), **row.surveys.by_audience[audience]}
                      for audience in AUDIENCES if audience in row.surveys.by_audience],
        # From Python: a «%» in a template's translate tag would be a different message («%%»).
        "satisfaction_heading": _("Satisfaction, %"),
    }


@district_roles_required()
@replica_reads()
def school_view(request: HttpRequest, school_id: str) -> HttpResponse:
    """One school's kept figures for a year (figures only: nothing of the school's own pages)."""
    threshold = district_settings().survey_min_respondents
    try:
        year = year_parse(request.GET.get("year"))
    except ValidationError as error:
        return render(request, "stats/school.html", {
            **_years_context(current_year()), "errors": error.message_dict["year"], "threshold": threshold,
        }, status=400)
    row = school_figures_get(school_uuid=school_id, year=year)
    return render(request, "stats/school.html", {
        **_years_context(year), **school_context(row), "threshold": threshold,
    })
