"""Pages of the district space."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from district.forms import SchoolRegistrationForm
from district.selectors import district_settings
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from service_errors import show_on_form
from tenants import selectors as tenant_selectors
from tenants.services import FirstAdministrator, school_register


@district_roles_required()
def home(request: HttpRequest) -> HttpResponse:
    """The district home page: the schools of the district."""
    return render(
        request,
        "district/home.html",
        {"district": district_settings(), "schools": tenant_selectors.district_schools()},
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
