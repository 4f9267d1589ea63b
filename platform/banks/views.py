"""Pages of the mentee and mentor banks (regulation §3.4).

BANKS_VIEW to see them, BANKS_MANAGE to change them; anyone else gets 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from banks import selectors, services
from banks.forms import MenteeAddForm, MenteeEditForm, MentorForm, ReviewForm, TrainingForm
from banks.models import Direction, MenteeCategory, MenteeStatus, MentorStatus
from district.selectors import district_settings
from mentoring.models import Mode
from people.access import capability_required
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership_or_none, request_school
from service_errors import form_action, show_on_form
from staff.declension import gendered

PAGE_SIZE = 50


def _choice(request: HttpRequest, name: str, allowed: list[str]) -> str:
    value = request.GET.get(name, "").strip()
    return value if value in allowed else ""


def _staff_param(request: HttpRequest) -> str | None:
    """The staff member a bank form starts with (`?staff=` from the staff card), if the id is well formed."""
    try:
        return str(uuid.UUID(request.GET.get("staff", "")))
    except ValueError:
        return None


def _review_context(request: HttpRequest) -> dict[str, object]:
    return {
        "review_due": selectors.bank_review_due(timezone.localdate()),
        "last_review": selectors.bank_review_last(),
        "review_form": ReviewForm(),
        "can_manage": can(request_membership_or_none(request), Capability.BANKS_MANAGE),
    }


# --- Mentee bank ------------------------------------------------------------------


@capability_required(Capability.BANKS_VIEW)
def mentee_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "category": _choice(request, "category", MenteeCategory.values),
        "status": _choice(request, "status", MenteeStatus.values),
        "direction": _choice(request, "direction", Direction.values),
        "search": request.GET.get("q", "").strip()[:100],
    }
    mentees = selectors.mentee_list(membership=request_membership_or_none(request), **filters)
    page = Paginator(mentees, PAGE_SIZE).get_page(request.GET.get("page"))
    young = list(selectors.young_specialists_not_in_bank(membership=request_membership_or_none(request)))
    return render(request, "banks/mentee_list.html", {
        "page": page, "filters": filters, "young_specialists": young,
        "categories": MenteeCategory.choices, "statuses": MenteeStatus.choices, "directions": Direction.choices,
        **_review_context(request),
    })


@capability_required(Capability.BANKS_MANAGE)
@require_http_methods(["GET", "POST"])
def mentee_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MenteeAddForm(request.POST)
        if form.is_valid():
            try:
                mentee = services.mentee_add(
                    school=request_school(request), acting_user=acting_person(request),
                    staff=form.cleaned_data["staff"], category=form.cleaned_data["category"],
                    requests=form.cleaned_data["requests"], strengths=form.cleaned_data["strengths"],
                    difficulties=form.difficulties(),
                )
            except ValidationError as error:
                show_on_form(form, error)
            else:
                messages.success(request, gendered(mentee.staff, male=_("%(name)s is added to the mentee bank."),
                                                  female=pgettext("female", "%(name)s is added to the mentee bank."))
                                 % {"name": mentee.staff})
                return redirect("banks:mentee_detail", pk=mentee.pk)
    else:
        form = MenteeAddForm(initial={"category": _choice(request, "category", MenteeCategory.values) or None,
                                      "staff": _staff_param(request)})
    return render(request, "banks/mentee_form.html", {"form": form, "mentee": None})


@capability_required(Capability.BANKS_VIEW)
def mentee_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentee = selectors.mentee_get_for(membership=request_membership_or_none(request), id=pk)
    return render(request, "banks/mentee_detail.html", {
        "mentee": mentee, "can_manage": can(request_membership_or_none(request), Capability.BANKS_MANAGE),
    })


@capability_required(Capability.BANKS_MANAGE)
@require_http_methods(["GET", "POST"])
def mentee_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentee = selectors.mentee_get_for(membership=request_membership_or_none(request), id=pk)
    form = MenteeEditForm(request.POST or None, mentee=mentee)
    done = form_action(request, form, lambda data: services.mentee_update(
                           school=request_school(request), acting_user=acting_person(request), mentee=mentee,
                           category=data["category"], status=data["status"], requests=data["requests"],
                           strengths=data["strengths"], difficulties=form.difficulties()),
                       success=_("The mentee's record is saved."),
                       then=reverse("banks:mentee_detail", kwargs={"pk": mentee.pk}))
    return done or render(request, "banks/mentee_form.html", {"form": form, "mentee": mentee})


@capability_required(Capability.BANKS_MANAGE)
@require_POST
def mentee_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentee = selectors.mentee_get_for(membership=request_membership_or_none(request), id=pk)
    try:
        services.mentee_remove(school=request_school(request), acting_user=acting_person(request), mentee=mentee,
                               reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gendered(
            mentee.staff, male=_("%(name)s has left the mentee bank; the record is kept."),
            female=pgettext("female", "%(name)s has left the mentee bank; the record is kept."),
        ) % {"name": mentee.staff})
    return redirect("banks:mentee_detail", pk=mentee.pk)


# --- The annual review ------------------------------------------------------------


@capability_required(Capability.BANKS_VIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    """The history of the curator's reviews of the mentee bank."""
    reviews = selectors.bank_reviews(membership=request_membership_or_none(request))
    return render(request, "banks/review_list.html", {"reviews": reviews, **_review_context(request)})


@capability_required(Capability.BANKS_MANAGE)
@require_POST
def review_record(request: HttpRequest) -> HttpResponse:
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.bank_review_record(school=request_school(request), acting_user=acting_person(request),
                                   notes=form.cleaned_data["notes"])
        messages.success(request, _("The review of the mentee bank is recorded."))
    return redirect("banks:mentee_list")


# --- Mentor bank ------------------------------------------------------------------


@capability_required(Capability.BANKS_VIEW)
def mentor_list(request: HttpRequest) -> HttpResponse:
    cross = request.GET.get("cross_school", "")
    filters: dict[str, Any] = {
        "direction": _choice(request, "direction", Direction.values),
        "mode": _choice(request, "mode", Mode.values),
        "status": _choice(request, "status", MentorStatus.values),
        "subject": request.GET.get("subject", "").strip()[:100],
        "has_free_capacity": request.GET.get("free") == "1",
        "willing_cross_school": True if cross == "1" else None,
        "search": request.GET.get("q", "").strip()[:100],
    }
    mentors = selectors.mentor_list(membership=request_membership_or_none(request), **filters)
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "banks/mentor_list.html", {
        "page": page, "filters": filters, "directions": Direction.choices, "modes": Mode.choices,
        "statuses": MentorStatus.choices,
        "can_manage": can(request_membership_or_none(request), Capability.BANKS_MANAGE),
    })


@capability_required(Capability.BANKS_MANAGE)
@require_http_methods(["GET", "POST"])
def mentor_add(request: HttpRequest) -> HttpResponse:
    form = MentorForm(request.POST or None, default_capacity=district_settings().mentor_default_capacity,
                      initial={"staff": _staff_param(request)})
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.mentor_add(
                school=request_school(request), acting_user=acting_person(request),
                staff=form.cleaned_data["staff"], **form.questionnaire(),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, gendered(mentor.staff, male=_("%(name)s is added to the mentor bank."),
                                              female=pgettext("female", "%(name)s is added to the mentor bank."))
                             % {"name": mentor.staff})
            return redirect("banks:mentor_detail", pk=mentor.pk)
    return render(request, "banks/mentor_form.html", {"form": form, "mentor": None})


@capability_required(Capability.BANKS_VIEW)
def mentor_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentor = selectors.mentor_get_for(membership=request_membership_or_none(request), id=pk)
    return render(request, "banks/mentor_detail.html", {
        "mentor": mentor, "training_form": TrainingForm(),
        "can_manage": can(request_membership_or_none(request), Capability.BANKS_MANAGE),
    })


@capability_required(Capability.BANKS_MANAGE)
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentor = selectors.mentor_get_for(membership=request_membership_or_none(request), id=pk)
    form = MentorForm(request.POST or None, mentor=mentor)
    done = form_action(request, form, lambda data: services.mentor_update(
                           school=request_school(request), acting_user=acting_person(request), mentor=mentor,
                           **form.questionnaire()),
                       success=_("The mentor questionnaire is saved."),
                       then=reverse("banks:mentor_detail", kwargs={"pk": mentor.pk}))
    return done or render(request, "banks/mentor_form.html", {"form": form, "mentor": mentor})


@capability_required(Capability.BANKS_MANAGE)
@require_http_methods(["GET", "POST"])
def training_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    mentor = selectors.mentor_get_for(membership=request_membership_or_none(request), id=pk)
    form = TrainingForm(request.POST or None)
    done = form_action(request, form, lambda data: services.mentor_training_add(
                           school=request_school(request), acting_user=acting_person(request), mentor=mentor, **data),
                       success=_("The training is recorded."),
                       then=reverse("banks:mentor_detail", kwargs={"pk": mentor.pk}))
    return done or render(request, "banks/training_form.html", {"form": form, "mentor": mentor})
