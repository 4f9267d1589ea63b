"""Thin tasks for mentoring programmes; each runs inside one school's schema."""

from __future__ import annotations

from django.db import connection

from config.celery import school_task
from mentoring.services.programmes import activities_remind_overdue
from tenants.models import School


def _current_school() -> School:
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, School):
        return tenant
    return School.objects.get(schema_name=getattr(connection, "schema_name", ""))


@school_task(name="mentoring.tasks.remind_overdue_activities", time_limit=300, max_retries=3)
def remind_overdue_activities() -> int:
    """Daily per school: e-mail the responsible people and mentees about overdue activities
    (idempotent: at most one reminder per activity per day)."""
    return activities_remind_overdue(school=_current_school())
