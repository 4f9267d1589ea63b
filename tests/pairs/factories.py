"""Rows for pair tests, made directly with the ORM (the banks, consents and orders services are
written in parallel). Use inside a school's schema."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from banks.models import MenteeCategory, MenteeProfile, MentorProfile
from consents.models import Consent, ConsentPurpose
from mentoring.models import Mode, Pair, PairStatus, Participant, ParticipantRole, RoleForm
from orders.models import Order, OrderKind, OrderStatus
from staff.models import StaffMember

_counter = itertools.count(1)
ALL_CONSENTS = (ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES, ConsentPurpose.MENTOR_APPOINTMENT)
GIVEN = dt.date(2024, 9, 1)


def staff(last_name: str = "", *, person=None, active: bool = True, position: str = "учитель") -> StaffMember:  # type: ignore[no-untyped-def]
    number = next(_counter)
    return StaffMember.objects.create(
        person=person, last_name=last_name or f"Тестов{number}", first_name="Иван", patronymic="Петрович",
        position=position, is_active=active,
    )


def consent(member: StaffMember, *purposes: ConsentPurpose) -> None:
    for purpose in purposes or ALL_CONSENTS:
        Consent.objects.get_or_create(staff=member, purpose=purpose, withdrawn_on__isnull=True,
                                      defaults={"given_on": GIVEN})


def withdraw(member: StaffMember, purpose: ConsentPurpose) -> None:
    Consent.objects.filter(staff=member, purpose=purpose, withdrawn_on__isnull=True).update(
        withdrawn_on=timezone.localdate())


def mentor(member: StaffMember | None = None, *, capacity: int = 2, consents: bool = True, **kw) -> StaffMember:  # type: ignore[no-untyped-def]
    member = member or staff(**kw)
    MentorProfile.objects.get_or_create(staff=member, defaults={"capacity": capacity, "questionnaire_on": GIVEN})
    if consents:
        consent(member)
    return member


def mentee(member: StaffMember | None = None, *, consents: bool = True, **kw) -> StaffMember:  # type: ignore[no-untyped-def]
    member = member or staff(**kw)
    MenteeProfile.objects.get_or_create(staff=member, defaults={
        "category": MenteeCategory.YOUNG_SPECIALIST, "added_on": GIVEN})
    if consents:
        consent(member, ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES)
    return member


def pair(mentors: list[StaffMember], mentees: list[StaffMember], *, status: PairStatus = PairStatus.FORMING,
         mode: Mode | None = None) -> Pair:
    """A pair straight in the database (for selector and page tests)."""
    made = Pair.objects.create(role_form=RoleForm.TEACHER_TEACHER,
                               mode=mode or (Mode.GROUP if len(mentees) > 1 else Mode.TRADITIONAL),
                               status=status, formed_on=GIVEN)
    for member in mentors:
        Participant.objects.create(pair=made, staff=member, role=ParticipantRole.MENTOR, joined_on=GIVEN)
    for member in mentees:
        Participant.objects.create(pair=made, staff=member, role=ParticipantRole.MENTEE, joined_on=GIVEN)
    return made


def sign(order: Order) -> Order:
    order.status = OrderStatus.SIGNED
    order.signed_at = timezone.now()
    order.save(update_fields=["status", "signed_at"])
    return order


def signed_order(number: str = "") -> Order:
    return Order.objects.create(number=number or f"П-{next(_counter)}", date=dt.date(2025, 9, 1), year=2025,
                                kind=OrderKind.ASSIGN_PAIR, title="О закреплении", status=OrderStatus.SIGNED)
