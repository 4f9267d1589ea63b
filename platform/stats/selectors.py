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
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce, Least, Lower, NullIf
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from district.selectors import district_settings
from formats.dates import AcademicYear
from lookups import uuid_or_404
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
SORTABLE = ("lags", "school", "staff", "young_specialists", "coverage", "young_without_mentor", "mentors", "mentees",
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
        if column == "lags":  # lagging schools first (those with more reasons before), then by name
            return (-len(self.lags), self.school.short_name.casefold())
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
    # Set on the dashboard's page, whose `rows` are one page of them (the kept summary keeps the counts).
    school_count: int | None = None
    lagging_count: int | None = None
    # What the charts draw from every row, counted with the totals (so the kept summary needs no rows):
    # schools per band of COVERAGE_BANDS (the last: no young specialists); active, completed and ended
    # early pairs and groups per kind of school.
    coverage_bands: list[int] = field(default_factory=list)
    outcomes_by_kind: dict[str, list[int]] = field(default_factory=dict)

    @property
    def schools(self) -> int:
        return len(self.rows) if self.school_count is None else self.school_count

    @property
    def lagging(self) -> int:
        return sum(1 for row in self.rows if row.lags) if self.lagging_count is None else self.lagging_count

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


# Schools by the share of their young specialists with a mentor, per cent: [low, high).
COVERAGE_BANDS = ((0, 25), (25, 50), (50, 75), (75, 100), (100, 101))


def _coverage_bands(rows: Sequence[SchoolRow]) -> list[int]:
    counts = [0] * (len(COVERAGE_BANDS) + 1)
    for row in rows:
        coverage = row.coverage
        band = len(COVERAGE_BANDS) if coverage is None else next(
            index for index, (low, high) in enumerate(COVERAGE_BANDS) if low <= min(coverage, 100) < high)
        counts[band] += 1
    return counts


def _outcomes_by_kind(figures: Sequence[SchoolFigures]) -> dict[str, list[int]]:
    sums: dict[str, list[int]] = {}
    for f in figures:
        bucket = sums.setdefault(f.school.kind, [0, 0, 0])
        for index, name in enumerate(("pairs_active", "pairs_completed", "pairs_ended_early")):
            bucket[index] += getattr(f, name)
    return sums


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
                     computed_at=min((f.computed_at for f in figures), default=None),
                     coverage_bands=_coverage_bands(rows), outcomes_by_kind=_outcomes_by_kind(figures))


def school_figures_get(*, school_uuid: Any, year: AcademicYear) -> SchoolRow:
    """One school's kept figures for the drill-down; the same 404 for a missing school or year."""
    row = SchoolFigures.objects.select_related("school").filter(
        _schools_of_year(year), year=year.start, school__uuid=uuid_or_404(school_uuid)).first()
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


def dashboard_schools(year: AcademicYear, *, limit: int | None = None) -> list[School]:
    """The schools that have kept figures for `year` and count for it, by name (to choose some from)."""
    kept = SchoolFigures.objects.filter(_schools_of_year(year), year=year.start).values("school_id")
    return list(School.objects.filter(pk__in=kept).only("pk", "uuid", "slug", "short_name", "kind")
                .order_by("short_name")[:limit])


def completion_percent(figures: SchoolFigures) -> float | None:
    """A school's completed pairs and groups among those that finished in the year (as Dashboard.completion)."""
    return _completion(figures.pairs_completed, figures.pairs_ended_early)


# --- the dashboard's page: the kept summary and one page of schools, sorted in the database ---------

PAGE_SIZE = 50

# A school lags when any of these holds (the same reasons as lags_of, counted in SQL).
_LAG_CONDITIONS = (Q(has_curator=False), Q(regulation_approved=False), Q(roadmap_approved=False),
                   Q(young_without_mentor__gt=0), Q(overdue_activities__gt=0))
LAGGING = Q(has_curator=False) | Q(regulation_approved=False) | Q(roadmap_approved=False) | Q(
    young_without_mentor__gt=0) | Q(overdue_activities__gt=0)


def _ratio(part: str, whole: str) -> Case:
    return Case(When(**{f"{whole}__gt": 0}, then=Cast(F(part), FloatField()) / Cast(F(whole), FloatField())),
                default=Value(None), output_field=FloatField())


def _survey_value(audience: str, key: str) -> Any:
    """The kept `detail.surveys.<audience>.<key>` as a number (a missing one counts 0)."""
    return Coalesce(Cast(KeyTextTransform(key, KeyTransform(audience, KeyTransform("surveys", "detail"))),
                         FloatField()), Value(0.0))


def _survey_sum(key: str) -> Any:
    """Σ over the audiences of the kept `detail.surveys.<audience>.<key>`."""
    return sum((_survey_value(audience, key) for audience in AUDIENCES), Value(0.0))


def _satisfaction(threshold: int) -> Case:
    """A school's satisfaction as its row shows it (SchoolRow.surveys under the small-numbers rule,
    rounded to the tenth shown), worked out in the database from the kept survey detail."""
    answers = _survey_sum("scale_answers")
    ratio = Func(_survey_sum("scale_percent_sum") / answers, template="ROUND((%(expressions)s)::numeric, 1)",
                 output_field=FloatField())
    return Case(When(Q(_respondents__gte=threshold) & Q(_answers__gt=0), then=ratio), default=Value(None),
                output_field=FloatField())


def _ordering(column: str, descending: bool) -> list[Any]:
    """ORDER BY for a column of SORTABLE, as SchoolRow.sort_key orders: no figure after the figures going
    up, before them going down; ties by name, then id (stable pages). `satisfaction` needs the
    annotation of dashboard_rows."""
    name = Lower("school__short_name")
    if column == "lags":
        count = sum((Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
                     for condition in _LAG_CONDITIONS), Value(0))
        if descending:
            return [count.asc(), name.desc(), F("pk").asc()]
        return [count.desc(), name.asc(), F("pk").asc()]
    if column == "school":
        return [name.desc() if descending else name.asc(), F("pk").asc()]
    expression: Any = {"coverage": _ratio("young_covered", "young_specialists"),
                       "roadmap_percent": _ratio("roadmap_done", "roadmap_items"),
                       "satisfaction": F("_satisfaction")}.get(column, F(column))
    ordered = expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)
    return [ordered, name.asc(), F("pk").asc()]


def figures_state(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None) -> tuple[Any, ...]:
    """A fingerprint of the kept rows a choice covers: changes with every refresh (computed_at), every
    school that comes or goes (count, sum of ids) — what the kept summary is keyed on."""
    rows = figures_for_year(year, kind=kind, schools=schools).order_by()
    state = rows.aggregate(count=models.Count("pk"), last=models.Max("computed_at"), ids=models.Sum("pk"))
    return state["count"], state["last"].isoformat() if state["last"] else "", state["ids"] or 0


SUMMARY_SECONDS = 24 * 3600  # keyed on the figures' state: a refresh makes a new key anyway


def _breakdown(rows: QuerySet[SchoolFigures], path: str, *, nested: bool) -> list[tuple[Any, ...]]:
    """Σ of the kept `detail.<path>` over `rows` by code (and by count, when `nested`), in the order
    dashboard() meets the codes: by the first school (by name) that has a code, then in its row."""
    ids, params = rows.order_by().values("pk").query.sql_with_params()
    # Only this function's own text goes into the statement; the path and the ids' values are parameters.
    keys = "code.key, counted.key" if nested else "code.key"
    value = "counted.value" if nested else "code.value"
    inner = ", jsonb_each(code.value) AS counted(key, value)" if nested else ""
    sql = " ".join((
        f"SELECT {keys}, SUM(({value} #>> '{{}}')::numeric)::bigint, MIN(ranked.n * 1000 + code.place)",
        "FROM (SELECT figures.detail, row_number() OVER (ORDER BY school.short_name) AS n",
        "FROM stats_schoolfigures figures JOIN tenants_school school ON school.id = figures.school_id",
        f"WHERE figures.id IN ({ids})) AS ranked,",
        f"jsonb_each(ranked.detail -> %s) WITH ORDINALITY AS code(key, value, place){inner}",
        f"GROUP BY {keys} ORDER BY {4 if nested else 3}",
    ))
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, [*params, path])
        return [tuple(row[:-1]) for row in cursor.fetchall()]


def dashboard_counted(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None,
                      ) -> Dashboard:
    """dashboard() without its rows, counted by the database: the same totals, flags, survey results,
    breakdowns and chart counts in a few queries, whatever the number of schools."""
    threshold = district_settings().survey_min_respondents
    rows = figures_for_year(year, kind=kind, schools=schools).order_by()
    whole = NullIf(Cast(F("young_specialists"), FloatField()), Value(0.0))
    coverage = Func(Cast(F("young_covered"), FloatField()) * 100.0 / whole,
                    template="ROUND((%(expressions)s)::numeric, 1)", output_field=FloatField())
    counted = rows.annotate(_respondents=_survey_sum("respondents"), _coverage=Least(coverage, Value(100.0)))
    bands = {f"band_{index}": models.Count("pk", filter=Q(young_specialists__gt=0, _coverage__gte=low,
                                                            _coverage__lt=high))
             for index, (low, high) in enumerate(COVERAGE_BANDS)}
    surveys = {f"{key}_{audience}": models.Sum(_survey_value(audience, key))
               for audience in AUDIENCES for key in ("respondents", "scale_answers", "scale_percent_sum")}
    found = counted.aggregate(
        **{f"sum_{name}": Coalesce(models.Sum(name), 0) for name in SUMMED},
        **{f"flag_{name}": models.Count("pk", filter=Q(**{name: True})) for name in FLAGS},
        count=models.Count("pk"), lagging=models.Count("pk", filter=LAGGING), computed_at=models.Min("computed_at"),
        hidden=Coalesce(models.Sum("_respondents", filter=Q(_respondents__lt=threshold)), 0.0),
        no_young=models.Count("pk", filter=Q(young_specialists=0)), **bands, **surveys)
    parts = [{audience: {key: found[f"{key}_{audience}"] or 0 for key in ("respondents", "scale_answers",
                                                                            "scale_percent_sum")}
              for audience in AUDIENCES}]
    district_surveys = _surveys(parts, threshold=threshold, hide=0 < found["hidden"] < threshold)
    by_kind: dict[str, list[int]] = {
        kind_code: [active, completed, early] for kind_code, active, completed, early in rows.values_list(
            "school__kind").annotate(models.Sum("pairs_active"), models.Sum("pairs_completed"),
                                     models.Sum("pairs_ended_early")).order_by("school__kind")}
    by_form: dict[str, dict[str, int]] = {}
    by_mode: dict[str, dict[str, int]] = {}
    for target, path in ((by_form, "by_form"), (by_mode, "by_mode")):
        for code, key, total in _breakdown(rows, path, nested=True):
            target.setdefault(code, dict.fromkeys(("pairs", "groups", *OUTCOMES), 0))[key] = int(total)
    return Dashboard(
        year=year, rows=[], totals={name: int(found[f"sum_{name}"]) for name in SUMMED},
        flags={name: found[f"flag_{name}"] for name in FLAGS}, surveys=district_surveys, by_form=by_form,
        by_mode=by_mode, consents={code: int(total) for code, total in _breakdown(rows, "consents", nested=False)},
        threshold=threshold, computed_at=found["computed_at"], school_count=found["count"],
        lagging_count=found["lagging"], coverage_bands=[*(found[name] for name in bands), found["no_young"]],
        outcomes_by_kind=by_kind)


def dashboard_summary(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None,
                      ) -> tuple[Dashboard, str]:
    """The totals, breakdowns and chart counts of a choice of schools, without their rows, and the key
    they are kept under: counted once per state of the kept figures (a refresh, a school added,
    archived or restored makes a new key) and kept in the cache, so that a page or an API answer reads
    them whatever the number of schools. The words of the page are not in it (any language)."""
    threshold = district_settings().survey_min_respondents
    state = figures_state(year, kind=kind, schools=schools)
    chosen = sorted(str(school.pk) for school in schools) if schools is not None else ["*"]
    digest = hashlib.sha256(repr((str(year), kind, chosen, threshold, state)).encode())
    key = f"stats-summary:{digest.hexdigest()}"
    summary = cache.get(key)
    if summary is None:
        summary = dashboard_counted(year, kind=kind, schools=schools)
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary, key


def dashboard_rows(year: AcademicYear, *, kind: str = "", schools: Sequence[School] | None = None,
                   sort: str = "lags", descending: bool = False, lagging_only: bool = False,
                   page: int = 1, per_page: int = PAGE_SIZE) -> list[SchoolRow]:
    """One page of the schools' rows, sorted and sliced in the database (a page's worth of rows read)."""
    threshold = district_settings().survey_min_respondents
    rows = figures_for_year(year, kind=kind, schools=schools)
    if lagging_only:
        rows = rows.filter(LAGGING)
    column = sort if sort in SORTABLE else "lags"
    start = (max(1, page) - 1) * per_page
    if column == "satisfaction":  # under the small-numbers rule, from the kept survey detail
        rows = rows.alias(_respondents=_survey_sum("respondents"), _answers=_survey_sum("scale_answers")).alias(
            _satisfaction=_satisfaction(threshold))
    page_rows = list(rows.order_by(*_ordering(column, descending))[start:start + per_page])
    return [SchoolRow(figures=f, surveys=_surveys([f.detail.get("surveys", {})], threshold=threshold),
                      lags=lags_of(f)) for f in page_rows]
