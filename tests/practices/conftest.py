from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.practices import factories


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        yield world.school_a


@pytest.fixture
def bank(world, in_a, media):  # type: ignore[no-untyped-def]
    return factories.bank(world)
