"""Keeping the per-school figures: refreshing them, and asking for a refresh when a school changes.

When: every service that writes school data records an audit event (audit.services.audit_record),
and that is where `figures_changed` is called; after the transaction commits, one refresh task is
sent for the school, delayed by STATS_REFRESH_DELAY_SECONDS so that a burst of changes (an import,
a form with many rows) is counted once (debounced per school through FiguresState). A nightly task
refreshes every active school as well, and `manage.py refresh_figures` does it by hand.

Which years: a refresh counts the current academic year and the one before it (a year's last
programmes finish in its summer; September's corrections still belong to it). Older years are
closed: their figures stay as they were last counted, as statistical reports do; the command
can recount them (`--year`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from formats.dates import AcademicYear
from stats.figures import school_figures
from stats.models import FiguresState, SchoolFigures
from tenants.models import School, SchoolStatus

logger = logging.getLogger(__name__)


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


def _send_refresh(schema_name: str) -> None:
    """After commit: send one refresh for the school unless one is already waiting."""
    from stats.tasks import refresh_school_figures

    school_id = School.objects.filter(schema_name=schema_name, status=SchoolStatus.ACTIVE).values_list(
        "pk", flat=True).first()
    if school_id is None:
        return
    now = timezone.now()
    state, _created = FiguresState.objects.get_or_create(school_id=school_id)
    claimed = FiguresState.objects.filter(pk=state.pk, queued=False).update(queued=True, changed_at=now)
    if not claimed:
        FiguresState.objects.filter(pk=state.pk).update(changed_at=now)
        return
    try:
        refresh_school_figures.apply_async(headers={"_schema_name": schema_name},
                                           countdown=settings.STATS_REFRESH_DELAY_SECONDS)
    except Exception:  # the broker is down: the nightly refresh catches up; the write itself stands
        FiguresState.objects.filter(pk=state.pk).update(queued=False)
        logger.exception("could not send the figures refresh for %s", schema_name)


def figures_changed() -> None:
    """Data of the current school changed: refresh its figures shortly after the commit.

    A no-op in the district schema. Called by audit_record, which every writing service calls.
    """
    schema_name = getattr(connection, "schema_name", get_public_schema_name())
    if schema_name == get_public_schema_name() or not settings.STATS_REFRESH_ON_CHANGE:
        return
    transaction.on_commit(lambda: _send_refresh(schema_name))
