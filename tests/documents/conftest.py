"""School A with its names, its system order, its people by role, a pair and a programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django_tenants.utils import schema_context

from mentoring.models import Pair, Programme
from orders.models import Order, OrderKind, OrderStatus, RoleAssignment
from people.roles import SchoolRole
from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.programmes import factories as f

A_FULL = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа с. Альфа»"
A_SHORT = "МБОУ «СОШ с. Альфа»"
A_SECOND = "Муниципальни бюджетни юкъарадешаран учреждени «Альфа-юьртан юккъера школа»"
B_MARKERS = ("Бета", "Новый-Замай-Юрт", "Мескет")


@dataclass
class SchoolA:
    order: Order
    pair: Pair
    programme: Programme


def name_school_a(world) -> None:  # type: ignore[no-untyped-def]
    school = world.school_a
    school.full_name, school.short_name, school.locality = A_FULL, A_SHORT, "с. Альфа"
    school.full_name_second_language = A_SECOND
    school.short_name_second_language = "МБЮУ «Альфа-юьртан ЮЮШ»"
    school.save()


def give_roles(world) -> Order:  # type: ignore[no-untyped-def]
    """Order № 116/1 of 31.08.2025 (signed): coordinator, curator, the working group."""
    order = Order.objects.create(number="116/1", date=dt.date(2025, 8, 31), year=2025,
                                 kind=OrderKind.MENTORING_SYSTEM, title="О реализации целевой модели наставничества",
                                 status=OrderStatus.SIGNED, signer=world.staff("director_a"))
    for key, role in (("teacher_a", SchoolRole.COORDINATOR), ("curator_a", SchoolRole.CURATOR),
                      ("curator_a", SchoolRole.WORKING_GROUP_HEAD), ("mentor_a", SchoolRole.WORKING_GROUP_MEMBER),
                      ("both", SchoolRole.WORKING_GROUP_MEMBER)):
        RoleAssignment.objects.create(staff=world.staff(key), role=role, order=order, started_on=order.date)
    return order


@pytest.fixture
def school_a(world):  # type: ignore[no-untyped-def]
    name_school_a(world)
    with schema_context(world.school_a.schema_name):
        order = give_roles(world)
        pair = f.the_pair(world)
        programme = f.programme(pair)
        f.activity(programme, world.staff("mentor_a"), title="Посещение уроков наставника")
        yield SchoolA(order=order, pair=pair, programme=programme)


def docx_with(*paragraphs: str) -> bytes:
    """A DOCX of one paragraph per text: a DOCX template to upload or check in the tests."""
    import io

    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
