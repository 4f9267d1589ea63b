"""The district's own accounts: the district administrator invites, re-issues codes for and deactivates
district officials (administrator, analyst) the way schools do for their staff — slips on paper, an
e-mail link where there is an e-mail, one account per person."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from district.selectors import district_settings
from formats.filenames import download_response
from people import selectors as people_selectors
from people import services as people_services
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from reports.slips import Slip, slips_docx, slips_pdf
from service_errors import show_on_form


class OfficialForm(forms.Form):
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    patronymic = forms.CharField(label=gettext_lazy("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role in the district"), choices=DistrictRole.choices)
    username = forms.CharField(label=gettext_lazy("Login"), max_length=150, required=False,
                               help_text=gettext_lazy("Empty: suggested from the name."))


class AccessSettingsForm(forms.Form):
    invitation_valid_days = forms.IntegerField(label=gettext_lazy("days an invitation link works"),
                                               min_value=1, max_value=90)
    second_factor_required = forms.BooleanField(
        label=gettext_lazy("second factor required for district administrators and directors"), required=False)


def _slip(request: HttpRequest, invitation: people_services.Invitation) -> HttpResponse:
    person = invitation.person
    slips = [Slip(school_name=district_settings().name or str(_("District office")),
                  address=request.build_absolute_uri("/"), full_name=person.get_full_name(),
                  login=person.username, code=invitation.code)]
    if request.POST.get("format") == "docx":  # the code exists only now: the same response, the other format
        return download_response(slips_docx(slips), filename=f"invitation-{person.username}.docx",
                                 content_type=DOCX_CONTENT_TYPE, inline=False)
    pdf = slips_pdf(slips)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invitation-{person.username}.pdf"'
    return response


@district_roles_required(DistrictRole.ADMIN)
def officials_view(request: HttpRequest) -> HttpResponse:
    return render(request, "district/officials.html", {"officials": people_selectors.district_officials()})


@district_roles_required(DistrictRole.ADMIN)
@require_http_methods(["GET", "POST"])
def official_invite_view(request: HttpRequest) -> HttpResponse:
    """A new official: an account with a one-time code (the slip is the answer) and the e-mail link; a person
    the district already has (same e-mail, or same name) is shown and gets the role only on confirmation."""
    form = OfficialForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = people_selectors.person_same_as(
            email=data["email"], last_name=data["last_name"], first_name=data["first_name"],
            patronymic=data["patronymic"], birth_date=None, by_name_alone=True)
        try:
            if existing is not None and request.POST.get("confirm_existing") == str(existing.pk):
                comeback = people_services.district_role_grant(acting_user=acting_person(request),
                                                               person=existing, role=data["role"])
                if comeback is not None:
                    return _slip(request, comeback)
                messages.success(request, _("%(name)s now has the role in the district.") % {
                    "name": existing.get_full_name()})
                return redirect("district-officials")
            if existing is None:
                username = data["username"] or people_selectors.login_suggest(
                    last_name=data["last_name"], first_name=data["first_name"], patronymic=data["patronymic"])
                invitation = people_services.account_invite(
                    acting_user=acting_person(request), school=None, username=username,
                    last_name=data["last_name"], first_name=data["first_name"], patronymic=data["patronymic"],
                    email=data["email"], district_roles=[data["role"]])
                people_services.invitation_email_send(person=invitation.person,
                                                      address=request.build_absolute_uri("/"),
                                                      space_name=str(_("District office")))
                return _slip(request, invitation)
        except ValidationError as error:
            show_on_form(form, error)
    return render(request, "district/official_invite.html", {"form": form, "existing": existing})


@district_roles_required(DistrictRole.ADMIN)
@require_POST
def official_code_view(request: HttpRequest, person_id: str) -> HttpResponse:
    person = people_selectors.district_official_get(id=person_id)
    return _slip(request, people_services.one_time_code_issue(acting_user=acting_person(request), school=None,
                                                               person=person))


@district_roles_required(DistrictRole.ADMIN)
@require_POST
def official_deactivate_view(request: HttpRequest, person_id: str) -> HttpResponse:
    person = people_selectors.district_official_get(id=person_id)
    try:
        people_services.district_official_deactivate(acting_user=acting_person(request), person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer has access to the district space.") % {
            "name": person.get_full_name()})
    return redirect("district-officials")


@district_roles_required(DistrictRole.ADMIN)
@require_http_methods(["GET", "POST"])
def access_settings_view(request: HttpRequest) -> HttpResponse:
    """The district's sign-in settings: how long an invitation link works; whether the powerful accounts
    need a second factor (from their next sign-in)."""
    row = district_settings()
    form = AccessSettingsForm(request.POST or None, initial={
        "invitation_valid_days": row.invitation_valid_days, "second_factor_required": row.second_factor_required})
    if request.method == "POST" and form.is_valid():
        people_services.district_access_settings_save(acting_user=acting_person(request), settings_row=row,
                                                      **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("district-officials")
    return render(request, "district/access_settings.html", {"form": form})
