"""Sending the debounced refresh after a school's change (tenants.changes.school_changed, after commit).

One refresh task is sent for the school, delayed by STATS_REFRESH_DELAY_SECONDS so that a burst of
changes (an import, a form with many rows) is counted once: debounced per school through
stats.FiguresState (`queued` is cleared when the refresh starts, so a change during a refresh sends
the next one). A claim older than STATS_REFRESH_STALE_SECONDS counts as lost and is taken again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from config.celery import send_for_school
from refresh.tasks import refresh_school_figures
from stats.models import FiguresState
from tenants.models import School, SchoolStatus

logger = logging.getLogger(__name__)


def school_refresh_send(schema_name: str) -> None:
    """After commit: send one refresh for the school unless one is already waiting."""
    school_id = School.objects.filter(schema_name=schema_name, status=SchoolStatus.ACTIVE).values_list(
        "pk", flat=True).first()
    if school_id is None:
        return
    now = timezone.now()
    state, _created = FiguresState.objects.get_or_create(school_id=school_id)
    lost = now - dt.timedelta(seconds=settings.STATS_REFRESH_STALE_SECONDS)
    claimable = Q(queued=False) | Q(queued_at__lt=lost) | Q(queued_at__isnull=True)
    claimed = FiguresState.objects.filter(claimable, pk=state.pk).update(queued=True, queued_at=now, changed_at=now)
    if not claimed:
        FiguresState.objects.filter(pk=state.pk).update(changed_at=now)
        return
    try:
        send_for_school(refresh_school_figures, schema_name=schema_name,
                        countdown=settings.STATS_REFRESH_DELAY_SECONDS)
    except Exception:  # the broker is down: the nightly refresh catches up; the write itself stands
        FiguresState.objects.filter(pk=state.pk).update(queued=False)
        logger.exception("could not send the figures refresh for %s", schema_name)
