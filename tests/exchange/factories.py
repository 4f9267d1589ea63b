"""A complete cross-school pair made through the exchange's services (helper module, not a test file).

`cross_school_pair(world)`: a new mentor of school B (listed in the directory) is proposed for a
request of school A for a new mentee of A, B approves, the mentor accepts: in A a guest staff
record, the pair «being formed», its draft programme and the mentor's guest membership exist.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django_tenants.utils import schema_context

from exchange import services
from exchange.models import MentorRequest, Proposal
from mentoring.models import Pair, Programme
from people.models import Membership, Person
from staff.models import StaffMember
from tenants.models import School
from tests.exchange.xfactories import ListedMentor, approved, listed_mentor, open_request, proposed

_counter = itertools.count(1)


@dataclass
class CrossSchoolPair:
    host: School  # the mentee's school
    home: School  # the mentor's school
    mentor: ListedMentor
    mentee: StaffMember  # in the host's schema
    guest: StaffMember  # the mentor's guest record in the host's schema
    request: MentorRequest
    proposal: Proposal
    pair: Pair
    programme: Programme
    membership: Membership  # the mentor's guest membership in the host


def new_mentee(school: School, *, last_name: str = "") -> StaffMember:
    """A new staff member of `school` (not a login) to be the mentee of a request."""
    import datetime as dt

    n = next(_counter)
    with schema_context(school.schema_name):
        return StaffMember.objects.create(
            last_name=last_name or f"Подопечнова{n}", first_name="Мария", patronymic="Ивановна",
            position="учитель математики", subjects=["математика"], birth_date=dt.date(2000, 3, 14),
            email=f"mentee{n}@example.org", teaching_experience_years=1)


def cross_school_pair(host: School, home: School, *, host_curator: Person, home_decider: Person,
                      mentor: ListedMentor | None = None, mentee: StaffMember | None = None,
                      capacity: int = 2) -> CrossSchoolPair:
    mentor = mentor or listed_mentor(home, home_decider, capacity=capacity)
    mentee = mentee or new_mentee(host)
    request = open_request(host, host_curator, mentee)
    proposal = approved(proposed(request, mentor, host_curator), mentor, home_decider)
    with schema_context(home.schema_name):
        proposal = services.proposal_mentor_decide(acting_user=mentor.person, proposal=proposal, accept=True)
    with schema_context(host.schema_name):
        pair = Pair.objects.get(pk=proposal.pair_uuid)
        programme = Programme.objects.get(pk=proposal.programme_uuid)
        guest = StaffMember.objects.get(person=mentor.person)
    membership = Membership.objects.get(person=mentor.person, school=host)
    request.refresh_from_db()
    return CrossSchoolPair(host=host, home=home, mentor=mentor, mentee=mentee, guest=guest, request=request,
                           proposal=proposal, pair=pair, programme=programme, membership=membership)
