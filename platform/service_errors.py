"""A service's ValidationError shown where the person will see it.

Services raise `ValidationError({field: …})`; pages show each message on the form's
field of that name, or above the form when the form has no such field. (The API does
the same through `api.base.as_api_error`.)
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def show_on_form(form: forms.Form, error: ValidationError, *, renamed: Mapping[str, str | None] | None = None) -> None:
    """Add `error` to `form`; `renamed` maps a service's field name to the form's (None: above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = (renamed or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)
