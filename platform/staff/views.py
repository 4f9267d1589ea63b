"""Pages of the staff part of a school's space: thin, parse → one service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from people import selectors as people_selectors
from people.access import capability_required
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership_or_none, request_school
from service_errors import form_action, show_on_form
from staff import imports, selectors, services
from staff.forms import StaffFilterForm, StaffForm, StaffImportForm

PAGE_SIZE = 25


def _can_manage(request: HttpRequest) -> bool:
    return can(request_membership_or_none(request), Capability.STAFF_MANAGE)


@capability_required(Capability.STAFF_VIEW)
def staff_list_view(request: HttpRequest) -> HttpResponse:
    membership = request_membership_or_none(request)
    filter_form = StaffFilterForm(request.GET, positions=selectors.staff_positions(membership=membership))
    staff = selectors.staff_list(membership=membership, filters=filter_form.filters())
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "staff/list.html", {
        "page": page, "filter_form": filter_form, "query": query.urlencode(), "can_manage": _can_manage(request),
    })


@capability_required(Capability.STAFF_VIEW)
def staff_detail_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    school, membership = request_school(request), request_membership_or_none(request)
    member = selectors.staff_get_for(membership=membership, id=staff_id)
    return render(request, "staff/detail.html", {
        "member": member, "bank": selectors.staff_bank_status(member), "can_manage": _can_manage(request),
        "can_manage_accounts": can(membership, Capability.ACCOUNTS_MANAGE),
        "account_active": member.person is not None and people_selectors.membership_in(
            person=member.person, school=school) is not None,
        "can_keep_banks": member.is_active and can(membership, Capability.BANKS_MANAGE),
        "can_view_banks": can(membership, Capability.BANKS_VIEW),
    })


@capability_required(Capability.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_create_view(request: HttpRequest) -> HttpResponse:
    school, person = request_school(request), acting_person(request)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.staff_create(school=school, acting_user=person, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("%(name)s added to the staff list.") % {"name": member.full_name})
            return redirect("staff:detail", staff_id=member.pk)
    return render(request, "staff/form.html", {"form": form, "member": None})


@capability_required(Capability.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_edit_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    school, person, membership = request_school(request), acting_person(request), request_membership_or_none(request)
    member = selectors.staff_get_for(membership=membership, id=staff_id)
    form = StaffForm(request.POST or None, initial=StaffForm.initial_from(member))
    done = form_action(request, form, lambda data: services.staff_update(school=school, acting_user=person,
                                                                         member=member, changes=data),
                       success=_("Changes saved."), then=reverse("staff:detail", kwargs={"staff_id": member.pk}))
    return done or render(request, "staff/form.html", {"form": form, "member": member})


@capability_required(Capability.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_deactivate_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    school, person, membership = request_school(request), acting_person(request), request_membership_or_none(request)
    member = selectors.staff_get_for(membership=membership, id=staff_id)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the confirmation to deactivate."))
            return redirect("staff:deactivate", staff_id=member.pk)
        try:
            services.staff_deactivate(school=school, acting_user=person, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is deactivated.") % {"name": member.full_name})
        return redirect("staff:detail", staff_id=member.pk)
    return render(request, "staff/deactivate.html", {"member": member})


@capability_required(Capability.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_import_view(request: HttpRequest) -> HttpResponse:
    school, person = request_school(request), acting_person(request)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    problems: list[services.ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Never read more than the limit + 1 byte: the service then refuses the file as too large.
        content = upload.read(imports.import_max_bytes() + 1)
        try:
            result = services.staff_import(school=school, acting_user=person, file_name=upload.name or "",
                                           content=content, reactivate=form.cleaned_data["reactivate"])
        except services.StaffImportError as error:
            problems = error.problems
        else:
            messages.success(request, _(
                "The file is imported: %(rows)s rows, %(created)s added, %(updated)s updated, %(reactivated)s "
                "reactivated; %(young)s of them are young specialists."
            ) % {"rows": result.rows, "created": result.created, "updated": result.updated,
                 "reactivated": result.reactivated, "young": result.young_specialists})
            return redirect("staff:import")
    return render(request, "staff/import.html", {
        "form": form, "problems": problems, "columns": imports.COLUMNS,
        "file_problems": [p for p in problems if p.row is None],
        "row_problems": [p for p in problems if p.row is not None],
        "max_mb": imports.import_max_bytes() // (1024 * 1024),
    })


@capability_required(Capability.STAFF_MANAGE)
def staff_import_template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.staff_template_xlsx(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="staff-template.xlsx"'
    return response
