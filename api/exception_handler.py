"""The API's exception handler: drf-standardized-errors' own, plus what it does not know.

DRF reads a JSON body through `request.body`, where Django refuses one over
`DATA_UPLOAD_MAX_MEMORY_SIZE` with `RequestDataTooBig` — before any parser runs, so it reached the
handler as an unknown exception, a 500. It is the client's too-large body: 413, as api.parsers answers.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from drf_standardized_errors.handler import ExceptionHandler as StandardizedExceptionHandler

from api.parsers import RequestTooLarge
from config.unavailable import DATABASE_ERRORS, DatabaseUnavailable


class ExceptionHandler(StandardizedExceptionHandler):
    """drf-standardized-errors' handler, knowing that a body over Django's limit is a 413 and the database
    being away a 503, not a crash."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, DATABASE_ERRORS):  # a failover: 503 with Retry-After, never a 500 (config.unavailable)
            return DatabaseUnavailable()
        return super().convert_known_exceptions(exc)  # type: ignore[no-any-return]
