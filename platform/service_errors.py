"""A service's ValidationError shown where the person will see it.

Services raise `ValidationError({field: …})`; pages show each message on the form's
field of that name, or above the form when the form has no such field. (The API does
the same through `api.base.as_api_error`.) `form_action` is the pages' one run of
form → service → errors → redirect, and `not_yours_is_404` their one «not yours is 404».
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

T = TypeVar("T")


def show_on_form(form: forms.Form, error: ValidationError, *, renamed: Mapping[str, str | None] | None = None) -> None:
    """Add `error` to `form`; `renamed` maps a service's field name to the form's (None: above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = (renamed or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)


def not_yours_is_404(action: Callable[[], T]) -> T:
    """Run a service call for a page: «not yours» (PermissionDenied) answers the same 404 as «not there»."""
    try:
        return action()
    except PermissionDenied:
        raise Http404 from None


def form_action(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], T],
    *,
    success: str | None,
    then: str | Callable[[T], str],
    renamed: Mapping[str, str | None] | None = None,
) -> HttpResponse | None:
    """The pages' one run of form → service → errors on the form → redirect.

    When `request` is a POST and `form` is valid, `action(form.cleaned_data)` runs (PermissionDenied → 404). On
    success the message `success` is flashed and the redirect to `then` (or `then(result)`) is returned; a
    service's ValidationError is shown on the form and None returned, so the view renders the form again. A GET
    or an invalid form returns None as well.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = not_yours_is_404(lambda: action(form.cleaned_data))
    except ValidationError as error:
        show_on_form(form, error, renamed=renamed)
        return None
    if success:
        messages.success(request, success)
    return redirect(then(result) if callable(then) else then)


def field_error(field: str, message: str, code: str) -> ValidationError:
    """The services' one way to refuse: a ValidationError on `field` ("__all__": the whole form) with `code`."""
    return ValidationError({field: ValidationError(message, code=code)})
