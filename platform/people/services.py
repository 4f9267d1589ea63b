"""Writes about people and their memberships."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from people.models import Membership, Person
from people.roles import DistrictRole, SchoolRole
from tenants.changes import school_changed
from tenants.models import School


def person_create(
    *,
    acting_user: Person | None,
    username: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
    password: str | None = None,
    district_roles: Iterable[DistrictRole] = (),
) -> Person:
    """Create one district-wide account for a person."""
    username = username.strip().lower()
    if Person.objects.filter(username__iexact=username).exists():
        message = _("The login “%(login)s” is taken.") % {"login": username}
        raise ValidationError({"username": ValidationError(message, code="duplicate")})
    with transaction.atomic():
        person = Person.objects.create_user(
            username, password=password, last_name=last_name, first_name=first_name,
            patronymic=patronymic, email=email, district_roles=list(district_roles),
        )
        audit_record(actor=acting_user, action="person.created", target=person, details={"username": username})
    return person


def membership_grant(
    *, acting_user: Person | None, school: School, person: Person, roles: Iterable[SchoolRole],
    guest_programmes: Iterable[uuid.UUID] = (),
) -> Membership:
    """Give a person a place in a school with the given roles (added to any they hold); a guest mentor
    from another school also the programmes that open to them (added to any they have)."""
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            person=person, school=school, defaults={"roles": []}
        )
        new_roles = sorted(set(membership.roles) | {SchoolRole(role).value for role in roles})
        programmes = sorted({*membership.guest_programmes, *guest_programmes}, key=str)
        if created or new_roles != membership.roles or not membership.is_active or programmes != sorted(
                membership.guest_programmes, key=str):
            membership.roles = new_roles
            membership.is_active = True
            membership.guest_programmes = programmes
            membership.save(update_fields=["roles", "is_active", "guest_programmes"])
            school_changed()
            audit_record(
                actor=acting_user, action="membership.granted", school=school, target=membership,
                details={"person": person.username, "roles": new_roles,
                         **({"guest_programmes": [str(p) for p in programmes]} if programmes else {})},
            )
    return membership


def membership_revoke(*, acting_user: Person | None, school: School, person: Person) -> None:
    """End a person's place in a school; their session there ends on the next request."""
    with transaction.atomic():
        updated = Membership.objects.filter(person=person, school=school, is_active=True).update(is_active=False)
        if updated:
            school_changed()
            audit_record(
                actor=acting_user, action="membership.revoked", school=school, details={"person": person.username}
            )
