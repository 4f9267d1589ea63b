"""The district dashboard and figures API: kept figures made by the real refresh, or kept by hand
when a test needs exact numbers (the counting itself is tested in tests/stats)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from formats.dates import AcademicYear
from stats.models import SchoolFigures
from stats.services import figures_refresh
from tenants.models import School, SchoolKind, SchoolStatus
from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.stats.data import fill

YEAR = AcademicYear.of(timezone.localdate())

# Every flag set, nothing lagging: a school in good order.
GOOD = {"has_curator": True, "regulation_approved": True, "roadmap_approved": True}
_numbers = itertools.count(1)


def surveys(**respondents: int) -> dict[str, dict[str, float]]:
    """The kept survey detail: per audience, respondents and one scale answer each at 60 %."""
    return {audience: {"respondents": n, "scale_answers": n, "scale_percent_sum": 60.0 * n}
            for audience, n in respondents.items()}


def unbounded(captured: Any) -> int:
    """How many captured queries bring back a row per school: read the kept figures, neither aggregated
    nor limited (a page or an API answer reads one page of schools and the kept summary, issue 15)."""
    return sum(1 for query in captured.captured_queries
               if "stats_schoolfigures" in query["sql"]
               and not any(part in query["sql"] for part in (" LIMIT ", "COUNT(", "SUM(", "SELECT DISTINCT")))


def keep(school: School, *, year: AcademicYear = YEAR, detail: dict[str, Any] | None = None,
         **values: Any) -> SchoolFigures:
    """Keep figures for a school by hand (the refresh's shape, exact numbers)."""
    row, _created = SchoolFigures.objects.update_or_create(
        school=school, year=year.start,
        defaults={**values, "detail": detail or {}, "computed_at": timezone.now()})
    return row


def school_row(*, kind: str = SchoolKind.SOSH, status: str = SchoolStatus.ACTIVE, name: str = "") -> School:
    """A School row without a schema (enough for the district's pages, which read only public)."""
    number = next(_numbers)
    return School.objects.create(
        schema_name=f"dash_{number}", slug=f"dash-{number}", full_name=name or f"МБОУ «СОШ № {number}»",
        short_name=name or f"СОШ № {number:03d}", kind=kind, status=status,
        archived_at=timezone.now() if status == SchoolStatus.ARCHIVED else None)


@pytest.fixture
def filled(world) -> dict[str, SchoolFigures]:  # type: ignore[no-untyped-def]
    """Programme data in alpha and beta (tests.stats.data.fill), counted by the real refresh."""
    for seed, school in ((21, world.school_a), (22, world.school_b)):
        with schema_context(school.schema_name):
            fill(seed)
    return {school.slug: figures_refresh(school=school, years=[YEAR])[0]
            for school in (world.school_a, world.school_b)}
