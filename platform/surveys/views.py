"""Pages of the monitoring surveys (анкетирование, roadmap stage 6).

Questionnaires, campaigns and results: `surveys.rights.RESULTS` to see, `surveys.rights.MANAGE` to write;
«My surveys» and the answer form: the invited person only. Anyone else gets 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people.access import capability_required, school_member_required
from people.requests import acting_person, request_membership_or_none, request_school
from service_errors import form_action, not_yours_is_404, show_on_form
from survey_templates import selectors as template_selectors
from survey_templates.forms import QuestionFormSet, QuestionnaireHeadForm, questions_from, questions_initial
from surveys import rights, selectors, services
from surveys.forms import AnswerForm, CampaignForm
from surveys.models import CampaignStatus, Questionnaire
from surveys.selectors import questionnaire_updates

# --- questionnaires ------------------------------------------------------------------------------


@capability_required(rights.RESULTS)
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    source = request.GET.get("source", "")
    source = source if source in ("own", "district") else ""
    questionnaires = list(selectors.questionnaires_for(membership=request_membership_or_none(request), query=query,
                                                       source=source))
    used = selectors.used_template_versions()
    standard = list(template_selectors.published_templates())
    for template in standard:
        template.used_version = used.get(template.pk)  # type: ignore[attr-defined]
    return render(request, "surveys/questionnaire_list.html", {
        "questionnaires": questionnaires, "standard": standard, "filters": {"q": query, "source": source},
        "can_manage": rights.may_manage(request_membership_or_none(request)),
        "template_updates": _template_updates(request),
    })


def _template_updates(request: HttpRequest) -> list[Any]:
    """Newer versions of the standard questionnaires the school uses, for those who may adopt them."""
    return questionnaire_updates() if rights.may_manage(request_membership_or_none(request)) else []


@capability_required(rights.RESULTS)
def questionnaire_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    questionnaire = selectors.questionnaire_get_for(membership=request_membership_or_none(request), id=pk)
    return render(request, "surveys/questionnaire_detail.html", {
        "questionnaire": questionnaire, "questions": list(questionnaire.questions.all()),
        "locked": selectors.questionnaire_locked(questionnaire),
        "can_manage": rights.may_manage(request_membership_or_none(request)),
    })


def _editor(request: HttpRequest, questionnaire: Questionnaire | None) -> HttpResponse:
    if questionnaire is not None and selectors.questionnaire_locked(questionnaire):
        raise Http404  # a district standard one or one in use has no editor
    if request.method == "POST":
        head = QuestionnaireHeadForm(request.POST)
        rows = QuestionFormSet(request.POST, prefix="q")
        if head.is_valid() and rows.is_valid():
            data = head.cleaned_data
            common = {"school": request_school(request), "acting_user": acting_person(request), "title": data["title"],
                      "description": data["description"], "audience": data["audience"],
                      "questions": questions_from(rows)}
            try:
                if questionnaire is None:
                    questionnaire = not_yours_is_404(lambda: services.questionnaire_create(**common))
                else:
                    not_yours_is_404(lambda: services.questionnaire_update(questionnaire=questionnaire, **common))
            except ValidationError as error:
                show_on_form(head, error)
            else:
                messages.success(request, _("The questionnaire is saved."))
                return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)  # type: ignore[union-attr]
    else:
        initial = {"title": questionnaire.title, "description": questionnaire.description,
                   "audience": questionnaire.audience} if questionnaire else None
        head = QuestionnaireHeadForm(initial=initial)
        rows = QuestionFormSet(prefix="q", initial=questions_initial(questionnaire.questions.all())
                               if questionnaire else None)
    return render(request, "surveys/questionnaire_form.html", {
        "head": head, "rows": rows, "questionnaire": questionnaire})


@capability_required(rights.MANAGE)
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@capability_required(rights.MANAGE)
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _editor(request, selectors.questionnaire_get_for(membership=request_membership_or_none(request), id=pk))


@capability_required(rights.MANAGE)
@require_POST
def template_use(request: HttpRequest, template_pk: uuid.UUID) -> HttpResponse:
    template = template_selectors.published_template_get(id=template_pk)
    questionnaire = not_yours_is_404(lambda: services.questionnaire_use_template(
        school=request_school(request), acting_user=acting_person(request), template=template))
    messages.success(request, _("The district's questionnaire is ready to use as it is."))
    return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)


# --- campaigns -----------------------------------------------------------------------------------


@capability_required(rights.RESULTS)
def campaign_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in CampaignStatus.values else ""
    query = request.GET.get("q", "").strip()[:100]
    campaigns = list(selectors.campaigns_for(membership=request_membership_or_none(request), status=status,
                                             query=query))
    return render(request, "surveys/campaign_list.html", {
        "campaigns": campaigns, "statuses": CampaignStatus.choices, "filters": {"status": status, "q": query},
        "can_manage": rights.may_manage(request_membership_or_none(request)),
        "template_updates": _template_updates(request),
    })


@capability_required(rights.MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    membership = request_membership_or_none(request)
    choices = {"questionnaires": selectors.questionnaires_for(membership=membership),
               "programmes": selectors.surveyable_programmes(membership=membership)}
    if request.method == "POST":
        form = CampaignForm(request.POST, **choices)
        done = form_action(
            request, form, lambda data: services.campaign_create(
                school=request_school(request), acting_user=acting_person(request),
                questionnaire=data["questionnaire"], title=data["title"], opens_on=data["opens_on"],
                closes_on=data["closes_on"], anonymous=data["anonymous"], programmes=list(data["programmes"]),
                for_mentors=data["for_mentors"], for_mentees=data["for_mentees"], for_curators=data["for_curators"]),
            success=_("The campaign is created as a draft; open it to send it out."),
            then=lambda campaign: reverse("surveys:campaign_detail", kwargs={"pk": campaign.pk}),
            renamed={"respondents": None})
        if done:
            return done
    else:
        initial: dict[str, Any] = {"opens_on": timezone.localdate()}
        wanted = request.GET.get("questionnaire", "")
        try:
            chosen = choices["questionnaires"].filter(pk=uuid.UUID(wanted)).first() if wanted else None
        except ValueError:
            chosen = None
        if chosen is not None:
            flag = {"mentors": "for_mentors", "mentees": "for_mentees", "curator": "for_curators"}[chosen.audience]
            initial.update({"questionnaire": chosen.pk, "title": chosen.title, flag: True})
        form = CampaignForm(initial=initial, **choices)
    return render(request, "surveys/campaign_form.html", {"form": form})


@capability_required(rights.RESULTS)
def campaign_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    campaign = selectors.campaign_get_for(membership=request_membership_or_none(request), id=pk)
    return render(request, "surveys/campaign_detail.html", {
        "campaign": campaign, "invitations": selectors.campaign_invitations(campaign),
        "programmes": selectors.campaign_programmes(campaign),
        "can_manage": rights.may_manage(request_membership_or_none(request)),
    })


def _campaign_action(request: HttpRequest, pk: uuid.UUID, service: Callable[..., Any], done: str) -> HttpResponse:
    campaign = selectors.campaign_get_for(membership=request_membership_or_none(request), id=pk)
    try:
        not_yours_is_404(lambda: service(school=request_school(request), acting_user=acting_person(request),
                                         campaign=campaign))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("surveys:campaign_detail", pk=pk)


@capability_required(rights.MANAGE)
@require_POST
def campaign_open(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _campaign_action(request, pk, services.campaign_open, _("The campaign is open: respondents can answer."))


@capability_required(rights.MANAGE)
@require_POST
def campaign_close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _campaign_action(request, pk, services.campaign_close, _("The campaign is closed."))


@capability_required(rights.RESULTS)
def campaign_results(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    campaign = selectors.campaign_get_for(membership=request_membership_or_none(request), id=pk)
    return render(request, "surveys/campaign_results.html", {
        "campaign": campaign, "results": selectors.campaign_results(campaign),
        "minimum": selectors.ANONYMOUS_MIN_RESPONSES,
    })


# --- the respondent ------------------------------------------------------------------------------


@school_member_required
def mine(request: HttpRequest) -> HttpResponse:
    invitations = selectors.my_invitations(membership=request_membership_or_none(request))
    return render(request, "surveys/mine.html", {"invitations": invitations})


@school_member_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    invitation = selectors.invitation_get_for(membership=request_membership_or_none(request), campaign_id=pk)
    campaign = invitation.campaign
    questions = selectors.campaign_questions(campaign)
    form = AnswerForm(request.POST or None, questions=questions)
    done = form_action(request, form, lambda data: services.response_submit(
                           school=request_school(request), acting_user=acting_person(request), campaign=campaign,
                           answers=form.answers()),
                       success=_("Thank you: your answers are saved."), then="surveys:mine")
    if done:
        return done
    today = timezone.localdate()
    open_now = campaign.status == CampaignStatus.OPEN and campaign.opens_on <= today <= campaign.closes_on
    return render(request, "surveys/answer.html", {
        "campaign": campaign, "invitation": invitation, "form": form, "open_now": open_now})
