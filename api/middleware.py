"""Every answer under /api/ is JSON in the API's one error format (drf-standardized-errors).

DRF views answer in that format themselves. What reaches no DRF view does not: a URL that matches no
route (Django's HTML 404), a request Django refuses before routing (HTML 400), a crash outside a view
(HTML 500). This middleware gives those the same JSON body a DRF view would, and refuses a query
parameter holding NUL (PostgreSQL text cannot hold it) with 400 naming the parameter, before any view
or selector sees it — once, for every text parameter of every endpoint.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from drf_standardized_errors.formatter import ExceptionFormatter
from rest_framework import exceptions

from api.parsers import RequestTooLarge, text_error

API_PREFIX = "/api/"

_BY_STATUS: dict[int, type[exceptions.APIException]] = {
    400: exceptions.ParseError,
    401: exceptions.NotAuthenticated,
    403: exceptions.PermissionDenied,
    404: exceptions.NotFound,
    405: exceptions.MethodNotAllowed,
    413: RequestTooLarge,
}


def error_response(error: exceptions.APIException) -> JsonResponse:
    """The body a DRF view of this API would give for `error`."""
    body = ExceptionFormatter(error, {"view": None, "request": None}, error).run()  # type: ignore[typeddict-item]
    return JsonResponse(body, status=error.status_code)


def _as_api_error(status: int, method: str) -> exceptions.APIException:
    kind = _BY_STATUS.get(status)
    if kind is exceptions.MethodNotAllowed:
        return exceptions.MethodNotAllowed(method)
    if kind is not None:
        return kind()
    error = exceptions.APIException()
    error.status_code = status
    return error


class APIAnswersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        for name, values in request.GET.lists():
            for value in (name, *values):
                error = text_error(value)
                if error is not None:
                    return error_response(exceptions.ValidationError({name: [error]}))
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            return error_response(_as_api_error(response.status_code, request.method or ""))
        return response
