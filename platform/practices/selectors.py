"""Reads of the best practices bank, already filtered for the acting person.

Every member of the school reads the bank (cases, their files, methodological materials); the
holders of PROGRAMMES_EDIT keep it. Every lookup by id answers the same 404 for "does not exist"
and "not yours" (someone who is not a member of this school).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from banks.models import Direction
from consents.models import ConsentPurpose
from consents.selectors import staff_with_consent
from lookups import object_or_404
from mentoring.models import Participant, Programme, ProgrammeStatus
from people.capabilities import Capability, can
from people.models import Membership
from practices.models import CaseFile, MethodMaterial, PracticeCase
from staff.models import StaffMember


def may_edit(membership: Membership | None) -> bool:
    """Whether the person keeps the bank (PROGRAMMES_EDIT: the curator, the methodological association)."""
    return can(membership, Capability.PRACTICES_EDIT)


def practices_for(
    *, membership: Membership | None, query: str = "", direction: str = "", published: bool | None = None,
) -> QuerySet[PracticeCase]:
    """The school's cases for a member (none for anyone else), with their programme and files."""
    if membership is None:
        return PracticeCase.objects.none()
    cases = PracticeCase.objects.select_related("programme", "programme__pair").prefetch_related(
        Prefetch("files", queryset=CaseFile.objects.order_by("uploaded_at"))).order_by("-created_at")
    if query:
        cases = cases.filter(Q(title__icontains=query) | Q(description__icontains=query)
                             | Q(programme__title__icontains=query))
    if direction in Direction.values:
        cases = cases.filter(directions__contains=[direction])
    if published is not None:
        cases = cases.filter(published=published)
    return cases


def practice_get_for(*, membership: Membership | None, id: Any) -> PracticeCase:  # noqa: A002 - the lookups' convention
    """One case for a member of the school, or 404."""
    return object_or_404(practices_for(membership=membership), id)


def case_file_get_for(*, membership: Membership | None, id: Any) -> CaseFile:  # noqa: A002 - the lookups' convention
    """One file of a case for a member of the school, or 404 — the only way such a file is served."""
    if membership is None:
        raise Http404
    return object_or_404(CaseFile.objects.select_related("case"), id)


def materials_for(
    *, membership: Membership | None, query: str = "", direction: str = "", published: bool | None = None,
) -> QuerySet[MethodMaterial]:
    """The school's methodological materials for a member (none for anyone else)."""
    if membership is None:
        return MethodMaterial.objects.none()
    materials = MethodMaterial.objects.order_by("-created_at")
    if query:
        materials = materials.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if direction in Direction.values:
        materials = materials.filter(directions__contains=[direction])
    if published is not None:
        materials = materials.filter(published=published)
    return materials


def material_get_for(*, membership: Membership | None, id: Any) -> MethodMaterial:  # noqa: A002 - the lookups' convention
    """One methodological material for a member of the school, or 404 (also serves its file)."""
    return object_or_404(materials_for(membership=membership), id)


def completed_programmes(*, membership: Membership | None) -> QuerySet[Programme]:
    """The completed programmes a case may be drawn from (for those who keep the bank)."""
    if not may_edit(membership):
        return Programme.objects.none()
    return Programme.objects.filter(status=ProgrammeStatus.COMPLETED).order_by("-finished_on", "title")


def programme_for_case(*, membership: Membership | None, id: Any) -> Programme:  # noqa: A002 - the lookups' convention
    """A programme of the school to draw a case from (any status: the service explains a wrong one), or 404."""
    if not may_edit(membership):
        raise Http404
    return object_or_404(Programme.objects.all(), id)


def case_people(case: PracticeCase) -> list[StaffMember]:
    """Everyone who took part in the case's programme (mentors and mentees, also those who left), once each."""
    participants = (Participant.objects.filter(pair_id=case.programme.pair_id).select_related("staff")
                    .order_by("role", "staff__last_name", "staff__first_name"))
    people: dict[Any, StaffMember] = {}
    for participant in participants:
        people.setdefault(participant.staff_id, participant.staff)
    return list(people.values())


@dataclass(frozen=True)
class CasePerson:
    name: str
    position: str
    consented: bool


def case_people_with_consent(case: PracticeCase) -> list[CasePerson]:
    """The programme's participants and whether each has the publication consent in force (for editors)."""
    consented = staff_with_consent(ConsentPurpose.PUBLICATION)
    return [CasePerson(name=person.full_name, position=person.position, consented=person.pk in consented)
            for person in case_people(case)]
