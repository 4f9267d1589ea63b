"""Pages of consents: one's own, the school's list, give and withdraw, the printable forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consents import selectors, services
from consents.documents import consent_form_document, consent_form_filename, consent_form_pdf
from consents.forms import ConsentFilterForm, ConsentGiveForm, ConsentWithdrawForm
from consents.models import ConsentPurpose
from district.selectors import docx_template
from formats.filenames import download_response
from people.access import capability_required, school_member_required
from people.capabilities import Capability, can
from people.requests import SchoolRequest, acting_person
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from reports.docx import official_docx
from service_errors import form_action, show_on_form
from staff.selectors import staff_for_person
from staff.signers import school_director


@school_member_required
def consents_mine(request: SchoolRequest) -> HttpResponse:
    """A person's own consents, and the forms to print (any member)."""
    staff = staff_for_person(request.user)
    return render(request, "consents/mine.html", {
        "staff": staff,
        "consents": selectors.consents_of(staff) if staff else [],
        "purposes": ConsentPurpose.choices,
    })


@capability_required(Capability.CONSENTS_VIEW)
def consent_list(request: SchoolRequest) -> HttpResponse:
    filters = ConsentFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    state = data.get("state", "")
    consents = selectors.consent_list(
        membership=request.membership, purpose=data.get("purpose", ""), query=data.get("q", ""),
        in_force={"in_force": True, "withdrawn": False}.get(state),
    )
    page = Paginator(consents, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consents/list.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "can_manage": can(request.membership, Capability.CONSENTS_MANAGE),
    })


@capability_required(Capability.CONSENTS_MANAGE)
def consent_give(request: SchoolRequest) -> HttpResponse:
    staff = list(selectors.staff_options())
    by_id = {str(s.pk): s for s in staff}
    options = [(str(s.pk), f"{s.full_name} — {s.position}" if s.position else s.full_name) for s in staff]
    form = ConsentGiveForm(request.POST or None, staff_options=options,
                           initial={"staff": request.GET.get("staff", ""), "purpose": request.GET.get("purpose", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = services.consent_give(
                school=request.tenant, acting_user=acting_person(request), staff=by_id[data["staff"]],
                purpose=data["purpose"], given_on=data["given_on"], note=data["note"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Consent of %(name)s recorded.") % {"name": consent.staff.full_name})
            return redirect("consents:list")
    return render(request, "consents/give.html", {"form": form})


@capability_required(Capability.CONSENTS_MANAGE)
def consent_withdraw(request: SchoolRequest, pk: str) -> HttpResponse:
    consent = selectors.consent_get_for(membership=request.membership, id=pk)
    form = ConsentWithdrawForm(request.POST or None)
    done = form_action(request, form, lambda data: services.consent_withdraw(
                           school=request.tenant, acting_user=acting_person(request), consent=consent,
                           withdrawn_on=data["withdrawn_on"]),
                       success=_("The withdrawal of the consent of %(name)s is recorded; it takes effect "
                                 "at once.") % {"name": consent.staff.full_name},
                       then="consents:list")
    return done or render(request, "consents/withdraw.html", {"form": form, "consent": consent})


@school_member_required
def consent_form(request: SchoolRequest, staff_id: str, purpose: str, fmt: str = "pdf") -> HttpResponse:
    """The printable form, as PDF or as an editable DOCX: anyone's for CONSENTS_VIEW, one's own for every member."""
    staff = selectors.consent_form_staff_for(membership=request.membership, person=request.user, id=staff_id)
    if purpose not in ConsentPurpose.values or fmt not in ("pdf", "docx"):
        raise Http404
    director = school_director(school=request.tenant)
    filename = consent_form_filename(school=request.tenant, staff=staff, purpose=purpose, extension=fmt)
    if fmt == "docx":
        content = official_docx(**consent_form_document(  # type: ignore[arg-type]
            school=request.tenant, staff=staff, purpose=purpose, director=director), template=docx_template("consent"))
        return download_response(content, filename=filename, content_type=DOCX_CONTENT_TYPE, inline=False)
    content = consent_form_pdf(school=request.tenant, staff=staff, purpose=purpose, director=director)
    return download_response(content, filename=filename, content_type="application/pdf", inline=True)
