"""Who may do what with a personalised programme, beyond the capability table (people.capabilities).

The *active mentor* of the programme's pair writes and adjusts the plan (§ «наставник заполняет план»), the
pair's participants mark activities done and upload evidence; ending early follows §7.1 by reason. The
services refuse with PermissionDenied, which pages and the API answer with the same 404 as a missing object.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from mentoring.models import EarlyEndReason, Pair, Participant, ParticipantRole, Programme
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Membership, Person
from tenants.models import School


@dataclass(frozen=True)
class ProgrammeRights:
    """What a person may do with a programme; pages use it to offer only the actions the services allow."""

    roles: frozenset[str]
    write: bool  # edit a draft, write the plan, extend, adjust, complete
    approve: bool
    start: bool
    end_reasons: tuple[str, ...]
    mark_done: bool  # a participant (the responsible person may too, for their own activity)
    upload: bool


def end_reasons(*, curator: bool, roles: set[str]) -> tuple[str, ...]:
    """§7.1: who may end a programme early, by reason."""
    allowed = {
        EarlyEndReason.MENTOR_INITIATIVE: curator or ParticipantRole.MENTOR in roles,
        EarlyEndReason.MENTEE_INITIATIVE: curator or ParticipantRole.MENTEE in roles,
        EarlyEndReason.MUTUAL: curator or bool(roles),
        EarlyEndReason.CURATOR_NOT_CARRIED_OUT: curator,
    }
    return tuple(str(reason) for reason, ok in allowed.items() if ok)


def programme_rights(*, membership: Membership | None, acting_user: Person, programme: Programme,
                     participants: list[Participant] | None = None) -> ProgrammeRights:
    """`membership` is the person's in the school: the request's, not read again (issue 15); `participants`,
    when the page has read the pair's current ones, give the person's roles without another query."""
    roles = (roles_in_pair(pair=programme.pair, person=acting_user) if participants is None
             else {p.role for p in participants if p.left_on is None and p.staff.person_id == acting_user.pk})
    write = may_write_plan(membership=membership, roles=roles)
    return ProgrammeRights(
        roles=frozenset(roles), write=write, approve=can(membership, Capability.PROGRAMMES_APPROVE),
        start=write or can(membership, Capability.PROGRAMMES_APPROVE),
        end_reasons=end_reasons(curator=can(membership, Capability.PROGRAMMES_END), roles=roles),
        mark_done=bool(roles), upload=bool(roles) or can(membership, Capability.PROGRAMMES_EDIT),
    )


def acting_membership(*, school: School, acting_user: Person) -> Membership | None:
    return people_selectors.membership_in(person=acting_user, school=school)


def roles_in_pair(*, pair: Pair, person: Person) -> set[str]:
    """The acting person's current roles in the pair (mentor, mentee), by participation."""
    return set(
        Participant.objects.filter(pair=pair, staff__person=person, left_on__isnull=True).values_list("role", flat=True)
    )


def may_write_plan(*, membership: Membership | None, roles: set[str]) -> bool:
    return can(membership, Capability.PROGRAMMES_EDIT) or ParticipantRole.MENTOR in roles


def require(allowed: bool) -> None:
    # Pages and the API answer 404 to this, as for any right the person does not have.
    if not allowed:
        raise PermissionDenied


def require_plan_writer(*, school: School, acting_user: Person, pair: Pair) -> None:
    """PermissionDenied unless the person writes the pair's programme and plan: a programme editor
    (PROGRAMMES_EDIT) or the pair's active mentor."""
    membership = acting_membership(school=school, acting_user=acting_user)
    require(may_write_plan(membership=membership, roles=roles_in_pair(pair=pair, person=acting_user)))
