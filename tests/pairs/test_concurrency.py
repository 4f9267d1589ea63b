"""Two curators pair the same mentor at the same moment: the capacity still holds.

Two real transactions on two connections (one per thread) need committed data, so this test
writes in autocommit (like tests/test_celery_worker.py) and removes what it made.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from banks.models import MenteeProfile, MentorProfile
from consents.models import Consent
from mentoring.models import Mode, Pair, RoleForm
from mentoring.selectors import pairs as pair_selectors
from mentoring.services import pairs as pair_services
from people.models import Person
from staff.models import StaffMember
from tenants.models import School
from tests.pairs import factories as f


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield


def test_only_one_of_two_simultaneous_pairings_takes_the_last_place(committed, monkeypatch):
    school = School.objects.get(slug="alpha")
    curators = [Person.objects.get(username="curator_a"), Person.objects.get(username="director_a")]
    with schema_context(school.schema_name):
        mentor = f.mentor(capacity=1, last_name="Гонкова")
        mentees = [f.mentee(last_name="Первый"), f.mentee(last_name="Второй")]
    staff_ids = [mentor.pk, *(m.pk for m in mentees)]

    counted = threading.Barrier(2, timeout=3)
    original = pair_selectors.active_mentee_counts

    def count_then_wait(mentor_ids):  # type: ignore[no-untyped-def]
        counts = original(mentor_ids)
        # Without the lock both transactions would count 0 here and then both insert;
        # with it the second is still waiting for the mentor's row, so the barrier breaks.
        try:
            counted.wait()
        except threading.BrokenBarrierError:
            pass
        return counts

    monkeypatch.setattr(pair_selectors, "active_mentee_counts", count_then_wait)
    start = threading.Barrier(2)
    results: dict[int, str] = {}

    def attempt(index: int) -> None:
        try:
            with schema_context(school.schema_name):
                start.wait()
                pair_services.pair_form(
                    school=school, acting_user=curators[index], role_form=RoleForm.TEACHER_TEACHER,
                    mode=Mode.TRADITIONAL, mentors=[mentor], mentees=[mentees[index]], formed_on=dt.date(2025, 9, 1),
                )
            results[index] = "formed"
        except ValidationError as error:
            results[index] = error.error_dict["mentors"][0].code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    begun = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results.values()) == ["formed", "over_capacity"], results
        assert time.monotonic() - begun < 20
        with schema_context(school.schema_name):
            assert Pair.objects.filter(participants__staff=mentor).count() == 1
    finally:
        with schema_context(school.schema_name):
            pairs = Pair.objects.filter(participants__staff_id__in=staff_ids).distinct()
            AuditEvent.objects.filter(target_id__in=[str(p.pk) for p in pairs]).delete()
            for pair in pairs:
                pair.delete()
            Consent.objects.filter(staff_id__in=staff_ids).delete()
            MentorProfile.objects.filter(staff_id__in=staff_ids).delete()
            MenteeProfile.objects.filter(staff_id__in=staff_ids).delete()
            StaffMember.objects.filter(pk__in=staff_ids).delete()
