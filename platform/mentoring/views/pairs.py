"""Pages of pairs and groups, their orders and agreements, and requests about them (§4.1, §5.1, §6)."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from consents import services as consent_services
from consents.models import ConsentPurpose
from district.selectors import docx_template
from formats.filenames import download_response
from mentoring import documents
from mentoring.models import (
    Agreement,
    Mode,
    Pair,
    PairStatus,
    ParticipantRole,
    RequestKind,
    RequestStatus,
    RoleForm,
)
from mentoring.selectors import pairs as selectors
from mentoring.services import pairs as services
from mentoring.services import requests as request_services
from people.access import capability_required, school_member_required
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership_or_none, request_school
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from reports.docx import official_docx
from service_errors import form_action, show_on_form
from staff.models import StaffMember

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class _StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class _OneStaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class PairForm(forms.Form):
    role_form = forms.ChoiceField(label=_lazy("Form of mentoring"), choices=RoleForm.choices)
    mode = forms.ChoiceField(label=_lazy("Mode"), choices=Mode.choices)
    mentors = _StaffChoice(label=_lazy("Mentor(s)"), queryset=StaffMember.objects.none(),
                           help_text=_lazy("From the mentor bank; at most two."))
    mentees = _StaffChoice(label=_lazy("Mentee(s)"), queryset=StaffMember.objects.none(),
                           help_text=_lazy("From the mentee bank; a group has at least two."))
    formed_on = forms.DateField(label=_lazy("Formed on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["mentors"].queryset = selectors.mentor_candidates()  # type: ignore[attr-defined]
        self.fields["mentees"].queryset = selectors.mentee_candidates()  # type: ignore[attr-defined]


class OrderForm(forms.Form):
    number = forms.CharField(label=_lazy("Order number"), max_length=30,
                             help_text=_lazy("The next free number of the year is suggested."))
    date = forms.DateField(label=_lazy("Order date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class AgreementForm(forms.Form):
    mentor = _OneStaffChoice(label=_lazy("Mentor"), queryset=StaffMember.objects.none())
    content = forms.CharField(label=_lazy("Content of mentoring"), widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label=_lazy("From"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    ends_on = forms.DateField(label=_lazy("Until"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    form = forms.CharField(label=_lazy("Form of mentoring"), max_length=300)
    payment = forms.CharField(label=_lazy("Payment"), max_length=300,
                              help_text=_lazy("The allowance set by the school's pay regulation, or «unpaid»."))

    def __init__(self, *args: object, pair: Pair, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["mentor"].queryset = StaffMember.objects.filter(  # type: ignore[attr-defined]
            pair_participations__pair=pair, pair_participations__role=ParticipantRole.MENTOR,
            pair_participations__left_on__isnull=True)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_lazy("Request"), choices=RequestKind.choices)
    reason = forms.CharField(label=_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [c for c in RequestKind.choices if c[0] in kinds]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    grant = forms.TypedChoiceField(label=_lazy("Decision"), coerce=lambda v: v == "grant",
                                   choices=[("grant", _lazy("Grant")), ("refuse", _lazy("Refuse"))],
                                   widget=forms.RadioSelect)
    decision = forms.CharField(label=_lazy("Decision text"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_lazy("Required for a refusal."))
    new_mentor = _OneStaffChoice(label=_lazy("New mentor"), required=False, queryset=StaffMember.objects.none(),
                                 help_text=_lazy("Required to replace the mentor; optional to release one."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["new_mentor"].queryset = selectors.mentor_candidates()  # type: ignore[attr-defined]


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _pair(request: HttpRequest, pk: uuid.UUID) -> Pair:
    return selectors.pair_get_for(membership=request_membership_or_none(request), person=acting_person(request), id=pk)


def _agreement(request: HttpRequest, pk: uuid.UUID, agreement_pk: uuid.UUID) -> Agreement:
    return selectors.agreement_get_for(membership=request_membership_or_none(request), person=acting_person(request),
                                       pair=_pair(request, pk), id=agreement_pk)


def _detail(pair: Pair) -> str:
    return reverse("pairs:detail", args=[pair.pk])


def _pdf(content: bytes, filename: str) -> HttpResponse:
    return download_response(content, filename=filename, content_type="application/pdf", inline=True)


@school_member_required
def pair_list(request: HttpRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip() for key in ("status", "mode", "role_form", "q")}
    pairs = selectors.pairs_visible_to(
        membership=request_membership_or_none(request), person=acting_person(request), status=filters["status"],
        mode=filters["mode"], role_form=filters["role_form"], search=filters["q"],
    )
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(request, "mentoring/pairs/list.html", {
        "page": page, "filters": filters, "statuses": PairStatus.choices, "modes": Mode.choices,
        "role_forms": RoleForm.choices, "can_form": can(request_membership_or_none(request), Capability.PAIRS_FORM),
        "pending_count": selectors.requests_pending_for(membership=request_membership_or_none(request)).count()
        if can(request_membership_or_none(request), Capability.REQUESTS_DECIDE) else 0,
    })


def _is_htmx(request: HttpRequest) -> bool:
    """A request htmx sent to refresh part of a page (django_htmx.middleware.HtmxMiddleware)."""
    return bool(getattr(request, "htmx", False))


def _chosen(request: HttpRequest, name: str) -> list[str]:
    """The staff ids ticked in a picker, as posted (unknown ones simply match nobody)."""
    values = request.POST.getlist(name) if request.method == "POST" else request.GET.getlist(name)
    result = []
    for value in values:
        try:
            result.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return result


def _staff_of(options: list[selectors.MentorOption] | list[selectors.MenteeOption],
              chosen: list[str]) -> list[StaffMember]:
    return [option.staff for option in options if str(option.staff.pk) in chosen]


@capability_required(Capability.PAIRS_FORM)
def pair_create(request: HttpRequest) -> HttpResponse:
    """Forming a pair: searchable pickers, the consents the chosen lack (recorded in place), then the pair.

    htmx re-posts the form on every change and gets the form back (nothing is saved then);
    the form's own submit, without htmx, forms the pair.
    """
    data = request.POST if request.method == "POST" else None
    form = PairForm(data, initial={"formed_on": timezone.localdate()})
    submitted = data is not None and not _is_htmx(request)
    done = None if not submitted else form_action(request, form, lambda cleaned: services.pair_form(
        school=request_school(request), acting_user=acting_person(request), role_form=cleaned["role_form"],
        mode=cleaned["mode"], mentors=list(cleaned["mentors"]), mentees=list(cleaned["mentees"]),
        formed_on=cleaned["formed_on"],
    ), success=_("The pair is formed. Draft the director's order next."), then=_detail)
    if done:
        return done
    chosen_mentors, chosen_mentees = _chosen(request, "mentors"), _chosen(request, "mentees")
    mentor_q = (request.POST.get("mentor_q", "") if data is not None else "").strip()
    mentee_q = (request.POST.get("mentee_q", "") if data is not None else "").strip()
    mentors = selectors.mentor_options(search=mentor_q, chosen=chosen_mentors)
    mentees = selectors.mentee_options(search=mentee_q, chosen=chosen_mentees)
    gaps = selectors.consent_gaps(mentors=_staff_of(mentors, chosen_mentors),
                                  mentees=_staff_of(mentees, chosen_mentees))
    membership = request_membership_or_none(request)
    return render(request, "mentoring/pairs/_builder.html" if _is_htmx(request) else "mentoring/pairs/create.html", {
        "form": form, "show_errors": submitted, "mentors": mentors, "mentees": mentees,
        "chosen_mentors": chosen_mentors, "chosen_mentees": chosen_mentees, "mentor_q": mentor_q,
        "mentee_q": mentee_q, "gaps": gaps, "blocking": [gap for gap in gaps if gap.blocks_forming],
        "can_record_consent": can(membership, Capability.CONSENTS_MANAGE),
        "can_print_consent": can(membership, Capability.CONSENTS_VIEW),
    })


class ConsentDialogForm(forms.Form):
    given_on = forms.DateField(label=_lazy("Given on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    note = forms.CharField(label=_lazy("Note"), max_length=300, required=False)


@capability_required(Capability.CONSENTS_MANAGE)
def consent_record(request: HttpRequest) -> HttpResponse:
    """«Записать согласие» in a small dialog over the pair pages; the page behind keeps what was chosen.

    On success the dialog closes and the event `consent-recorded` tells the page to refresh
    what depends on consents.
    """
    params = request.POST if request.method == "POST" else request.GET
    staff = selectors.consent_staff_get(id=params.get("staff", ""))
    purpose = params.get("purpose", "")
    if purpose not in ConsentPurpose.values:
        raise Http404
    form = ConsentDialogForm(request.POST if request.method == "POST" else None,
                             initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.consent_give(
                school=request_school(request), acting_user=acting_person(request), staff=staff, purpose=purpose,
                given_on=form.cleaned_data["given_on"], note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            response = render(request, "mentoring/pairs/_consent_recorded.html", {
                "staff": staff, "purpose_label": ConsentPurpose(purpose).label})
            response["HX-Trigger"] = "consent-recorded"
            return response
    return render(request, "mentoring/pairs/_consent_dialog.html", {
        "form": form, "staff": staff, "purpose": purpose, "purpose_label": ConsentPurpose(purpose).label,
    })


@school_member_required
def pair_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    membership = request_membership_or_none(request)
    can_form = can(membership, Capability.PAIRS_FORM)
    show_consents = can_form or can(membership, Capability.CONSENTS_VIEW)
    checklist = selectors.pair_activation_checklist(pair) if can_form and pair.status == PairStatus.FORMING else []
    return render(request, "mentoring/pairs/detail.html", {
        "pair": pair,
        "participants": list(pair.participants.all()),
        "consents": selectors.pair_consents(pair) if show_consents else None,
        "checklist": checklist,
        "order_form": _order_form(None) if any(i.kind == "order_draft" and not i.done for i in checklist) else None,
        "ready": bool(checklist) and all(item.done for item in checklist),
        "can_record_consent": can(membership, Capability.CONSENTS_MANAGE),
        "can_print_consent": can(membership, Capability.CONSENTS_VIEW),
        "can_sign": can(membership, Capability.ORDERS_SIGN),
        "agreements": selectors.pair_agreements_for(membership=membership, person=acting_person(request), pair=pair),
        "requests": list(selectors.requests_visible_to(membership=membership, person=acting_person(request))
                         .filter(pair=pair)),
        "can_form": can_form,
        "can_decide": can(membership, Capability.REQUESTS_DECIDE),
        "can_request": (pair.status != PairStatus.ENDED
                        and bool(selectors.request_kinds_open_to(pair, acting_person(request)))),
    })


def _order_form(data: QueryDict | None) -> OrderForm:
    """The order's form with today's date and the year's next free number suggested."""
    today = timezone.localdate()
    return OrderForm(data, initial={"date": today, "number": selectors.next_order_number(today.year)})


@capability_required(Capability.PAIRS_FORM)
def pair_order_draft(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    form = _order_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.pair_draft_order(school=request_school(request), acting_user=acting_person(request),
                                              pair=pair, number=form.cleaned_data["number"],
                                              date=form.cleaned_data["date"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Order № %(number)s is drafted; the director signs it in the register of "
                                        "orders.") % {"number": order.number})
            return redirect("pairs:detail", pk=pair.pk)
    return render(request, "mentoring/pairs/form.html", {
        "form": form, "title": _("Draft the director's order"), "submit": _("Draft"), "back": pair,
    })


@capability_required(Capability.PAIRS_FORM)
@require_POST
def pair_activate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    try:
        services.pair_activate(school=request_school(request), acting_user=acting_person(request), pair=pair)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The pair is active."))
    return redirect("pairs:detail", pk=pair.pk)


@school_member_required
def pair_order_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    return _pdf(documents.pair_order_pdf(school=request_school(request), pair=pair),
                documents.pair_order_filename(school=request_school(request), pair=pair))


@capability_required(Capability.PAIRS_FORM)
def agreement_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    today = timezone.localdate()
    form = AgreementForm(request.POST or None, pair=pair, initial={
        "starts_on": pair.activated_on or today, "ends_on": (pair.activated_on or today) + dt.timedelta(days=365),
        "form": pair.get_mode_display(),
    })
    done = form_action(request, form, lambda data: services.agreement_create(
        school=request_school(request), acting_user=acting_person(request), pair=pair, mentor=data["mentor"],
        content=data["content"], starts_on=data["starts_on"], ends_on=data["ends_on"], form=data["form"],
        payment=data["payment"],
    ), success=_("The mentoring agreement is recorded."), then=_detail(pair))
    return done or render(request, "mentoring/pairs/form.html", {
        "form": form, "title": _("Mentoring agreement (Labour Code art. 351.8)"), "submit": _("Save"), "back": pair,
    })


@school_member_required
def agreement_pdf(request: HttpRequest, pk: uuid.UUID, agreement_pk: uuid.UUID) -> HttpResponse:
    agreement = _agreement(request, pk, agreement_pk)
    return _pdf(documents.agreement_pdf(school=request_school(request), agreement=agreement),
                documents.agreement_filename(school=request_school(request), agreement=agreement))


@school_member_required
def agreement_docx(request: HttpRequest, pk: uuid.UUID, agreement_pk: uuid.UUID) -> HttpResponse:
    """The same agreement as an editable DOCX (reports.docx, from the repository's template)."""
    agreement = _agreement(request, pk, agreement_pk)
    content = official_docx(**documents.agreement_document(school=request_school(request), agreement=agreement),  # type: ignore[arg-type]
                            template=docx_template("agreement"))
    return download_response(content, content_type=DOCX_CONTENT_TYPE, inline=False,
                             filename=documents.agreement_filename(school=request_school(request), agreement=agreement,
                                                                  extension="docx"))


@school_member_required
def request_submit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair = _pair(request, pk)
    kinds = selectors.request_kinds_open_to(pair, acting_person(request))
    if not kinds:
        raise Http404
    form = RequestForm(request.POST or None, kinds=kinds)
    done = form_action(request, form, lambda data: request_services.request_submit(
        school=request_school(request), acting_user=acting_person(request), pair=pair, kind=data["kind"],
        reason=data["reason"],
    ), success=_("Your request is submitted; the curator or the director will decide it."), then=_detail(pair))
    return done or render(request, "mentoring/pairs/form.html", {
        "form": form, "title": _("Submit a request"), "submit": _("Submit"), "back": pair,
    })


@school_member_required
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "").strip()
    requests = selectors.requests_visible_to(membership=request_membership_or_none(request),
                                             person=acting_person(request), status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(request, "mentoring/pairs/requests.html", {
        "page": page, "status": status, "statuses": RequestStatus.choices,
        "can_decide": can(request_membership_or_none(request), Capability.REQUESTS_DECIDE),
    })


@capability_required(Capability.REQUESTS_DECIDE)
def request_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pair_request = selectors.request_get_for_decision(membership=request_membership_or_none(request), id=pk)
    form = DecisionForm(request.POST or None)
    done = None if pair_request.status != RequestStatus.PENDING else form_action(
        request, form, lambda data: request_services.request_decide(
            school=request_school(request), acting_user=acting_person(request), request=pair_request,
            grant=data["grant"], decision=data["decision"], new_mentor=data["new_mentor"],
        ), success=_("The decision is recorded."), then=reverse("pairs:detail", args=[pair_request.pair_id]))
    return done or render(request, "mentoring/pairs/decide.html", {"form": form, "pair_request": pair_request})
