from __future__ import annotations

import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    """Run the test body inside school A's schema."""
    with schema_context(world.school_a.schema_name):
        yield world


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    """Messages are asserted in English, the source language (the interface defaults to Russian)."""
    from django.utils import translation

    with translation.override("en"):
        yield
