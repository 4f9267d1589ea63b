"""The banks' REST endpoints: rules, isolation, query counts."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from banks.models import BankReview, MenteeProfile, MentorProfile, TrainingRecord
from district.models import DistrictSettings
from tests.banks.factories import make_mentee, make_mentor, make_pair, make_staff
from tests.conftest import host_of


def api(space, person) -> Client:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=person)
    return Client(HTTP_HOST=host_of(space), HTTP_AUTHORIZATION=f"Token {token.key}")


def _json(client: Client, method: str, url: str, data: object | None = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def banks_a(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        mentee = make_mentee(world.school_a, world.people["curator_a"], world.staff("mentee_a"))
        mentor = make_mentor(world.school_a, world.people["curator_a"], world.staff("mentor_a"))
        make_pair(mentor.staff, [mentee.staff])
    with tenant_context(world.school_b):
        make_mentee(world.school_b, world.people["curator_b"], world.staff("teacher_b", world.school_b))
    return {"mentee": mentee, "mentor": mentor}


def _snapshot(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return (
            sorted(MenteeProfile.objects.values_list("id", "category", "status", "requests")),
            sorted(MentorProfile.objects.values_list("id", "capacity")),
            TrainingRecord.objects.count(), BankReview.objects.count(),
        )


def _writes(world, b):  # type: ignore[no-untyped-def]
    staff = str(world.staff("teacher_a").pk)
    return [
        ("post", "/api/mentees/", {"staff": staff, "category": "other", "requests": "x"}),
        ("patch", f"/api/mentees/{b['mentee'].pk}/", {"requests": "взлом"}),
        ("post", "/api/mentors/", {"staff": staff}),
        ("patch", f"/api/mentors/{b['mentor'].pk}/", {"capacity": 9}),
        ("post", f"/api/mentors/{b['mentor'].pk}/trainings/", {"title": "взлом", "completed_on": "2026-03-01"}),
        ("post", "/api/bank-reviews/", {"notes": "взлом"}),
    ]


def _reads(b):  # type: ignore[no-untyped-def]
    return ["/api/mentees/", f"/api/mentees/{b['mentee'].pk}/", "/api/mentors/", f"/api/mentors/{b['mentor'].pk}/",
            "/api/bank-reviews/"]


# --- At work -----------------------------------------------------------------------------------


def test_the_curator_lists_mentors_with_free_capacity(world, banks_a):
    body = api(world.school_a, world.people["curator_a"]).get("/api/mentors/").json()
    row = next(r for r in body["results"] if r["id"] == str(banks_a["mentor"].pk))
    assert (row["capacity"], row["active_mentees"], row["free_capacity"], row["experience_years"]) == (3, 1, 2, 22)


def test_mentor_list_filters(world, banks_a):
    client = api(world.school_a, world.people["curator_a"])
    mentor_id = str(banks_a["mentor"].pk)
    assert [r["id"] for r in client.get("/api/mentors/?has_free_capacity=true").json()["results"]] == [mentor_id]
    assert client.get("/api/mentors/?willing_cross_school=true").json()["count"] == 0
    assert client.get("/api/mentors/?subject=матем").json()["count"] == 1
    assert client.get("/api/mentors/?mode=speed").json()["count"] == 0
    assert client.get("/api/mentors/?mode=nonsense").status_code == 400


def test_mentee_create_retrieve_and_update(world):
    client = api(world.school_a, world.people["curator_a"])
    staff = world.staff("teacher_a")
    created = _json(client, "post", "/api/mentees/", {
        "staff": str(staff.pk), "category": "changing_subject",
        "difficulties": [{"direction": "subject_content", "description": "Новый предмет"}],
    })
    assert created.status_code == 201, created.content
    mentee_id = created.json()["id"]
    assert created.json()["difficulties"] == [{"direction": "subject_content", "description": "Новый предмет"}]
    updated = _json(client, "patch", f"/api/mentees/{mentee_id}/", {
        "status": "in_programme", "difficulties": [{"direction": "other", "description": "Другое"}]})
    assert updated.status_code == 200 and updated.json()["status"] == "in_programme"
    assert client.get(f"/api/mentees/{mentee_id}/").json()["difficulties"] == [
        {"direction": "other", "description": "Другое"}]
    assert client.get("/api/mentees/?category=changing_subject").json()["count"] == 1
    assert client.get("/api/mentees/?search=teacher_a").json()["count"] == 1


def test_mentee_rules_come_back_as_field_errors_and_save_nothing(world, banks_a):
    client = api(world.school_a, world.people["curator_a"])
    before = _snapshot(world)
    duplicate = _json(client, "post", "/api/mentees/", {
        "staff": str(world.staff("mentee_a").pk), "category": "other", "requests": "ещё раз"})
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["attr"] == "staff"
    empty = _json(client, "post", "/api/mentees/", {"staff": str(world.staff("teacher_a").pk), "category": "other"})
    assert empty.status_code == 400 and empty.json()["errors"][0]["attr"] == "difficulties"
    unknown = _json(client, "post", "/api/mentees/", {"staff": str(uuid.uuid4()), "category": "other", "requests": "x"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["attr"] == "staff"
    assert _snapshot(world) == before


def test_mentor_create_uses_the_district_default_and_refuses_bad_capacity(world, banks_a):
    DistrictSettings.objects.update_or_create(id=1, defaults={"mentor_default_capacity": 5})
    client = api(world.school_a, world.people["curator_a"])
    before = _snapshot(world)
    refused = _json(client, "post", "/api/mentors/", {"staff": str(world.staff("teacher_a").pk), "capacity": 11})
    assert refused.status_code == 400 and refused.json()["errors"][0]["attr"] == "capacity"
    assert _snapshot(world) == before
    created = _json(client, "post", "/api/mentors/", {
        "staff": str(world.staff("teacher_a").pk), "preferred_modes": ["virtual"], "willing_cross_school": True})
    assert created.status_code == 201 and created.json()["capacity"] == 5
    assert created.json()["free_capacity"] == 5
    below = _json(client, "patch", f"/api/mentors/{banks_a['mentor'].pk}/", {"capacity": 0})
    assert below.status_code == 400


def test_training_and_review_endpoints(world, banks_a):
    client = api(world.school_a, world.people["curator_a"])
    training = _json(client, "post", f"/api/mentors/{banks_a['mentor'].pk}/trainings/",
                     {"title": "Курсы ИРО", "completed_on": "2026-02-01", "hours": 72})
    assert training.status_code == 201 and training.json()["hours"] == 72
    assert client.get(f"/api/mentors/{banks_a['mentor'].pk}/").json()["trainings"][0]["title"] == "Курсы ИРО"
    review = _json(client, "post", "/api/bank-reviews/", {"notes": "Проверено"})
    assert review.status_code == 201
    assert [r["notes"] for r in client.get("/api/bank-reviews/").json()["results"]] == ["Проверено"]


# --- Isolation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_members_without_the_right_get_404_and_change_nothing(world, banks_a, key):
    client = api(world.school_a, world.people[key])
    before = _snapshot(world)
    for url in _reads(banks_a):
        assert client.get(url).status_code == 404, url
    for method, url, data in _writes(world, banks_a):
        assert _json(client, method, url, data).status_code == 404, url
    assert _snapshot(world) == before


def test_the_director_reads_but_cannot_write(world, banks_a):
    client = api(world.school_a, world.people["director_a"])
    for url in _reads(banks_a):
        assert client.get(url).status_code == 200, url
    before = _snapshot(world)
    for method, url, data in _writes(world, banks_a):
        assert _json(client, method, url, data).status_code == 404, url
    assert _snapshot(world) == before


def test_another_schools_curator_gets_the_same_404_as_for_a_missing_id(world, banks_a):
    client = api(world.school_b, world.people["curator_b"])
    for url in (f"/api/mentees/{banks_a['mentee'].pk}/", f"/api/mentors/{banks_a['mentor'].pk}/"):
        foreign, missing = client.get(url), client.get(url.replace(url.split("/")[3], str(uuid.uuid4())))
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()
    assert client.get("/api/mentees/not-a-uuid/").status_code == 404
    before = _snapshot(world)
    for method, url, data in _writes(world, banks_a):
        if str(banks_a["mentee"].pk) in url or str(banks_a["mentor"].pk) in url:
            assert _json(client, method, url, data).status_code == 404, url
    # School A's staff ids mean nothing in school B.
    foreign_staff = _json(client, "post", "/api/mentees/",
                          {"staff": str(world.staff("teacher_a").pk), "category": "other", "requests": "x"})
    assert foreign_staff.status_code == 400
    assert _snapshot(world) == before
    rows = client.get("/api/mentees/").json()["results"]
    assert [r["full_name"] for r in rows] == [world.staff("teacher_b", world.school_b).full_name]
    assert client.get("/api/mentors/").json()["count"] == 0
    # B's curator cannot use A's host at all.
    assert api(world.school_a, world.people["curator_b"]).get("/api/mentees/").status_code == 404


# --- Query counts ------------------------------------------------------------------------------


def _fill(world, count: int) -> None:  # type: ignore[no-untyped-def]
    curator = world.people["curator_a"]
    with tenant_context(world.school_a):
        for _ in range(count):
            make_mentee(world.school_a, curator)
            mentor = make_mentor(world.school_a, curator)
            make_pair(mentor.staff, [make_staff()])
            BankReview.objects.create(reviewed_on="2025-01-01", reviewed_by=curator)


@pytest.mark.parametrize("url", ["/api/mentees/", "/api/mentors/", "/api/mentors/?has_free_capacity=true",
                                 "/api/bank-reviews/"])
def test_list_endpoints_do_not_query_per_row(world, url, django_assert_max_num_queries):
    client = api(world.school_a, world.people["curator_a"])
    _fill(world, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(world, 25)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
    assert len(few) <= 10
