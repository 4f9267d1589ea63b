"""Resolve the space (the district or one school) from the request's host."""

from __future__ import annotations

from django.conf import settings
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import SchoolStatus
from tenants.spaces import DistrictSpace


class SpaceMiddleware(TenantMainMiddleware):
    """The district host is the public schema; `<slug>.<district host>` is a school.

    The template school and a school still being provisioned are served nothing:
    their hosts answer 404 like an unknown host.
    """

    def get_tenant(self, domain_model, hostname):  # type: ignore[no-untyped-def]
        if hostname == settings.DISTRICT_HOST:
            return DistrictSpace()
        domain = domain_model.objects.select_related("tenant").get(
            domain=hostname, tenant__status__in=[SchoolStatus.ACTIVE, SchoolStatus.ARCHIVED]
        )
        return domain.tenant
