"""The mentor exchange's pages: the workflow end to end through them, bad input on the forms, and who sees what."""

from __future__ import annotations

import pytest
from django.utils import timezone

from banks.models import Direction
from exchange.models import MentorRequest, Proposal, ProposalStatus, RequestStatus
from people.models import Membership
from people.roles import SchoolRole
from tenants.models import School, SchoolStatus
from tests.conftest import client_for
from tests.english import english  # noqa: F401 - messages are asserted in English

from .xfactories import approved, listed_mentor, open_request, proposed

pytestmark = pytest.mark.django_db


def test_the_workflow_end_to_end_through_the_pages(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    curator = client_for(world.school_a, world.person("curator_a"))
    mentee = world.staff("mentee_a")
    response = curator.post("/exchange/new/", {
        "mentee": str(mentee.pk), "subjects": "математика", "directions": [Direction.TEACHING_METHODS],
        "preferred_mode": "", "starts_on": timezone.localdate().isoformat(), "months": "6",
        "min_experience_years": ""})
    request = MentorRequest.objects.get(school=world.school_a)
    assert response.status_code == 302 and response["Location"] == f"/exchange/requests/{request.pk}/"
    page = curator.get(f"/exchange/requests/{request.pk}/").content.decode()
    assert mentor.entry.full_name in page and "/100" in page and mentee.full_name in page
    assert curator.post(f"/exchange/requests/{request.pk}/propose/", {"entry": str(mentor.entry.pk)}).status_code == 302
    proposal = Proposal.objects.get(request=request)
    assert "Awaiting the mentor" in curator.get(f"/exchange/requests/{request.pk}/").content.decode()

    director_b = client_for(world.school_b, world.person("director_b"))
    assert mentor.entry.full_name in director_b.get("/exchange/mentors/").content.decode()
    assert director_b.post(f"/exchange/mentors/{proposal.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_MENTOR
    assert "1/2" in director_b.get("/exchange/mentors/").content.decode()  # places taken / total

    me = client_for(world.school_b, mentor.person)
    assert world.school_a.short_name in me.get("/exchange/mine/").content.decode()
    assert me.post(f"/exchange/mine/{proposal.pk}/answer/", {"decision": "accept"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.MATCHED
    assert SchoolRole.GUEST_MENTOR in Membership.objects.get(person=mentor.person, school=world.school_a).roles


def test_a_request_without_criteria_shows_the_message_on_the_form(world):  # type: ignore[no-untyped-def]
    curator = client_for(world.school_a, world.person("curator_a"))
    response = curator.post("/exchange/new/", {
        "mentee": str(world.staff("mentee_a").pk), "subjects": " , ", "preferred_mode": "",
        "starts_on": timezone.localdate().isoformat(), "months": "6"})
    assert response.status_code == 200
    assert "without criteria" in response.context["form"].errors["subjects"][0]
    assert not MentorRequest.objects.exists()


def test_proposing_a_mentor_of_an_archived_school_or_a_full_one_says_why(world):  # type: ignore[no-untyped-def]
    full = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    first = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    second = open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"))
    approved(proposed(first, full, world.person("curator_a")), full, world.person("curator_b"))
    curator = client_for(world.school_a, world.person("curator_a"))
    response = curator.post(f"/exchange/requests/{second.pk}/propose/", {"entry": str(full.entry.pk)}, follow=True)
    assert "cannot be proposed" in response.content.decode()
    assert not Proposal.objects.filter(request=second).exists()
    School.objects.filter(pk=world.school_b.pk).update(status=SchoolStatus.ARCHIVED, archived_at=timezone.now())
    response = curator.post(f"/exchange/requests/{second.pk}/propose/", {"entry": str(full.entry.pk)}, follow=True)
    assert "archived" in response.content.decode()
    assert not Proposal.objects.filter(request=second).exists()


def test_declining_without_a_reason_shows_the_message_and_saves_nothing(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    proposal = proposed(open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a")), mentor,
                        world.person("curator_a"))
    director_b = client_for(world.school_b, world.person("director_b"))
    response = director_b.post(f"/exchange/mentors/{proposal.pk}/decide/", {"decision": "decline", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_SCHOOL
    approved(proposal, mentor, world.person("director_b"))
    me = client_for(world.school_b, mentor.person)
    response = me.post(f"/exchange/mine/{proposal.pk}/answer/", {"decision": "decline", "reason": " "})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_MENTOR


def test_the_other_school_and_members_without_the_capability_get_404(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    request = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    proposal = proposed(request, mentor, world.person("curator_a"))
    curator_b = client_for(world.school_b, world.person("curator_b"))
    assert curator_b.get(f"/exchange/requests/{request.pk}/").status_code == 404
    assert curator_b.post(f"/exchange/requests/{request.pk}/cancel/").status_code == 404
    propose = f"/exchange/requests/{request.pk}/propose/"
    assert curator_b.post(propose, {"entry": str(mentor.entry.pk)}).status_code == 404
    curator_a = client_for(world.school_a, world.person("curator_a"))  # the requesting school cannot decide for B
    assert curator_a.post(f"/exchange/mentors/{proposal.pk}/decide/", {"decision": "approve"}).status_code == 404
    teacher = client_for(world.school_a, world.person("teacher_a"))
    for url in ("/exchange/", "/exchange/new/", f"/exchange/requests/{request.pk}/", "/exchange/mentors/",
                "/exchange/mine/"):
        assert teacher.get(url).status_code == 404, url
    teacher_b = client_for(world.school_b, world.person("teacher_b"))  # not the proposed mentor
    approved(proposal, mentor, world.person("director_b"))
    assert teacher_b.post(f"/exchange/mine/{proposal.pk}/answer/", {"decision": "accept"}).status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_MENTOR
    district = client_for(None, world.person("district_admin"))
    for url in ("/exchange/new/", f"/exchange/requests/{request.pk}/", "/exchange/mentors/", "/exchange/mine/"):
        assert district.get(url).status_code == 404, url
    anonymous = client_for(world.school_a)
    assert anonymous.get("/exchange/").status_code == 302


def test_district_pages_show_the_directory_requests_and_the_proposal_with_greedy_beside(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    listed_mentor(world.school_b, world.person("curator_b"), capacity=1, subjects=("Физика", "Математика"))
    open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"), subjects=("физика",))
    analyst = client_for(None, world.person("district_analyst"))
    page = analyst.get("/exchange/?subject=физ").content.decode()
    assert "Физика" in page and mentor.entry.full_name not in page
    page = analyst.get("/exchange/requests/").content.decode()
    assert world.school_a.short_name in page and world.staff("mentee_a").full_name not in page
    response = analyst.get("/exchange/proposal/")
    page = response.content.decode()
    assert 'data-figure="optimal-matched">2<' in page and 'data-figure="greedy-total"' in page
    assert "Send the chosen" not in page  # the analyst reads only
    assert analyst.post("/exchange/proposal/send/").status_code == 404
    assert analyst.get("/exchange/settings/").status_code == 404
    admin = client_for(None, world.person("district_admin"))
    rows = admin.get("/exchange/proposal/").context["rows"]
    data = {"send": [str(r["request"].pk) for r in rows]}
    data |= {f"mentor_{r['request'].pk}": str(r["chosen"].mentor_id) for r in rows}
    assert admin.post("/exchange/proposal/send/", data).status_code == 302
    assert Proposal.objects.filter(status=ProposalStatus.AWAITING_SCHOOL).count() == 2
    school_user = client_for(world.school_a, world.person("curator_a"))
    for url in ("/exchange/requests/", "/exchange/proposal/", "/exchange/settings/"):
        assert school_user.get(url).status_code == 404, url


def test_the_settings_form_refuses_weights_that_do_not_add_up_to_100(world):  # type: ignore[no-untyped-def]
    admin = client_for(None, world.person("district_admin"))
    data = {"require_subject_match": "on", "min_experience_years": "2", "answer_days": "5", "weight_subjects": "40",
            "weight_directions": "25", "weight_experience": "15", "weight_mode": "15", "weight_availability": "10"}
    response = admin.post("/exchange/settings/", data)
    assert response.status_code == 200 and "add up to 100, not 105" in response.content.decode()
    data["weight_subjects"] = "35"
    assert admin.post("/exchange/settings/", data).status_code == 302
    from exchange.ranking import exchange_rules
    assert exchange_rules().min_experience_years == 2


def test_my_proposals_is_404_for_a_mentor_not_in_the_directory(world):  # type: ignore[no-untyped-def]
    me = client_for(world.school_a, world.person("mentor_a"))
    assert me.get("/exchange/mine/").status_code == 404
