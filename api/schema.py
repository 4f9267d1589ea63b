"""The OpenAPI schema tells the truth about errors, and is generated safely under threads.

- Validation errors: drf-standardized-errors documents one component per field, with the field's name and
  its serializer's error codes as enums. Real answers carry more than that — a service's own codes
  (`reserved`, `capacity_exceeded`, …), a service's field names, list items as `programmes.0` where the
  schema said `programmes.INDEX` — so the body was not what the schema promised. Here a validation error
  is documented as it is: `attr` (the field, nested as `a.0.b`, or null), `code`, `detail`.
- A GET with query parameters can answer 400 `validation_error` (a parameter holding NUL, api.middleware);
  a body over the cap answers 413 (api.parsers). Both are documented where they can happen.
- Blank and null as they are: a read-only field of a ModelSerializer loses `allow_blank`, so an e-mail or
  a link the model allows blank (`""`) was documented as `format: email`/`uri` only, and a choice the
  model allows blank as an enum without `""`. Here the model field decides: such an e-mail or link is
  documented as that format or `""`, such a choice with the blank choice; a field the model allows null
  (a staff member without a login) is nullable.
- Generating it under threads: api.schema_view.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ValidationErrorEnum
from rest_framework import serializers

from api.parsers import RequestTooLarge

BLANK_STRING = {"type": "string", "enum": [""]}


def _model_field(field: serializers.Field) -> Any:
    """The model field a ModelSerializer field reads directly, or None."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


def _may_be_blank(field: serializers.Field) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    model_field = _model_field(field)
    return bool(getattr(model_field, "blank", False)) and isinstance(model_field, models.CharField | models.TextField)


class FieldErrorSerializer(serializers.Serializer):
    attr = serializers.CharField(
        allow_null=True,
        help_text=("The field or query parameter; a nested one as `a.0.b`; `non_field_errors` or null "
                    "when the error is about the whole request"))
    code = serializers.CharField(help_text=("A short machine-readable code, e.g. `required`, `invalid`"))
    detail = serializers.CharField(help_text=("The message, in the request's language"))

    class Meta:
        ref_name = "FieldError"


class ValidationErrorResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ValidationErrorEnum.choices)
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]

    class Meta:
        ref_name = "ValidationErrorResponse"


class RefusalCode(models.TextChoices):
    """Why a 403: no credentials or wrong ones (the first authenticator, the session, sends no challenge,
    so DRF answers these 403, not 401), or no right."""

    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"


def _client_error(name: str, choices: list[tuple[str, str]]) -> type[serializers.Serializer]:
    """The body of a client error whose codes are `choices` (components `<name>Error`, `<name>ErrorResponse`)."""
    item = type(f"{name}ErrorSerializer", (FieldErrorSerializer,), {
        "code": serializers.ChoiceField(choices=choices), "Meta": type("Meta", (), {"ref_name": f"{name}Error"})})
    return type(f"{name}ErrorResponseSerializer", (serializers.Serializer,), {
        "type": serializers.ChoiceField(choices=ClientErrorEnum.choices), "errors": item(many=True),
        "Meta": type("Meta", (), {"ref_name": f"{name}ErrorResponse"})})


TooLargeResponseSerializer = _client_error("TooLarge", [(str(RequestTooLarge.default_code),) * 2])
RefusalResponseSerializer = _client_error("Refusal", RefusalCode.choices)


class AutoSchema(StandardizedErrorsSchema):
    def _has_query_parameters(self) -> bool:
        return any(parameter["in"] == "query" for parameter in self._get_parameters())

    def _has_request_body(self) -> bool:
        return self.method in ("PUT", "PATCH", "POST") and self.get_request_serializer() is not None

    def _get_allowed_error_status_codes(self) -> list[str]:
        return [*super()._get_allowed_error_status_codes(), "413"]

    def _should_add_error_response(self, responses: dict[str, Any], status_code: str) -> bool:
        if status_code == "413":
            return status_code not in responses and self._has_request_body()
        return bool(super()._should_add_error_response(responses, status_code))

    def _should_add_http403_error_response(self) -> bool:
        # A view without authenticators (the token endpoint) answers a refusal with 403, never 401.
        return bool(super()._should_add_http403_error_response()) or not self.view.get_authenticators()

    def _should_add_validation_error_response(self) -> bool:
        # Any write may be refused by a service's rules (api.base.as_api_error), with or without a body.
        return (bool(super()._should_add_validation_error_response()) or self._has_query_parameters()
                or self.method in ("PUT", "PATCH", "POST", "DELETE"))

    def _get_serializer_for_validation_error_response(self) -> Any:
        return ValidationErrorResponseSerializer

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        # The fields are fresh instances of the serializer being described: setting them here changes nothing else.
        if direction == "response" and isinstance(field, serializers.ChoiceField) and _may_be_blank(field):
            field.allow_blank = True
        if direction == "response" and getattr(_model_field(field), "null", False):
            field.allow_null = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (direction == "response" and isinstance(field, serializers.EmailField | serializers.URLField)
                and "format" in schema and _may_be_blank(field)):
            outer = {key: schema.pop(key) for key in ("nullable", "readOnly", "title", "description") if key in schema}
            schema = {"oneOf": [schema, BLANK_STRING], **outer}
        return schema

    def _get_error_response_serializer(self, status_code: str) -> Any:
        if status_code == "413":
            return TooLargeResponseSerializer
        if status_code == "403":
            return RefusalResponseSerializer
        return super()._get_error_response_serializer(status_code)
