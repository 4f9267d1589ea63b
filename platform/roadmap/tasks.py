"""Thin tasks for the school's roadmap; each runs inside one school's schema."""

from __future__ import annotations

from config.celery import RETRIES, school_task
from roadmap.services import roadmap_deadlines_remind
from tenants.spaces import school_of_connection


@school_task(name="roadmap.tasks.remind_roadmap_deadlines", time_limit=300, **RETRIES)
def remind_roadmap_deadlines() -> int:
    """Daily per school: e-mail the responsible people about roadmap activities due within 7 days or
    overdue (idempotent: each activity is reminded once per deadline). Returns how many were reminded."""
    return roadmap_deadlines_remind(school=school_of_connection())
