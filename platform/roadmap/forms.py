"""Forms of the roadmap pages: they parse input only; roadmap.services holds the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people.roles import SchoolRole
from roadmap import selectors
from roadmap.models import RoadmapItemStatus

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class RoadmapItemForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), input_formats=DATE_INPUT_FORMATS,
                               help_text=_("A date inside the academic year, e.g. 30.09.2026."))
    throughout_year = forms.BooleanField(label=_("Throughout the year"), required=False)
    responsible_role = forms.ChoiceField(label=_("Responsible role"), required=False,
                                         choices=[("", "—"), *SchoolRole.choices])
    responsible_staff = forms.ModelChoiceField(label=_("Responsible person"), required=False,
                                               queryset=selectors.responsible_staff_choices())

    def __init__(self, *args: object, with_status: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["responsible_staff"].queryset = selectors.responsible_staff_choices()  # type: ignore[attr-defined]
        if with_status:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=RoadmapItemStatus.choices)


class RoadmapItemDoneForm(forms.Form):
    evidence = forms.CharField(label=_("Evidence of the result"), widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What was done: the order, the event, the publication…"))
    evidence_link = forms.CharField(label=_("Link to the evidence"), required=False, max_length=500,
                                    help_text=_("Optional: a page of the school website, a document."))
    done_on = forms.DateField(label=_("Done on"), required=False, input_formats=DATE_INPUT_FORMATS,
                              help_text=_("Today if left empty."))
