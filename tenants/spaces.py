"""The district space is the public schema; it has no row in the School table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django_tenants.utils import get_public_schema_name

if TYPE_CHECKING:
    from tenants.models import School


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


def school_of_connection() -> School:
    """The School whose schema the database connection is set to (in a task).

    tenant-schemas-celery sets the connection's tenant; a bare schema switch
    (`schema_context`) carries only the schema name, so the row is looked up.
    """
    from django.db import connection

    from tenants.models import School  # noqa: F811 - the run-time import of the type above

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, School):
        return tenant
    return School.objects.get(schema_name=getattr(connection, "schema_name", ""))
