"""Forms of the banks' pages: they parse input only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from banks import selectors
from banks.models import Direction, MenteeCategory, MenteeProfile, MenteeStatus, MentorProfile, MentorStatus
from banks.services import DifficultyInput
from mentoring.models import Mode, RoleForm

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def _staff_label(staff: Any) -> str:
    return f"{staff.full_name} — {staff.position}"


class _DifficultiesMixin:
    """One text box per direction; each non-empty line is one difficulty."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_difficulty_fields(self, mentee: MenteeProfile | None = None) -> None:
        existing: dict[str, list[str]] = {}
        if mentee is not None:
            for difficulty in mentee.difficulties.all():
                existing.setdefault(difficulty.direction, []).append(difficulty.description)
        for direction in Direction:
            self.fields[f"difficulty_{direction.value}"] = forms.CharField(
                label=direction.label, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="\n".join(existing.get(direction.value, [])),
                help_text=_("One difficulty per line."),
            )

    def difficulty_fields(self) -> list[Any]:
        return [self[f"difficulty_{direction.value}"] for direction in Direction]  # type: ignore[index]

    def difficulties(self) -> list[DifficultyInput]:
        result: list[DifficultyInput] = []
        for direction in Direction:
            text = self.cleaned_data.get(f"difficulty_{direction.value}") or ""
            result.extend(
                DifficultyInput(direction=direction.value, description=line.strip())
                for line in text.splitlines() if line.strip()
            )
        return result


class MenteeAddForm(_DifficultiesMixin, forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=selectors.staff_choices_for_mentee_bank())
    category = forms.ChoiceField(label=_("Category"), choices=MenteeCategory.choices)
    requests = forms.CharField(label=_("Professional requests"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = selectors.staff_choices_for_mentee_bank()  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = _staff_label  # type: ignore[attr-defined]
        self._add_difficulty_fields()


class MenteeEditForm(_DifficultiesMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=MenteeCategory.choices)
    status = forms.ChoiceField(label=_("Status"), choices=MenteeStatus.choices)
    requests = forms.CharField(label=_("Professional requests"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, mentee: MenteeProfile, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "category": mentee.category, "status": mentee.status,
            "requests": mentee.requests, "strengths": mentee.strengths,
        })
        super().__init__(*args, **kwargs)
        self._add_difficulty_fields(mentee)


class _SubjectsField(forms.CharField):
    """Subjects typed as a comma-separated list."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value


class MentorForm(forms.Form):
    """The mentor questionnaire (анкета наставника)."""

    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=selectors.staff_choices_for_mentor_bank())
    competencies = forms.CharField(label=_("Competencies"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    directions = forms.MultipleChoiceField(label=_("Directions"), choices=Direction.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    subjects = _SubjectsField(label=_("Subjects"), required=False, help_text=_("Separate subjects with commas."))
    capacity = forms.IntegerField(label=_("Mentees at once"), required=False,
                                  help_text=_("From 1 to 10; empty: the district's default."))
    preferred_forms = forms.MultipleChoiceField(label=_("Preferred forms"), choices=RoleForm.choices, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    preferred_modes = forms.MultipleChoiceField(label=_("Preferred modes"), choices=Mode.choices, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    availability = forms.CharField(label=_("Availability"), required=False, max_length=300,
                                   help_text=_("E.g. Tuesdays and Thursdays after the 6th lesson."))
    willing_cross_school = forms.BooleanField(label=_("Willing to mentor in another school"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MentorStatus.choices)

    def __init__(self, *args: Any, mentor: MentorProfile | None = None, default_capacity: int | None = None,
                 **kwargs: Any) -> None:
        if mentor is not None:
            kwargs.setdefault("initial", {
                field: getattr(mentor, field) for field in (
                    "competencies", "directions", "subjects", "capacity", "preferred_forms", "preferred_modes",
                    "availability", "willing_cross_school", "status")
            })
        super().__init__(*args, **kwargs)
        if mentor is None:
            del self.fields["status"]
            self.fields["staff"].queryset = selectors.staff_choices_for_mentor_bank()  # type: ignore[attr-defined]
            self.fields["staff"].label_from_instance = _staff_label  # type: ignore[attr-defined]
            if default_capacity is not None:
                self.fields["capacity"].initial = default_capacity
        else:
            del self.fields["staff"]

    def questionnaire(self) -> dict[str, Any]:
        """The cleaned answers as the services' keyword arguments."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "staff"}
        return data


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=300)
    provider = forms.CharField(label=_("Provider"), max_length=300, required=False)
    completed_on = forms.DateField(label=_("Completed on"), input_formats=DATE_INPUT_FORMATS,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.IntegerField(label=_("Hours"), required=False)


class ReviewForm(forms.Form):
    notes = forms.CharField(label=_("What was reviewed and updated"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
