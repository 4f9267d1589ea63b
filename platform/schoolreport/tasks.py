"""Thin tasks of the final report; each runs inside one school's schema."""

from __future__ import annotations

from config.celery import school_task
from schoolreport.build import report_build
from tenants.spaces import school_of_connection


@school_task(name="schoolreport.tasks.build_school_report", time_limit=300, soft_time_limit=240, max_retries=0)
def build_school_report(report_id: str) -> str:
    """Build the year's report (figures, PDF, XLSX). Idempotent: a report that is not queued is left as it is."""
    return report_build(school=school_of_connection(), report_id=report_id)
