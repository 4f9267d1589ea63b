"""Thin tasks for the banks of mentees and mentors."""

from __future__ import annotations

from django.db import connection

from banks.services import bank_review_remind
from config.celery import school_task
from tenants.models import School


@school_task(name="banks.tasks.remind_bank_review", time_limit=120, max_retries=3)
def remind_bank_review() -> int:
    """Daily per school: remind the curators when the annual review of the mentee bank is due (§3.4).

    Idempotent: the reminder is sent once per due period (banks.services.bank_review_remind).
    Returns how many people were e-mailed.
    """
    school = connection.tenant  # type: ignore[attr-defined]
    if not isinstance(school, School):  # a bare schema switch carries no School row
        school = School.objects.get(schema_name=connection.schema_name)  # type: ignore[attr-defined]
    return bank_review_remind(school=school)
