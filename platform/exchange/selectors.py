"""Light reads of the exchange (imported by the school's pair forming, so no heavy imports here)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Count, Q

from exchange.models import HOLDS_PLACE, DirectoryEntry, MentorRequest, Proposal
from lookups import object_or_404


def held_places(pairs: Iterable[tuple[int, uuid.UUID]] | None = None) -> dict[tuple[int, uuid.UUID], int]:
    """Places held by the exchange per (mentor's school id, staff uuid)."""
    rows = Proposal.objects.filter(status__in=HOLDS_PLACE, ended_on__isnull=True)
    if pairs is not None:
        wanted = list(pairs)
        if not wanted:
            return {}
        condition = Q()
        for school_id, staff_uuid in wanted:
            condition |= Q(mentor_school_id=school_id, mentor_staff_uuid=staff_uuid)
        rows = rows.filter(condition)
    return {(school_id, staff): n for school_id, staff, n in
            rows.values_list("mentor_school_id", "mentor_staff_uuid").annotate(n=Count("pk"))
            .values_list("mentor_school_id", "mentor_staff_uuid", "n")}


# --- what the pages and endpoints read (each object only through the school or person it belongs to) ---------


def request_list(*, school_id: int) -> list[MentorRequest]:
    """The school's requests, newest first, each with its proposals (live and past)."""
    return list(MentorRequest.objects.filter(school_id=school_id).prefetch_related("proposals")
                .order_by("-created_at"))


def request_get(*, school_id: int, id: object) -> MentorRequest:
    """One request of the school; another school's answers the same 404 as a missing one."""
    return object_or_404(MentorRequest.objects.select_related("school").filter(school_id=school_id), id)


def proposals_to_school(*, school_id: int) -> list[Proposal]:
    """Proposals made to the school's mentors, newest first."""
    return list(Proposal.objects.select_related("request__school", "entry").filter(mentor_school_id=school_id))


def proposal_to_school_get(*, school_id: int, id: object) -> Proposal:
    return object_or_404(Proposal.objects.select_related("request__school").filter(mentor_school_id=school_id), id)


def proposals_of_mentor(*, person_id: uuid.UUID, school_id: int) -> list[Proposal]:
    """Proposals made to this person as a mentor of this school (past the school's approval or not)."""
    return list(Proposal.objects.select_related("request__school", "entry").filter(
        entry__person_id=person_id, mentor_school_id=school_id))


def proposal_of_mentor_get(*, person_id: uuid.UUID, school_id: int, id: object) -> Proposal:
    return object_or_404(Proposal.objects.select_related("request__school", "entry").filter(
        entry__person_id=person_id, mentor_school_id=school_id), id)


def is_listed_mentor(*, person_id: uuid.UUID, school_id: int) -> bool:
    return DirectoryEntry.objects.filter(person_id=person_id, school_id=school_id).exists()


def school_entries(*, school_id: int) -> list[DirectoryEntry]:
    """The school's mentors in the directory, each with `held` (places taken by the exchange) and `taken`
    (held + mentees at home) set."""
    entries = list(DirectoryEntry.objects.filter(school_id=school_id).order_by("last_name", "first_name"))
    held = held_places([(e.school_id, e.staff_uuid) for e in entries])
    for entry in entries:
        entry.held = held.get((entry.school_id, entry.staff_uuid), 0)  # type: ignore[attr-defined]
        entry.taken = entry.held + entry.home_load  # type: ignore[attr-defined]
    return entries
