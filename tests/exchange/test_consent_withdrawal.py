"""A withdrawn exchange consent takes the mentor out of the directory and every ranking at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from consents.models import Consent, ConsentPurpose
from consents.services import consent_withdraw
from exchange import ranking, services
from exchange.models import DirectoryEntry, Proposal, ProposalStatus
from tests.exchange.factories import new_mentee
from tests.exchange.xfactories import ListedMentor, approved, listed_mentor, open_request, proposed


def _withdraw(mentor: ListedMentor, actor) -> None:  # type: ignore[no-untyped-def]
    with schema_context(mentor.school.schema_name), transaction.atomic():
        consent = Consent.objects.get(staff=mentor.staff, purpose=ConsentPurpose.PROCESSING_EXCHANGE,
                                      withdrawn_on__isnull=True)
        consent_withdraw(school=mentor.school, acting_user=actor, consent=consent, withdrawn_on=timezone.localdate())
        # …already inside the withdrawal's own transaction:
        assert not DirectoryEntry.objects.filter(pk=mentor.entry.pk).exists()


def test_the_withdrawal_removes_the_entry_and_every_ranking_at_once(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    assert mentor.entry.pk in {entry.pk for _score, entry in ranking.request_rank(request=request)}
    assert mentor.entry.pk in ranking.district_assignment()["entries"]

    _withdraw(mentor, world.person("director_b"))

    assert not DirectoryEntry.objects.filter(school=world.school_b, staff_uuid=mentor.staff.pk).exists()
    assert mentor.entry.pk not in {entry.pk for _score, entry in ranking.request_rank(request=request)}
    assignment = ranking.district_assignment()
    assert mentor.entry.pk not in assignment["entries"]
    for method in ("optimal", "greedy"):
        assert mentor.entry.pk not in {p.mentor_id for p in assignment[method].pairs}
    with pytest.raises(ValidationError) as error, schema_context(world.school_a.schema_name):
        services.proposal_create(acting_user=world.person("curator_a"), request=request, entry_id=mentor.entry.pk)
    assert error.value.error_dict["mentor"][0].code == "not_listed"


def test_a_proposal_awaiting_the_mentor_cannot_be_accepted_after_the_withdrawal(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    proposal = approved(proposed(request, mentor, world.person("curator_a")), mentor, world.person("director_b"))
    _withdraw(mentor, world.person("director_b"))
    proposal.refresh_from_db()
    assert proposal.entry_id is None
    with pytest.raises(ValidationError), schema_context(world.school_b.schema_name):
        services.proposal_mentor_decide(acting_user=mentor.person, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status != ProposalStatus.ACCEPTED
    with schema_context(world.school_a.schema_name):
        from mentoring.models import Pair
        assert not Pair.objects.filter(participants__staff__person=mentor.person).exists()


def test_a_proposal_awaiting_the_school_cannot_be_approved_after_the_withdrawal(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    proposal = proposed(request, mentor, world.person("curator_a"))
    _withdraw(mentor, world.person("director_b"))
    with pytest.raises(ValidationError) as caught, schema_context(world.school_b.schema_name):
        services.proposal_school_decide(acting_user=world.person("director_b"), school=world.school_b,
                                        proposal=Proposal.objects.get(pk=proposal.pk), approve=True)
    assert caught.value.error_dict["__all__"][0].code == "not_listed"
    assert Proposal.objects.get(pk=proposal.pk).status == "awaiting_school"
