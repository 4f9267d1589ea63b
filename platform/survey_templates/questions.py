"""The questions of a questionnaire, as given to a service: checked the same way for the district's
standard questionnaires and for a school's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from survey_templates.models import (
    CHOICE_KINDS,
    DEFAULT_SCALE_TOP,
    SCALE_MAX_TOP,
    SCALE_MIN_TOP,
    Audience,
    QuestionKind,
)

MAX_QUESTIONS = 60


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str
    scale_max: int = DEFAULT_SCALE_TOP
    options: Sequence[str] = field(default_factory=tuple)
    required: bool = True

    def cleaned(self) -> QuestionInput:
        """Stripped text and options; options kept only for choice questions, the scale only for scales."""
        options = tuple(option.strip() for option in self.options if option.strip())
        return QuestionInput(
            text=self.text.strip(), kind=self.kind,
            scale_max=self.scale_max if self.kind == QuestionKind.SCALE else DEFAULT_SCALE_TOP,
            options=options if self.kind in CHOICE_KINDS else (), required=self.required,
        )


def question_errors(questions: Sequence[QuestionInput]) -> list[str]:
    """What is wrong with the questions, each message naming the question by its number."""
    if not questions:
        return [_("Add at least one question.")]
    if len(questions) > MAX_QUESTIONS:
        return [_("A questionnaire has at most %(max)d questions.") % {"max": MAX_QUESTIONS}]
    problems: list[str] = []
    for number, question in enumerate(questions, start=1):
        where = _("Question %(number)d") % {"number": number}
        if not question.text:
            problems.append(_("%(where)s: write the question.") % {"where": where})
        if question.kind not in QuestionKind.values:
            problems.append(_("%(where)s: choose the kind of question.") % {"where": where})
        elif question.kind == QuestionKind.SCALE and not SCALE_MIN_TOP <= question.scale_max <= SCALE_MAX_TOP:
            problems.append(_("%(where)s: the scale goes from 1 to a number between %(low)d and %(high)d.") % {
                "where": where, "low": SCALE_MIN_TOP, "high": SCALE_MAX_TOP})
        elif question.kind in CHOICE_KINDS:
            if len(question.options) < 2:
                problems.append(_("%(where)s: give at least two options, one per line.") % {"where": where})
            elif len(set(question.options)) != len(question.options):
                problems.append(_("%(where)s: the options repeat.") % {"where": where})
            elif any(len(option) > 200 for option in question.options):
                problems.append(_("%(where)s: an option is longer than 200 characters.") % {"where": where})
        if len(question.text) > 500:
            problems.append(_("%(where)s: the question is longer than 500 characters.") % {"where": where})
    return problems


def questions_check(questions: Sequence[QuestionInput]) -> list[QuestionInput]:
    """The cleaned questions, or ValidationError({"questions": …}) naming each wrong one."""
    cleaned = [question.cleaned() for question in questions]
    problems = question_errors(cleaned)
    if problems:
        raise ValidationError({"questions": [ValidationError(problem, code="invalid_question")
                                             for problem in problems]})
    return cleaned


def questionnaire_check(*, title: str, audience: str, questions: Sequence[QuestionInput]) -> list[QuestionInput]:
    """A questionnaire's title, audience and questions checked together: every problem at once, by field."""
    errors: dict[str, Any] = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Give the questionnaire a title."), code="required")
    elif len(title.strip()) > 300:
        errors["title"] = ValidationError(_("The title is longer than 300 characters."), code="max_length")
    if audience not in Audience.values:
        errors["audience"] = ValidationError(_("Choose who answers the questionnaire."), code="invalid")
    try:
        cleaned = questions_check(questions)
    except ValidationError as error:
        errors.update(error.error_dict)
        cleaned = []
    if errors:
        raise ValidationError(errors)
    return cleaned
