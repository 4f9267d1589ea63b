"""Forms of the district space: input parsing only, rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import SchoolKind


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
