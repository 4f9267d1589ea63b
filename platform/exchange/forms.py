"""Forms of the mentor exchange's pages: they only translate input; the rules are in exchange.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from banks.models import Direction
from exchange import matching
from mentoring.models import Mode


def split_list(text: str) -> list[str]:
    """«математика, физика» → ["математика", "физика"] (commas or new lines)."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class RequestForm(forms.Form):
    mentee = forms.TypedChoiceField(label=_("Mentee"), coerce=str,
                                    help_text=_("Known only to your school: the district sees the needs alone."))
    subjects = forms.CharField(label=_("Subjects"), required=False, max_length=1000,
                               help_text=_("Separated by commas, e.g. «математика, физика»."))
    directions = forms.MultipleChoiceField(label=_("Directions"), choices=Direction.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    preferred_mode = forms.ChoiceField(label=_("Preferred mode"), required=False,
                                       choices=[("", _("Any mode")), *Mode.choices])
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=99, initial=6)
    min_experience_years = forms.IntegerField(label=_("Mentor's experience at least, years"), required=False,
                                              min_value=0, max_value=99)

    def __init__(self, *args: Any, mentees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [("", "—"), *mentees]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DirectorySearchForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), required=False, max_length=100)


class ExchangeSettingsForm(forms.Form):
    require_subject_match = forms.BooleanField(label=_("The mentor must teach a requested subject"), required=False)
    exclude_same_school = forms.BooleanField(label=_("Do not offer mentors of the requesting school"),
                                             required=False)
    min_experience_years = forms.IntegerField(label=_("Mentor's teaching experience at least, years"), min_value=0,
                                              max_value=50)
    answer_days = forms.IntegerField(label=_("Days to answer a proposal"), min_value=1, max_value=60)
    weight_subjects = forms.IntegerField(label=_("Points: subjects"), min_value=0, max_value=100)
    weight_directions = forms.IntegerField(label=_("Points: directions"), min_value=0, max_value=100)
    weight_experience = forms.IntegerField(label=_("Points: experience"), min_value=0, max_value=100)
    weight_mode = forms.IntegerField(label=_("Points: mode"), min_value=0, max_value=100)
    weight_availability = forms.IntegerField(label=_("Points: free places"), min_value=0, max_value=100)

    WEIGHT_FIELDS = {f"weight_{name}": name for name in matching.CRITERIA}

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[field] for field, name in self.WEIGHT_FIELDS.items()}
