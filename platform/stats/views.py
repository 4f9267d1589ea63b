"""The district dashboard (at the district's host): the kept figures of every school for a year.

Any district role reads (district administrator, district analyst); school people and anyone
else get the same 404 as for a missing page (people.access.district_roles_required). The pages
read only the figures kept in the public schema (stats.selectors) — a fixed number of queries
whatever the number of schools — and link to nothing inside a school's space.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from config.replica import replica_reads
from consents.models import ConsentPurpose
from district.selectors import district_settings
from formats.dates import AcademicYear
from mentoring.models import Mode, RoleForm
from people.access import district_roles_required
from stats.charts import BarChart, bar_chart
from stats.figures import AUDIENCES, OUTCOMES
from stats.selectors import (
    COVERAGE_BANDS,
    PAGE_SIZE,
    SORTABLE,
    SUMMARY_SECONDS,
    Dashboard,
    SchoolRow,
    completion_percent,
    current_year,
    dashboard_rows,
    dashboard_schools,
    dashboard_summary,
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
# Lagging schools first (those with more reasons before), then by name.
DEFAULT_SORT = "lags"


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
    lagging_only: bool
    page: int
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
    sort = params.get("sort", DEFAULT_SORT)
    if sort not in SORTABLE:
        sort = DEFAULT_SORT
    chosen = set(values) if mode == MODE_SELECTED else set()
    page = params.get("page", "1")
    return DashboardQuery(year=year, kind=kind, mode=mode, schools=schools, chosen=chosen, sort=sort,
                          descending=params.get("dir") == "desc", lagging_only=params.get("lagging") == "1",
                          page=int(page) if page.isdigit() and int(page) > 0 else 1, errors=errors)


def _headers(params: QueryDict, query: DashboardQuery) -> list[dict[str, Any]]:
    """The table's headings, each a link that sorts by it (again: the other way)."""
    headers = []
    for key, heading in COLUMNS:
        active = key == query.sort
        link = params.copy()
        link.pop("page", None)  # a new order starts on its first page
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


def _coverage_bands(board: Dashboard) -> list[tuple[str, list[float | None]]]:
    """Schools counted by their coverage: a row per band, whatever the number of schools."""
    labels = [f"{low}–{high - 1}" if high <= 100 else "100" for low, high in COVERAGE_BANDS]
    labels.append(_("no young specialists"))
    return [(label, [float(count)]) for label, count in zip(labels, board.coverage_bands, strict=True)]


def _completion_by_kind(board: Dashboard) -> list[tuple[str, list[float | None]]]:
    return [(_label(SchoolKind, kind), [float(value) for value in values])
            for kind, values in sorted(board.outcomes_by_kind.items()) if sum(values)]


def dashboard_charts(board: Dashboard) -> list[BarChart]:
    """The dashboard's four charts: coverage, pairs by form and by mode, completion, satisfaction."""
    charts = [
        bar_chart(
            key="coverage", title=_("Schools by the share of young specialists with a mentor"),
            label_heading=_("With a mentor, %"), series=[_("Schools")], rows=_coverage_bands(board),
            description=_("How many schools have each share of their young specialists with a mentor; "
                          "the last row: schools without young specialists."),
        ),
        _breakdown_chart(key="by-form", title=_("Pairs and groups by form of mentoring"), heading=_("Form"),
                         choices=RoleForm, counts=board.by_form),
        _breakdown_chart(key="by-mode", title=_("Pairs and groups by mode of mentoring"), heading=_("Mode"),
                         choices=Mode, counts=board.by_mode),
        bar_chart(
            key="completion", title=_("Completion: active, completed and ended early, by kind of school"),
            label_heading=_("Kind of school"), series=outcome_labels(), rows=_completion_by_kind(board),
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


def _kept_summary(query: DashboardQuery) -> tuple[Dashboard, SafeString]:
    """The totals and breakdowns of the choice (stats.selectors.dashboard_summary) and their charts drawn
    in the page's language (the HTML of the cards: drawing them was a third of a page's time), both kept
    until the figures change."""
    summary, key = dashboard_summary(query.year, kind=query.kind, schools=query.schools)
    charts_key = f"{key}:charts-html:{get_language()}"
    charts = cache.get(charts_key)
    if charts is None:
        charts = mark_safe("".join(  # noqa: S308 - rendered by the template, which escapes
            f'<div class="card">{render_to_string("stats/_chart.html", {"chart": chart})}</div>'
            for chart in dashboard_charts(summary)))
        cache.set(charts_key, charts, SUMMARY_SECONDS)
    return summary, charts


def _page_links(params: QueryDict, page: int, pages: int) -> dict[str, Any]:
    def link(number: int) -> str:
        changed = params.copy()
        changed["page"] = str(number)
        return "?" + changed.urlencode()

    return {"page": page, "pages": pages, "previous_url": link(page - 1) if page > 1 else "",
            "next_url": link(page + 1) if page < pages else ""}


@district_roles_required()
@replica_reads()
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The district's figures for a year: totals and charts (kept per state of the figures), one page
    of schools sorted in the database (lagging schools first), lagging schools marked."""
    query = _query(request.GET)
    context: dict[str, Any] = {
        **_years_context(query.year), "query": query, "kinds": school_kinds(),
        "mode_selected": query.mode == MODE_SELECTED,
    }
    if query.errors:
        context["errors"] = [message for messages in query.errors.values() for message in messages]
        context["threshold"] = district_settings().survey_min_respondents
        context["choosable"] = [{"uuid": str(school.uuid), "name": school.short_name, "checked": False}
                                for school in dashboard_schools(query.year, limit=PAGE_SIZE)]
        return render(request, "stats/dashboard.html", context, status=400)
    summary, charts = _kept_summary(query)
    shown = summary.lagging if query.lagging_only else summary.schools
    pages = max(1, math.ceil(shown / PAGE_SIZE))
    page = min(query.page, pages)
    rows = dashboard_rows(query.year, kind=query.kind, schools=query.schools, sort=query.sort,
                          descending=query.descending, lagging_only=query.lagging_only, page=page)
    board = dataclasses.replace(summary, rows=rows)
    # The schools one may tick: those chosen already and those of this page (never the whole district).
    choosable = {str(school.uuid): school for school in query.schools or []}
    for row in rows:
        choosable.setdefault(str(row.school.uuid), row.school)
    context.update({
        "board": board, "threshold": board.threshold, "headers": _headers(request.GET, query), "charts": charts,
        "filtered": bool(query.kind or query.schools is not None), "shown": shown,
        "choosable": [{"uuid": uuid, "name": school.short_name, "checked": uuid in query.chosen}
                      for uuid, school in sorted(choosable.items(), key=lambda item: item[1].short_name)],
        **_page_links(request.GET, page, pages),
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
