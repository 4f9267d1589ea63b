"""For test packages that assert messages in English, the source language.

The interface is Russian by default; these packages switch to English both for
direct calls (the active translation) and for pages (the default language that
the locale middleware falls back to when a request names none).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
