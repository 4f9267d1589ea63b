"""Thin tasks for the school's staff."""

from __future__ import annotations

from config.celery import RETRIES, school_task
from staff.services import staff_refresh_young_specialists
from tenants.spaces import school_of_connection


@school_task(name="staff.tasks.refresh_young_specialists", time_limit=120, **RETRIES)
def refresh_young_specialists() -> int:
    """Nightly per school: re-derive young-specialist flags (idempotent)."""
    return staff_refresh_young_specialists(school=school_of_connection(), acting_user=None)
