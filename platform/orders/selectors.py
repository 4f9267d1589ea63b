"""Reads of the register of orders, already filtered for the acting person.

Every member reads the signed orders (the school's normative base); drafts and
cancelled drafts are seen only by those who draft or sign orders.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from lookups import object_or_404
from orders.models import Order, OrderStatus, OrderSubject, RoleAssignment
from people.capabilities import Capability, can
from people.models import Membership
from people.roles import SchoolRole
from staff.models import StaffMember
from staff.signers import school_director
from tenants.models import School


def sees_drafts(membership: Membership | None) -> bool:
    return can(membership, Capability.ORDERS_DRAFT) or can(membership, Capability.ORDERS_SIGN)


def _visible(membership: Membership | None) -> QuerySet[Order]:
    if not can(membership, Capability.ORDERS_VIEW):
        return Order.objects.none()
    orders = Order.objects.all()
    if not sees_drafts(membership):
        orders = orders.filter(status=OrderStatus.SIGNED)
    return orders


def order_register(
    *,
    membership: Membership | None,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Order]:
    """The register of orders, newest first, with the signer and the number of people (one query)."""
    orders = _visible(membership).select_related("signer").annotate(subject_count=Count("subjects"))
    if year:
        orders = orders.filter(year=year)
    if kind:
        orders = orders.filter(kind=kind)
    if status:
        orders = orders.filter(status=status)
    if query:
        orders = orders.filter(Q(number__icontains=query) | Q(title__icontains=query))
    return orders.order_by("-date", "-created_at")


def order_years(*, membership: Membership | None) -> list[int]:
    """The years the register has orders for, newest first (for the filter)."""
    return list(_visible(membership).order_by("-year").values_list("year", flat=True).distinct())


def order_get_for(*, membership: Membership | None, id: object) -> Order:  # noqa: A002 - the helper's convention
    """One order with its signer and people, or 404 — the same for "missing" and "not yours"."""
    subjects = OrderSubject.objects.select_related("staff").order_by("staff__last_name", "staff__first_name", "role")
    orders = _visible(membership).select_related("signer", "created_by")
    return object_or_404(orders.prefetch_related(Prefetch("subjects", queryset=subjects)), id)


def staff_choices() -> QuerySet[StaffMember]:
    """The active staff an order may name."""
    return StaffMember.objects.filter(is_active=True, is_guest=False).order_by("last_name", "first_name", "patronymic")


def order_signer(*, school: School, order: Order | None) -> StaffMember | None:
    """Who signs an order of the school: its own signer, else the director appointed by an order still in force,
    else the member holding the director's role (the pair order's PDF and DOCX and the agreement agree)."""
    if order is not None and order.signer_id is not None:
        return order.signer
    assignment = (RoleAssignment.objects.filter(role=SchoolRole.DIRECTOR, ended_on__isnull=True)
                  .select_related("staff").order_by("-started_on").first())
    return assignment.staff if assignment is not None else school_director(school=school)
