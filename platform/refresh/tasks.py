"""The refresh after a school's change (debounced, see refresh.services) and nightly (fan-out)."""

from __future__ import annotations

from config.celery import school_task
from exchange.directory import directory_sync_school
from stats.services import figures_refresh
from tenants.spaces import school_of_connection


# The name is the one beat's schedule and messages already queued know.
@school_task(name="stats.tasks.refresh_school_figures", time_limit=120, soft_time_limit=100)
def refresh_school_figures() -> int:
    """Recount the current school's exchange directory entries and its figures."""
    school = school_of_connection()
    directory_sync_school(school=school)
    return len(figures_refresh(school=school))
