"""The pairs API: /api/pairs/ and /api/pair-requests/ — isolation, rules, query counts."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from mentoring.models import Pair, PairRequest, PairStatus, RequestStatus
from orders.models import Order
from tests.conftest import client_for
from tests.pairs import factories as f
from tests.pairs.scene import build_scene, more_pairs


@pytest.fixture
def scene(world):  # type: ignore[no-untyped-def]
    return build_scene(world)


def api(world, key, school=None):  # type: ignore[no-untyped-def]
    return client_for(school or world.school_a, world.people[key])


def post(world, key, url, data=None, school=None):  # type: ignore[no-untyped-def]
    return api(world, key, school).post(url, data or {}, content_type="application/json")


def ids(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["id"] for row in response.json()["results"]}


def counts(world) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return (Pair.objects.count(), Order.objects.count(), PairRequest.objects.count(),
                PairRequest.objects.filter(status=RequestStatus.PENDING).count(),
                Pair.objects.filter(status=PairStatus.ACTIVE).count())


def test_the_list_is_filtered_for_the_person(world, scene):
    own, other = str(scene.own.pk), str(scene.other.pk)
    assert ids(api(world, "curator_a").get("/api/pairs/")) == {own, other}
    assert ids(api(world, "mentor_a").get("/api/pairs/")) == {own}
    assert ids(api(world, "mentee_a").get("/api/pairs/")) == {own}
    assert ids(api(world, "teacher_a").get("/api/pairs/")) == set()
    assert ids(api(world, "curator_b", world.school_b).get("/api/pairs/")) == {str(scene.pair_b.pk)}
    assert ids(api(world, "curator_a").get("/api/pairs/?status=forming")) == {other}


def test_the_list_query_count_stays_flat(world, scene, django_assert_max_num_queries):
    client = api(world, "curator_a")
    client.get("/api/pairs/")
    with django_assert_max_num_queries(10):
        client.get("/api/pairs/")
    more_pairs(world, 15)
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/pairs/").json()["results"]) == 17


def test_retrieve_the_same_404(world, scene):
    url = f"/api/pairs/{scene.own.pk}/"
    body = api(world, "mentor_a").get(url).json()
    assert {p["full_name"] for p in body["participants"]} >= {"Mentor_A Тест", "Mentee_A Тест"}
    for response in (
        api(world, "curator_a").get(f"/api/pairs/{uuid.uuid4()}/"),
        api(world, "curator_a").get("/api/pairs/not-a-uuid/"),
        api(world, "teacher_a").get(url),
        api(world, "mentor_a").get(f"/api/pairs/{scene.other.pk}/"),
        api(world, "curator_b", world.school_b).get(url),
        api(world, "both", world.school_b).get(url),
    ):
        assert response.status_code == 404


def test_the_curator_forms_a_pair(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor, mentee = f.mentor(), f.mentee()
    data = {"role_form": "teacher_teacher", "mode": "traditional", "mentors": [str(mentor.pk)],
            "mentees": [str(mentee.pk)], "formed_on": "2025-09-01"}
    response = post(world, "curator_a", "/api/pairs/", data)
    assert response.status_code == 201 and response.json()["status"] == "forming"
    assert len(response.json()["participants"]) == 2


def test_forming_needs_the_right_and_saves_nothing_otherwise(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor, mentee = f.mentor(), f.mentee()
    data = {"role_form": "teacher_teacher", "mode": "traditional", "mentors": [str(mentor.pk)],
            "mentees": [str(mentee.pk)], "formed_on": "2025-09-01"}
    before = counts(world)
    for key in ("director_a", "mentor_a", "teacher_a"):
        assert post(world, key, "/api/pairs/", data).status_code == 404
    assert post(world, "curator_b", "/api/pairs/", data, school=world.school_b).status_code == 400  # unknown in B
    assert counts(world) == before


def test_bad_input_is_reported_by_field(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor, mentee = f.mentor(), f.mentee()
    before = counts(world)
    response = post(world, "curator_a", "/api/pairs/", {
        "role_form": "teacher_teacher", "mode": "group", "mentors": [str(mentor.pk)], "mentees": [str(mentee.pk)],
        "formed_on": "2025-09-01"})
    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("mentees", "group_too_small")]
    response = post(world, "curator_a", "/api/pairs/", {
        "role_form": "teacher_teacher", "mode": "traditional", "mentors": [str(mentor.pk)],
        "mentees": [str(mentor.pk)], "formed_on": "2025-09-01"})
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("mentees", "own_mentee")]
    assert counts(world) == before


def test_draft_order_activate_and_print(world, scene):
    url = f"/api/pairs/{scene.other.pk}/"
    response = post(world, "curator_a", url + "activate/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "incomplete"
    response = post(world, "curator_a", url + "draft-order/", {"number": "77", "date": "2025-09-03"})
    assert response.status_code == 201 and response.json()["status"] == "draft"
    with schema_context(world.school_a.schema_name):
        pair = Pair.objects.select_related("order").get(pk=scene.other.pk)
        f.sign(pair.order)
        for participant in pair.participants.all():
            f.consent(participant.staff)
    response = post(world, "curator_a", url + "activate/")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert response.json()["activated_on"] == "2025-09-03"  # the order's date
    pdf = api(world, "curator_a").get(url + "order-pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_pair_actions_isolation(world, scene):
    before = counts(world)
    for key in ("director_a", "mentor_a", "teacher_a"):
        assert post(world, key, f"/api/pairs/{scene.other.pk}/draft-order/",
                    {"number": "1", "date": "2025-09-01"}).status_code == 404
        assert post(world, key, f"/api/pairs/{scene.other.pk}/activate/").status_code == 404
    assert post(world, "curator_a", f"/api/pairs/{uuid.uuid4()}/activate/").status_code == 404
    assert post(world, "curator_b", f"/api/pairs/{scene.other.pk}/draft-order/",
                {"number": "1", "date": "2025-09-01"}, school=world.school_b).status_code == 404
    for key, pk in (("teacher_a", scene.own.pk), ("mentor_a", scene.other.pk), ("curator_a", uuid.uuid4())):
        assert api(world, key).get(f"/api/pairs/{pk}/order-pdf/").status_code == 404
    assert api(world, "curator_b", world.school_b).get(f"/api/pairs/{scene.own.pk}/order-pdf/").status_code == 404
    assert api(world, "mentor_a").get(f"/api/pairs/{scene.own.pk}/order-pdf/").status_code == 200
    assert counts(world) == before


# --- requests ----------------------------------------------------------------------------------


def test_requests_are_listed_for_the_deciders_and_their_authors(world, scene, django_assert_max_num_queries):
    petition = str(scene.petition.pk)
    assert ids(api(world, "curator_a").get("/api/pair-requests/")) == {petition}
    assert ids(api(world, "director_a").get("/api/pair-requests/?status=pending")) == {petition}
    assert ids(api(world, "mentee_a").get("/api/pair-requests/")) == {petition}
    assert ids(api(world, "mentor_a").get("/api/pair-requests/")) == set()
    assert ids(api(world, "teacher_a").get("/api/pair-requests/")) == set()
    assert ids(api(world, "curator_b", world.school_b).get("/api/pair-requests/")) == set()
    assert api(world, "mentor_a").get(f"/api/pair-requests/{petition}/").status_code == 404
    client = api(world, "curator_a")
    with django_assert_max_num_queries(9):
        client.get("/api/pair-requests/")
    with schema_context(world.school_a.schema_name):
        for index in range(10):
            pair = f.pair([f.mentor()], [f.mentee()])
            PairRequest.objects.create(pair=pair, kind="replace_mentor", submitted_by=pair.participants.last().staff,
                                       reason=f"r{index}", submitted_on=f.GIVEN)
    with django_assert_max_num_queries(9):
        assert len(client.get("/api/pair-requests/").json()["results"]) == 11


def test_submit_a_request(world, scene):
    response = post(world, "mentor_a", "/api/pair-requests/", {
        "pair": str(scene.own.pk), "kind": "release_mentor", "reason": "Переезд"})
    assert response.status_code == 201 and response.json()["status"] == "pending"
    before = counts(world)
    response = post(world, "mentee_a", "/api/pair-requests/", {
        "pair": str(scene.own.pk), "kind": "replace_mentor", "reason": "Ещё раз"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "pending_exists"
    for key, pk in (("teacher_a", scene.own.pk), ("mentor_a", scene.other.pk), ("mentee_a", uuid.uuid4())):
        assert post(world, key, "/api/pair-requests/", {
            "pair": str(pk), "kind": "replace_mentor", "reason": "x"}).status_code == 404
    assert post(world, "both", "/api/pair-requests/", {"pair": str(scene.own.pk), "kind": "replace_mentor",
                                                       "reason": "x"}, school=world.school_b).status_code == 404
    assert counts(world) == before


def test_decide_a_request(world, scene):
    url = f"/api/pair-requests/{scene.petition.pk}/decide/"
    before = counts(world)
    for key in ("mentor_a", "mentee_a", "teacher_a"):
        assert post(world, key, url, {"grant": False, "decision": "нет"}).status_code == 404
    assert post(world, "curator_b", url, {"grant": False, "decision": "нет"}, school=world.school_b
                ).status_code == 404
    assert post(world, "curator_a", f"/api/pair-requests/{uuid.uuid4()}/decide/",
                {"grant": False, "decision": "нет"}).status_code == 404
    response = post(world, "curator_a", url, {"grant": True})
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "new_mentor"
    assert counts(world) == before
    with schema_context(world.school_a.schema_name):
        new = f.mentor(last_name="Новикова")
    response = post(world, "director_a", url, {"grant": True, "decision": "Заменить", "new_mentor": str(new.pk)})
    assert response.status_code == 200 and response.json()["status"] == "granted"
    assert response.json()["new_mentor_name"].startswith("Новикова")
    with schema_context(world.school_a.schema_name):
        current = set(scene.own.participants.filter(left_on__isnull=True, role="mentor").values_list(
            "staff_id", flat=True))
    assert current == {new.pk}


def test_the_schema_documents_the_endpoints(world):
    response = api(world, "curator_a").get("/api/schema/")
    text = response.content.decode()
    for path in ("/api/pairs/", "/api/pairs/{id}/draft-order/", "/api/pairs/{id}/activate/",
                 "/api/pairs/{id}/order-pdf/", "/api/pair-requests/", "/api/pair-requests/{id}/decide/"):
        assert path in text, path
