"""Roadmap tests start from schools without a roadmap (registration gives each school one;
the deletion is rolled back with the test's transaction)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from roadmap.models import Roadmap
from tests.english import english  # noqa: F401 - messages are asserted in English


@pytest.fixture(autouse=True)
def no_roadmaps(world):  # type: ignore[no-untyped-def]
    for school in (world.school_a, world.school_b):
        with schema_context(school.schema_name):
            Roadmap.objects.all().delete()
