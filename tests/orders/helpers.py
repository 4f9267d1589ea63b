"""Helpers shared by the orders and consents tests."""

from __future__ import annotations

import datetime as dt
import io
import re

from django_tenants.utils import schema_context
from pypdf import PdfReader

from people.models import Membership, Person
from people.roles import SchoolRole
from people.services import membership_grant, person_create
from staff.models import StaffMember
from tests.conftest import PASSWORD


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def new_member(school, username: str, *, position: str, roles=(SchoolRole.TEACHER,), last_name: str = "Новиков"):  # type: ignore[no-untyped-def]
    """A person with an account, a membership and a staff record in `school`."""
    person = person_create(acting_user=None, username=username, last_name=last_name, first_name="Олег",
                           patronymic="Петрович", password=PASSWORD)
    membership_grant(acting_user=None, school=school, person=person, roles=list(roles))
    with schema_context(school.schema_name):
        staff = StaffMember.objects.create(person=person, last_name=last_name, first_name="Олег",
                                           patronymic="Петрович", position=position,
                                           hire_date=dt.date(2015, 9, 1))
    return person, staff


def roles_of(person: Person, school) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Membership.objects.get(person=person, school=school).roles)
