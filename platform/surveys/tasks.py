"""Thin tasks for the monitoring surveys; each runs inside one school's schema."""

from __future__ import annotations

from config.celery import RETRIES, school_task
from surveys.services import campaigns_remind_open
from tenants.spaces import school_of_connection


@school_task(name="surveys.tasks.remind_open_campaigns", time_limit=300, **RETRIES)
def remind_open_campaigns() -> int:
    """Daily per school: e-mail the respondents who have not answered an open campaign yet.

    Idempotent: each invitation is reminded once (surveys.services.campaigns_remind_open).
    Returns how many people were e-mailed.
    """
    school = school_of_connection()
    return campaigns_remind_open(school=school)
