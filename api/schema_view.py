"""The schema view: each space's schema generated once per language and version, under a lock.

drf-spectacular keeps one inspector per view class and points it at the view being inspected; two
threads generating at once swap each other's views ("Schema generation REQUIRES a view instance", a 500
under a threaded server). Generation is therefore serialised, and its result kept for the process.
"""

from __future__ import annotations

import threading
from typing import Any

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

_generation = threading.Lock()
_schemas: dict[tuple[str, str, str], dict[str, Any]] = {}


class SchemaView(SpectacularAPIView):
    """The space's schema, generated once per language and version under a lock (see the module's note)."""

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (str(self.urlconf), translation.get_language() or "", str(version))
        with _generation:
            schema = _schemas.get(key)
            if schema is None:
                generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                schema = _schemas[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=schema, headers={
            "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
