"""The database being away (a failover, a restart) is a 503 with a clear message, never a 500.

During a failover the primary is gone for some seconds: connecting fails
(OperationalError) or a connection dies under a request (InterfaceError /
OperationalError). Django's handler for uncaught exceptions calls `server_error`
inside the `except` block, so the exception is at hand: for these two it answers
503 with `Retry-After` — a page, or the API's error format under `/api/` — and
anything else stays the ordinary 500 page. The API's exception handler
(`api.exception_handler.ExceptionHandler`) turns the same errors into `DatabaseUnavailable`
for API views, whose exceptions never reach Django's handler. Nothing here touches the database.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions

RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_message() -> str:
    return _("The database is briefly unavailable (the platform is switching to its standby server). "
             "Please try again in a few seconds.")


class DatabaseUnavailable(exceptions.APIException):
    status_code = 503
    default_code = "database_unavailable"
    wait = RETRY_AFTER_SECONDS  # drf-standardized-errors' handler sends it as Retry-After

    def __init__(self) -> None:
        super().__init__(unavailable_message())


def _retry_after(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500 of every space: 503 when the database is away, else Django's 500 page."""
    if not isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return defaults.server_error(request, template_name)
    if request.path.startswith("/api/"):
        return _retry_after(JsonResponse({"type": "server_error", "errors": [
            {"code": DatabaseUnavailable.default_code, "detail": unavailable_message(), "attr": None}]}, status=503))
    return _retry_after(HttpResponse(render_to_string("503.html", {"message": unavailable_message()}), status=503))
