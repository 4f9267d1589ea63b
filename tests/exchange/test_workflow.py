"""The mentor exchange's workflow through its services (issue 6): request → rank → propose → the mentor's
school approves → the mentor consents → the cross-school pair; declines, expiry, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from exchange import services
from exchange.models import DeclinedBy, MentorRequest, Proposal, ProposalStatus, RequestStatus
from exchange.ranking import district_assignment, free_capacity, open_requests, request_rank
from exchange.tasks import expire_proposals
from exchange_school.models import RequestMentee
from mentoring.models import Pair, PairStatus, Participant, ParticipantRole, Programme
from people.models import Membership
from people.roles import SchoolRole
from tenants.models import School, SchoolStatus
from tests.english import english  # noqa: F401 - messages are asserted in English

from .xfactories import approved, listed_mentor, open_request, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"))
    request = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    return world, mentor, request


def test_the_whole_workflow_forms_a_cross_school_pair_with_a_guest_membership(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    ranking = request_rank(request=request)
    assert ranking[0][1].pk == mentor.entry.pk and ranking[0][0].eligible
    proposal = proposed(request, mentor, world.person("curator_a"))
    assert proposal.status == ProposalStatus.AWAITING_SCHOOL and 0 < proposal.score <= 100
    assert [c["name"] for c in proposal.explanation] == ["subjects", "directions", "experience", "mode",
                                                        "availability"]
    proposal = approved(proposal, mentor, world.person("director_b"))
    assert proposal.status == ProposalStatus.AWAITING_MENTOR
    # The mentor's school sees the place taken: one of two.
    assert free_capacity(mentor.entry, services.held_places()) == 1
    proposal = services.proposal_mentor_decide(acting_user=mentor.person, proposal=proposal, accept=True)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.MATCHED
    membership = Membership.objects.get(person=mentor.person, school=world.school_a)
    assert membership.roles == [SchoolRole.GUEST_MENTOR]
    assert membership.guest_programmes == [proposal.programme_uuid]
    with schema_context(world.school_a.schema_name):
        pair = Pair.objects.get(pk=proposal.pair_uuid)
        assert pair.status == PairStatus.FORMING
        roles = {p.role: p.staff for p in Participant.objects.filter(pair=pair)}
        assert roles[ParticipantRole.MENTOR].is_guest
        assert roles[ParticipantRole.MENTOR].home_school_uuid == world.school_b.uuid
        assert roles[ParticipantRole.MENTEE] == world.staff("mentee_a")
        assert Programme.objects.get(pk=proposal.programme_uuid).pair_id == pair.pk
    assert AuditEvent.objects.filter(action="exchange.mentor_accepted").exists()


def test_the_request_holds_no_personal_data_of_the_mentee(setup):  # type: ignore[no-untyped-def]
    world, _mentor, request = setup
    fields = {f.name for f in MentorRequest._meta.get_fields()}
    assert not {"mentee", "mentee_name", "name"} & fields
    with schema_context(world.school_a.schema_name):
        assert RequestMentee.objects.get(request_uuid=request.pk).mentee == world.staff("mentee_a")


def test_a_request_without_criteria_is_refused_and_nothing_saved(world):  # type: ignore[no-untyped-def]
    before = MentorRequest.objects.count()
    with schema_context(world.school_a.schema_name), pytest.raises(ValidationError) as caught:
        services.request_create(acting_user=world.person("curator_a"), school=world.school_a,
                                mentee=world.staff("mentee_a"), subjects=[" "], directions=[],
                                starts_on=timezone.localdate(), months=6)
    assert caught.value.error_dict["subjects"][0].code == "no_criteria"
    assert "without criteria" in caught.value.messages[0]
    assert MentorRequest.objects.count() == before
    with schema_context(world.school_a.schema_name):
        assert not RequestMentee.objects.exists()


def test_a_mentor_of_an_archived_school_cannot_be_proposed(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    School.objects.filter(pk=world.school_b.pk).update(status=SchoolStatus.ARCHIVED, archived_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        proposed(request, mentor, world.person("curator_a"))
    assert caught.value.error_dict["mentor"][0].code == "school_archived"
    assert "archived" in caught.value.messages[0]
    assert not Proposal.objects.exists()


def test_a_full_mentor_cannot_be_proposed_and_is_shown_with_the_refusal(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    first = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    second = open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"))
    approved(proposed(first, mentor, world.person("curator_a")), mentor, world.person("curator_b"))
    ranking = request_rank(request=second)
    score, entry = next((s, e) for s, e in ranking if e.pk == mentor.entry.pk)  # still listed, not dropped
    assert not score.eligible and score.refusals
    with pytest.raises(ValidationError) as caught:
        proposed(second, mentor, world.person("curator_a"))
    assert caught.value.error_dict["mentor"][0].code == "not_eligible"
    assert Proposal.objects.filter(request=second).count() == 0


def test_the_school_cannot_approve_beyond_the_capacity(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    first = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    second = open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"))
    p1 = proposed(first, mentor, world.person("curator_a"))
    p2 = proposed(second, mentor, world.person("curator_a"))  # both awaiting the school: no place held yet
    approved(p1, mentor, world.person("director_b"))
    with pytest.raises(ValidationError) as caught:
        approved(p2, mentor, world.person("director_b"))
    assert caught.value.error_dict["__all__"][0].code == "full"
    assert Proposal.objects.get(pk=p2.pk).status == ProposalStatus.AWAITING_SCHOOL


def test_declines_need_a_reason(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    proposal = proposed(request, mentor, world.person("curator_a"))
    with schema_context(world.school_b.schema_name), pytest.raises(ValidationError) as caught:
        services.proposal_school_decide(acting_user=world.person("director_b"), school=world.school_b,
                                        proposal=proposal, approve=False, reason="  ")
    assert "reason" in caught.value.error_dict
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_SCHOOL
    with schema_context(world.school_b.schema_name):
        declined = services.proposal_school_decide(acting_user=world.person("director_b"), school=world.school_b,
                                                   proposal=proposal, approve=False, reason="Нагрузка")
    assert declined.status == ProposalStatus.DECLINED and declined.declined_by == DeclinedBy.SCHOOL
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.OPEN  # can be proposed again


def test_the_mentor_declines_with_a_reason_and_only_the_mentor_answers(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    proposal = approved(proposed(request, mentor, world.person("curator_a")), mentor, world.person("curator_b"))
    with pytest.raises(ValidationError):
        services.proposal_mentor_decide(acting_user=mentor.person, proposal=proposal, accept=False, reason="")
    with pytest.raises(ValidationError) as caught:
        services.proposal_mentor_decide(acting_user=world.person("teacher_b"), proposal=proposal, accept=True)
    assert caught.value.error_dict["__all__"][0].code == "not_the_mentor"
    declined = services.proposal_mentor_decide(acting_user=mentor.person, proposal=proposal, accept=False,
                                               reason="Не успеваю")
    assert declined.declined_by == DeclinedBy.MENTOR
    assert free_capacity(mentor.entry, services.held_places()) == 2  # the place is free again


def test_unanswered_proposals_expire_and_the_request_reopens(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    proposal = proposed(request, mentor, world.person("curator_a"))
    Proposal.objects.filter(pk=proposal.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert expire_proposals() == 1
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.EXPIRED
    assert [r.pk for r in open_requests()] == [request.pk]
    proposed(request, mentor, world.person("curator_a"))  # a new proposal can be made


def test_cancelling_a_request_withdraws_its_live_proposal(setup):  # type: ignore[no-untyped-def]
    world, mentor, request = setup
    proposal = proposed(request, mentor, world.person("curator_a"))
    with schema_context(world.school_a.schema_name):
        services.request_cancel(acting_user=world.person("curator_a"), school=world.school_a, request=request)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN


def test_the_district_proposal_and_sending_it(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("curator_b"), capacity=1)
    listed_mentor(world.school_b, world.person("curator_b"), capacity=1, subjects=("Физика", "Математика"))
    first = open_request(world.school_a, world.person("curator_a"), world.staff("mentee_a"))
    second = open_request(world.school_a, world.person("curator_a"), world.staff("teacher_a"),
                          subjects=("физика",))
    result = district_assignment()
    assert result["optimal"].matched == 2
    assert result["optimal"].total_score >= result["greedy"].total_score
    choices = [(p.request_id, p.mentor_id) for p in result["optimal"].pairs]
    sent = services.district_proposals_send(acting_user=world.person("district_admin"), choices=choices)
    assert {p.request_id for p in sent} == {first.pk, second.pk}
    assert all(p.status == ProposalStatus.AWAITING_SCHOOL for p in sent)
    assert mentor.entry.pk in {p.entry_id for p in sent}
    with pytest.raises(ValidationError):
        services.district_proposals_send(acting_user=world.person("district_admin"), choices=[])


def test_the_demo_district_has_the_exchange_at_every_step(world):  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    statuses = sorted(Proposal.objects.filter(request__school__slug="nozhay-yurt").values_list("status", flat=True))
    assert statuses == sorted([ProposalStatus.ACCEPTED, ProposalStatus.AWAITING_MENTOR,
                               ProposalStatus.AWAITING_SCHOOL])
    assert MentorRequest.objects.filter(school__slug="nozhay-yurt", status=RequestStatus.OPEN).count() == 3
    assert Membership.objects.filter(school__slug="nozhay-yurt", roles__contains=[SchoolRole.GUEST_MENTOR]).exists()
    before = (Proposal.objects.count(), MentorRequest.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Proposal.objects.count(), MentorRequest.objects.count()) == before
