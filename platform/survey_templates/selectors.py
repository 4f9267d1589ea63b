"""Reads of the district's standard questionnaires.

District people (any district role) read every template, drafts included; a school reads only the
published ones (through `published_templates`), to use them as they are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from lookups import object_or_404
from people.models import Person
from people.selectors import has_district_access
from survey_templates.models import QuestionnaireTemplate, TemplateQuestion


def _with_questions(queryset: QuerySet[QuestionnaireTemplate]) -> QuerySet[QuestionnaireTemplate]:
    return queryset.prefetch_related(Prefetch("questions", queryset=TemplateQuestion.objects.order_by("order")))


def templates_for(*, person: Person, audience: str = "", published: bool | None = None,
                  query: str = "") -> QuerySet[QuestionnaireTemplate]:
    """Every standard questionnaire, for a district person; nothing for anyone else."""
    if not has_district_access(person):
        return QuestionnaireTemplate.objects.none()
    templates = QuestionnaireTemplate.objects.annotate(question_count=Count("questions")).order_by("audience", "title")
    if audience:
        templates = templates.filter(audience=audience)
    if published is not None:
        templates = templates.filter(published=published)
    if query:
        templates = templates.filter(title__icontains=query)
    return templates


def template_get_for(*, person: Person, id: Any) -> QuestionnaireTemplate:  # noqa: A002 - the lookups' convention
    """One standard questionnaire with its questions, for a district person; 404 otherwise."""
    return object_or_404(_with_questions(templates_for(person=person)), id)


def published_templates() -> QuerySet[QuestionnaireTemplate]:
    """The published standard questionnaires, with their questions, as schools see them."""
    return _with_questions(QuestionnaireTemplate.objects.filter(published=True)
                           .annotate(question_count=Count("questions")).order_by("audience", "title"))


def published_template_get(*, id: Any) -> QuestionnaireTemplate:  # noqa: A002 - the lookups' convention
    """One published standard questionnaire, or 404 (a draft or withdrawn one is not offered to schools)."""
    return object_or_404(published_templates(), id)
