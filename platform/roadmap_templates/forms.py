"""Forms of the district's roadmap template pages: parsing only (roadmap_templates.services holds the rules)."""

from __future__ import annotations

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from people.roles import SchoolRole

# The months in the order of the academic year, September first.
ACADEMIC_MONTHS = [(str(m), MONTHS[m]) for m in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)]


class TemplateItemForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    month = forms.TypedChoiceField(label=_("Timing"), required=False, coerce=int, empty_value=None,
                                   choices=[("", _("Throughout the year")), *ACADEMIC_MONTHS])
    responsible_role = forms.ChoiceField(label=_("Responsible role"), required=False,
                                         choices=[("", "—"), *SchoolRole.choices])


class DraftForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
