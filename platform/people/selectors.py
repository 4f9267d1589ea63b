"""Reads about people, memberships and what they may enter."""

from __future__ import annotations

from django.db.models import QuerySet

from people.models import Membership, Person
from people.roles import DistrictRole
from tenants.models import School, SchoolStatus
from tenants.spaces import is_district


def membership_in(*, person: Person, school: School) -> Membership | None:
    """The person's active membership in an active school, or None."""
    if not person.is_active or school.status != SchoolStatus.ACTIVE:
        return None
    return Membership.objects.filter(person=person, school=school, is_active=True).first()


def has_district_access(person: Person) -> bool:
    return person.is_active and (person.is_superuser or bool(set(person.district_roles) & set(DistrictRole.values)))


def can_enter_space(*, person: Person, space: object) -> bool:
    if is_district(space):
        return has_district_access(person)
    assert isinstance(space, School)
    return membership_in(person=person, school=space) is not None


def schools_of(person: Person) -> list[Membership]:
    """The person's active memberships in active schools, with the school loaded."""
    return list(
        Membership.objects.filter(person=person, is_active=True, school__status=SchoolStatus.ACTIVE)
        .select_related("school")
        .order_by("school__short_name")
    )


def school_members(*, school: School) -> QuerySet[Membership]:
    return Membership.objects.filter(school=school, is_active=True).select_related("person")
