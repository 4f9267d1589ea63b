"""The OpenAPI schema tells the truth about errors, and is generated safely under threads.

- Validation errors: drf-standardized-errors documents one component per field, with the field's name and
  its serializer's error codes as enums. Real answers carry more than that — a service's own codes
  (`reserved`, `capacity_exceeded`, …), a service's field names, list items as `programmes.0` where the
  schema said `programmes.INDEX` — so the body was not what the schema promised. Here a validation error
  is documented as it is: `attr` (the field, nested as `a.0.b`, or null), `code`, `detail`.
- A GET with query parameters can answer 400 `validation_error` (a parameter holding NUL, api.middleware);
  a body over the cap answers 413 (api.parsers). Both are documented where they can happen.
- Generating it under threads: api.schema_view.
"""

from __future__ import annotations

from typing import Any

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ValidationErrorEnum
from rest_framework import serializers

from api.parsers import RequestTooLarge


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


class TooLargeErrorSerializer(FieldErrorSerializer):
    code = serializers.ChoiceField(choices=[(RequestTooLarge.default_code,) * 2])  # type: ignore[assignment]

    class Meta:
        ref_name = "Error413"


class TooLargeResponseSerializer(ValidationErrorResponseSerializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = TooLargeErrorSerializer(many=True)  # type: ignore[assignment]

    class Meta:
        ref_name = "ErrorResponse413"


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

    def _should_add_validation_error_response(self) -> bool:
        return bool(super()._should_add_validation_error_response()) or self._has_query_parameters()

    def _get_serializer_for_validation_error_response(self) -> Any:
        return ValidationErrorResponseSerializer

    def _get_error_response_serializer(self, status_code: str) -> Any:
        if status_code == "413":
            return TooLargeResponseSerializer
        return super()._get_error_response_serializer(status_code)
