"""The district dashboard pages: totals, rows, sorting, filters, lags, the small-numbers rule,
the drill-down, bad input, who may see them, and a query count that does not grow with schools."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from district.selectors import district_settings
from formats.dates import AcademicYear
from stats.models import SchoolFigures
from stats.selectors import SUMMED
from tenants.models import School, SchoolKind, SchoolStatus
from tests.conftest import client_for
from tests.stats_dashboard.conftest import GOOD, YEAR, keep, school_row, surveys, unbounded


def _row_html(page: str, slug: str) -> str:
    match = re.search(rf'<tr class="([^"]*)" data-slug="{slug}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {slug}"
    return match.group(1) + "|" + match.group(2)


def _analyst(world):  # type: ignore[no-untyped-def]
    return client_for(None, world.people["district_analyst"])


# --- what the dashboard shows ------------------------------------------------------------


def test_the_dashboard_shows_district_totals_and_a_row_per_school_from_the_kept_figures(world, filled):
    response = _analyst(world).get("/stats/")
    assert response.status_code == 200
    board = response.context["board"]
    kept = list(filled.values())
    assert [row.school.slug for row in board.rows] == sorted(
        ["alpha", "beta"], key=lambda slug: next(f.school.short_name for f in kept if f.school.slug == slug))
    for name in SUMMED:
        assert board.totals[name] == sum(getattr(f, name) for f in kept)
    page = response.content.decode()
    assert 'id="total-schools">2<' in page
    assert f">{board.totals['staff']}<" in page and f">{board.totals['pairs_total']}<" in page
    for figures in kept:
        row = _row_html(page, figures.school.slug)
        assert f">{figures.staff}<" in row and f">{figures.pairs_total}<" in row
    assert "District totals" in page and str(YEAR) in page
    assert "Figures as counted on" in page


def test_the_charts_are_inline_svg_with_a_title_and_a_table_and_no_outside_host(world, filled):
    page = _analyst(world).get("/stats/").content.decode()
    for key in ("coverage", "by-form", "by-mode", "completion"):
        assert f'id="chart-{key}"' in page
        assert f'<title id="chart-{key}-title">' in page
    assert page.count('<svg class="chart-svg"') >= 3
    assert page.count('<details class="chart-data">') >= 4
    assert "<script" not in page and "https://" not in page and "http://" not in page
    # Geometry is written with a decimal point even when the page is in Russian.
    ru = client_for(None, world.people["district_analyst"]).get("/stats/", HTTP_ACCEPT_LANGUAGE="ru")
    svg = "".join(re.findall(r"<svg class=\"chart-svg\".*?</svg>", ru.content.decode(), re.S))
    assert svg and not re.search(r'(x|y|width|height)="-?\d+,\d', svg)


def test_schools_sort_by_a_column_both_ways(world):
    keep(world.school_a, staff=5, **GOOD)
    keep(world.school_b, staff=9, **GOOD)
    client = _analyst(world)
    down = client.get("/stats/", {"sort": "staff", "dir": "desc"})
    assert [row.school.slug for row in down.context["board"].rows] == ["beta", "alpha"]
    page = down.content.decode()
    assert 'aria-sort="descending"' in page
    assert "sort=staff&amp;dir=asc" in page  # the heading now sorts the other way
    up = client.get("/stats/", {"sort": "staff", "dir": "asc"})
    assert [row.school.slug for row in up.context["board"].rows] == ["alpha", "beta"]
    unknown = client.get("/stats/", {"sort": "password"})
    # An unknown column falls back to the default order: lagging schools first (issue 15).
    assert unknown.status_code == 200 and unknown.context["query"].sort == "lags"


def test_schools_filter_by_kind_and_by_choice(world):
    keep(world.school_a, staff=5, **GOOD)
    keep(world.school_b, staff=9, **GOOD)
    School.objects.filter(pk=world.school_b.pk).update(kind=SchoolKind.OOSH)
    client = _analyst(world)
    response = client.get("/stats/", {"kind": SchoolKind.OOSH})
    assert [row.school.slug for row in response.context["board"].rows] == ["beta"]
    assert response.context["board"].totals["staff"] == 9
    assert "Totals of the schools shown" in response.content.decode()
    chosen = client.get("/stats/", {"mode": "selected", "schools": [str(world.school_a.uuid)]})
    assert [row.school.slug for row in chosen.context["board"].rows] == ["alpha"]
    assert f'value="{world.school_a.uuid}" checked' in chosen.content.decode()
    everyone = client.get("/stats/", {"mode": "all", "schools": [str(world.school_a.uuid)]})
    assert everyone.context["board"].schools == 2


def test_lagging_schools_are_highlighted_with_their_reasons(world):
    keep(world.school_a, has_curator=False, regulation_approved=True, roadmap_approved=False,
         young_specialists=3, young_covered=1, young_without_mentor=2, overdue_activities=4)
    keep(world.school_b, young_specialists=2, young_covered=2, **GOOD)
    response = _analyst(world).get("/stats/")
    page = response.content.decode()
    alpha = _row_html(page, "alpha")
    assert alpha.startswith("school-row lagging|")
    for reason in ("no curator", "roadmap not approved", "young specialists without a mentor: 2",
                   "overdue activities: 4"):
        assert reason in alpha
    assert "regulation not approved" not in alpha
    assert _row_html(page, "beta").startswith("school-row|")
    assert 'id="total-lagging">1<' in page
    assert "Curator appointed: 1 of 2 schools" in page and "Regulation approved: 2 of 2 schools" in page


# --- the small-numbers rule ------------------------------------------------------------------


def test_a_schools_survey_results_with_fewer_than_5_respondents_are_not_shown(world):
    keep(world.school_a, survey_respondents=3, detail={"surveys": {
        "mentees": {"respondents": 3, "scale_answers": 3, "scale_percent_sum": 3 * 33.3}}}, **GOOD)
    keep(world.school_b, survey_respondents=6, detail={"surveys": surveys(mentors=2, mentees=4)}, **GOOD)
    response = _analyst(world).get("/stats/")
    page = response.content.decode()
    assert "at least 5 people answered" in page  # the rule, said on the page
    alpha, beta = _row_html(page, "alpha"), _row_html(page, "beta")
    assert "hidden: fewer than 5 answered" in alpha and "33.3" not in page
    assert ">60.0<" in beta
    # The district's total would give alpha's 3 answers away (total − beta): hidden as well.
    board = response.context["board"]
    assert board.surveys.shown is False and board.surveys.satisfaction is None
    assert "satisfaction: hidden under the small-numbers rule" in page
    assert 'id="chart-satisfaction"' not in page


def test_the_district_total_is_shown_when_no_small_school_could_be_worked_out(world):
    keep(world.school_a, detail={}, **GOOD)  # nobody answered: nothing to hide
    keep(world.school_b, survey_respondents=6, detail={"surveys": surveys(mentors=2, mentees=4)}, **GOOD)
    response = _analyst(world).get("/stats/")
    assert response.context["board"].surveys.shown is True
    page = response.content.decode()
    assert 'id="chart-satisfaction"' in page and "6 answered" in page
    # Two hidden schools together (3 + 4 ≥ 5) cannot be told apart in the total: it is shown.
    gamma = school_row()
    keep(world.school_a, survey_respondents=3, detail={"surveys": surveys(mentees=3)}, **GOOD)
    keep(gamma, survey_respondents=4, detail={"surveys": surveys(mentors=4)}, **GOOD)
    board = _analyst(world).get("/stats/").context["board"]
    assert board.surveys.shown is True and board.surveys.respondents == 13
    assert [row.surveys.shown for row in board.rows if row.school.slug in ("alpha", gamma.slug)] == [False, False]


def test_the_threshold_is_the_district_setting(world):
    settings_row = district_settings()
    settings_row.survey_min_respondents = 7
    settings_row.save()
    keep(world.school_b, survey_respondents=6, detail={"surveys": surveys(mentors=2, mentees=4)}, **GOOD)
    page = _analyst(world).get("/stats/").content.decode()
    assert "at least 7 people answered" in page
    assert "hidden: fewer than 7 answered" in _row_html(page, "beta")


# --- one school's figures ----------------------------------------------------------------------


def test_the_drill_down_shows_one_schools_figures_and_nothing_of_its_own_pages(world, filled):
    figures = filled["alpha"]
    figures.detail["surveys"] = surveys(mentors=3, mentees=3)
    figures.save()
    response = _analyst(world).get(f"/stats/schools/{world.school_a.uuid}/", {"year": str(YEAR)})
    assert response.status_code == 200
    page = response.content.decode()
    assert world.school_a.short_name in page
    assert "By form of mentoring" in page and "teacher – teacher" in page
    assert "By mode of mentoring" in page
    assert "Listing in the district mentor exchange" in page  # consents by purpose
    assert "Roadmap progress" in page
    assert "at least 5 people answered" in page and "Answered: 6." in page
    assert response.context["figures"].pk == figures.pk
    # Figures only: no address of the school's space, no link into it.
    assert "alpha.localhost" not in page
    assert not re.search(r'href="[^"]*/(staff|pairs|programmes|consents|orders)/', page)


def test_the_drill_down_hides_a_small_schools_survey_results(world):
    keep(world.school_a, survey_respondents=4, detail={"surveys": surveys(mentees=4)}, **GOOD)
    page = _analyst(world).get(f"/stats/schools/{world.school_a.uuid}/").content.decode()
    assert "The results are not shown: fewer than 5 people answered." in page
    assert "60.0" not in page


def test_the_drill_down_names_the_lags(world):
    keep(world.school_a, has_curator=False, regulation_approved=True, roadmap_approved=True)
    page = _analyst(world).get(f"/stats/schools/{world.school_a.uuid}/").content.decode()
    assert "The school lags:" in page and "no curator" in page


@pytest.mark.parametrize("school_id", ["nope", "12345", pytest.param(str(uuid.uuid4()), id="unknown-uuid"),
                                       "beta-without-figures", "archived"])
def test_the_drill_down_answers_the_same_404_for_anything_without_figures(world, school_id):
    keep(world.school_a, **GOOD)
    if school_id == "beta-without-figures":
        keep(world.school_b, year=AcademicYear(YEAR.start - 1), **GOOD)  # figures of another year only
        school_id = str(world.school_b.uuid)
    if school_id == "archived":
        gone = school_row(status=SchoolStatus.ARCHIVED)
        keep(gone, **GOOD)  # an archived school leaves the current year
        school_id = str(gone.uuid)
    response = _analyst(world).get(f"/stats/schools/{school_id}/")
    assert response.status_code == 404


def test_the_drill_down_of_a_past_year(world):
    past = AcademicYear(YEAR.start - 1)
    keep(world.school_a, year=past, staff=41, **GOOD)
    response = _analyst(world).get(f"/stats/schools/{world.school_a.uuid}/", {"year": str(past)})
    assert response.status_code == 200 and response.context["figures"].staff == 41
    assert f'value="{past}" selected' in response.content.decode()


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "message"), [
    ("abc", "«abc» is not an academic year"),
    ("2024/2026", "is not an academic year"),
    ("1999/2000", "There are no figures for 1999/2000"),
])
def test_a_bad_year_is_a_clear_message_not_an_error(world, year, message):
    keep(world.school_a, **GOOD)
    client = _analyst(world)
    response = client.get("/stats/", {"year": year})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'role="alert"' in page
    assert "board" not in response.context
    drill = client.get(f"/stats/schools/{world.school_a.uuid}/", {"year": year})
    assert drill.status_code == 400 and message in drill.content.decode()


def test_a_year_written_with_a_dash_is_understood(world):
    past = AcademicYear(YEAR.start - 1)
    keep(world.school_a, year=past, staff=41, **GOOD)
    response = _analyst(world).get("/stats/", {"year": f"{past.start}-{past.start + 1}"})
    assert response.status_code == 200 and response.context["board"].totals["staff"] == 41


def test_an_empty_selection_of_schools_is_a_clear_message(world):
    keep(world.school_a, **GOOD)
    response = _analyst(world).get("/stats/", {"mode": "selected"})
    assert response.status_code == 400
    assert "No school is chosen" in response.content.decode()
    unknown = _analyst(world).get("/stats/", {"mode": "selected", "schools": [str(uuid.uuid4())]})
    assert unknown.status_code == 400 and "not schools of the district" in unknown.content.decode()
    malformed = _analyst(world).get("/stats/", {"schools": ["'; drop table"]})
    assert malformed.status_code == 400 and "is not a school of the district" in malformed.content.decode()


def test_an_unknown_kind_is_a_clear_message(world):
    response = _analyst(world).get("/stats/", {"kind": "university"})
    assert response.status_code == 400 and "Unknown kind of school." in response.content.decode()


def test_a_year_without_schools_says_so(world):
    response = _analyst(world).get("/stats/")
    assert response.status_code == 200
    assert response.context["board"].schools == 0
    assert "No school has figures for this year yet." in response.content.decode()


# --- who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_every_district_role_opens_the_dashboard_and_the_drill_down(world, key):
    keep(world.school_a, **GOOD)
    client = client_for(None, world.people[key])
    assert client.get("/stats/").status_code == 200
    assert client.get(f"/stats/schools/{world.school_a.uuid}/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    keep(world.school_a, **GOOD)
    for url in ("/stats/", f"/stats/schools/{world.school_a.uuid}/"):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("key", ["director_a", "curator_a", "admin_alpha", "director_b", "outsider"])
def test_school_people_get_nothing_at_the_district_dashboard(world, key):
    keep(world.school_a, staff=777, **GOOD)
    client = client_for(None, world.people[key])
    for url in ("/stats/", f"/stats/schools/{world.school_a.uuid}/"):
        response = client.get(url)
        # The session of a person without a district role is dropped at the district's host.
        assert response.status_code == 302
        assert response.status_code == 404 or response["Location"].startswith("/login/")
        assert b"777" not in response.content


@pytest.mark.parametrize("key", ["director_a", "admin_alpha"])
def test_the_dashboard_is_not_served_at_a_schools_host(world, key):
    keep(world.school_a, **GOOD)
    client = client_for(world.school_a, world.people[key])
    assert client.get("/stats/").status_code == 404
    assert client.get(f"/stats/schools/{world.school_a.uuid}/").status_code == 404


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_district_people_get_nothing_of_a_schools_personal_pages(world, key):
    client = client_for(world.school_a, world.people[key])
    for url in ("/staff/", "/consents/", "/pairs/", "/api/staff/", "/api/me/"):
        response = client.get(url)
        # A session of a person without a membership is dropped: the API answers 401, a page sends to the login.
        assert response.status_code == (401 if url.startswith("/api/") else 302), url
        if response.status_code == 302:
            assert response["Location"].startswith("/login/")
    assert "Mentor_A" not in client.get("/staff/").content.decode()


def test_the_district_home_links_to_the_dashboard(world):
    page = _analyst(world).get("/").content.decode()
    assert 'href="/stats/"' in page


# --- queries do not grow with the number of schools -----------------------------------------------


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_number_of_schools(
        world, django_assert_max_num_queries):
    client = _analyst(world)
    keep(world.school_a, young_specialists=2, young_covered=1, young_without_mentor=1,
         detail={"surveys": surveys(mentors=6), "by_form": {"teacher_teacher": {"pairs": 1, "active": 1}}})
    few = _queries(client, "/stats/?sort=coverage")
    for _ in range(30):
        keep(school_row(), staff=3, young_specialists=1, young_covered=1,
             detail={"surveys": surveys(mentees=2), "by_mode": {"group": {"groups": 1, "completed": 1}}}, **GOOD)
    many = _queries(client, "/stats/?sort=coverage")
    assert many == few
    with django_assert_max_num_queries(10):
        response = client.get("/stats/")
    assert response.context["board"].schools == 31
    assert SchoolFigures.objects.filter(year=YEAR.start).count() == 31
    drill_few = _queries(client, f"/stats/schools/{world.school_a.uuid}/")
    assert drill_few <= 8


def test_computed_at_is_the_oldest_count_shown(world):
    old = keep(world.school_a, **GOOD)
    SchoolFigures.objects.filter(pk=old.pk).update(computed_at=timezone.now().replace(year=2020))
    keep(world.school_b, **GOOD)
    assert _analyst(world).get("/stats/").context["board"].computed_at.year == 2020


# --- a page that stays small however many schools (issue 15) ----------------------------------------


def _many(count: int, **values):  # type: ignore[no-untyped-def]
    return [keep(school_row(), staff=index % 7, young_specialists=index % 4, young_covered=min(index % 3, index % 4),
                 roadmap_items=index % 5, roadmap_done=min(index % 3, index % 5),
                 has_curator=index % 6 != 0, regulation_approved=True, roadmap_approved=index % 9 != 0,
                 overdue_activities=index % 11 == 0,
                 detail={"surveys": surveys(mentors=index % 8)}, **values) for index in range(count)]


def test_the_table_is_paginated_and_the_page_does_not_grow_with_the_schools(world):
    from stats.selectors import PAGE_SIZE

    client = _analyst(world)
    _many(60)
    small = client.get("/stats/")
    _many(100)
    large = client.get("/stats/")
    assert large.context["board"].schools == 160 and len(large.context["board"].rows) == PAGE_SIZE
    assert 'id="total-schools">160<' in large.content.decode()
    assert large.context["pages"] == 4 and "Page 1 of 4" in large.content.decode()
    # About the same length with 60 and with 160 schools (the rows' lags and numbers differ), far under 300 KB.
    assert abs(len(large.content) - len(small.content)) < 0.1 * len(small.content)
    assert len(large.content) < 300 * 1024
    assert large.content.decode().count('class="school-row') == PAGE_SIZE
    last = client.get("/stats/", {"page": 4})
    assert len(last.context["board"].rows) == 160 - 3 * PAGE_SIZE and "Page 4 of 4" in last.content.decode()
    beyond = client.get("/stats/", {"page": 99})
    assert beyond.context["page"] == 4
    pages = [client.get("/stats/", {"page": n, "sort": "staff"}).context["board"].rows for n in (1, 2, 3, 4)]
    slugs = [row.school.slug for rows in pages for row in rows]
    assert len(slugs) == len(set(slugs)) == 160  # every school once across the pages


def test_lagging_schools_come_first_and_can_be_shown_alone(world):
    keep(world.school_a, **GOOD)  # «СОШ с. Альфа»-like names sort before the numbered rows
    late = keep(school_row(name="Ясная школа"), has_curator=False, regulation_approved=True, roadmap_approved=True)
    response = _analyst(world).get("/stats/")
    rows = response.context["board"].rows
    assert rows[0].school.pk == late.school.pk and rows[0].lags
    assert all(not row.lags for row in rows[1:])
    only = _analyst(world).get("/stats/", {"lagging": "1"})
    assert [row.school.pk for row in only.context["board"].rows] == [late.school.pk]
    assert only.context["board"].schools == 2 and only.context["shown"] == 1


@pytest.mark.parametrize("column", ["lags", "school", "staff", "coverage", "roadmap_percent", "satisfaction",
                                    "pairs_total", "young_without_mentor"])
@pytest.mark.parametrize("descending", [False, True])
def test_the_database_sorts_as_the_dashboard_sorts(world, column, descending):
    from stats.selectors import dashboard, dashboard_rows

    _many(40)
    everything = dashboard(YEAR, sort=column, descending=descending).rows
    paged = [row for page in (1, 2, 3) for row in dashboard_rows(YEAR, sort=column, descending=descending,
                                                                  page=page, per_page=15)]
    key = [row.sort_key(column) for row in everything]
    assert [row.sort_key(column) for row in paged] == key
    assert {row.school.pk for row in paged} == {row.school.pk for row in everything}


def test_totals_and_charts_are_kept_until_the_figures_change(world, monkeypatch):
    from stats import selectors

    keep(world.school_a, staff=5, **GOOD)
    computed = []
    original = selectors.dashboard_counted
    monkeypatch.setattr(selectors, "dashboard_counted", lambda *a, **k: computed.append(1) or original(*a, **k))
    client = _analyst(world)
    assert client.get("/stats/").context["board"].totals["staff"] == 5
    assert client.get("/stats/", {"sort": "staff", "page": 1}).context["board"].totals["staff"] == 5
    assert len(computed) == 1  # the second request read the kept summary
    keep(world.school_a, staff=8, **GOOD)  # a refresh
    assert client.get("/stats/").context["board"].totals["staff"] == 8
    assert len(computed) == 2


# --- the page's work does not grow with the schools, whatever the order (issue 15 point 3) ------------


def _page_cost(client, url: str, params: dict[str, str], monkeypatch) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(queries, reads of every school's figures — whole or in one query) of a request, the kept summary warm."""
    from stats import selectors

    client.get(url, params)
    full_reads: list[int] = []
    original = selectors.dashboard
    monkeypatch.setattr(selectors, "dashboard", lambda *a, **k: full_reads.append(1) or original(*a, **k))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    monkeypatch.setattr(selectors, "dashboard", original)
    return len(captured.captured_queries), len(full_reads) + unbounded(captured)


CHOICES = [{"sort": column, **({"dir": "desc"} if descending else {})}
           for column in ("lags", "school", "coverage", "satisfaction", "roadmap_percent", "pairs_total")
           for descending in (False, True)] + [{"lagging": "1"}, {"kind": SchoolKind.SOSH, "page": "2"}]


def test_every_order_of_the_dashboard_costs_the_same_at_3_and_at_60_schools(world, monkeypatch):
    client = _analyst(world)
    _many(3)
    few = [_page_cost(client, "/stats/", params, monkeypatch) for params in CHOICES]
    _many(57)
    many = [_page_cost(client, "/stats/", params, monkeypatch) for params in CHOICES]
    assert many == few
    # No request reads every school's figures: sorting and paging are the database's, the totals are kept.
    assert all(full_reads == 0 for _queries, full_reads in many)
    assert max(queries for queries, _full_reads in many) <= 8


def test_satisfaction_is_sorted_in_the_database_as_the_rows_show_it(world):
    from stats.selectors import dashboard_rows

    threshold = district_settings().survey_min_respondents
    shown = {}
    for percent in (71.26, 40.0, 93.35, 40.04):  # 40,0 twice: then by name
        row = keep(school_row(), detail={"surveys": {
            "mentors": {"respondents": threshold, "scale_answers": 2, "scale_percent_sum": 2 * percent},
            "mentees": {"respondents": 1, "scale_answers": 1, "scale_percent_sum": percent}}}, **GOOD)
        shown[row.school.pk] = percent
    hidden = keep(school_row(), detail={"surveys": surveys(mentors=threshold - 1)}, **GOOD)
    silent = keep(school_row(), detail={}, **GOOD)
    rows = dashboard_rows(YEAR, sort="satisfaction")
    assert [row.surveys.satisfaction for row in rows] == [40.0, 40.0, 71.3, 93.3, None, None]
    assert [row.school.short_name for row in rows[:2]] == sorted(row.school.short_name for row in rows[:2])
    assert {row.school.pk for row in rows[4:]} == {hidden.school.pk, silent.school.pk}
    descending = dashboard_rows(YEAR, sort="satisfaction", descending=True)
    assert [row.surveys.satisfaction for row in descending] == [None, None, 93.3, 71.3, 40.0, 40.0]


def test_the_first_request_after_a_refresh_costs_the_same_at_3_and_at_60_schools(world, monkeypatch):
    """It counts the kept summary again (a new state of the figures): in the database, not school by school."""
    from stats import selectors

    client = _analyst(world)
    full_reads: list[int] = []
    original = selectors.dashboard
    monkeypatch.setattr(selectors, "dashboard", lambda *a, **k: full_reads.append(1) or original(*a, **k))

    def cold() -> tuple[int, int]:
        keep(world.school_a, staff=len(full_reads) + 1, **GOOD)  # a refresh: a new state, a new key
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/stats/").status_code == 200
        return len(captured.captured_queries), unbounded(captured)

    client.get("/stats/")  # the session, the content types
    _many(2)
    few = cold()
    _many(58)
    assert cold() == few and few[1] == 0
    assert full_reads == []
