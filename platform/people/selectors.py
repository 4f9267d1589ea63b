"""Reads about people, memberships and what they may enter."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from lookups import object_or_404
from people.logins import person_login
from people.models import Membership, Person
from people.roles import DistrictRole
from tenants import rows
from tenants.models import School, SchoolStatus
from tenants.spaces import is_district


def membership_in(*, person: Person, school: School) -> Membership | None:
    """The person's active membership in an active school, or None."""
    if not person.is_active or school.status != SchoolStatus.ACTIVE:
        return None
    return Membership.objects.filter(person=person, school=school, is_active=True).first()


# Where person_with_membership leaves the membership it read: (the school's pk, the membership or None).
_MEMBERSHIP_READ_WITH_PERSON = "_membership_read_with_person"


def person_with_membership(*, person_id: object, school: School) -> Person | None:
    """The session's person, read in one statement with their active membership in the school (the one
    `membership_in` reads), which `request_membership` then takes: the person and the membership are read on
    every request (issue 15; people.backends.SpaceMemberBackend.get_user)."""
    try:
        pk = Person._meta.pk.to_python(person_id)  # type: ignore[union-attr]
    except ValidationError:
        return None
    found = rows.fetch_one(
        f"SELECT {rows.columns(Person, 'p')}, {rows.columns(Membership, 'm')} FROM {Person._meta.db_table} p "  # noqa: S608 - names from the models
        f"LEFT JOIN {Membership._meta.db_table} m ON m.person_id = p.id AND m.school_id = %s AND m.is_active "
        "WHERE p.id = %s ORDER BY m.id LIMIT 1", [school.pk, pk])
    if found is None:
        return None
    person_width = rows.width(Person)
    person = rows.instance(Person, found[:person_width])
    membership = rows.instance(Membership, found[person_width:]) if found[person_width] is not None else None
    setattr(person, _MEMBERSHIP_READ_WITH_PERSON, (school.pk, membership))
    return person


def request_membership(*, person: Person, school: School) -> Membership | None:
    """`membership_in` for the request's person (people.middleware), without a second read when the
    person was read with their membership in this school (person_with_membership)."""
    read = getattr(person, _MEMBERSHIP_READ_WITH_PERSON, None)
    if read is None or read[0] != school.pk:
        return membership_in(person=person, school=school)
    if not person.is_active or school.status != SchoolStatus.ACTIVE:
        return None
    return read[1]


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


def login_suggest(*, last_name: str, first_name: str, patronymic: str = "") -> str:
    """A free login in the project's style (`eskiev.rkh`), numbered when taken (`eskiev.rkh2`)."""
    base = re.sub(r"[^a-z0-9.]", "", person_login(last_name, first_name, patronymic)).strip(".") or "user"
    taken = {
        name.lower() for name in Person.objects.filter(username__istartswith=base).values_list("username", flat=True)
    }
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}{number}", number + 1
    return candidate


def person_same_as(
    *, email: str, last_name: str, first_name: str, patronymic: str, birth_date: dt.date | None,
    by_name_alone: bool = False,
) -> Person | None:
    """The account this person already has in the district: the same e-mail, or the same full
    name and date of birth (one account per person, design note 6). `by_name_alone` (district officials,
    who have no date of birth on record) also offers the same full name — always shown for confirmation."""
    same = Q()
    if email.strip():
        same |= Q(email__iexact=email.strip())
    name = Q(last_name__iexact=last_name.strip(), first_name__iexact=first_name.strip(),
             patronymic__iexact=patronymic.strip())
    if birth_date is not None:
        same |= name & Q(birth_date=birth_date)
    elif by_name_alone:
        same |= name
    if not same:
        return None
    return Person.objects.filter(same).order_by("date_joined").first()


def memberships_of(person: Person) -> list[Membership]:
    """Every membership of the person, active or ended, with the school: for «Мой профиль» and the
    staff card («this person also works at …»)."""
    return list(Membership.objects.filter(person=person).select_related("school").order_by("school__short_name"))


def district_officials() -> list[Person]:
    """The people holding a district role, active first."""
    return list(Person.objects.exclude(district_roles=[]).order_by("-is_active", "last_name", "first_name"))


def district_official_get(*, id: object) -> Person:  # noqa: A002 - the lookups' convention
    """An official by id, or the same 404 as a missing one (a school's teacher is not one)."""
    return object_or_404(Person.objects.exclude(district_roles=[]), id)


def people_like(rows: list[tuple[str, str, str, str, dt.date | None]]) -> list[Person]:
    """In two queries, every account that `person_same_as` could find for any of the rows (e-mail, last
    name, first name, patronymic, date of birth): for a list of many people at once."""
    emails = {email.strip().lower() for email, *_rest in rows if email.strip()}
    names = {(last.strip().lower(), first.strip().lower(), patronymic.strip().lower(), born)
             for _email, last, first, patronymic, born in rows if born is not None}
    found: dict[object, Person] = {}
    if emails:
        found.update((person.pk, person) for person in
                     Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails))
    for person in Person.objects.filter(birth_date__in={key[3] for key in names}) if names else []:
        if (person.last_name.lower(), person.first_name.lower(), person.patronymic.lower(), person.birth_date) in names:
            found[person.pk] = person
    return list(found.values())
