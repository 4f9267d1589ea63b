"""A mentor's capacity is never exceeded, also when approvals (and a local pair) arrive at the same moment.

Two real transactions on two connections (one per thread) need committed data, so these tests
write in autocommit (like tests/pairs/test_concurrency.py) and remove what they made. The
counting is held at a barrier: without the lock on the mentor's questionnaire both transactions
would count the same free place and both take it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from exchange import services
from exchange.models import DirectoryEntry, MentorRequest, Proposal, ProposalStatus
from mentoring.models import Mode, Pair, RoleForm
from mentoring.selectors import pairs as pair_selectors
from mentoring.services import pairs as pair_services
from people.models import Membership, Person
from staff.models import StaffMember
from tenants.models import School
from tests.exchange.factories import new_mentee
from tests.exchange.xfactories import ListedMentor, listed_mentor, open_request, proposed
from tests.pairs import factories as pf


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[list[Callable[[], None]]]:  # type: ignore[no-untyped-def]
    cleanups: list[Callable[[], None]] = []
    with django_db_blocker.unblock():
        yield cleanups
        for cleanup in reversed(cleanups):
            cleanup()


def _held_at_barrier(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, barrier: threading.Barrier) -> None:
    original = getattr(module, name)

    def count_then_wait(*args: Any, **kwargs: Any) -> Any:
        counts = original(*args, **kwargs)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return counts

    monkeypatch.setattr(module, name, count_then_wait)


def _run(attempts: list[Callable[[], str]]) -> list[str]:
    start = threading.Barrier(len(attempts))
    results: dict[int, str] = {}

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = attempts[index]()
        except ValidationError as error:
            results[index] = next(iter(error.error_dict.values()))[0].code or "invalid"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [results.get(i, "hung") for i in range(len(attempts))]


def _third_school(cleanups: list[Callable[[], None]]) -> School:
    """A third school for this test only (committed), dropped with its schema afterwards."""
    from tenants.services import FirstAdministrator, school_register

    school = school_register(acting_user=None, slug="gamma-race", full_name="МБОУ «СОШ с. Гамма»",
                             short_name="СОШ Гамма", administrator=FirstAdministrator(
                                 username="admin_alpha", last_name="", first_name="")).school

    def cleanup() -> None:
        MentorRequest.objects.filter(school=school).delete()
        Membership.objects.filter(school=school).delete()
        AuditEvent.objects.filter(school_uuid=school.uuid).delete()
        school.delete(force_drop=True)

    cleanups.append(cleanup)
    return school


def _scene(cleanups: list[Callable[[], None]], *, second_school: School | None = None,
           ) -> tuple[ListedMentor, list[Proposal]]:
    """A mentor of beta with one free place, proposed for two requests: both from alpha, or one from alpha
    and one from `second_school`."""
    a, b = School.objects.get(slug="alpha"), School.objects.get(slug="beta")
    curator, director_b = Person.objects.get(username="curator_a"), Person.objects.get(username="director_b")
    mentor = listed_mentor(b, director_b, capacity=1)
    requesting = [a, second_school or a]
    mentees = [new_mentee(school) for school in requesting]
    requests = [open_request(school, curator, mentee) for school, mentee in zip(requesting, mentees, strict=True)]
    proposals = [proposed(request, mentor, curator) for request in requests]

    def cleanup() -> None:
        ids = [r.pk for r in requests]
        Proposal.objects.filter(request_id__in=ids).delete()
        for school in {s.pk: s for s in requesting}.values():
            with schema_context(school.schema_name):
                from exchange_school.models import RequestMentee
                RequestMentee.objects.filter(request_uuid__in=ids).delete()
                AuditEvent.objects.filter(target_id__in=[str(i) for i in ids]).delete()
                StaffMember.objects.filter(pk__in=[m.pk for m in mentees]).delete()
        MentorRequest.objects.filter(pk__in=ids).delete()
        with schema_context(b.schema_name):
            from banks.models import MenteeProfile, MentorProfile
            from consents.models import Consent
            pairs = Pair.objects.filter(participants__staff=mentor.staff).distinct()
            for pair in pairs:
                AuditEvent.objects.filter(target_id=str(pair.pk)).delete()
                pair.delete()
            local = list(StaffMember.objects.filter(last_name__startswith="Местнова").values_list("pk", flat=True))
            Consent.objects.filter(staff_id__in=[mentor.staff.pk, *local]).delete()
            MentorProfile.objects.filter(staff=mentor.staff).delete()
            MenteeProfile.objects.filter(staff_id__in=local).delete()
            StaffMember.objects.filter(pk__in=[mentor.staff.pk, *local]).delete()
        DirectoryEntry.objects.filter(pk=mentor.entry.pk).delete()
        Membership.objects.filter(person=mentor.person).delete()
        AuditEvent.objects.filter(target_id__in=[str(p.pk) for p in proposals]).delete()
        # The person's staff rows live in the schools (deleted above): delete the public row alone.
        AuditEvent.objects.filter(actor=mentor.person).delete()
        Person.objects.filter(pk=mentor.person.pk)._raw_delete(Person.objects.db)

    cleanups.append(cleanup)
    return mentor, proposals


def test_two_schools_requests_approved_at_the_same_moment_take_the_last_place_once(committed, monkeypatch):  # type: ignore[no-untyped-def]
    """The requests come from two schools (alpha and a third one); the mentor's school approves both at once."""
    mentor, proposals = _scene(committed, second_school=_third_school(committed))
    assert proposals[0].request.school_id != proposals[1].request.school_id
    b = mentor.school
    deciders = [Person.objects.get(username="director_b"), Person.objects.get(username="curator_b")]
    _held_at_barrier(monkeypatch, services, "held_places", threading.Barrier(2, timeout=3))

    def approve(index: int) -> Callable[[], str]:
        def attempt() -> str:
            with schema_context(b.schema_name):
                services.proposal_school_decide(acting_user=deciders[index], school=b, proposal=proposals[index],
                                                approve=True)
            return "approved"
        return attempt

    results = _run([approve(0), approve(1)])
    assert sorted(results) == ["approved", "full"], results
    statuses = sorted(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("status", flat=True))
    assert statuses == [ProposalStatus.AWAITING_MENTOR, ProposalStatus.AWAITING_SCHOOL]


def test_a_local_pair_and_an_approval_at_the_same_moment_take_the_last_place_once(committed, monkeypatch):  # type: ignore[no-untyped-def]
    mentor, proposals = _scene(committed)
    b = mentor.school
    with schema_context(b.schema_name):
        pf.consent(mentor.staff)
        local_mentee = pf.mentee(last_name="Местнова")
    barrier = threading.Barrier(2, timeout=3)
    _held_at_barrier(monkeypatch, services, "held_places", barrier)
    _held_at_barrier(monkeypatch, pair_selectors, "held_places", barrier)

    def approve() -> str:
        with schema_context(b.schema_name):
            services.proposal_school_decide(acting_user=Person.objects.get(username="director_b"), school=b,
                                            proposal=proposals[0], approve=True)
        return "approved"

    def pair_locally() -> str:
        with schema_context(b.schema_name):
            pair_services.pair_form(school=b, acting_user=Person.objects.get(username="curator_b"),
                                    role_form=RoleForm.TEACHER_TEACHER, mode=Mode.TRADITIONAL,
                                    mentors=[mentor.staff], mentees=[local_mentee], formed_on=dt.date.today())
        return "formed"

    results = _run([approve, pair_locally])
    assert results.count("approved") + results.count("formed") == 1, results
    assert set(results) & {"full", "over_capacity"}, results
