"""Writes of orders (приказы). Roles and pairs take effect when the director signs.

The rules of the regulation carried here:
- §3.1–3.3: every appointment goes through the director's order; the director signs it;
- §3.4: the curator is appointed from among the deputy directors;
- §3.2 and Labour Code art. 351.8: a mentor is appointed only with their written consent;
- an order is edited and cancelled only as a draft; a signed order is part of the register for good.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from consents.models import ConsentPurpose
from consents.selectors import has_consent
from orders.models import Order, OrderKind, OrderStatus, OrderSubject, RoleAssignment
from people.models import Membership, Person
from people.roles import SchoolRole
from people.services import membership_grant
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School

# The roles an appointing order gives; its subjects must hold one of them (§3.2–3.4, order № 116/1).
APPOINTING_ROLES: Final[dict[str, frozenset[str]]] = {
    OrderKind.APPOINT_CURATOR: frozenset({SchoolRole.CURATOR}),
    OrderKind.APPOINT_COORDINATOR: frozenset({SchoolRole.COORDINATOR}),
    OrderKind.WORKING_GROUP: frozenset({SchoolRole.WORKING_GROUP_HEAD, SchoolRole.WORKING_GROUP_MEMBER}),
    OrderKind.METHODOLOGICAL_ASSOCIATION: frozenset({SchoolRole.METHODOLOGICAL_ASSOCIATION}),
    OrderKind.APPOINT_MENTOR: frozenset({SchoolRole.MENTOR}),
}

Subjects = Sequence[tuple[StaffMember, SchoolRole | str]]


class _Keep:
    """Marker: leave the field as it is (order_update)."""


KEEP: Final = _Keep()


# --- the rules ---------------------------------------------------------------------------


def is_director(*, school: School, person_id: uuid.UUID | str | None) -> bool:
    """Whether the person holds the director's role in this school (people.Membership, public schema)."""
    return person_id is not None and Membership.objects.filter(
        person_id=person_id, school=school, is_active=True, roles__contains=[SchoolRole.DIRECTOR]
    ).exists()


def is_deputy_director(*, school: School, staff: StaffMember) -> bool:
    """§3.4: a deputy director by position («заместитель директора…») or by the role held in the school."""
    if "заместитель" in staff.position.lower() or "deputy" in staff.position.lower():
        return True
    return staff.person_id is not None and Membership.objects.filter(
        person_id=staff.person_id, school=school, is_active=True, roles__contains=[SchoolRole.DEPUTY_DIRECTOR]
    ).exists()


def _check_signer(*, school: School, signer: StaffMember | None) -> None:
    if signer is not None and not is_director(school=school, person_id=signer.person_id):
        raise ValidationError({"signer": ValidationError(
            _("%(name)s is not the director of the school: only the director signs orders.")
            % {"name": signer.full_name}, code="not_director")})


def _check_subjects(*, school: School, kind: str, subjects: list[tuple[StaffMember, str]]) -> None:
    """What an order's subjects must satisfy whatever its state (§3.2–3.4)."""
    messages: list[ValidationError] = []
    allowed = APPOINTING_ROLES.get(kind)
    if allowed is not None:
        labels = ", ".join(sorted(str(SchoolRole(role).label) for role in allowed))
        if not subjects:
            messages.append(ValidationError(
                _("An order of this kind must name the people it appoints, with the role: %(roles)s.")
                % {"roles": labels}, code="no_subjects"))
        for staff, role in subjects:
            if role not in allowed:
                messages.append(ValidationError(
                    _("%(name)s: an order of this kind gives only the role %(roles)s.")
                    % {"name": staff.full_name, "roles": labels}, code="wrong_role"))
    for staff, role in subjects:
        if role and role not in SchoolRole.values:
            messages.append(ValidationError(_("Unknown role “%(role)s”.") % {"role": role}, code="invalid_role"))
        if not staff.is_active:
            messages.append(ValidationError(
                _("%(name)s is no longer on the staff.") % {"name": staff.full_name}, code="inactive"))
        if role == SchoolRole.CURATOR and not is_deputy_director(school=school, staff=staff):
            messages.append(ValidationError(
                _("%(name)s cannot be the curator: the curator is appointed from among the deputy directors "
                  "(regulation §3.4).") % {"name": staff.full_name}, code="curator_not_deputy"))
    if messages:
        raise ValidationError({"subjects": messages})


def _check_mentor_consents(*, subjects: Iterable[tuple[StaffMember, str]]) -> None:
    """§3.2, Labour Code art. 351.8: a mentor's written consent to the appointment must be in force."""
    missing = [
        staff.full_name for staff, role in subjects
        if role == SchoolRole.MENTOR and not has_consent(staff, ConsentPurpose.MENTOR_APPOINTMENT)
    ]
    if missing:
        raise ValidationError({"subjects": ValidationError(
            _("No written consent to be appointed mentor is in force for: %(names)s "
              "(regulation §3.2, Labour Code art. 351.8).") % {"names": ", ".join(missing)},
            code="mentor_consent_missing")})


def _check_fields(*, kind: str, number: str, title: str) -> None:
    errors = {}
    if not number:
        errors["number"] = ValidationError(_("Enter the order's number."), code="required")
    if not title.strip():
        errors["title"] = ValidationError(_("Enter the order's title."), code="required")
    if kind not in OrderKind.values:
        errors["kind"] = ValidationError(_("Unknown kind of order."), code="invalid")
    if errors:
        raise ValidationError(errors)


def _duplicate_number(number: str, year: int) -> ValidationError:
    return ValidationError({"number": ValidationError(
        _("Order № %(number)s of %(year)s already exists.") % {"number": number, "year": year},
        code="duplicate")})


def _unique(subjects: Iterable[tuple[StaffMember, SchoolRole | str]]) -> list[tuple[StaffMember, str]]:
    seen: dict[tuple[object, str], tuple[StaffMember, str]] = {}
    for staff, role in subjects:
        seen.setdefault((staff.pk, str(role or "")), (staff, str(role or "")))
    return list(seen.values())


def _actor(acting_user: Person | None) -> Person | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


# --- services ----------------------------------------------------------------------------


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
    """Register a draft order (§3.1); its number must be unique within the school and the year.

    An appointing order names its people with the matching role; the curator is a deputy
    director (§3.4); the signer, if named already, is the director.
    """
    number = number.strip()
    _check_fields(kind=kind, number=number, title=title)
    unique_subjects = _unique(subjects)
    _check_subjects(school=school, kind=kind, subjects=unique_subjects)
    _check_signer(school=school, signer=signer)
    if Order.objects.filter(year=date.year, number=number).exists():
        raise _duplicate_number(number, date.year)
    try:
        with transaction.atomic():
            order = Order.objects.create(
                kind=kind, number=number, date=date, year=date.year, title=title.strip(), text=text,
                signer=signer, created_by=_actor(acting_user),
            )
            OrderSubject.objects.bulk_create(
                [OrderSubject(order=order, staff=staff, role=role) for staff, role in unique_subjects]
            )
            school_changed()
            audit_record(actor=acting_user, action="order.created", school=school, target=order,
                         details={"number": number, "kind": kind})
    except IntegrityError as error:  # two drafts with one number at the same moment
        raise _duplicate_number(number, date.year) from error
    return order


def order_update(
    *,
    school: School,
    acting_user: Person | None,
    order: Order,
    kind: OrderKind | str | None = None,
    number: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
    text: str | None = None,
    signer: StaffMember | None | _Keep = KEEP,
    subjects: Subjects | None = None,
) -> Order:
    """Edit a draft order (§3.1); a signed or cancelled order is never changed.

    Fields left as None (the signer: left out) keep their value; `subjects`, when given,
    replace the order's people. The rules of `order_create` apply to the result.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(_("Only a draft order can be edited."), code="not_draft")
        new_kind = str(kind) if kind is not None else order.kind
        new_number = number.strip() if number is not None else order.number
        new_date = date or order.date
        new_title = title if title is not None else order.title
        _check_fields(kind=new_kind, number=new_number, title=new_title)
        if subjects is not None:
            new_subjects = _unique(subjects)
        else:
            new_subjects = [(s.staff, s.role) for s in order.subjects.select_related("staff")]
        _check_subjects(school=school, kind=new_kind, subjects=new_subjects)
        new_signer = order.signer if isinstance(signer, _Keep) else signer
        _check_signer(school=school, signer=new_signer)
        if Order.objects.filter(year=new_date.year, number=new_number).exclude(pk=order.pk).exists():
            raise _duplicate_number(new_number, new_date.year)
        order.kind, order.number, order.date, order.year = new_kind, new_number, new_date, new_date.year
        order.title = new_title.strip()
        if text is not None:
            order.text = text
        order.signer = new_signer
        try:
            with transaction.atomic():
                order.save()
        except IntegrityError as error:
            raise _duplicate_number(new_number, new_date.year) from error
        if subjects is not None:
            order.subjects.all().delete()
            OrderSubject.objects.bulk_create(
                [OrderSubject(order=order, staff=staff, role=role) for staff, role in new_subjects]
            )
        school_changed()
        audit_record(actor=acting_user, action="order.updated", school=school, target=order,
                     details={"number": order.number, "kind": order.kind})
    return order


def order_cancel(*, school: School, acting_user: Person | None, order: Order) -> Order:
    """Cancel a draft order: it stays in the register, marked cancelled, and gives nothing."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(_("Only a draft order can be cancelled."), code="not_draft")
        order.status = OrderStatus.CANCELLED
        order.save(update_fields=["status"])
        school_changed()
        audit_record(actor=acting_user, action="order.cancelled", school=school, target=order,
                     details={"number": order.number})
    return order


def order_sign(*, school: School, acting_user: Person | None, order: Order, signer: StaffMember | None = None) -> Order:
    """The director signs: the roles the order gives take effect from its date (§3.2–3.4).

    Only a draft is signed. The signer is `signer`, else the signer named in the draft, else
    the acting person's own staff record; whoever it is must hold the director's role in
    this school. At signing, the curator must still be a deputy director (§3.4) and every
    appointed mentor's written consent must be in force (§3.2, Labour Code art. 351.8).
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(_("Only a draft order can be signed."), code="not_draft")
        signer = signer or order.signer or _own_staff_record(acting_user)
        if signer is None:
            raise ValidationError({"signer": ValidationError(
                _("Name the director who signs the order."), code="required")})
        _check_signer(school=school, signer=signer)
        subjects = [(s.staff, s.role) for s in order.subjects.select_related("staff")]
        _check_subjects(school=school, kind=order.kind, subjects=subjects)
        _check_mentor_consents(subjects=subjects)
        order.status = OrderStatus.SIGNED
        order.signed_at = timezone.now()
        order.signer = signer
        order.save(update_fields=["status", "signed_at", "signer"])
        for staff, role in subjects:
            if not role:
                continue
            RoleAssignment.objects.get_or_create(
                staff=staff, role=role, ended_on__isnull=True,
                defaults={"order": order, "started_on": order.date},
            )
            # A guest mentor from another school (mentor exchange) keeps the guest place limited to
            # the cross-school programme: the order gives the role for that pair, not for the school.
            if staff.person is not None and not staff.is_guest:
                membership_grant(acting_user=acting_user, school=school, person=staff.person,
                                 roles=[SchoolRole(role)])
        school_changed()
        audit_record(actor=acting_user, action="order.signed", school=school, target=order,
                     details={"number": order.number, "signer": signer.full_name})
    return order


def _own_staff_record(acting_user: Person | None) -> StaffMember | None:
    if acting_user is None or not acting_user.is_authenticated:
        return None
    return StaffMember.objects.filter(person=acting_user, is_active=True).first()
