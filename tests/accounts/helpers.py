"""Helpers of the account tests: staff records, reading invitation slips."""

from __future__ import annotations

import datetime as dt
import io
import re

from django_tenants.utils import schema_context
from pypdf import PdfReader

from staff.models import StaffMember
from tenants.models import School

CODE = re.compile(r"Одноразовый код:\s*([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})")
LOGIN = re.compile(r"Логин:\s*(\S+)")


def new_staff(school: School, last_name: str = "Эскиева", first_name: str = "Хава", patronymic: str = "Руслановна",
              birth_date: dt.date | None = dt.date(1999, 3, 14), email: str = "") -> StaffMember:
    with schema_context(school.schema_name):
        return StaffMember.objects.create(last_name=last_name, first_name=first_name, patronymic=patronymic,
                                          birth_date=birth_date, position="учитель биологии", email=email)


def slip_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def slips_of(pdf: bytes) -> list[tuple[str, str]]:
    """(login, code) of every slip in the PDF, in order."""
    text = slip_text(pdf)
    return list(zip(LOGIN.findall(text), CODE.findall(text), strict=True))
