"""Writes of orders (приказы). Roles and pairs take effect when the director signs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from orders.models import Order, OrderKind, OrderStatus, OrderSubject, RoleAssignment
from people.models import Person
from people.roles import SchoolRole
from people.services import membership_grant
from staff.models import StaffMember
from tenants.models import School


def order_create(
    *,
    school: School,
    acting_user: Person | None,
    kind: OrderKind,
    number: str,
    date: dt.date,
    title: str,
    text: str = "",
    signer: StaffMember | None = None,
    subjects: Sequence[tuple[StaffMember, SchoolRole | str]] = (),
) -> Order:
    """Register a draft order; its number must be unique within the school and the year."""
    number = number.strip()
    errors = {}
    if not number:
        errors["number"] = ValidationError(_("Enter the order's number."), code="required")
    if not title.strip():
        errors["title"] = ValidationError(_("Enter the order's title."), code="required")
    if kind not in OrderKind.values:
        errors["kind"] = ValidationError(_("Unknown kind of order."), code="invalid")
    if errors:
        raise ValidationError(errors)
    if Order.objects.filter(year=date.year, number=number).exists():
        raise ValidationError({"number": ValidationError(
            _("Order № %(number)s of %(year)s already exists.") % {"number": number, "year": date.year},
            code="duplicate")})
    try:
        with transaction.atomic():
            order = Order.objects.create(
                kind=kind, number=number, date=date, year=date.year, title=title.strip(), text=text,
                signer=signer, created_by=acting_user if acting_user and acting_user.is_authenticated else None,
            )
            OrderSubject.objects.bulk_create(
                [OrderSubject(order=order, staff=staff, role=role or "") for staff, role in _unique(subjects)]
            )
            audit_record(actor=acting_user, action="order.created", school=school, target=order,
                         details={"number": number, "kind": kind})
    except IntegrityError as error:  # two drafts with one number at the same moment
        raise ValidationError({"number": ValidationError(
            _("Order № %(number)s of %(year)s already exists.") % {"number": number, "year": date.year},
            code="duplicate")}) from error
    return order


def _unique(subjects: Iterable[tuple[StaffMember, SchoolRole | str]]) -> list[tuple[StaffMember, str]]:
    seen: dict[tuple[object, str], tuple[StaffMember, str]] = {}
    for staff, role in subjects:
        seen.setdefault((staff.pk, str(role or "")), (staff, str(role or "")))
    return list(seen.values())


def order_sign(*, school: School, acting_user: Person | None, order: Order, signer: StaffMember | None = None) -> Order:
    """The director signs: the roles the order gives take effect from its date (§3.2–3.4)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(_("Only a draft order can be signed."), code="not_draft")
        order.status = OrderStatus.SIGNED
        order.signed_at = timezone.now()
        if signer is not None:
            order.signer = signer
        order.save(update_fields=["status", "signed_at", "signer"])
        for subject in order.subjects.select_related("staff").exclude(role=""):
            RoleAssignment.objects.get_or_create(
                staff=subject.staff, role=subject.role, ended_on__isnull=True,
                defaults={"order": order, "started_on": order.date},
            )
            if subject.staff.person_id:
                membership_grant(acting_user=acting_user, school=school, person=subject.staff.person,
                                 roles=[SchoolRole(subject.role)])
        audit_record(actor=acting_user, action="order.signed", school=school, target=order,
                     details={"number": order.number})
    return order
