"""Forms of the district space: input parsing only, rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import SchoolKind, SchoolStatus
from tenants.selectors import STATUS_FILTER_ALL


class SchoolRegistrationForm(forms.Form):
    slug = forms.CharField(
        label=_("Address (subdomain)"), max_length=50,
        help_text=_("Latin letters, digits and hyphens, e.g. meskety; the school will open at meskety.<district host>"),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=500)
    short_name = forms.CharField(label=_("Short name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchoolKind.choices, initial=SchoolKind.SOSH)
    locality = forms.CharField(label=_("Locality"), max_length=200, required=False)
    second_language_code = forms.CharField(label=_("Second language code"), max_length=8, required=False)
    full_name_second_language = forms.CharField(
        label=_("Full name in the second language"), max_length=500, required=False
    )
    short_name_second_language = forms.CharField(
        label=_("Short name in the second language"), max_length=200, required=False
    )
    admin_username = forms.CharField(
        label=_("Administrator's login"), max_length=150,
        help_text=_("An existing login adds that person to the new school."),
    )
    admin_last_name = forms.CharField(label=_("Administrator's last name"), max_length=150, required=False)
    admin_first_name = forms.CharField(label=_("Administrator's first name"), max_length=150, required=False)
    admin_patronymic = forms.CharField(label=_("Administrator's patronymic"), max_length=150, required=False)
    admin_email = forms.EmailField(label=_("Administrator's e-mail"), required=False)


class SchoolEditForm(forms.Form):
    """The school's details the district may change; the address is not among them."""

    full_name = forms.CharField(label=_("Full name"), max_length=500)
    short_name = forms.CharField(label=_("Short name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchoolKind.choices)
    locality = forms.CharField(label=_("Locality"), max_length=200, required=False)
    second_language_code = forms.CharField(label=_("Second language code"), max_length=8, required=False)
    full_name_second_language = forms.CharField(
        label=_("Full name in the second language"), max_length=500, required=False
    )
    short_name_second_language = forms.CharField(
        label=_("Short name in the second language"), max_length=200, required=False
    )


class SchoolArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("e.g. the school was reorganised or merged into another one"),
    )
    confirm = forms.BooleanField(label=_("Yes, archive this school"))


class SchoolFilterForm(forms.Form):
    """Search and filters of the district's list of schools (a GET form)."""

    q = forms.CharField(label=_("Name or address"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[
            ("", _("Current (active and being provisioned)")),
            (SchoolStatus.ACTIVE, SchoolStatus.ACTIVE.label),
            (SchoolStatus.PROVISIONING, SchoolStatus.PROVISIONING.label),
            (SchoolStatus.ARCHIVED, SchoolStatus.ARCHIVED.label),
            (STATUS_FILTER_ALL, _("All, archived included")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *SchoolKind.choices])
