"""Forms of the survey pages: they parse; the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import Programme
from survey_templates.models import QuestionKind
from surveys.models import Question, Questionnaire


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    anonymous = forms.BooleanField(label=_("Anonymous: answers are not linked to the person"), required=False)
    for_mentors = forms.BooleanField(label=_("Mentors answer"), required=False)
    for_mentees = forms.BooleanField(label=_("Mentees answer"), required=False)
    for_curators = forms.BooleanField(label=_("Curators answer"), required=False)
    programmes = forms.ModelMultipleChoiceField(label=_("Programmes"), queryset=Programme.objects.none(),
                                                required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, questionnaires: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires  # type: ignore[attr-defined]
        self.fields["programmes"].queryset = programmes  # type: ignore[attr-defined]


class _Answer(forms.Field):
    """Takes what was sent as it is: the service checks it against the question."""


class AnswerForm(forms.Form):
    """One field per question, named by the question's id."""

    def __init__(self, *args: Any, questions: Iterable[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            label = f"{question.order}. {question.text}"
            if question.kind == QuestionKind.SCALE:
                field: forms.Field = _Answer(label=label, required=False, widget=forms.RadioSelect(
                    choices=[(str(v), str(v)) for v in range(1, question.scale_max + 1)]))
            elif question.kind == QuestionKind.SINGLE:
                field = _Answer(label=label, required=False,
                                widget=forms.RadioSelect(choices=[(o, o) for o in question.options]))
            elif question.kind == QuestionKind.MULTIPLE:
                field = _Answer(label=label, required=False,
                                widget=forms.CheckboxSelectMultiple(choices=[(o, o) for o in question.options]))
            else:
                field = _Answer(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            field.question = question  # type: ignore[attr-defined]
            field.is_required_question = question.required  # type: ignore[attr-defined]
            self.fields[str(question.pk)] = field

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
