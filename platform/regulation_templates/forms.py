"""Forms of the district's regulation template pages: parsing only (regulation_templates.services holds the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DraftForm(forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=500, required=False,
                           help_text=_("Schools see it beside «a new version is available»."))
    body = forms.CharField(label=_("Text of the regulation"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))
