"""Thin tasks for the banks of mentees and mentors."""

from __future__ import annotations

from banks.services import bank_review_remind
from config.celery import RETRIES, school_task
from tenants.spaces import school_of_connection


@school_task(name="banks.tasks.remind_bank_review", time_limit=120, **RETRIES)
def remind_bank_review() -> int:
    """Daily per school: remind the curators when the annual review of the mentee bank is due (§3.4).

    Idempotent: the reminder is sent once per due period (banks.services.bank_review_remind).
    Returns how many people were e-mailed.
    """
    school = school_of_connection()
    return bank_review_remind(school=school)
