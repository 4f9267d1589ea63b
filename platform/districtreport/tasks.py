"""Thin tasks of the district's report; they run in the district (public) schema."""

from __future__ import annotations

from config.celery import district_task
from districtreport.build import district_report_build


@district_task(name="districtreport.tasks.build_district_report", time_limit=300, soft_time_limit=240,
               max_retries=0)
def build_district_report(report_id: str) -> str:
    """Build the report (PDF, XLSX) from the kept figures. Idempotent: a report that is not queued is left alone."""
    return district_report_build(report_id=report_id)
