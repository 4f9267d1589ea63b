"""The mentor exchange's REST endpoints: the workflow, bad input, and who gets 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from exchange.models import MentorRequest, Proposal, ProposalStatus
from tests.conftest import client_for
from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.test_api import token_client

from .xfactories import approved, listed_mentor, open_request, proposed

pytestmark = pytest.mark.django_db


def test_the_workflow_through_the_api(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    curator = client_for(world.school_a, world.person("curator_a"))
    response = curator.post("/api/exchange/requests/", {
        "mentee": str(world.staff("mentee_a").pk), "subjects": ["математика"], "starts_on":
        timezone.localdate().isoformat(), "months": 6}, content_type="application/json")
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    assert "mentee" not in response.json()
    ranking = curator.get(f"/api/exchange/requests/{request_id}/ranking/").json()
    assert ranking[0]["entry"] == str(mentor.entry.pk) and ranking[0]["eligible"]
    assert {c["name"] for c in ranking[0]["criteria"]} >= {"subjects", "experience"}
    response = curator.post(f"/api/exchange/requests/{request_id}/propose/", {"entry": str(mentor.entry.pk)},
                            content_type="application/json")
    assert response.status_code == 201
    proposal_id = response.json()["id"]
    director_b = client_for(world.school_b, world.person("director_b"))
    assert [p["id"] for p in director_b.get("/api/exchange/incoming/").json()] == [proposal_id]
    assert director_b.post(f"/api/exchange/incoming/{proposal_id}/approve/").json()["status"] == "awaiting_mentor"
    me = client_for(world.school_b, mentor.person)
    assert [p["id"] for p in me.get("/api/exchange/my-proposals/").json()] == [proposal_id]
    assert me.post(f"/api/exchange/my-proposals/{proposal_id}/accept/").json()["status"] == "accepted"
    assert MentorRequest.objects.get(pk=request_id).status == "matched"


def test_bad_input_gets_clear_messages_and_saves_nothing(world):  # type: ignore[no-untyped-def]
    curator = client_for(world.school_a, world.person("curator_a"))
    response = curator.post("/api/exchange/requests/", {
        "mentee": str(world.staff("mentee_a").pk), "subjects": [], "starts_on": timezone.localdate().isoformat(),
        "months": 6}, content_type="application/json")
    assert response.status_code == 400 and "without criteria" in response.content.decode()
    assert not MentorRequest.objects.exists()
    full = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    first = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    second = open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"))
    approved(proposed(first, full, world.person("curator_a")), full, world.person("curator_b"))
    response = curator.post(f"/api/exchange/requests/{second.pk}/propose/", {"entry": str(full.entry.pk)},
                            content_type="application/json")
    assert response.status_code == 400 and "cannot be proposed" in response.content.decode()
    assert not Proposal.objects.filter(request=second).exists()


def test_declining_through_the_api_needs_a_reason(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    proposal = proposed(open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a")), mentor,
                        world.person("curator_a"))
    director_b = client_for(world.school_b, world.person("director_b"))
    response = director_b.post(f"/api/exchange/incoming/{proposal.pk}/decline/", {"reason": ""},
                               content_type="application/json")
    assert response.status_code == 400 and "Say why" in response.content.decode()
    response = director_b.post(f"/api/exchange/incoming/{proposal.pk}/decline/", {"reason": "Занят"},
                               content_type="application/json")
    assert response.json()["status"] == ProposalStatus.DECLINED


def test_access_other_school_teacher_district_and_anonymous(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    request = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    proposal = proposed(request, mentor, world.person("curator_a"))
    curator_b = client_for(world.school_b, world.person("curator_b"))
    assert curator_b.get(f"/api/exchange/requests/{request.pk}/ranking/").status_code == 404
    assert curator_b.post(f"/api/exchange/requests/{request.pk}/cancel/").status_code == 404
    assert client_for(world.school_a, world.person("curator_a")).post(
        f"/api/exchange/incoming/{proposal.pk}/approve/").status_code == 404
    teacher = client_for(world.school_a, world.person("teacher_a"))
    assert teacher.get("/api/exchange/requests/").status_code == 404
    assert teacher.get("/api/exchange/my-proposals/").json() == []
    approved(proposal, mentor, world.person("director_b"))
    assert client_for(world.school_b, world.person("teacher_b")).post(
        f"/api/exchange/my-proposals/{proposal.pk}/accept/").status_code == 404
    district = token_client(world.school_a, world.person("district_admin"))  # a district person at a school
    assert district.get("/api/exchange/requests/").status_code == 404
    assert client_for(world.school_a).get("/api/exchange/requests/").status_code == 401


def test_district_endpoints(world):  # type: ignore[no-untyped-def]
    listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    request = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    analyst = client_for(None, world.person("district_analyst"))
    assert len(analyst.get("/api/district/exchange/directory/?subject=матем").json()) == 1
    assert [r["id"] for r in analyst.get("/api/district/exchange/requests/").json()] == [str(request.pk)]
    proposal = analyst.get("/api/district/exchange/proposal/").json()
    assert proposal["optimal"]["matched"] == 1 and proposal["greedy"]["matched"] == 1
    pairs = [{"request": p["request"], "entry": p["entry"]} for p in proposal["optimal"]["pairs"]]
    assert analyst.post("/api/district/exchange/proposal/send/", {"pairs": pairs},
                        content_type="application/json").status_code == 404
    admin = client_for(None, world.person("district_admin"))
    response = admin.post("/api/district/exchange/proposal/send/", {"pairs": pairs}, content_type="application/json")
    assert response.status_code == 201 and response.json()[0]["status"] == "awaiting_school"
    school_user = client_for(world.school_a, world.person("curator_a"))
    assert school_user.get("/api/district/exchange/proposal/").status_code == 404
