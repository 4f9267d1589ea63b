"""The district space is the public schema; it has no row in the School table."""

from __future__ import annotations

from dataclasses import dataclass

from django_tenants.utils import get_public_schema_name


@dataclass
class DistrictSpace:
    """What `request.tenant` is at the district's host."""

    schema_name: str = get_public_schema_name()
    domain_url: str = ""
    is_district: bool = True
    tenant_type: None = None

    def get_tenant_type(self) -> None:
        return None


def is_district(tenant: object) -> bool:
    return bool(getattr(tenant, "is_district", False))
