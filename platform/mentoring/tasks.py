"""Thin tasks for mentoring programmes; each runs inside one school's schema."""

from __future__ import annotations

from config.celery import RETRIES, school_task
from mentoring.services.programme_reminders import activities_remind_overdue
from tenants.spaces import school_of_connection


@school_task(name="mentoring.tasks.remind_overdue_activities", time_limit=300, **RETRIES)
def remind_overdue_activities() -> int:
    """Daily per school: e-mail the responsible people and mentees about overdue activities
    (idempotent: at most one reminder per activity per day)."""
    school = school_of_connection()
    return activities_remind_overdue(school=school)
