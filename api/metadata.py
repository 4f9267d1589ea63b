"""What OPTIONS tells about an endpoint: its name, description, formats and, for PUT and POST, the
fields of its request body.

DRF's `SimpleMetadata` fetches the object for PUT (`get_object()`) to check object permissions; views of
this API that read through selectors have no object lookup, and that call crashed (500). Object-level
rights are the selectors' business here: OPTIONS describes the fields to anyone the view's base
permission admits, and leaves an action out when the view has no request serializer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request, clone_request


class FieldsMetadata(SimpleMetadata):
    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        actions = {}
        for method in sorted({"PUT", "POST"} & set(view.allowed_methods)):
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
                serializer = view.get_serializer()
            except (exceptions.APIException, PermissionDenied, Http404, AssertionError):
                continue
            finally:
                view.request = request
            actions[method] = self.get_serializer_info(serializer)
        return actions
