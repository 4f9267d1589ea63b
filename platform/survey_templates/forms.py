"""The questionnaire editor's forms, for the district's standard questionnaires and a school's own.

They only parse: every rule lives in the services (survey_templates.questions.questions_check).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from survey_templates.models import DEFAULT_SCALE_TOP, SCALE_MAX_TOP, SCALE_MIN_TOP, Audience, QuestionKind
from survey_templates.questions import QuestionInput

EXTRA_ROWS = 3


class QuestionnaireHeadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    audience = forms.ChoiceField(label=_("Who answers"), choices=Audience.choices)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SCALE, required=False)
    scale_max = forms.IntegerField(label=_("Scale from 1 to"), initial=DEFAULT_SCALE_TOP, required=False,
                                   min_value=SCALE_MIN_TOP, max_value=SCALE_MAX_TOP)
    options = forms.CharField(label=_("Options, one per line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("text") or "").strip() and not (data.get("options") or "").strip()

    def as_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            text=data.get("text") or "", kind=data.get("kind") or QuestionKind.SCALE,
            scale_max=data.get("scale_max") or DEFAULT_SCALE_TOP,
            options=tuple((data.get("options") or "").splitlines()), required=bool(data.get("required")),
        )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=EXTRA_ROWS, max_num=60, validate_max=True)


def questions_initial(questions: Iterable[Any]) -> list[dict[str, Any]]:
    """Existing questions as the editor's rows."""
    return [{"text": q.text, "kind": q.kind, "scale_max": q.scale_max, "options": "\n".join(q.options),
             "required": q.required} for q in questions]


def questions_from(formset: forms.BaseFormSet) -> list[QuestionInput]:
    """The filled rows of a valid formset, in order; blank rows are skipped."""
    return [form.as_input() for form in formset.forms if form.is_valid() and not form.is_blank()]
