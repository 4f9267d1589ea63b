"""Fixtures for the final report's tests: files under a temporary MEDIA_ROOT, a scene in school A."""

from __future__ import annotations

import io
import re

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.schoolreport import scene as scene_module


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        yield world.school_a


@pytest.fixture
def scene(in_a):  # type: ignore[no-untyped-def]
    return scene_module.build()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
