"""Background refresh of the kept figures."""

from __future__ import annotations

from config.celery import school_task
from exchange.directory import directory_sync_school
from stats.services import figures_refresh
from tenants.spaces import school_of_connection


@school_task(name="stats.tasks.refresh_school_figures", time_limit=120, soft_time_limit=100)
def refresh_school_figures() -> int:
    """Recount the current school's figures and its exchange directory entries (sent after a change,
    debounced, and nightly)."""
    school = school_of_connection()
    directory_sync_school(school=school)  # the exchange directory rides on the same debounced refresh
    return len(figures_refresh(school=school))
