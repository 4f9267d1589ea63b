"""Мониторинг качества реализации программ наставничества (анкетирование): writes.

Roadmap stage 6 of the regulation («проведение мониторинга качества реализации персонализированных
программ наставничества (анкетирование)»), run by the curator with the director (§3.4).

Rules decided here (for the README):

* A school writes and edits its own questionnaires. A district standard questionnaire is used as it is:
  the school gets a copy that records the template's id and version, and cannot change it. Using the same
  version twice gives the same copy.
* A questionnaire is locked once a campaign using it has been opened (answers refer to its questions).
* A campaign's respondents are the current mentors and/or mentees of the chosen programmes (and, when
  chosen, the school's curators) who have a login; they are derived when the campaign is created and again
  when it is opened. Answers are accepted while the campaign is open and between its dates.
* One answer per respondent: the invitation row is locked, checked and marked answered in the same
  transaction as the answers are stored; a second answer is refused and nothing is saved.
* Anonymous campaigns: the answers are stored without the invitation and without the time; the audit record
  names only the campaign. Nothing stored links the answers to the person.
* Reminders: an unanswered invitation of an open campaign is e-mailed once (`Invitation.reminded_at`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import format_date
from mentoring.models import Participant, ParticipantRole, Programme
from people import selectors as people_selectors
from people.models import Membership, Person
from people.roles import SchoolRole
from staff.models import StaffMember
from survey_templates.models import QuestionKind, QuestionnaireTemplate
from survey_templates.questions import QuestionInput, questionnaire_check
from surveys import rights
from surveys.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Invitation,
    Question,
    Questionnaire,
    RespondentRole,
    Response,
)
from surveys.selectors import SURVEYED_PROGRAMME_STATUSES
from tenants.changes import school_changed
from tenants.models import School

MAX_TEXT_ANSWER = 5000


def _membership(*, school: School, acting_user: Person) -> Membership | None:
    return people_selectors.membership_in(person=acting_user, school=school)


def _require_manager(*, school: School, acting_user: Person) -> None:
    # Pages and the API answer 404 to this, as for any right the person does not have.
    if not rights.may_manage(_membership(school=school, acting_user=acting_user)):
        raise PermissionDenied


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _one(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- questionnaires ------------------------------------------------------------------------------


def _write_questions(questionnaire: Questionnaire, questions: Iterable[QuestionInput]) -> None:
    questionnaire.questions.all().delete()
    Question.objects.bulk_create([
        Question(questionnaire=questionnaire, order=number, text=q.text, kind=q.kind, scale_max=q.scale_max,
                 options=list(q.options), required=q.required)
        for number, q in enumerate(questions, start=1)
    ])


def questionnaire_create(
    *, school: School, acting_user: Person, title: str, description: str = "", audience: str,
    questions: Sequence[QuestionInput],
) -> Questionnaire:
    """The school's own questionnaire for the monitoring survey (roadmap stage 6)."""
    _require_manager(school=school, acting_user=acting_user)
    cleaned = questionnaire_check(title=title, audience=audience, questions=questions)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(title=title.strip(), description=description.strip(),
                                                     audience=audience, created_by=acting_user)
        _write_questions(questionnaire, cleaned)
        audit_record(actor=acting_user, action="surveys.questionnaire_created", school=school, target=questionnaire,
                     details={"title": questionnaire.title, "questions": len(cleaned)})
    return questionnaire


def questionnaire_update(
    *, school: School, acting_user: Person, questionnaire: Questionnaire, title: str, description: str = "",
    audience: str, questions: Sequence[QuestionInput],
) -> Questionnaire:
    """Edit the school's own questionnaire; a district standard one, or one already in use, is refused."""
    _require_manager(school=school, acting_user=acting_user)
    cleaned = questionnaire_check(title=title, audience=audience, questions=questions)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if questionnaire.is_district_standard:
            raise _one("__all__", _("This is the district's standard questionnaire: the school uses it as it is "
                                    "and cannot change it. Write your own questionnaire instead."), "district_standard")
        if questionnaire.campaigns.exclude(status=CampaignStatus.DRAFT).exists():
            raise _one("__all__", _("A campaign with this questionnaire has been opened: its questions can no "
                                    "longer change. Write a new questionnaire instead."), "in_use")
        questionnaire.title, questionnaire.description = title.strip(), description.strip()
        questionnaire.audience = audience
        questionnaire.save(update_fields=["title", "description", "audience", "updated_at"])
        _write_questions(questionnaire, cleaned)
        school_changed()
        audit_record(actor=acting_user, action="surveys.questionnaire_updated", school=school, target=questionnaire,
                     details={"questions": len(cleaned)})
    return questionnaire


def questionnaire_use_template(
    *, school: School, acting_user: Person, template: QuestionnaireTemplate,
) -> Questionnaire:
    """Use a published district standard questionnaire as it is: the school's copy of this version.

    Using the same version again gives the same copy. This is also how a school adopts a new version
    of a questionnaire it uses: the new version gets its own copy, and the campaigns already run keep
    the copy they were run with, so their answers never change. The district's record of adoptions
    (regulation_templates.TemplateAdoption) notes the version.
    """
    from regulation_templates.models import TemplateKind
    from regulation_templates.services import template_adoption_record

    _require_manager(school=school, acting_user=acting_user)
    if not template.published:
        raise _one("template", _("This standard questionnaire is not published."), "not_published")
    with transaction.atomic():
        existing = Questionnaire.objects.filter(template_id=template.pk, template_version=template.version).first()
        if existing is not None:
            return existing
        questionnaire = Questionnaire.objects.create(
            title=template.title, description=template.description, audience=template.audience,
            template_id=template.pk, template_version=template.version, created_by=acting_user,
        )
        Question.objects.bulk_create([
            Question(questionnaire=questionnaire, order=q.order, text=q.text, kind=q.kind, scale_max=q.scale_max,
                     options=list(q.options), required=q.required)
            for q in template.questions.order_by("order")
        ])
        audit_record(actor=acting_user, action="surveys.template_used", school=school, target=questionnaire,
                     details={"template": str(template.pk), "version": template.version})
        template_adoption_record(school=school, kind=TemplateKind.QUESTIONNAIRE, template_id=template.pk,
                                 version=template.version)
    return questionnaire


# --- campaigns -----------------------------------------------------------------------------------


def _respondents(*, school: School, campaign: Campaign) -> dict[Any, str]:
    """staff id → the role they are asked in: current participants of the chosen programmes, curators."""
    chosen: dict[Any, str] = {}
    roles = [role for role, wanted in ((ParticipantRole.MENTOR, campaign.for_mentors),
                                       (ParticipantRole.MENTEE, campaign.for_mentees)) if wanted]
    if roles:
        rows = (Participant.objects.filter(pair__programme__in=campaign.programmes.all(), left_on__isnull=True,
                                           role__in=roles, staff__person__isnull=False, staff__is_active=True,
                                           staff__is_guest=False)
                .order_by("role", "staff_id").values_list("staff_id", "role"))
        for staff_id, role in rows:
            chosen.setdefault(staff_id, role)
    if campaign.for_curators:
        curators = Membership.objects.filter(school=school, is_active=True,
                                             roles__contains=[SchoolRole.CURATOR]).values_list("person_id", flat=True)
        for staff_id in StaffMember.objects.filter(person_id__in=list(curators), is_active=True).values_list(
                "pk", flat=True):
            chosen.setdefault(staff_id, RespondentRole.CURATOR)
    return chosen


def _invite(*, school: School, campaign: Campaign) -> int:
    """Make the invitations match the respondents (only before any answer can exist: a draft)."""
    wanted = _respondents(school=school, campaign=campaign)
    if not wanted:
        raise _one("programmes", _("Nobody to ask: the chosen programmes have no current mentors or mentees "
                                   "with a login (and no curator was chosen)."), "no_respondents")
    campaign.invitations.exclude(staff_id__in=list(wanted)).delete()
    have = set(campaign.invitations.values_list("staff_id", flat=True))
    Invitation.objects.bulk_create([Invitation(campaign=campaign, staff_id=staff_id, role=role)
                                    for staff_id, role in wanted.items() if staff_id not in have])
    return len(wanted)


def _campaign_errors(*, title: str, opens_on: dt.date, closes_on: dt.date, programmes: Sequence[Programme],
                     for_mentors: bool, for_mentees: bool, for_curators: bool,
                     today: dt.date) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Give the campaign a title."), code="required")
    if closes_on < opens_on:
        errors["closes_on"] = ValidationError(_("The campaign closes before it opens."), code="dates_order")
    elif closes_on < today:
        errors["closes_on"] = ValidationError(_("The closing date %(date)s has already passed.")
                                              % {"date": format_date(closes_on)}, code="past")
    if not (for_mentors or for_mentees or for_curators):
        errors["respondents"] = ValidationError(_("Choose who answers: mentors, mentees or curators."),
                                                code="required")
    if (for_mentors or for_mentees) and not programmes:
        errors["programmes"] = ValidationError(_("Choose the programmes whose participants answer."),
                                               code="required")
    drafts = [p.title for p in programmes if p.status not in SURVEYED_PROGRAMME_STATUSES]
    if drafts:
        errors["programmes"] = ValidationError(
            _("A programme still in draft cannot be surveyed: %(titles)s.") % {"titles": ", ".join(drafts)},
            code="draft_programme")
    return errors


def campaign_create(
    *, school: School, acting_user: Person, questionnaire: Questionnaire, title: str, opens_on: dt.date,
    closes_on: dt.date, anonymous: bool, programmes: Sequence[Programme], for_mentors: bool = False,
    for_mentees: bool = False, for_curators: bool = False, today: dt.date | None = None,
) -> Campaign:
    """A draft monitoring campaign (анкетирование) of the chosen programmes' participants (roadmap stage 6)."""
    _require_manager(school=school, acting_user=acting_user)
    programmes = list(dict.fromkeys(programmes))
    errors = _campaign_errors(title=title, opens_on=opens_on, closes_on=closes_on, programmes=programmes,
                              for_mentors=for_mentors, for_mentees=for_mentees, for_curators=for_curators,
                              today=_today(today))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            questionnaire=questionnaire, title=title.strip(), opens_on=opens_on, closes_on=closes_on,
            anonymous=anonymous, for_mentors=for_mentors, for_mentees=for_mentees, for_curators=for_curators,
            created_by=acting_user,
        )
        campaign.programmes.set(programmes)
        invited = _invite(school=school, campaign=campaign)
        school_changed()
        audit_record(actor=acting_user, action="surveys.campaign_created", school=school, target=campaign,
                     details={"title": campaign.title, "questionnaire": str(questionnaire.pk),
                              "programmes": len(programmes), "invited": invited, "anonymous": anonymous})
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def campaign_open(*, school: School, acting_user: Person, campaign: Campaign,
                  today: dt.date | None = None) -> Campaign:
    """Open a draft campaign: its respondents are derived again and may answer between its dates."""
    _require_manager(school=school, acting_user=acting_user)
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status != CampaignStatus.DRAFT:
            raise _one("status", _("Only a draft campaign can be opened."), "not_draft")
        if campaign.closes_on < _today(today):
            raise _one("closes_on", _("The closing date %(date)s has already passed.")
                       % {"date": format_date(campaign.closes_on)}, "past")
        invited = _invite(school=school, campaign=campaign)
        campaign.status, campaign.opened_at = CampaignStatus.OPEN, timezone.now()
        campaign.save(update_fields=["status", "opened_at"])
        school_changed()
        audit_record(actor=acting_user, action="surveys.campaign_opened", school=school, target=campaign,
                     details={"invited": invited})
    return campaign


def campaign_close(*, school: School, acting_user: Person, campaign: Campaign) -> Campaign:
    """Close an open campaign: no more answers; the results stay."""
    _require_manager(school=school, acting_user=acting_user)
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status != CampaignStatus.OPEN:
            raise _one("status", _("Only an open campaign can be closed."), "not_open")
        campaign.status, campaign.closed_at = CampaignStatus.CLOSED, timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
        school_changed()
        audit_record(actor=acting_user, action="surveys.campaign_closed", school=school, target=campaign,
                     details={"answered": campaign.invitations.filter(answered=True).count()})
    return campaign


# --- answering -----------------------------------------------------------------------------------


def _named(question: Question) -> str:
    return _("Question %(number)d «%(text)s»") % {"number": question.order, "text": question.text}


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, list | tuple) and not value)


def _answer(question: Question, value: Any) -> tuple[Answer | None, str]:
    """The Answer to store (None when left blank), or the message saying what is wrong."""
    name = _named(question)
    if _blank(value):
        if question.required:
            return None, _("%(question)s: an answer is required.") % {"question": name}
        return None, ""
    if question.kind == QuestionKind.SCALE:
        number = _as_int(value)
        if number is None or not 1 <= number <= question.scale_max:
            return None, _("%(question)s: choose a whole number from 1 to %(max)d.") % {
                "question": name, "max": question.scale_max}
        return Answer(question=question, scale_value=number), ""
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.options:
            return None, _("%(question)s: choose one of the offered options.") % {"question": name}
        return Answer(question=question, choices=[value]), ""
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list | tuple) or not all(isinstance(item, str) for item in chosen):
            return None, _("%(question)s: choose among the offered options.") % {"question": name}
        unknown = [item for item in chosen if item not in question.options]
        if unknown:
            return None, _("%(question)s: “%(option)s” is not one of the offered options.") % {
                "question": name, "option": unknown[0]}
        return Answer(question=question, choices=[o for o in question.options if o in chosen]), ""
    if not isinstance(value, str):
        return None, _("%(question)s: write the answer as text.") % {"question": name}
    if len(value) > MAX_TEXT_ANSWER:
        return None, _("%(question)s: the answer is longer than %(max)d characters.") % {
            "question": name, "max": MAX_TEXT_ANSWER}
    return Answer(question=question, text=value.strip()), ""


def response_check(*, questions: Sequence[Question], answers: Mapping[str, Any]) -> list[Answer]:
    """The answers to store, or ValidationError keyed by question id, each message naming the question."""
    errors: dict[str, ValidationError] = {}
    known = {str(q.pk) for q in questions}
    stray = [key for key in answers if str(key) not in known]
    if stray:
        errors["answers"] = ValidationError(_("Answers were given to questions that are not in this questionnaire."),
                                            code="unknown_question")
    given = {str(key): value for key, value in answers.items()}
    stored: list[Answer] = []
    for question in questions:
        answer, problem = _answer(question, given.get(str(question.pk)))
        if problem:
            errors[str(question.pk)] = ValidationError(problem, code="invalid_answer")
        elif answer is not None:
            stored.append(answer)
    if errors:
        raise ValidationError(errors)
    return stored


def response_submit(
    *, school: School, acting_user: Person, campaign: Campaign, answers: Mapping[str, Any],
    today: dt.date | None = None,
) -> Response:
    """Store one respondent's answers (анкетирование, roadmap stage 6): only once per invitation.

    The invitation row is locked, checked and marked answered in the same transaction as the answers
    are written, so a second answer — also one sent at the same moment — is refused and saves nothing.
    For an anonymous campaign the response keeps neither the invitation nor the time.
    """
    day = _today(today)
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().select_related("campaign")
                      .filter(campaign_id=campaign.pk, staff__person=acting_user).first())
        if invitation is None:
            raise PermissionDenied
        campaign = invitation.campaign
        if campaign.status != CampaignStatus.OPEN:
            raise _one("__all__", _("The campaign is not open for answers."), "not_open")
        if not campaign.opens_on <= day <= campaign.closes_on:
            raise _one("__all__", _("The campaign takes answers from %(start)s to %(end)s.") % {
                "start": format_date(campaign.opens_on), "end": format_date(campaign.closes_on)}, "outside_dates")
        if invitation.answered:
            raise _one("__all__", _("You have already answered this questionnaire: one answer per person."),
                       "already_answered")
        questions = list(campaign.questionnaire.questions.order_by("order"))
        stored = response_check(questions=questions, answers=answers)
        response = Response.objects.create(
            campaign=campaign,
            invitation=None if campaign.anonymous else invitation,
            submitted_at=None if campaign.anonymous else timezone.now(),
        )
        for answer in stored:
            answer.response = response
        Answer.objects.bulk_create(stored)
        invitation.answered = True
        invitation.save(update_fields=["answered"])
        if campaign.anonymous:
            # Name the campaign only: the response's id next to the actor would undo the anonymity.
            school_changed()
            audit_record(actor=acting_user, action="surveys.answered", school=school, target=campaign,
                         details={"anonymous": True})
        else:
            school_changed()
            audit_record(actor=acting_user, action="surveys.answered", school=school, target=response,
                         details={"campaign": str(campaign.pk)})
    return response


# --- reminders -----------------------------------------------------------------------------------


def _email_of(staff: StaffMember) -> str:
    if staff.email:
        return staff.email
    return staff.person.email if staff.person_id and staff.person else ""


def campaigns_remind_open(*, school: School, today: dt.date | None = None) -> int:
    """E-mail each invited respondent who has not answered an open campaign, once per invitation.

    The invitation is claimed (`reminded_at` set) in the same transaction as its e-mail is sent, so a
    second run — or two runs at once — sends each reminder once. An invitation without an e-mail address
    is left unclaimed, to be reminded once an address is known. Returns how many were e-mailed.
    """
    day = _today(today)
    candidates = list(
        Invitation.objects.filter(campaign__status=CampaignStatus.OPEN, campaign__opens_on__lte=day,
                                  campaign__closes_on__gte=day, answered=False, reminded_at__isnull=True)
        .values_list("pk", flat=True))
    sent = 0
    for invitation_id in candidates:
        with transaction.atomic():
            invitation = (Invitation.objects.select_for_update(skip_locked=True)
                          .filter(pk=invitation_id, answered=False, reminded_at__isnull=True).first())
            if invitation is None:
                continue
            staff = StaffMember.objects.select_related("person").get(pk=invitation.staff_id)
            campaign = Campaign.objects.get(pk=invitation.campaign_id)
            address = _email_of(staff)
            if not address:
                continue
            invitation.reminded_at = timezone.now()
            invitation.save(update_fields=["reminded_at"])
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Please answer the questionnaire «%(title)s»") % {"title": campaign.title}
                body = _(
                    "%(name)s, you are asked to answer the monitoring questionnaire «%(title)s» of %(school)s.\n"
                    "It takes answers until %(date)s.%(anonymous)s\nOpen «My surveys» on the platform to answer."
                ) % {"name": staff.full_name, "title": campaign.title, "school": school.short_name,
                     "date": format_date(campaign.closes_on),
                     "anonymous": (" " + _("The answers are anonymous.")) if campaign.anonymous else ""}
            EmailMessage(subject=subject, body=body, to=[address]).send()
            sent += 1
    if sent:
        audit_record(actor=None, action="surveys.reminders_sent", school=school, details={"invitations": sent})
    return sent
