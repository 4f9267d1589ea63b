"""Forms of the staff pages: they parse input; the rules are in staff.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from staff.imports import split_subjects
from staff.models import Gender, QualificationCategory
from staff.selectors import StaffFilters, StaffStatus

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", _("From the patronymic")), *Gender.choices],
                               help_text=_("Documents decline the name and agree with it. Set it by hand when "
                                           "the patronymic cannot tell (e.g. Vakha, Lema or Khava without one)."))
    birth_date = forms.DateField(label=_("Date of birth"), required=False, input_formats=DATE_FORMATS,
                                 widget=DateInput())
    position = forms.CharField(label=_("Position"), max_length=200)
    subjects = forms.CharField(label=_("Subjects"), required=False, max_length=1000,
                               help_text=_("Separate subjects with commas."))
    teaching_experience_years = forms.IntegerField(label=_("Teaching experience, years"), min_value=0,
                                                   max_value=70, initial=0)
    qualification_category = forms.ChoiceField(label=_("Qualification category"),
                                               choices=QualificationCategory.choices,
                                               initial=QualificationCategory.NONE)
    hire_date = forms.DateField(label=_("Hire date"), required=False, input_formats=DATE_FORMATS, widget=DateInput())
    new_to_position = forms.BooleanField(label=_("New to the position"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def clean_subjects(self) -> list[str]:
        return split_subjects(self.cleaned_data.get("subjects") or "")

    @classmethod
    def initial_from(cls, member: Any) -> dict[str, Any]:
        initial = {name: getattr(member, name) for name in cls.base_fields}
        initial["subjects"] = ", ".join(member.subjects)
        return initial


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    position = forms.ChoiceField(label=_("Position"), required=False)
    category = forms.ChoiceField(label=_("Qualification category"), required=False,
                                 choices=[("", _("Any category")), *QualificationCategory.choices])
    young = forms.ChoiceField(label=_("Young specialist"), required=False,
                              choices=[("", _("All")), ("yes", _("Young specialists")), ("no", _("Others"))])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        (StaffStatus.ACTIVE, _("Active")), (StaffStatus.INACTIVE, _("Deactivated")), (StaffStatus.ALL, _("All"))])

    def __init__(self, *args: Any, positions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        position = cast(forms.ChoiceField, self.fields["position"])
        position.choices = [("", _("Any position")), *((p, p) for p in positions)]

    def filters(self) -> StaffFilters:
        self.is_valid()  # a field with a wrong value is just not applied; the others still are
        data = self.cleaned_data
        return StaffFilters(
            search=data.get("q") or "", position=data.get("position") or "", category=data.get("category") or "",
            young_specialist={"yes": True, "no": False}.get(data.get("young") or ""),
            status=data.get("status") or StaffStatus.ACTIVE,
        )


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("Staff file (XLSX or CSV)"))
    reactivate = forms.BooleanField(
        label=_("Reactivate deactivated staff found in the file"), required=False,
        help_text=_("Without it, a row matching a deactivated staff member is refused; never a second record."))
