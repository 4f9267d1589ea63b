"""The district figures API: read-only, the same kept figures as the dashboard, the house's errors."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from formats.dates import AcademicYear
from stats.models import SchoolFigures
from stats.selectors import SUMMED
from tenants.models import SchoolKind
from tests.conftest import client_for
from tests.stats_dashboard.conftest import GOOD, YEAR, keep, school_row, surveys, unbounded
from tests.test_api import token_client


def _get(world, url: str, key: str = "district_analyst", **params):  # type: ignore[no-untyped-def]
    return token_client(None, world.people[key]).get(url, params)


def test_the_district_figures_are_the_kept_figures(world, filled):
    response = _get(world, "/api/district/figures/")
    assert response.status_code == 200, response.content
    body = response.json()
    kept = list(filled.values())
    assert body["year"] == str(YEAR)
    for name in SUMMED:
        assert body["totals"][name] == sum(getattr(f, name) for f in kept), name
    assert body["totals"]["schools"] == 2
    assert body["coverage"]["young_specialists"] == sum(f.young_specialists for f in kept)
    assert body["completion"]["completed"] == sum(f.pairs_completed for f in kept)
    assert sum(entry["pairs"] + entry["groups"] for entry in body["by_mode"]) == sum(f.pairs_total for f in kept)
    by_slug = {entry["slug"]: entry for entry in body["schools"]}
    assert set(by_slug) == {"alpha", "beta"}
    alpha = by_slug["alpha"]
    assert alpha["uuid"] == str(world.school_a.uuid) and alpha["staff"] == filled["alpha"].staff
    assert alpha["regulation_approved"] is True and isinstance(alpha["lags"], list)
    assert set(alpha["surveys"]) == {"shown", "respondents", "satisfaction", "by_audience"}
    # Figures only: nothing that names a person.
    assert "Случайный" not in response.content.decode() and "Mentor_A" not in response.content.decode()


def test_survey_results_follow_the_small_numbers_rule(world):
    keep(world.school_a, survey_respondents=3, detail={"surveys": surveys(mentees=3)}, **GOOD)
    keep(world.school_b, survey_respondents=6, detail={"surveys": surveys(mentors=2, mentees=4)}, **GOOD)
    body = _get(world, "/api/district/figures/").json()
    schools = {entry["slug"]: entry["surveys"] for entry in body["schools"]}
    assert schools["alpha"] == {"shown": False, "respondents": 3, "satisfaction": None, "by_audience": None}
    assert schools["beta"]["shown"] is True and schools["beta"]["satisfaction"] == 60.0
    assert schools["beta"]["by_audience"]["mentees"] == {"respondents": 4, "satisfaction": 60.0}
    assert body["satisfaction"] is None  # alpha's three answers could be worked out from it
    assert body["survey_min_respondents"] == 5
    keep(world.school_a, detail={}, **GOOD)
    body = _get(world, "/api/district/figures/").json()
    assert body["satisfaction"]["respondents"] == 6 and body["satisfaction"]["satisfaction"] == 60.0


def test_filters_by_kind_and_schools(world):
    keep(world.school_a, staff=5, **GOOD)
    keep(world.school_b, staff=9, **GOOD)
    gamma = school_row(kind=SchoolKind.LYCEUM)
    keep(gamma, staff=11, **GOOD)
    lyceums = _get(world, "/api/district/figures/", kind=SchoolKind.LYCEUM).json()
    assert [entry["slug"] for entry in lyceums["schools"]] == [gamma.slug] and lyceums["totals"]["staff"] == 11
    two = _get(world, "/api/district/figures/", schools=f"{world.school_a.uuid},{world.school_b.uuid}").json()
    assert two["totals"]["staff"] == 14
    repeated = token_client(None, world.people["district_admin"]).get(
        f"/api/district/figures/?schools={world.school_a.uuid}&schools={gamma.uuid}").json()
    assert repeated["totals"]["staff"] == 16


@pytest.mark.parametrize(("params", "attr", "code"), [
    ({"year": "abc"}, "year", "year_format"),
    ({"year": "1999-2000"}, "year", "year_unknown"),
    ({"schools": ""}, "schools", "schools_empty"),
    ({"schools": " , "}, "schools", "schools_empty"),
    ({"schools": "not-a-uuid"}, "schools", "school_unknown"),
    ({"schools": str(uuid.uuid4())}, "schools", "school_unknown"),
    ({"kind": "university"}, "kind", "invalid_choice"),
])
def test_bad_input_is_a_field_error_in_the_house_format(world, params, attr, code):
    keep(world.school_a, **GOOD)
    response = _get(world, "/api/district/figures/", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["attr"], e["code"]) for e in body["errors"]] == [(attr, code)]
    assert body["errors"][0]["detail"]


def test_one_schools_figures_with_breakdowns(world, filled):
    response = _get(world, f"/api/district/figures/{world.school_a.uuid}/", year=str(YEAR))
    assert response.status_code == 200
    body = response.json()
    kept = filled["alpha"]
    assert body["year"] == str(YEAR) and body["staff"] == kept.staff
    assert {entry["form"] for entry in body["by_form"]} == set(kept.detail["by_form"])
    assert sum(e["pairs"] + e["groups"] for e in body["by_mode"]) == kept.pairs_total
    assert {e["purpose"]: e["staff"] for e in body["consents"]} == kept.detail["consents"]
    assert body["as_of"] == kept.detail["as_of"]


@pytest.mark.parametrize("school_id", ["nope", pytest.param(str(uuid.uuid4()), id="unknown-uuid"), "beta"])
def test_one_school_answers_404_without_figures(world, school_id):
    keep(world.school_a, **GOOD)
    keep(world.school_b, year=AcademicYear(YEAR.start - 1), **GOOD)
    target = str(world.school_b.uuid) if school_id == "beta" else school_id
    response = _get(world, f"/api/district/figures/{target}/")
    assert response.status_code == 404 and response.json()["type"] == "client_error"
    assert _get(world, f"/api/district/figures/{world.school_a.uuid}/", year="abc").status_code == 400


def test_the_years_with_figures(world):
    past = AcademicYear(YEAR.start - 3)
    keep(world.school_a, year=past, **GOOD)
    body = _get(world, "/api/district/figures/years/").json()
    assert body["current"] == str(YEAR)
    assert body["years"][0] == str(YEAR) and str(past) in body["years"]


@pytest.mark.parametrize("key", ["director_a", "curator_b", "admin_alpha", "outsider"])
def test_school_people_get_404_from_the_figures_api(world, key):
    keep(world.school_a, **GOOD)
    for url in ("/api/district/figures/", f"/api/district/figures/{world.school_a.uuid}/",
                "/api/district/figures/years/"):
        assert _get(world, url, key=key).status_code == 404


def test_anonymous_callers_are_refused(world):
    response = client_for(None).get("/api/district/figures/")
    assert response.status_code == 401 and response.json()["type"] == "client_error"


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_district_people_get_404_from_a_schools_api(world, key):
    client = token_client(world.school_a, world.people[key])
    for url in ("/api/staff/", "/api/pairs/", "/api/consents/", "/api/me/"):
        assert client.get(url).status_code == 404, url


def test_the_api_is_read_only(world):
    client = token_client(None, world.people["district_admin"])
    count = SchoolFigures.objects.count()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/district/figures/", {}, content_type="application/json")
        assert response.status_code == 405
    assert SchoolFigures.objects.count() == count


def test_the_figures_api_runs_a_fixed_number_of_queries(world):
    client = token_client(None, world.people["district_analyst"])
    keep(world.school_a, **GOOD)

    def count() -> int:
        client.get("/api/district/figures/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/district/figures/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    for _ in range(25):
        keep(school_row(), staff=2, detail={"surveys": surveys(mentors=5)}, **GOOD)
    assert count() == few <= 8


def test_every_kept_column_is_in_the_answer():
    from api.district_figures import SchoolFiguresSerializer, TotalsSerializer
    from stats.selectors import FLAGS

    assert set(SUMMED) <= set(TotalsSerializer().fields)
    assert set(SUMMED) | set(FLAGS) <= set(SchoolFiguresSerializer().fields)


def test_the_schema_describes_the_figures_endpoints(world):
    schema = client_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/district/figures/", "/api/district/figures/{school_uuid}/", "/api/district/figures/years/"):
        assert path in schema["paths"]
    district = schema["components"]["schemas"]["DistrictFigures"]["properties"]
    assert {"year", "totals", "flags", "coverage", "completion", "satisfaction", "schools"} <= set(district)
    school = schema["components"]["schemas"]["SchoolFigures"]["properties"]
    assert {"uuid", "slug", "short_name", "kind", "lags", "surveys", "coverage"} <= set(school)


def test_the_schools_of_the_figures_api_come_in_pages(world):
    """Issue 15: the answer does not grow with the district; the totals are still of every school."""
    for index in range(7):
        keep(school_row(), staff=index + 1, **GOOD)
    first = _get(world, "/api/district/figures/", page_size=3).json()
    assert (first["page"], first["pages"], first["page_size"], len(first["schools"])) == (1, 3, 3, 3)
    assert first["totals"]["schools"] == 7 and first["totals"]["staff"] == sum(range(1, 8))
    pages = [first] + [_get(world, "/api/district/figures/", page=n, page_size=3).json() for n in (2, 3)]
    uuids = [entry["uuid"] for body in pages for entry in body["schools"]]
    assert len(uuids) == len(set(uuids)) == 7
    assert len(_get(world, "/api/district/figures/").json()["schools"]) == 7  # default: 100 a page


@pytest.mark.parametrize(("params", "attr"), [({"page": "0"}, "page"), ({"page": "x"}, "page"),
                                              ({"page_size": "501"}, "page_size"), ({"page_size": "-1"}, "page_size")])
def test_a_bad_page_is_a_field_error(world, params, attr):
    response = _get(world, "/api/district/figures/", **params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == attr and response.json()["errors"][0]["code"] == "invalid"


def test_the_figures_api_reads_one_page_of_schools_and_the_kept_totals(world, monkeypatch):
    from stats import selectors

    client = token_client(None, world.people["district_analyst"])

    def cost() -> tuple[int, int]:
        client.get("/api/district/figures/", {"page_size": 2, "page": 2})
        full_reads: list[int] = []
        original = selectors.dashboard
        monkeypatch.setattr(selectors, "dashboard", lambda *a, **k: full_reads.append(1) or original(*a, **k))
        with CaptureQueriesContext(connection) as captured:
            body = client.get("/api/district/figures/", {"page_size": 2, "page": 2}).json()
        monkeypatch.setattr(selectors, "dashboard", original)
        assert len(body["schools"]) == (1 if body["totals"]["schools"] == 3 else 2)
        return len(captured.captured_queries), len(full_reads) + unbounded(captured)

    for _ in range(3):
        keep(school_row(), staff=2, detail={"surveys": surveys(mentors=5)}, **GOOD)
    few = cost()
    for _ in range(57):
        keep(school_row(), staff=2, detail={"surveys": surveys(mentors=5)}, **GOOD)
    assert cost() == few
    assert few[1] == 0  # the totals come from the kept summary, never from reading every school
    assert few[0] <= 8
    body = client.get("/api/district/figures/", {"page_size": 500}).json()
    assert body["totals"]["schools"] == 60 and body["totals"]["staff"] == 120 and len(body["schools"]) == 60
    names = [entry["short_name"] for entry in body["schools"]]
    assert names == sorted(names, key=str.casefold)
