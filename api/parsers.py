"""The API's JSON parser: a body is capped in size and depth, and no string in it may hold a character
PostgreSQL or UTF-8 cannot carry — refused here, once, for every endpoint (the login-free token endpoint too).

- Size: more than `API_JSON_MAX_BYTES` (1 MB) answers 413; so does a body over Django's
  `DATA_UPLOAD_MAX_MEMORY_SIZE`, which DRF meets before any parser (api.exception_handler).
- Depth: the standard decoder gives up at the interpreter's recursion limit (a RecursionError, not a
  runaway); anything deeper than `MAX_DEPTH` levels is refused too. Both answer 400 `parse_error`.
- Text: NUL (U+0000; PostgreSQL text cannot hold it) and lone surrogates (U+D800–U+DFFF; not encodable
  as UTF-8) in any string or key answer 400 `validation_error` naming the field by its path (`a.0.b`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

MAX_DEPTH = 32
DEFAULT_MAX_BYTES = 1_000_000

NUL_CODE = "null_characters_not_allowed"
SURROGATE_CODE = "surrogate_characters_not_allowed"


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def text_error(value: str) -> ErrorDetail | None:
    """The error a text value from outside gets, or None when PostgreSQL and UTF-8 can carry it."""
    if "\x00" in value:
        return ErrorDetail(str(ProhibitNullCharactersValidator.message), code=NUL_CODE)
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return ErrorDetail(str(_("The text holds a character that is not allowed (a lone surrogate).")),
                           code=SURROGATE_CODE)
    return None


def _check(data: Any) -> None:
    """Walk the parsed body without recursion: refuse too deep a body and text no database can store."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(value, str):
            error = text_error(value)
            if error is not None:
                raise exceptions.ValidationError({path or api_settings.NON_FIELD_ERRORS_KEY: [error]})
        elif isinstance(value, Mapping):
            for key, item in value.items():
                key_path = f"{path}.{key}" if path else str(key)
                error = text_error(key)
                if error is not None:
                    raise exceptions.ValidationError({path or api_settings.NON_FIELD_ERRORS_KEY: [error]})
                stack.append((item, key_path, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}.{index}" if path else str(index), depth + 1)
                         for index, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = int(getattr(settings, "API_JSON_MAX_BYTES", DEFAULT_MAX_BYTES))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_no_constant)
        except RecursionError:
            raise _too_deep() from None
        except ValueError as error:
            raise exceptions.ParseError(_("JSON parse error - %s") % error) from None
        _check(data)
        return data


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON: refused like any other malformed body."""
    raise ValueError(f"{name} is not allowed")


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(_("JSON nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH})
