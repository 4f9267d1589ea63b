"""Writes of the district's standard questionnaires (типовые анкеты мониторинга).

Rules decided here (for the README):

* Only the district administrator writes; district analysts read.
* A template is edited only while it is not published. Withdrawing a published template starts its next
  version, so a school's copy, which records (template id, version), always names one content; copies
  already taken by schools stay as they were.
* The three standard questionnaires (`survey_templates_default`) are made once: running it again changes
  nothing, and a standard questionnaire the district has edited is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from people.models import Person
from people.roles import DistrictRole
from survey_templates.models import QuestionnaireTemplate, TemplateQuestion
from survey_templates.questions import QuestionInput, questionnaire_check
from survey_templates.standard import STANDARD


def _require_admin(acting_user: Person | None) -> None:
    # None is the system (a migration, a management command).
    if acting_user is not None and not (acting_user.is_superuser or DistrictRole.ADMIN in acting_user.district_roles):
        raise PermissionDenied


def _write_questions(template: QuestionnaireTemplate, questions: Sequence[QuestionInput]) -> None:
    template.questions.all().delete()
    TemplateQuestion.objects.bulk_create([
        TemplateQuestion(template=template, order=number, text=q.text, kind=q.kind, scale_max=q.scale_max,
                         options=list(q.options), required=q.required)
        for number, q in enumerate(questions, start=1)
    ])


def template_create(
    *, acting_user: Person | None, title: str, description: str = "", audience: str,
    questions: Sequence[QuestionInput], key: str = "",
) -> QuestionnaireTemplate:
    """A new standard questionnaire of the district, not yet published (roadmap stage 6: анкетирование)."""
    _require_admin(acting_user)
    cleaned = questionnaire_check(title=title, audience=audience, questions=questions)
    with transaction.atomic():
        template = QuestionnaireTemplate.objects.create(
            key=key, title=title.strip(), description=description.strip(), audience=audience, created_by=acting_user)
        _write_questions(template, cleaned)
        audit_record(actor=acting_user, action="survey_templates.created", target=template,
                     details={"title": template.title, "questions": len(cleaned)})
    return template


def _locked(template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    return QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)


def template_update(
    *, acting_user: Person | None, template: QuestionnaireTemplate, title: str, description: str = "",
    audience: str, questions: Sequence[QuestionInput],
) -> QuestionnaireTemplate:
    """Edit a standard questionnaire that is not published (a published one is withdrawn first)."""
    _require_admin(acting_user)
    cleaned = questionnaire_check(title=title, audience=audience, questions=questions)
    with transaction.atomic():
        template = _locked(template)
        if template.published:
            raise ValidationError({"__all__": ValidationError(
                _("A published questionnaire cannot be changed: withdraw it first; schools keep the copies "
                  "they already use."), code="published")})
        template.title, template.description, template.audience = title.strip(), description.strip(), audience
        template.save(update_fields=["title", "description", "audience", "updated_at"])
        _write_questions(template, cleaned)
        audit_record(actor=acting_user, action="survey_templates.updated", target=template,
                     details={"version": template.version, "questions": len(cleaned)})
    return template


def template_publish(*, acting_user: Person | None, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """Publish a standard questionnaire: every school may use it as it is."""
    _require_admin(acting_user)
    with transaction.atomic():
        template = _locked(template)
        if template.published:
            raise ValidationError({"__all__": ValidationError(_("The questionnaire is already published."),
                                                              code="published")})
        if not template.questions.exists():
            raise ValidationError({"questions": ValidationError(_("Add at least one question."), code="required")})
        template.published, template.published_at = True, timezone.now()
        template.save(update_fields=["published", "published_at", "updated_at"])
        audit_record(actor=acting_user, action="survey_templates.published", target=template,
                     details={"version": template.version})
    return template


def template_withdraw(*, acting_user: Person | None, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """Withdraw a published questionnaire to edit it: the next publication is its next version."""
    _require_admin(acting_user)
    with transaction.atomic():
        template = _locked(template)
        if not template.published:
            raise ValidationError({"__all__": ValidationError(_("The questionnaire is not published."),
                                                              code="not_published")})
        template.published, template.published_at = False, None
        template.version += 1
        template.save(update_fields=["published", "published_at", "version", "updated_at"])
        audit_record(actor=acting_user, action="survey_templates.withdrawn", target=template,
                     details={"next_version": template.version})
    return template


def survey_templates_default(*, acting_user: Person | None = None) -> list[QuestionnaireTemplate]:
    """Make the district's three standard questionnaires, published, if they are not there yet.

    Idempotent: a standard questionnaire that exists (by its key) is left as it is, even if the
    district has edited or withdrawn it. Returns the ones made now.
    """
    _require_admin(acting_user)
    made: list[QuestionnaireTemplate] = []
    with transaction.atomic():
        existing = set(QuestionnaireTemplate.objects.select_for_update()
                       .filter(key__in=[s.key for s in STANDARD]).values_list("key", flat=True))
        for standard in STANDARD:
            if standard.key in existing:
                continue
            template = template_create(acting_user=acting_user, title=standard.title,
                                       description=standard.description, audience=standard.audience,
                                       questions=standard.questions, key=standard.key)
            made.append(template_publish(acting_user=acting_user, template=template))
    return made
