"""Reads of the school's staff, already filtered for the acting person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Func, Q, QuerySet, Value

from lookups import object_or_404
from people.capabilities import Capability, can
from people.models import Membership, Person
from staff.models import QualificationCategory, StaffMember


def staff_for_person(person: Person) -> StaffMember | None:
    """The signed-in person's own staff record in the current school, if any."""
    if not person.is_authenticated:
        return None
    return StaffMember.objects.filter(person=person, is_active=True).first()


class StaffStatus:
    ACTIVE = "active"
    INACTIVE = "inactive"
    ALL = "all"
    CHOICES = (ACTIVE, INACTIVE, ALL)


@dataclass(frozen=True)
class StaffFilters:
    """What a list of staff is narrowed to; every field optional."""

    search: str = ""
    young_specialist: bool | None = None
    position: str = ""
    status: str = StaffStatus.ACTIVE
    category: str = ""


def _base(membership: Membership | None) -> QuerySet[StaffMember]:
    if not can(membership, Capability.STAFF_VIEW):
        return StaffMember.objects.none()
    # A guest mentor from another school (mentor exchange) is not of this school's staff.
    return StaffMember.objects.filter(is_guest=False).select_related("person", "mentee_profile", "mentor_profile")


def staff_list(*, membership: Membership | None, filters: StaffFilters | None = None) -> QuerySet[StaffMember]:
    """The staff list for a person holding STAFF_VIEW (nothing for anyone else).

    Search matches every word against the name, the position and the subjects;
    deactivated staff are left out unless asked for.
    """
    filters = filters or StaffFilters()
    staff = _base(membership)
    if filters.status == StaffStatus.ACTIVE:
        staff = staff.filter(is_active=True)
    elif filters.status == StaffStatus.INACTIVE:
        staff = staff.filter(is_active=False)
    if filters.young_specialist is not None:
        staff = staff.filter(is_young_specialist=filters.young_specialist)
    if filters.position:
        staff = staff.filter(position__iexact=filters.position.strip())
    if filters.category in QualificationCategory.values:
        staff = staff.filter(qualification_category=filters.category)
    words = filters.search.split()
    if words:
        staff = staff.annotate(
            subjects_text=Func(F("subjects"), Value(" "), function="array_to_string", output_field=CharField())
        )
        for word in words[:6]:
            staff = staff.filter(
                Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(patronymic__icontains=word)
                | Q(position__icontains=word) | Q(subjects_text__icontains=word)
            )
    return staff.order_by("last_name", "first_name", "patronymic", "id")


def staff_get_for(*, membership: Membership | None, id: Any) -> StaffMember:  # noqa: A002
    """One staff member by id; the same 404 for a missing id and for a person without STAFF_VIEW."""
    return object_or_404(_base(membership), id)


def staff_positions(*, membership: Membership | None) -> list[str]:
    """The positions in use, for the filter."""
    return list(
        _base(membership).filter(is_active=True).order_by("position").values_list("position", flat=True).distinct()
    )


@dataclass(frozen=True)
class BankStatus:
    """Where a staff member stands in the mentee and mentor banks (None: not in that bank)."""

    mentee_status: str | None
    mentee_category: str | None
    mentor_status: str | None
    mentor_capacity: int | None
    mentee_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None


def staff_bank_status(member: StaffMember) -> BankStatus:
    """Read from the member as loaded by `staff_list`/`staff_get_for` (no extra query)."""
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    mentee = getattr(member, "mentee_profile", None)
    mentor = getattr(member, "mentor_profile", None)
    return BankStatus(
        mentee_status=mentee.get_status_display() if mentee else None,
        mentee_category=mentee.get_category_display() if mentee else None,
        mentor_status=mentor.get_status_display() if mentor else None,
        mentor_capacity=mentor.capacity if mentor else None,
        mentee_id=mentee.pk if mentee else None,
        mentor_id=mentor.pk if mentor else None,
    )

