"""Logins of the school's staff: the account block of the staff card, the bulk step after an import,
one-time codes. Thin: parse → one service of staff.accounts → render or send the slips (PDF or DOCX)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from formats.filenames import download_response
from people.access import capability_required
from people.capabilities import Capability
from people.requests import SchoolRequest
from people.services import Invitation
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from service_errors import show_on_form
from staff import accounts, selectors
from staff.models import StaffMember


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Login"), max_length=150)


def _slips_response(request: HttpRequest, invitations: list[tuple[StaffMember, Invitation]], name: str) -> HttpResponse:
    """The slips in the format the button chose (`format=docx`: the editable DOCX, otherwise the PDF) — in the
    same response, as the one-time codes exist only now."""
    address = request.build_absolute_uri("/")
    if request.POST.get("format") == "docx":
        docx = accounts.staff_slips_docx(school=request.tenant, address=address,  # type: ignore[attr-defined]
                                         invitations=invitations)
        return download_response(docx, filename=f"{name}.docx", content_type=DOCX_CONTENT_TYPE, inline=False)
    pdf = accounts.staff_slips_pdf(school=request.tenant, address=address,  # type: ignore[attr-defined]
                                   invitations=invitations)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@capability_required(Capability.ACCOUNTS_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_account_view(request: SchoolRequest, staff_id: str) -> HttpResponse:
    """Create the staff member's login (the slip is the response), or confirm that an existing account
    of the district is this person and add them to the school."""
    member = selectors.staff_get_for(membership=request.membership, id=staff_id)
    match = accounts.staff_account_match(member)
    form = LoginForm(request.POST or None, initial={"username": accounts.staff_login_suggest(member)})
    if request.method == "POST":
        try:
            if match is not None and request.POST.get("action") == "link":
                accounts.staff_account_link(school=request.tenant, acting_user=request.user, member=member,
                                            person=match.person)
                messages.success(request, _("%(name)s is added to this school with the account %(login)s.") % {
                    "name": member.full_name, "login": match.person.username})
                return redirect("staff:detail", staff_id=member.pk)
            if match is None and form.is_valid():
                invitation = accounts.staff_account_create(
                    school=request.tenant, acting_user=request.user, member=member,
                    username=form.cleaned_data["username"], address=request.build_absolute_uri("/"))
                return _slips_response(request, [(member, invitation)], f"invitation-{invitation.person.username}")
        except ValidationError as error:
            show_on_form(form, error)
    return render(request, "staff/account.html", {"member": member, "match": match, "form": form})


@capability_required(Capability.ACCOUNTS_MANAGE)
@require_POST
def staff_account_code_view(request: SchoolRequest, staff_id: str) -> HttpResponse:
    """A new one-time code for a staff member without e-mail who forgot the password: the slip is the response."""
    member = selectors.staff_get_for(membership=request.membership, id=staff_id)
    try:
        invitation = accounts.staff_one_time_code_issue(school=request.tenant, acting_user=request.user,
                                                        member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:detail", staff_id=member.pk)
    return _slips_response(request, [(member, invitation)], f"invitation-{invitation.person.username}")


@capability_required(Capability.ACCOUNTS_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_accounts_bulk_view(request: SchoolRequest) -> HttpResponse:
    """Logins for everyone without one, in one step; the response is the slips of all of them."""
    if request.method == "POST":
        result = accounts.staff_accounts_create_all(school=request.tenant, acting_user=request.user,
                                                    address=request.build_absolute_uri("/"))
        if result.invitations:
            return _slips_response(request, result.invitations, "invitations")
        messages.info(request, _("Nobody needs a new login."))
        return redirect("staff:accounts")
    waiting = accounts.staff_accounts_without_login()
    to_confirm = accounts.staff_accounts_to_confirm(waiting)
    return render(request, "staff/accounts.html", {
        "waiting": waiting, "to_confirm": to_confirm, "new_count": len(waiting) - len(to_confirm)})
