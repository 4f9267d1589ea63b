"""Pages of the district space: the schools of the district, registering and managing them.

Every district role reads; the district administrator registers, edits, archives and
restores (tenants.services). School people and anyone without the role get 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from district.forms import SchoolArchiveForm, SchoolEditForm, SchoolFilterForm, SchoolRegistrationForm
from district.selectors import district_settings
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from service_errors import form_action, not_yours_is_404, show_on_form
from tenants import selectors as tenant_selectors
from tenants.models import School
from tenants.services import (
    SCHOOL_DETAIL_FIELDS,
    FirstAdministrator,
    school_archive,
    school_register,
    school_restore,
    school_update,
)

ADMIN = DistrictRole.ADMIN


@district_roles_required()
def home(request: HttpRequest) -> HttpResponse:
    """The district home page: the schools of the district."""
    return render(
        request,
        "district/home.html",
        {"district": district_settings(), "schools": tenant_selectors.district_schools(),
         "is_admin": _is_admin(request)},
    )


@district_roles_required(DistrictRole.ADMIN)
def school_register_view(request: HttpRequest) -> HttpResponse:
    form = SchoolRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registered = school_register(
                acting_user=acting_person(request),
                slug=data["slug"], full_name=data["full_name"], short_name=data["short_name"],
                kind=data["kind"], locality=data["locality"],
                second_language_code=data["second_language_code"],
                full_name_second_language=data["full_name_second_language"],
                short_name_second_language=data["short_name_second_language"],
                administrator=FirstAdministrator(
                    username=data["admin_username"], last_name=data["admin_last_name"],
                    first_name=data["admin_first_name"], patronymic=data["admin_patronymic"],
                    email=data["admin_email"],
                ),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            message = _("School “%(name)s” registered at %(host)s; administrator: %(login)s.") % {
                "name": registered.school.short_name, "host": registered.domain.domain,
                "login": registered.administrator.username,
            }
            if registered.generated_password:
                message += " " + _("One-time password: %(password)s — pass it on and ask to change it.") % {
                    "password": registered.generated_password
                }
            messages.success(request, message)
            return redirect("home")
    return render(request, "district/school_register.html", {"form": form})


# --- Managing the schools -------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolRow:
    """A school as the district's pages show it, with the address of its host."""

    school: School
    host: str
    url: str


def _is_admin(request: HttpRequest) -> bool:
    user = acting_person(request)
    return user.is_superuser or ADMIN in user.district_roles


def _row(request: HttpRequest, school: School) -> SchoolRow:
    domains = list(school.domains.all())  # prefetched by the selector
    primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
    if primary is None:
        return SchoolRow(school=school, host="", url="")
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    return SchoolRow(school=school, host=primary.domain, url=f"{request.scheme}://{primary.domain}{suffix}/")


@district_roles_required()
def school_list(request: HttpRequest) -> HttpResponse:
    """The schools of the district: current ones by default, archived ones on request."""
    form = SchoolFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    schools = tenant_selectors.district_school_search(
        status=filters.get("status", ""), kind=filters.get("kind", ""), query=filters.get("q", ""),
    )
    return render(request, "district/school_list.html", {
        "rows": [_row(request, school) for school in schools], "filter_form": form,
        "filtered": bool(filters and any(filters.values())), "is_admin": _is_admin(request),
    })


@district_roles_required()
def school_card(request: HttpRequest, school_id: str) -> HttpResponse:
    school = tenant_selectors.district_school_get(id=school_id)
    return render(request, "district/school_card.html", {
        "row": _row(request, school), "school": school, "is_admin": _is_admin(request),
        "history": tenant_selectors.school_history(school=school),
    })


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def school_edit(request: HttpRequest, school_id: str) -> HttpResponse:
    school = tenant_selectors.district_school_get(id=school_id)
    initial = {field: getattr(school, field) for field in SCHOOL_DETAIL_FIELDS}
    form = SchoolEditForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: school_update(acting_user=acting_person(request), school=school,
                                                                 **data),
                       success=_("The school's details are saved."),
                       then=reverse("school-card", kwargs={"school_id": school.uuid}))
    return done or render(request, "district/school_edit.html",
                          {"form": form, "school": school, "row": _row(request, school)})


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def school_archive_view(request: HttpRequest, school_id: str) -> HttpResponse:
    school = tenant_selectors.district_school_get(id=school_id)
    form = SchoolArchiveForm(request.POST or None)
    done = form_action(request, form, lambda data: school_archive(acting_user=acting_person(request), school=school,
                                                                  reason=data["reason"]),
                       success=_("The school “%(name)s” is archived: its address answers nothing and "
                                 "nobody can log in there; its data are kept.") % {"name": school.short_name},
                       then=reverse("school-card", kwargs={"school_id": school.uuid}))
    return done or render(request, "district/school_archive.html",
                          {"form": form, "school": school, "row": _row(request, school)})


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def school_restore_view(request: HttpRequest, school_id: str) -> HttpResponse:
    school = tenant_selectors.district_school_get(id=school_id)
    if request.method == "POST":
        try:
            not_yours_is_404(lambda: school_restore(acting_user=acting_person(request), school=school))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The school “%(name)s” is restored: its people can log in again.")
                             % {"name": school.short_name})
        return redirect("school-card", school_id=school.uuid)
    return render(request, "district/school_restore.html", {"school": school, "row": _row(request, school)})
