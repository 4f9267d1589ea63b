"""Forms of the orders pages: input parsing only, the rules live in orders.services.

The staff choices are read once per page by the view and passed to every form
(`staff_options`), so a form with many rows does not query the staff list again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import OrderKind, OrderStatus
from people.roles import SchoolRole
from staff.models import StaffMember

StaffOptions = Sequence[tuple[str, str]]


def staff_options(staff: Sequence[StaffMember]) -> list[tuple[str, str]]:
    return [(str(s.pk), f"{s.full_name} — {s.position}" if s.position else s.full_name) for s in staff]


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrderKind.choices)
    number = forms.CharField(label=_("Number"), max_length=30, help_text=_("e.g. 116/1; unique within the year"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=_("Title"), max_length=300,
                            help_text=_("e.g. «О реализации целевой модели наставничества»"))
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Leave empty to print the appointments of the people below as the order's "
                                       "items."))
    signer = forms.ChoiceField(label=_("Signer"), required=False)

    def __init__(self, *args: Any, staff_options: StaffOptions = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = [("", _("— the director who signs —")), *staff_options]  # type: ignore[attr-defined]


class SubjectForm(forms.Form):
    staff = forms.ChoiceField(label=_("Staff member"), required=False)
    role = forms.ChoiceField(label=_("Role given"), required=False,
                             choices=[("", _("— no role —")), *SchoolRole.choices])

    def __init__(self, *args: Any, staff_options: StaffOptions = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "—"), *staff_options]  # type: ignore[attr-defined]


SubjectFormSet = forms.formset_factory(SubjectForm, extra=3, max_num=60, validate_max=True)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrderKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *OrderStatus.choices])
