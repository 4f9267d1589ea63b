"""A mentor without a login answers on paper; the mentor's school records the answer."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from banks.models import Direction
from banks.services import mentor_add
from consents.models import ConsentPurpose
from consents.services import consent_give
from exchange import services
from exchange.models import DirectoryEntry, Proposal, ProposalStatus
from mentoring.models import Pair
from people.models import Membership
from staff.models import StaffMember
from tests.conftest import client_for
from tests.english import english  # noqa: F401
from tests.exchange.factories import new_mentee
from tests.exchange.xfactories import ListedMentor, approved, listed_mentor, open_request, proposed


def _paper_mentor(world) -> ListedMentor:  # type: ignore[no-untyped-def]
    school, actor = world.school_b, world.person("director_b")
    with schema_context(school.schema_name):
        staff = StaffMember.objects.create(last_name="Безлогинова", first_name="Зара", patronymic="Ахмедовна",
                                           position="учитель математики", subjects=["математика"],
                                           teaching_experience_years=20)
        mentor_add(school=school, acting_user=actor, staff=staff, capacity=2, subjects=["математика"],
                   directions=[Direction.TEACHING_METHODS], willing_cross_school=True)
        consent_give(school=school, acting_user=actor, staff=staff, purpose=ConsentPurpose.PROCESSING_EXCHANGE,
                     given_on=timezone.localdate())
    entry = DirectoryEntry.objects.get(school=school, staff_uuid=staff.pk)
    assert entry.person_id is None
    return ListedMentor(person=None, staff=staff, entry=entry, school=school)  # type: ignore[arg-type]


def _awaiting_mentor(world, mentor: ListedMentor) -> Proposal:  # type: ignore[no-untyped-def]
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    return approved(proposed(request, mentor, world.person("curator_a")), mentor, world.person("director_b"))


def test_the_school_records_the_written_consent_and_the_pair_is_formed_without_a_guest_login(world):  # type: ignore[no-untyped-def]
    proposal = _awaiting_mentor(world, _paper_mentor(world))
    with schema_context(world.school_b.schema_name):
        proposal = services.proposal_mentor_consent_record(
            acting_user=world.person("director_b"), school=world.school_b, proposal=proposal, accept=True)
    assert proposal.status == ProposalStatus.ACCEPTED
    with schema_context(world.school_a.schema_name):
        pair = Pair.objects.get(pk=proposal.pair_uuid)
        guest = pair.participants.get(role="mentor").staff
        assert (guest.is_guest, guest.person_id, guest.last_name) == (True, None, "Безлогинова")
    assert not Membership.objects.filter(school=world.school_a, roles__contains=["guest_mentor"]).exists()


def test_recording_is_refused_for_a_mentor_with_a_login_and_for_another_school(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    proposal = _awaiting_mentor(world, mentor)
    with pytest.raises(ValidationError) as caught:
        services.proposal_mentor_consent_record(acting_user=world.person("director_b"), school=world.school_b,
                                                proposal=proposal, accept=True)
    assert caught.value.error_dict["__all__"][0].code == "mentor_has_login"
    with pytest.raises(ValidationError) as caught:
        services.proposal_mentor_consent_record(acting_user=world.person("director_a"), school=world.school_a,
                                                proposal=proposal, accept=True)
    assert caught.value.error_dict["__all__"][0].code == "other_school"
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_MENTOR


def test_the_page_records_a_decline_with_its_reason_and_others_get_404(world, english):  # type: ignore[no-untyped-def]  # noqa: F811
    proposal = _awaiting_mentor(world, _paper_mentor(world))
    url = f"/exchange/mentors/{proposal.pk}/record-answer/"
    assert "record the answer the mentor gave in writing" in client_for(
        world.school_b, world.person("director_b")).get("/exchange/mentors/").content.decode()
    assert client_for(world.school_a, world.person("director_a")).post(url, {"decision": "accept"}).status_code == 404
    assert client_for(world.school_b, world.person("teacher_b")).post(url, {"decision": "accept"}).status_code == 404
    director = client_for(world.school_b, world.person("director_b"))
    assert director.post(url, {"decision": "decline", "reason": ""}).status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.AWAITING_MENTOR
    response = director.post(url, {"decision": "decline", "reason": "Отказалась письменно: нагрузка"})
    assert response.status_code == 302
    declined = Proposal.objects.get(pk=proposal.pk)
    assert (declined.status, declined.declined_by, declined.decline_reason) == (
        ProposalStatus.DECLINED, "mentor", "Отказалась письменно: нагрузка")
