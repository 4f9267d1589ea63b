"""Resolve the space (the district or one school) from the request's host."""

from __future__ import annotations

from django.conf import settings
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import SchoolStatus
from tenants.spaces import DistrictSpace


class SpaceMiddleware(TenantMainMiddleware):
    """The district host is the public schema; `<slug>.<district host>` is a school.

    Only an active school is served. The template school, a school still being
    provisioned and an archived school are served nothing — no pages, no login, no
    API, no public page: their hosts answer 404 like an unknown host. (An archived
    school keeps its schema and its people's memberships; restoring it serves it again.)
    """

    def get_tenant(self, domain_model, hostname):  # type: ignore[no-untyped-def]
        if hostname == settings.DISTRICT_HOST:
            return DistrictSpace()
        domain = domain_model.objects.select_related("tenant").get(
            domain=hostname, tenant__status=SchoolStatus.ACTIVE
        )
        return domain.tenant
