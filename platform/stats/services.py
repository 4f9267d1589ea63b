"""Keeping the per-school figures: refreshing them.

When: a service whose write the district counts says so (tenants.changes.school_changed); after the
transaction commits, one refresh task is sent for the school (refresh.services, debounced per school
through FiguresState). A nightly task refreshes every active school as well, and
`manage.py refresh_figures` does it by hand.

Which years: a refresh counts the current academic year and the one before it (a year's last
programmes finish in its summer; September's corrections still belong to it). Older years are
closed: their figures stay as they were last counted, as statistical reports do; the command
can recount them (`--year`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from formats.dates import AcademicYear
from stats.figures import school_figures
from stats.models import FiguresState, SchoolFigures
from tenants.models import School, SchoolStatus


def refresh_years(today: dt.date) -> list[AcademicYear]:
    """The years a refresh counts: the current one and the one before."""
    current = AcademicYear.of(today)
    return [current, AcademicYear(current.start - 1)]


def figures_refresh(*, school: School, years: Iterable[AcademicYear] | None = None,
                    today: dt.date | None = None) -> list[SchoolFigures]:
    """Count `school`'s figures for `years` inside its schema and keep them in public (idempotent)."""
    today = today or timezone.localdate()
    years = list(years) if years is not None else refresh_years(today)
    started = time.perf_counter()
    kept: list[SchoolFigures] = []
    now = timezone.now()
    # Cleared before counting (and outside the transaction), so that a change made while this
    # refresh counts sends the next refresh instead of being lost.
    FiguresState.objects.update_or_create(school=school, defaults={"queued": False})
    with schema_context(school.schema_name), transaction.atomic():
        for year in years:
            values = school_figures(school=school, year=year, today=today)
            row, _created = SchoolFigures.objects.update_or_create(
                school=school, year=year.start, defaults={**values, "computed_at": now})
            kept.append(row)
        FiguresState.objects.filter(school=school).update(
            refreshed_at=now, refresh_seconds=round(time.perf_counter() - started, 4))
    return kept


def figures_refresh_all(*, years: Iterable[AcademicYear] | None = None, today: dt.date | None = None) -> int:
    """Refresh every active school in this process (the command and the benchmark); returns the count."""
    schools = list(School.objects.filter(status=SchoolStatus.ACTIVE).order_by("schema_name"))
    year_list = list(years) if years is not None else None
    for school in schools:
        figures_refresh(school=school, years=year_list, today=today)
    return len(schools)
