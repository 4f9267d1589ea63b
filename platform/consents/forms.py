"""Forms of the consents pages: input parsing only, the rules live in consents.services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.models import ConsentPurpose

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentGiveForm(forms.Form):
    staff = forms.ChoiceField(label=_("Staff member"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_on = forms.DateField(label=_("Given on"), widget=_DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, staff_options: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "—"), *staff_options]  # type: ignore[attr-defined]


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=_DATE, initial=timezone.localdate)


class ConsentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False,
                                choices=[("", _("All purposes")), *ConsentPurpose.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("In force and withdrawn")), ("in_force", _("In force")), ("withdrawn", _("Withdrawn"))])
