from __future__ import annotations

import datetime as dt

import pytest
from django_tenants.utils import schema_context

from banks.models import MentorProfile
from orders.models import Order, OrderKind, OrderStatus, OrderSubject
from staff.models import StaffMember
from tests.practices import factories


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        yield world.school_a


def order(number: str, kind: str, status: str = OrderStatus.SIGNED, title: str = "",
          subjects: tuple[StaffMember, ...] = ()) -> Order:
    made = Order.objects.create(number=number, date=dt.date(2025, 8, 30), year=2025, kind=kind, status=status,
                                title=title or f"Приказ {number}", text="ПРИКАЗЫВАЮ:\nУтвердить положение.")
    for staff in subjects:
        OrderSubject.objects.create(order=made, staff=staff)
    return made


@pytest.fixture
def site(world, in_a, media):  # type: ignore[no-untyped-def]
    """School A's bank (tests.practices.factories.bank), mentor_a in the mentor bank, and normative orders."""
    bank = factories.bank(world)
    MentorProfile.objects.create(staff=bank.mentor, capacity=2, questionnaire_on=dt.date(2025, 9, 1),
                                 subjects=["математика"])
    bank.regulation = order("116/1", OrderKind.APPROVE_REGULATION, title="Об утверждении Положения о наставничестве")
    bank.system = order("116/2", OrderKind.MENTORING_SYSTEM, title="О внедрении системы наставничества",
                        subjects=(bank.mentor,))
    bank.draft = order("117", OrderKind.APPROVE_ROADMAP, status=OrderStatus.DRAFT, title="Проект дорожной карты")
    bank.cancelled = order("118", OrderKind.APPROVE_ROADMAP, status=OrderStatus.CANCELLED,
                           title="Отменённая дорожная карта")
    bank.pair_order = order("119", OrderKind.ASSIGN_PAIR, title="О закреплении наставнической пары")
    return bank
