"""Reads of the monitoring surveys, already filtered for the acting person.

Questionnaires, campaigns and results are read by those whose roles grant `surveys.rights.RESULTS`
(PAIRS_VIEW_ALL: the director, the curator, …); a respondent sees only their own invitations and the form
of an open campaign they are invited to. Every lookup by id answers the same 404 for "does not exist"
and "not yours".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lookups import object_or_404, uuid_or_404
from mentoring.models import ProgrammeStatus
from people.models import Membership
from regulation_templates.models import TemplateKind
from regulation_templates.updates import TemplateUpdate
from survey_templates.models import CHOICE_KINDS, QuestionKind, QuestionnaireTemplate
from surveys import rights
from surveys.models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response

# Below this many answers, an anonymous campaign's results are not shown: with one or two respondents
# (whose «answered» marks are visible) the answers would point to the person.
ANONYMOUS_MIN_RESPONSES = 3
# Programmes whose participants may be asked: a draft's pair is not settled yet.
SURVEYED_PROGRAMME_STATUSES = (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE, ProgrammeStatus.COMPLETED,
                               ProgrammeStatus.ENDED_EARLY)


# --- questionnaires ------------------------------------------------------------------------------


def questionnaires_for(*, membership: Membership | None, query: str = "", source: str = "") -> QuerySet[Questionnaire]:
    """The school's questionnaires (own ones and standard ones in use), with their question and campaign counts.

    `source`: "own" or "district" to show only those.
    """
    if not rights.may_see_results(membership):
        return Questionnaire.objects.none()
    questionnaires = Questionnaire.objects.annotate(
        question_count=Count("questions", distinct=True), campaign_count=Count("campaigns", distinct=True),
    ).order_by("title", "created_at")
    if query:
        questionnaires = questionnaires.filter(title__icontains=query)
    if source == "own":
        questionnaires = questionnaires.filter(template_id__isnull=True)
    elif source == "district":
        questionnaires = questionnaires.filter(template_id__isnull=False)
    return questionnaires


def questionnaire_get_for(*, membership: Membership | None, id: Any) -> Questionnaire:  # noqa: A002 - the lookups' convention
    """One questionnaire with its questions, or 404."""
    return object_or_404(questionnaires_for(membership=membership)
                         .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order"))), id)


def questionnaire_locked(questionnaire: Questionnaire) -> bool:
    """Whether the school may no longer edit it: a district standard one, or one with an opened campaign."""
    return questionnaire.is_district_standard or questionnaire.campaigns.exclude(
        status=CampaignStatus.DRAFT).exists()


def used_template_versions() -> dict[uuid.UUID, int]:
    """Standard questionnaires this school already uses: template id → the latest version copied."""
    used: dict[uuid.UUID, int] = {}
    for template_id, version in Questionnaire.objects.filter(template_id__isnull=False).values_list(
            "template_id", "template_version"):
        if template_id is not None and version is not None:
            used[template_id] = max(version, used.get(template_id, 0))
    return used


# --- campaigns -----------------------------------------------------------------------------------


def campaigns_for(*, membership: Membership | None, status: str = "", query: str = "") -> QuerySet[Campaign]:
    """The school's campaigns with how many were invited and how many answered."""
    if not rights.may_see_results(membership):
        return Campaign.objects.none()
    campaigns = Campaign.objects.select_related("questionnaire").annotate(
        invited_count=Count("invitations", distinct=True),
        answered_count=Count("invitations", filter=Q(invitations__answered=True), distinct=True),
    ).order_by("-opens_on", "title")
    if status in CampaignStatus.values:
        campaigns = campaigns.filter(status=status)
    if query:
        campaigns = campaigns.filter(Q(title__icontains=query) | Q(questionnaire__title__icontains=query))
    return campaigns


def campaign_get_for(*, membership: Membership | None, id: Any) -> Campaign:  # noqa: A002 - the lookups' convention
    """One campaign, for those who may see results, or 404."""
    return object_or_404(campaigns_for(membership=membership), id)


def campaign_invitations(campaign: Campaign) -> list[Invitation]:
    """Who is asked and whether they answered (never what they answered)."""
    return list(campaign.invitations.select_related("staff").order_by("staff__last_name", "staff__first_name"))


def campaign_programmes(campaign: Campaign) -> list[Any]:
    return list(campaign.programmes.order_by("title"))


# --- the respondent ------------------------------------------------------------------------------


def my_invitations(*, membership: Membership | None, today: dt.date | None = None) -> list[Invitation]:
    """The signed-in person's invitations to open campaigns, each with `can_answer` set."""
    if membership is None:
        return []
    today = today or timezone.localdate()
    invitations = list(
        Invitation.objects.filter(staff__person_id=membership.person_id, campaign__status=CampaignStatus.OPEN)
        .select_related("campaign", "campaign__questionnaire").order_by("answered", "campaign__closes_on")
    )
    for invitation in invitations:
        campaign = invitation.campaign
        invitation.can_answer = (  # type: ignore[attr-defined]
            not invitation.answered and campaign.opens_on <= today <= campaign.closes_on)
    return invitations


def surveys_to_answer(*, membership: Membership | None, today: dt.date | None = None) -> QuerySet[Invitation]:
    """The invitations to open campaigns that wait for this person's answer (for the home page)."""
    if membership is None:
        return Invitation.objects.none()
    today = today or timezone.localdate()
    return Invitation.objects.filter(
        staff__person_id=membership.person_id, answered=False, campaign__status=CampaignStatus.OPEN,
        campaign__opens_on__lte=today, campaign__closes_on__gte=today)



def invitation_get_for(*, membership: Membership | None, campaign_id: Any) -> Invitation:
    """The person's own invitation to an open or closed campaign (a draft is not shown yet), or 404."""
    if membership is None:
        raise Http404
    invitation = (
        Invitation.objects.filter(campaign_id=uuid_or_404(campaign_id), staff__person_id=membership.person_id)
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .select_related("campaign", "campaign__questionnaire").first()
    )
    if invitation is None:
        raise Http404
    return invitation


def campaign_questions(campaign: Campaign) -> list[Question]:
    return list(Question.objects.filter(questionnaire_id=campaign.questionnaire_id).order_by("order"))


# --- results -------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    average: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    respondents: int
    invited: int
    questions: list[QuestionResult]
    hidden: bool = False  # an anonymous campaign with too few answers to show them


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _results(questions: list[Question], responses: QuerySet[Response], invited: int, *, anonymous: bool) -> Results:
    respondents = responses.count()
    if anonymous and respondents < ANONYMOUS_MIN_RESPONSES:
        return Results(respondents=respondents, invited=invited, questions=[], hidden=True)
    rows = Answer.objects.filter(response__in=responses).values_list("question_id", "scale_value", "choices", "text")
    scales: dict[Any, Counter[int]] = {q.pk: Counter() for q in questions}
    choices: dict[Any, Counter[str]] = {q.pk: Counter() for q in questions}
    answered: Counter[Any] = Counter()
    texts: dict[Any, list[str]] = {q.pk: [] for q in questions}
    for question_id, scale_value, chosen, text in rows:
        answered[question_id] += 1
        if scale_value is not None:
            scales[question_id][scale_value] += 1
        for option in chosen or []:
            choices[question_id][option] += 1
        if text:
            texts[question_id].append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk])
        if question.kind == QuestionKind.SCALE:
            values = scales[question.pk]
            total = sum(values.values())
            result.average = round(sum(v * c for v, c in values.items()) / total, 2) if total else None
            result.bars = [Bar(str(value), values[value], _percent(values[value], total))
                           for value in range(1, question.scale_max + 1)]
        elif question.kind in CHOICE_KINDS:
            counts = choices[question.pk]
            # Percent of those who answered the question (a multiple choice can add up to more than 100).
            result.bars = [Bar(option, counts[option], _percent(counts[option], result.answered))
                           for option in question.options]
        else:
            # Sorted, not in the order given: the order of arrival could point to the person.
            result.texts = sorted(texts[question.pk])
        results.append(result)
    return Results(respondents=respondents, invited=invited, questions=results)


def campaign_results(campaign: Campaign) -> Results:
    """Per question: average and distribution of a scale, counts of each option, the texts; respondents."""
    invited = getattr(campaign, "invited_count", None)
    if invited is None:
        invited = campaign.invitations.count()
    return _results(campaign_questions(campaign), Response.objects.filter(campaign=campaign), invited,
                    anonymous=campaign.anonymous)


def questionnaire_results(questionnaire: Questionnaire) -> Results:
    """The same over every campaign of a questionnaire in this school (e.g. a standard one, for the year's report).

    Shown only when at least the anonymity minimum answered, if any of its campaigns is anonymous.
    """
    questions = list(questionnaire.questions.order_by("order"))
    campaigns = Campaign.objects.filter(questionnaire=questionnaire).exclude(status=CampaignStatus.DRAFT)
    invited = Invitation.objects.filter(campaign__in=campaigns).count()
    anonymous = campaigns.filter(anonymous=True).exists()
    return _results(questions, Response.objects.filter(campaign__in=campaigns), invited, anonymous=anonymous)


def surveyable_programmes(*, membership: Membership | None) -> QuerySet[Any]:
    """Programmes whose participants a campaign may ask (not drafts), for those who run campaigns."""
    from mentoring.models import Programme

    if not rights.may_manage(membership):
        return Programme.objects.none()
    return Programme.objects.filter(status__in=SURVEYED_PROGRAMME_STATUSES).order_by("title")


def questionnaire_updates() -> list[TemplateUpdate]:
    """The standard questionnaires the school used whose published version is newer than its newest copy."""
    used = used_template_versions()
    if not used:
        return []
    updates = []
    for template in QuestionnaireTemplate.objects.filter(published=True, pk__in=list(used)).order_by("title"):
        if template.version > used[template.pk]:
            updates.append(TemplateUpdate(
                kind=TemplateKind.QUESTIONNAIRE, template_id=template.pk, title=template.title,
                current_version=used[template.pk], new_version=template.version, note="",
                url=reverse("surveys:questionnaire_list") + "#template-updates"))
    return updates
