"""Builders for the exchange's workflow, page and API tests (helper module, not a test file)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone
from django_tenants.utils import schema_context

from banks.models import Direction
from banks.services import mentor_add
from consents.models import ConsentPurpose
from consents.services import consent_give
from exchange import services
from exchange.models import DirectoryEntry, MentorRequest, Proposal
from people.models import Person
from people.roles import SchoolRole
from people.services import membership_grant, person_create
from staff.models import StaffMember
from tenants.models import School

_counter = itertools.count(1)


@dataclass
class ListedMentor:
    person: Person
    staff: StaffMember
    entry: DirectoryEntry
    school: School


def listed_mentor(school: School, actor: Person, *, capacity: int = 2, subjects: tuple[str, ...] = ("Математика",),
                  experience: int = 12, modes: tuple[str, ...] = ()) -> ListedMentor:
    """A new person who is a teacher of `school`, in its mentor bank, willing and consented: in the directory."""
    n = next(_counter)
    person = person_create(acting_user=None, username=f"xmentor{n}-{school.slug}", last_name=f"Обменов{n}",
                           first_name="Олег", password="test-pass-123")  # noqa: S106
    membership_grant(acting_user=None, school=school, person=person, roles=[SchoolRole.MENTOR, SchoolRole.TEACHER])
    with schema_context(school.schema_name):
        staff = StaffMember.objects.create(
            person=person, last_name=person.last_name, first_name="Олег", position="учитель математики",
            subjects=["математика"], teaching_experience_years=experience)
        mentor_add(school=school, acting_user=actor, staff=staff, capacity=capacity, subjects=list(subjects),
                   directions=[Direction.TEACHING_METHODS], preferred_modes=list(modes), willing_cross_school=True)
        consent_give(school=school, acting_user=actor, staff=staff, purpose=ConsentPurpose.PROCESSING_EXCHANGE,
                     given_on=timezone.localdate())
    entry = DirectoryEntry.objects.get(school=school, staff_uuid=staff.pk)
    return ListedMentor(person=person, staff=staff, entry=entry, school=school)


def open_request(school: School, curator: Person, mentee: StaffMember, *,
                 subjects: tuple[str, ...] = ("математика",)) -> MentorRequest:
    with schema_context(school.schema_name):
        return services.request_create(acting_user=curator, school=school, mentee=mentee, subjects=list(subjects),
                                       directions=[Direction.TEACHING_METHODS], starts_on=timezone.localdate(),
                                       months=6)


def proposed(request: MentorRequest, mentor: ListedMentor, curator: Person) -> Proposal:
    with schema_context(request.school.schema_name):
        return services.proposal_create(acting_user=curator, request=request, entry_id=mentor.entry.pk)


def approved(proposal: Proposal, mentor: ListedMentor, decider: Person) -> Proposal:
    with schema_context(mentor.school.schema_name):
        return services.proposal_school_decide(acting_user=decider, school=mentor.school, proposal=proposal,
                                               approve=True)


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)
