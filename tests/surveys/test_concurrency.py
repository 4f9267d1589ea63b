"""The same respondent sends the answers twice at the same moment: one is saved, the other refused.

Two real transactions on two connections need committed data, so this test writes in autocommit
(like tests/pairs/test_concurrency.py) and removes what it made.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from banks.models import MenteeProfile
from mentoring.models import Pair
from people.models import Person
from surveys import services
from surveys.models import Answer, Campaign, Invitation, Questionnaire, Response
from tenants.models import School
from tests.surveys.conftest import make_survey


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield


class _World:
    def __init__(self) -> None:
        self.school_a = School.objects.get(slug="alpha")
        self.people = {p.username: p for p in Person.objects.filter(
            username__in=["curator_a", "mentor_a", "mentee_a", "both"])}


def test_two_simultaneous_answers_of_one_person_save_one(committed, monkeypatch):
    world = _World()
    school = world.school_a
    with schema_context(school.schema_name):
        survey = make_survey(world)
        campaign = survey.campaign(world)
    checked = threading.Barrier(2, timeout=3)
    original = services.response_check

    def check_then_wait(**kwargs):  # type: ignore[no-untyped-def]
        stored = original(**kwargs)
        # Without the lock both would pass the «answered?» check and both store; with it the second is still
        # waiting for the invitation row, so the barrier breaks.
        try:
            checked.wait()
        except threading.BrokenBarrierError:
            pass
        return stored

    monkeypatch.setattr(services, "response_check", check_then_wait)
    start = threading.Barrier(2)
    results: dict[int, str] = {}

    def attempt(index: int) -> None:
        try:
            with schema_context(school.schema_name):
                start.wait()
                services.response_submit(school=school, acting_user=world.people["mentee_a"], campaign=campaign,
                                         answers=survey.answers(scale=index + 1))
            results[index] = "saved"
        except ValidationError as error:
            results[index] = error.error_dict["__all__"][0].code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results.values()) == ["already_answered", "saved"], results
        with schema_context(school.schema_name):
            assert Response.objects.filter(campaign=campaign).count() == 1
            assert Answer.objects.filter(response__campaign=campaign).count() == 4
    finally:
        with schema_context(school.schema_name):
            campaigns = list(Campaign.objects.filter(questionnaire=survey.questionnaire))
            AuditEvent.objects.filter(action__startswith="surveys.").delete()
            Answer.objects.filter(response__campaign__in=campaigns).delete()
            Response.objects.filter(campaign__in=campaigns).delete()
            Invitation.objects.filter(campaign__in=campaigns).delete()
            Campaign.objects.filter(pk__in=[c.pk for c in campaigns]).delete()
            Questionnaire.objects.filter(pk=survey.questionnaire.pk).delete()
            pair_id = survey.programme.pair_id
            survey.programme.delete()
            Pair.objects.filter(pk=pair_id).delete()
            MenteeProfile.objects.filter(staff__person__username__in=["mentee_a", "both"]).delete()
