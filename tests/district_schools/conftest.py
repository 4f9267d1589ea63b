"""Schools in the states the district manages: a school still being provisioned (a row and a
domain, no schema yet), the template school, and beta archived inside a test (every test's
transaction is rolled back, so beta is active again for the next one)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Domain, School, SchoolKind, SchoolStatus
from tenants.services import school_archive


@pytest.fixture
def provisioning(world) -> School:  # type: ignore[no-untyped-def]
    return provisioning_school("gamma", full_name="МБОУ «Гимназия с. Гамма»", short_name="Гимназия с. Гамма",
                               kind=SchoolKind.GYMNASIUM, locality="с. Гамма")


def provisioning_school(slug: str, **details: str) -> School:
    """A School row and its domain as registration leaves them before the schema exists."""
    with schema_context(get_public_schema_name()):  # a request before may have left another schema set
        school = School(schema_name=slug, slug=slug, status=SchoolStatus.PROVISIONING, **details)
        school.save()
        Domain.objects.create(domain=f"{slug}.{settings.DISTRICT_HOST}", tenant=school, is_primary=True)
    return school


@pytest.fixture
def template_school(world) -> School:  # type: ignore[no-untyped-def]
    return School.objects.get(status=SchoolStatus.TEMPLATE)


@pytest.fixture
def archive_beta(world) -> Callable[[], School]:  # type: ignore[no-untyped-def]
    def archive() -> School:
        return school_archive(acting_user=world.people["district_admin"], school=world.school_b,
                              reason="Реорганизация: присоединена к школе Альфа")

    return archive
