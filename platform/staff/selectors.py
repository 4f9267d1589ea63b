"""Reads of the school's staff."""

from __future__ import annotations

from people.models import Person
from staff.models import StaffMember


def staff_for_person(person: Person) -> StaffMember | None:
    """The signed-in person's own staff record in the current school, if any."""
    if not person.is_authenticated:
        return None
    return StaffMember.objects.filter(person=person, is_active=True).first()
