"""Pages of the register of orders (приказы): read, draft, sign, cancel, print."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders import selectors, services
from orders.documents import order_filename, order_pdf
from orders.forms import OrderForm, RegisterFilterForm, SubjectFormSet, staff_options
from orders.models import Order, OrderStatus
from people.access import capability_required
from people.capabilities import Capability, can
from people.requests import SchoolRequest, acting_person
from reports.pdf import pdf_response
from service_errors import show_on_form
from staff.models import StaffMember


@capability_required(Capability.ORDERS_VIEW)
def order_list(request: SchoolRequest) -> HttpResponse:
    filters = RegisterFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    orders = selectors.order_register(
        membership=request.membership, year=data.get("year"), kind=data.get("kind", ""),
        status=data.get("status", ""), query=data.get("q", ""),
    )
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "orders/list.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "years": selectors.order_years(membership=request.membership),
        "can_draft": can(request.membership, Capability.ORDERS_DRAFT),
        "sees_drafts": selectors.sees_drafts(request.membership),
    })


@capability_required(Capability.ORDERS_VIEW)
def order_detail(request: SchoolRequest, pk: str) -> HttpResponse:
    order = selectors.order_get_for(membership=request.membership, id=pk)
    return render(request, "orders/detail.html", {
        "order": order,
        "is_draft": order.status == OrderStatus.DRAFT,
        "can_draft": can(request.membership, Capability.ORDERS_DRAFT),
        "can_sign": can(request.membership, Capability.ORDERS_SIGN),
    })


@capability_required(Capability.ORDERS_DRAFT)
def order_create(request: SchoolRequest) -> HttpResponse:
    return _edit(request, None)


@capability_required(Capability.ORDERS_DRAFT)
def order_edit(request: SchoolRequest, pk: str) -> HttpResponse:
    order = selectors.order_get_for(membership=request.membership, id=pk)
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft order can be edited."))
        return redirect("orders:detail", pk=order.pk)
    return _edit(request, order)


def _edit(request: SchoolRequest, order: Order | None) -> HttpResponse:
    staff = list(selectors.staff_choices())
    by_id = {str(s.pk): s for s in staff}
    options = staff_options(staff)
    if order is not None:
        initial: dict[str, Any] = {"kind": order.kind, "number": order.number, "date": order.date,
                                   "title": order.title, "text": order.text,
                                   "signer": str(order.signer_id) if order.signer_id else ""}
        subjects_initial = [{"staff": str(s.staff_id), "role": s.role} for s in order.subjects.all()]
    else:
        initial, subjects_initial = {}, []
    form = OrderForm(request.POST or None, initial=initial, staff_options=options)
    formset = SubjectFormSet(request.POST or None, initial=subjects_initial, prefix="subjects",
                             form_kwargs={"staff_options": options})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        subjects = [
            (by_id[row["staff"]], row["role"]) for row in formset.cleaned_data if row and row.get("staff")
        ]
        signer: StaffMember | None = by_id.get(data["signer"]) if data["signer"] else None
        try:
            if order is None:
                order = services.order_create(
                    school=request.tenant, acting_user=acting_person(request), kind=data["kind"],
                    number=data["number"], date=data["date"], title=data["title"], text=data["text"],
                    signer=signer, subjects=subjects,
                )
                messages.success(request, _("Draft order № %(number)s saved.") % {"number": order.number})
            else:
                order = services.order_update(
                    school=request.tenant, acting_user=acting_person(request), order=order, kind=data["kind"],
                    number=data["number"], date=data["date"], title=data["title"], text=data["text"],
                    signer=signer, subjects=subjects,
                )
                messages.success(request, _("Draft order № %(number)s updated.") % {"number": order.number})
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return redirect("orders:detail", pk=order.pk)
    return render(request, "orders/form.html", {"form": form, "formset": formset, "order": order})


@capability_required(Capability.ORDERS_SIGN)
@require_POST
def order_sign(request: SchoolRequest, pk: str) -> HttpResponse:
    order = selectors.order_get_for(membership=request.membership, id=pk)
    try:
        services.order_sign(school=request.tenant, acting_user=acting_person(request), order=order)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Order № %(number)s signed: the roles it gives take effect.")
                         % {"number": order.number})
    return redirect("orders:detail", pk=order.pk)


@capability_required(Capability.ORDERS_DRAFT)
@require_POST
def order_cancel(request: SchoolRequest, pk: str) -> HttpResponse:
    order = selectors.order_get_for(membership=request.membership, id=pk)
    try:
        services.order_cancel(school=request.tenant, acting_user=acting_person(request), order=order)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Draft order № %(number)s cancelled.") % {"number": order.number})
    return redirect("orders:detail", pk=order.pk)


@capability_required(Capability.ORDERS_VIEW)
def order_pdf_view(request: SchoolRequest, pk: str) -> HttpResponse:
    order = selectors.order_get_for(membership=request.membership, id=pk)
    return pdf_response(order_pdf(school=request.tenant, order=order), order_filename(school=request.tenant,
                                                                                      order=order))


