"""The programme endpoints: /api/programmes/, /api/activities/, /api/evidence/ — rules, isolation, query counts."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from mentoring.models import Activity, ActivityStatus, ChangeKind, Evidence, Programme, ProgrammeStatus
from mentoring.services import programme_evidence
from staff.models import StaffMember
from tests.conftest import client_for, host_of
from tests.programmes import factories as f
from tests.programmes.conftest import make_setup

PDF = b"%PDF-1.4\n%api\n"


def token_client(space, person):  # type: ignore[no-untyped-def]
    from django.test import Client

    token, _ = Token.objects.get_or_create(user=person)
    return Client(HTTP_HOST=host_of(space), HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def world_active(world, media):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        setup = make_setup(world, status=ProgrammeStatus.ACTIVE)
        setup.evidence = programme_evidence.evidence_upload(
            school=world.school_a, acting_user=world.people["mentee_a"], activity=setup.activity,
            uploaded_file=SimpleUploadedFile("отчёт.pdf", PDF))
        setup.other = f.programme(f.other_pair(world), title="Чужая программа", status=ProgrammeStatus.ACTIVE)
    return setup


def _endpoints(setup) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    p, a, e = setup.programme.pk, setup.activity.pk, setup.evidence.pk
    return [
        ("get", f"/api/programmes/{p}/", {}),
        ("patch", f"/api/programmes/{p}/", {"title": "Взлом"}),
        ("post", f"/api/programmes/{p}/approve/", {}),
        ("post", f"/api/programmes/{p}/start/", {}),
        ("post", f"/api/programmes/{p}/complete/", {}),
        ("post", f"/api/programmes/{p}/end-early/", {"reason": "mutual", "note": "x", "agreed_by_mentor": True,
                                                     "agreed_by_mentee": True}),
        ("post", f"/api/programmes/{p}/extend/", {"new_ends_on": "2026-06-30", "reason": "x",
                                                  "agreed_by_mentor": True, "agreed_by_mentee": True}),
        ("post", f"/api/programmes/{p}/adjust/", {"goals": "Взлом", "reason": "x", "agreed_by_mentor": True,
                                                  "agreed_by_mentee": True}),
        ("get", f"/api/activities/{a}/", {}),
        ("patch", f"/api/activities/{a}/", {"title": "Взлом"}),
        ("post", f"/api/activities/{a}/done/", {"result": "Взлом"}),
        ("get", f"/api/evidence/{e}/download/", {}),
    ]


def _call(client, method, url, body):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body, content_type="application/json")


def _missing(url: str) -> str:
    import re

    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(uuid.uuid4()), url)


def _unchanged(world, setup) -> None:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        programme = Programme.objects.get(pk=setup.programme.pk)
        activity = Activity.objects.get(pk=setup.activity.pk)
        assert (programme.status, programme.title, programme.goals, str(programme.ends_on)) == (
            ProgrammeStatus.ACTIVE, f.TITLE, "Цели", "2026-05-31")
        assert (activity.status, activity.title) == (ActivityStatus.PLANNED, "Посещение уроков")
        assert not programme.changes.exists()


# --- list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "expected"), [
    ("curator_a", {f.TITLE, "Чужая программа"}), ("mentor_a", {f.TITLE}), ("mentee_a", {f.TITLE}),
    ("both", {"Чужая программа"}), ("teacher_a", set()),
])
def test_list_is_filtered_for_the_person(world, world_active, key, expected):
    response = client_for(world.school_a, world.people[key]).get("/api/programmes/")
    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == expected


def test_list_filters_and_counts_overdue(world, world_active):
    client = client_for(world.school_a, world.people["curator_a"])
    rows = client.get("/api/programmes/?overdue=true").json()["results"]
    assert [(r["title"], r["overdue_count"]) for r in rows] == [(f.TITLE, 1)]
    assert client.get("/api/programmes/?status=draft").json()["results"] == []


def test_list_query_count_stays_flat(world, world_active, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/api/programmes/")
    with django_assert_max_num_queries(10):
        client.get("/api/programmes/")
    with schema_context(world.school_a.schema_name):
        for index in range(15):
            pair = f.pair(f.staff(f"Наставник{index}"), [f.staff(f"Наставляемый{index}")])
            f.programme(pair, title=f"П{index}")
    with django_assert_max_num_queries(10):
        response = client.get("/api/programmes/")
    assert response.json()["count"] == 17
    assert all(row["participants"] for row in response.json()["results"])


# --- isolation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["teacher_a", "both"])
def test_people_outside_the_pair_get_the_same_404_and_nothing_changes(world, world_active, key):
    client = client_for(world.school_a, world.people[key])
    for method, url, body in _endpoints(world_active):
        response = _call(client, method, url, body)
        missing = _call(client, method, _missing(url), body)
        assert (response.status_code, missing.status_code) == (404, 404), url
        assert response.json() == missing.json()
    _unchanged(world, world_active)


def test_the_other_school_gets_404_with_a_valid_token_and_nothing_changes(world, world_active):
    for client in (token_client(world.school_a, world.people["director_b"]),
                   client_for(world.school_b, world.people["director_b"])):
        for method, url, body in _endpoints(world_active):
            response = _call(client, method, url, body)
            assert response.status_code == 404, url
            assert response.json() == _call(client, method, _missing(url), body).json()
    _unchanged(world, world_active)


@pytest.mark.parametrize(("key", "method", "url", "body"), [
    ("mentee_a", "patch", "/api/programmes/{p}/", {"title": "x"}),
    ("mentee_a", "post", "/api/programmes/{p}/extend/", {"new_ends_on": "2026-06-30", "reason": "x",
                                                         "agreed_by_mentor": True, "agreed_by_mentee": True}),
    ("mentor_a", "post", "/api/programmes/{p}/end-early/", {"reason": "curator_not_carried_out", "note": "x"}),
    ("director_a", "post", "/api/activities/{a}/done/", {"result": "x"}),
    ("curator_a", "post", "/api/programmes/{p}/approve/", {}),
])
def test_a_person_who_sees_but_may_not_act_gets_404(world, world_active, key, method, url, body):
    client = client_for(world.school_a, world.people[key])
    url = url.format(p=world_active.programme.pk, a=world_active.activity.pk)
    assert _call(client, method, url, body).status_code == 404
    _unchanged(world, world_active)


def test_evidence_upload_isolation(world, world_active):
    url = f"/api/activities/{world_active.activity.pk}/evidence/"
    for client in (client_for(world.school_a, world.people["teacher_a"]),
                   client_for(world.school_a, world.people["both"]),
                   token_client(world.school_a, world.people["director_b"])):
        assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
        assert client.post(_missing(url), {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Evidence.objects.count() == 1


# --- writes ---------------------------------------------------------------------------------------------


def test_create_with_a_short_period_says_where_and_saves_nothing(world, in_a):
    pair = f.the_pair(world)
    client = client_for(world.school_a, world.people["curator_a"])
    body = {"pair": str(pair.pk), "title": "Адаптация", "goals": "Цели", "directions": ["subject_content"],
            "starts_on": "2025-09-01", "ends_on": "2025-11-30"}
    response = client.post("/api/programmes/", body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["attr"], e["code"]) for e in errors] == [("ends_on", "too_short")]
    with schema_context(world.school_a.schema_name):
        assert not Programme.objects.exists()
    created = client.post("/api/programmes/", body | {"ends_on": "2025-12-01"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["status"] == "draft" and created.json()["history"][0]["after"] == {"status": "draft"}


def test_create_for_a_pair_one_may_not_write_for_is_refused(world, in_a):
    pair = f.the_pair(world)
    response = client_for(world.school_a, world.people["teacher_a"]).post(
        "/api/programmes/", {"pair": str(pair.pk), "title": "x", "goals": "x", "directions": ["subject_content"],
                             "starts_on": "2025-09-01", "ends_on": "2026-01-01"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "pair"
    with schema_context(world.school_a.schema_name):
        assert not Programme.objects.exists()


def test_patch_a_draft(world, in_a):
    setup = make_setup(world)
    response = client_for(world.school_a, world.people["mentor_a"]).patch(
        f"/api/programmes/{setup.programme.pk}/", {"ends_on": "2026-08-31"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["ends_on"] == "2026-08-31"
    response = client_for(world.school_a, world.people["mentor_a"]).patch(
        f"/api/programmes/{setup.programme.pk}/", {"ends_on": "2026-09-02"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "too_long"


def test_life_cycle_through_the_api(world, in_a, media):
    setup = make_setup(world)
    director = client_for(world.school_a, world.people["director_a"])
    mentor = client_for(world.school_a, world.people["mentor_a"])
    mentee = client_for(world.school_a, world.people["mentee_a"])
    p, a = setup.programme.pk, setup.activity.pk
    assert director.post(f"/api/programmes/{p}/approve/").json()["status"] == "approved"
    assert mentor.post(f"/api/programmes/{p}/start/").json()["status"] == "active"
    extended = mentor.post(f"/api/programmes/{p}/extend/", {
        "new_ends_on": "2026-08-31", "reason": "Болезнь", "agreed_by_mentor": True, "agreed_by_mentee": True,
    }, content_type="application/json").json()
    assert extended["ends_on"] == "2026-08-31"
    assert extended["history"][-1]["kind"] == ChangeKind.EXTENSION
    adjusted = mentor.post(f"/api/programmes/{p}/adjust/", {
        "goals": "Новые цели", "reason": "Итоги", "agreed_by_mentor": True, "agreed_by_mentee": True,
    }, content_type="application/json").json()
    assert adjusted["history"][-1]["before"] == {"goals": "Цели"}
    refused = mentor.post(f"/api/programmes/{p}/complete/")
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "plan_not_done"
    png = SimpleUploadedFile("фото.png", b"\x89PNG\r\n\x1a\n")
    upload = mentee.post(f"/api/activities/{a}/evidence/", {"file": png})
    assert upload.status_code == 201
    download = mentor.get(upload.json()["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    done = mentee.post(f"/api/activities/{a}/done/", {"result": "Посетила уроки"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    completed = mentor.post(f"/api/programmes/{p}/complete/").json()
    assert completed["status"] == "completed" and completed["finished_on"]


def test_activity_create_and_patch(world, in_a):
    setup = make_setup(world, status=ProgrammeStatus.APPROVED)
    client = client_for(world.school_a, world.people["mentor_a"])
    body = {"programme": str(setup.programme.pk), "title": "Мастер-класс", "deadline": "2025-12-01",
            "responsible": str(setup.curator.pk)}
    refused = client.post("/api/activities/", body, content_type="application/json")
    assert refused.status_code == 400
    assert {e["attr"] for e in refused.json()["errors"]} == {"reason", "agreed_by_mentor", "agreed_by_mentee"}
    created = client.post("/api/activities/", body | {"reason": "Запрос", "agreed_by_mentor": True,
                                                      "agreed_by_mentee": True}, content_type="application/json")
    assert created.status_code == 201 and created.json()["responsible_name"]
    patched = client.patch(f"/api/activities/{created.json()['id']}/", {"status": "in_progress"},
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["status"] == "in_progress"
    with schema_context(world.school_a.schema_name):
        teacher = StaffMember.objects.get(person=world.people["teacher_a"])
    wrong = client.patch(f"/api/activities/{created.json()['id']}/", {
        "responsible": str(teacher.pk), "reason": "x", "agreed_by_mentor": True, "agreed_by_mentee": True,
    }, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["attr"] == "responsible"


def test_evidence_over_the_limit_is_refused_by_the_api(world, world_active, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = client_for(world.school_a, world.people["mentee_a"]).post(
        f"/api/activities/{world_active.activity.pk}/evidence/", {"file": SimpleUploadedFile("big.pdf", PDF * 20)})
    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("file", "file_too_large")]
    with schema_context(world.school_a.schema_name):
        assert Evidence.objects.count() == 1


def test_the_endpoints_are_in_the_openapi_schema(world):
    schema = client_for(world.school_a, world.people["curator_a"]).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in ("/api/programmes/", "/api/programmes/{id}/", "/api/programmes/{id}/end-early/",
                 "/api/programmes/{id}/extend/", "/api/programmes/{id}/adjust/", "/api/activities/",
                 "/api/activities/{id}/done/", "/api/activities/{id}/evidence/", "/api/evidence/{id}/download/"):
        assert path in paths, path
