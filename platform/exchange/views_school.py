"""The mentor exchange's pages at a school's host (issue 6).

* Requests (curator, director: Capability.EXCHANGE_REQUEST): the list, a new request, a request with the
  directory ranked for it (score, every criterion explained, the refusals of the ineligible), «Propose»,
  the live proposal's status, cancel.
* «The school's mentors in the exchange» (the same capability): proposals made to the school's mentors,
  approved or declined with a reason; the mentors engaged and their places taken.
* «My proposals»: any member who is a mentor of this school in the directory answers the proposals made
  to them. Anyone else gets the same 404 as for a missing page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banks.models import Direction
from exchange import selectors, services
from exchange.forms import ReasonForm, RequestForm, split_list
from exchange.models import LIVE_PROPOSAL, MentorRequest, ProposalStatus, RequestStatus
from exchange.ranking import RANKING_SHOWN, request_rank
from exchange_school.models import RequestMentee
from mentoring.models import Mode
from people.access import capability_required, school_member_required
from people.capabilities import Capability
from people.requests import acting_person, request_school
from service_errors import form_action, show_on_form
from staff.models import StaffMember

EXCHANGE = Capability.EXCHANGE_REQUEST


def labelled(req: MentorRequest) -> MentorRequest:
    """Set the labels the pages show for a request's directions and mode."""
    req.direction_labels = [Direction(d).label if d in Direction.values else d for d in req.directions]  # type: ignore[attr-defined]
    req.mode_label = Mode(req.preferred_mode).label if req.preferred_mode in Mode.values else ""  # type: ignore[attr-defined]
    return req


def _mentee_names(requests: list[MentorRequest]) -> dict[uuid.UUID, str]:
    links = RequestMentee.objects.select_related("mentee").filter(request_uuid__in=[r.pk for r in requests])
    return {link.request_uuid: link.mentee.full_name for link in links}


@capability_required(EXCHANGE)
def request_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.request_list(school_id=request_school(request).pk)
    names = _mentee_names(rows)
    for row in rows:
        labelled(row)
        row.mentee_name = names.get(row.pk, "")  # type: ignore[attr-defined]
        row.live = next((p for p in row.proposals.all() if p.status in LIVE_PROPOSAL), None)  # type: ignore[attr-defined]
    return render(request, "exchange/school/requests.html", {"requests": rows})


@capability_required(EXCHANGE)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    staff = StaffMember.objects.filter(is_active=True, is_guest=False).order_by("last_name", "first_name")
    by_id = {str(member.pk): member for member in staff}
    form = RequestForm(request.POST or None, mentees=[(key, m.full_name) for key, m in by_id.items()])
    done = form_action(request, form, lambda data: services.request_create(
                           acting_user=acting_person(request), school=request_school(request),
                           mentee=by_id.get(data["mentee"]), subjects=split_list(data["subjects"]),
                           directions=data["directions"], preferred_mode=data["preferred_mode"],
                           starts_on=data["starts_on"], months=data["months"],
                           min_experience_years=data["min_experience_years"]),
                       success=_("The request is open: choose a mentor from the ranking."),
                       then=lambda created: reverse("exchange:request_detail", kwargs={"pk": created.pk}))
    return done or render(request, "exchange/school/request_form.html", {"form": form})


@capability_required(EXCHANGE)
def request_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = labelled(selectors.request_get(school_id=request_school(request).pk, id=pk))
    proposals = list(found.proposals.all())
    live = next((p for p in proposals if p.status in LIVE_PROPOSAL), None)
    ranking = (request_rank(request=found, limit=RANKING_SHOWN)
               if found.status == RequestStatus.OPEN else [])
    return render(request, "exchange/school/request_detail.html", {
        "req": found, "mentee_name": _mentee_names([found]).get(found.pk, ""), "proposals": proposals,
        "ranking_shown": RANKING_SHOWN,
        "live": live, "ranking": ranking, "may_propose": found.status == RequestStatus.OPEN and live is None,
    })


@capability_required(EXCHANGE)
@require_POST
def request_propose(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = selectors.request_get(school_id=request_school(request).pk, id=pk)
    try:
        proposal = services.proposal_create(acting_user=acting_person(request), request=found,
                                            entry_id=request.POST.get("entry", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(mentor)s is proposed; the mentor's school answers next.")
                         % {"mentor": proposal.mentor_name})
    return redirect("exchange:request_detail", pk=found.pk)


@capability_required(EXCHANGE)
@require_POST
def request_cancel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = selectors.request_get(school_id=request_school(request).pk, id=pk)
    try:
        services.request_cancel(acting_user=acting_person(request), school=request_school(request), request=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is cancelled."))
    return redirect("exchange:request_detail", pk=found.pk)


@capability_required(EXCHANGE)
@require_POST
def request_exclude(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Rule a mentor out of this request's ranking, or back in (`include`)."""
    found = selectors.request_get(school_id=request_school(request).pk, id=pk)
    excluded = request.POST.get("action") != "include"
    try:
        services.request_exclude_mentor(acting_user=acting_person(request), school=request_school(request),
                                        request=found, entry_id=request.POST.get("entry", ""), excluded=excluded)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mentor is ruled out of this request.") if excluded
                         else _("The mentor is offered for this request again."))
    return redirect("exchange:request_detail", pk=found.pk)


# --- the mentor's school --------------------------------------------------------------------------------


def _school_mentors_page(request: HttpRequest, *, failed: tuple[uuid.UUID, ReasonForm] | None = None,
                         status: int = 200) -> HttpResponse:
    school = request_school(request)
    proposals = selectors.proposals_to_school(school_id=school.pk)
    incoming = [p for p in proposals if p.status == ProposalStatus.AWAITING_SCHOOL]
    for proposal in proposals:
        labelled(proposal.request)
    for proposal in incoming:
        proposal.form = failed[1] if failed and failed[0] == proposal.pk else ReasonForm()  # type: ignore[attr-defined]
    engaged = [p for p in proposals if p.status in (ProposalStatus.AWAITING_MENTOR, ProposalStatus.ACCEPTED)
               and p.ended_on is None]
    for proposal in engaged:  # a mentor without a login answers on paper; the school records it
        if proposal.status == ProposalStatus.AWAITING_MENTOR and proposal.entry and proposal.entry.person_id is None:
            proposal.form = failed[1] if failed and failed[0] == proposal.pk else ReasonForm()  # type: ignore[attr-defined]
    return render(request, "exchange/school/mentors.html", {
        "incoming": incoming, "engaged": engaged, "entries": selectors.school_entries(school_id=school.pk),
        "history": [p for p in proposals if p not in incoming and p not in engaged][:50],
    }, status=status)


@capability_required(EXCHANGE)
def school_mentors(request: HttpRequest) -> HttpResponse:
    return _school_mentors_page(request)


@capability_required(EXCHANGE)
@require_POST
def school_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    school = request_school(request)
    proposal = selectors.proposal_to_school_get(school_id=school.pk, id=pk)
    form = ReasonForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.proposal_school_decide(acting_user=acting_person(request), school=school, proposal=proposal,
                                        approve=approve, reason=reason)
    except ValidationError as error:
        show_on_form(form, error)
        return _school_mentors_page(request, failed=(proposal.pk, form), status=400)
    messages.success(request, _("Approved: the mentor is asked for consent.") if approve
                     else _("The proposal is declined."))
    return redirect("exchange:school_mentors")


@capability_required(EXCHANGE)
@require_POST
def school_record_answer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The mentor's written answer, recorded by the school for a mentor without a login."""
    school = request_school(request)
    proposal = selectors.proposal_to_school_get(school_id=school.pk, id=pk)
    form = ReasonForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.proposal_mentor_consent_record(acting_user=acting_person(request), school=school,
                                                proposal=proposal, accept=accept, reason=reason)
    except ValidationError as error:
        show_on_form(form, error)
        return _school_mentors_page(request, failed=(proposal.pk, form), status=400)
    messages.success(request, _("The mentor's written consent is recorded: the pair is formed in %(school)s.")
                     % {"school": proposal.request.school.short_name} if accept
                     else _("The proposal is declined."))
    return redirect("exchange:school_mentors")


# --- the mentor -------------------------------------------------------------------------------------------


def _my_page(request: HttpRequest, *, failed: tuple[uuid.UUID, ReasonForm] | None = None,
             status: int = 200) -> HttpResponse:
    person, school = acting_person(request), request_school(request)
    if not selectors.is_listed_mentor(person_id=person.pk, school_id=school.pk) and not \
            selectors.proposals_of_mentor(person_id=person.pk, school_id=school.pk):
        raise Http404
    proposals = selectors.proposals_of_mentor(person_id=person.pk, school_id=school.pk)
    waiting = [p for p in proposals if p.status == ProposalStatus.AWAITING_MENTOR]
    for proposal in waiting:
        labelled(proposal.request)
    for proposal in waiting:
        proposal.form = failed[1] if failed and failed[0] == proposal.pk else ReasonForm()  # type: ignore[attr-defined]
    return render(request, "exchange/school/mine.html", {
        "waiting": waiting, "others": [p for p in proposals if p.status != ProposalStatus.AWAITING_MENTOR
                                       and p.status != ProposalStatus.AWAITING_SCHOOL],
    }, status=status)


@school_member_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    return _my_page(request)


@school_member_required
@require_POST
def my_answer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    person, school = acting_person(request), request_school(request)
    proposal = selectors.proposal_of_mentor_get(person_id=person.pk, school_id=school.pk, id=pk)
    form = ReasonForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.proposal_mentor_decide(acting_user=person, proposal=proposal, accept=accept, reason=reason)
    except ValidationError as error:
        show_on_form(form, error)
        return _my_page(request, failed=(proposal.pk, form), status=400)
    messages.success(request, _("You agreed: the pair is formed in %(school)s, which issues the order next.")
                     % {"school": proposal.request.school.short_name} if accept
                     else _("The proposal is declined."))
    return redirect("exchange:mine")
