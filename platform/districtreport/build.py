"""Building the district's report in the background (districtreport.tasks) from the kept figures; the rules
are in districtreport.services, which asks for it."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from contextlib import AbstractContextManager
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, schema_context

from audit.services import audit_record
from config.replica import replica_reads
from district.selectors import district_settings
from districtreport.content import district_sections
from districtreport.documents import coverage_line, district_pdf, district_xlsx
from districtreport.models import DistrictReport, ReportStatus
from reports.jobs import job_claim
from stats.selectors import dashboard
from tenants.models import School

logger = logging.getLogger(__name__)


def _set_progress(report_id: uuid.UUID, progress: int) -> None:
    DistrictReport.objects.filter(pk=report_id).update(progress=progress, updated_at=timezone.now())


def district_report_build(*, report_id: Any, today: dt.date | None = None) -> str:
    """Build the report's PDF and XLSX from the kept figures (run by the task, in the public schema).

    Returns the report's final status. Idempotent: only a queued (or a stale running) report is built.
    """
    with in_the_district():
        return _build(report_id=report_id, today=today)


def in_the_district() -> AbstractContextManager[None]:
    """The district's report is the district's: its row and its audit record are written in the public
    schema whatever the caller's connection is set to."""
    return schema_context(get_public_schema_name())


def _build(*, report_id: Any, today: dt.date | None) -> str:
    report, status = job_claim(DistrictReport, report_id)
    if report is None:
        return status
    started_at = report.started_at
    try:
        pdf, xlsx, names = _render(report=report, today=today)
        with transaction.atomic():
            current = DistrictReport.objects.select_for_update().get(pk=report.pk)
            if current.status != ReportStatus.RUNNING or current.started_at != started_at:
                return str(current.status)  # taken over as stale by another worker meanwhile
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            base = f"otchet-rayona-{current.year}-{current.year + 1}-{stamp}"
            current.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
            current.xlsx.save(f"{base}.xlsx", ContentFile(xlsx), save=False)
            if current.all_schools:
                current.school_names = names
            current.status = ReportStatus.READY
            current.progress = 100
            current.finished_at = timezone.now()
            current.save()
            audit_record(actor=current.requested_by, action="districtreport.built", target=current,
                         details={"year": str(current.academic_year), "schools": len(names)})
        return ReportStatus.READY
    except Exception as error:
        logger.exception("the district report %s failed", report_id)
        DistrictReport.objects.filter(pk=report.pk, started_at=started_at).update(
            status=ReportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now(),
            updated_at=timezone.now())
        return ReportStatus.FAILED


@replica_reads()
def _render(*, report: DistrictReport, today: dt.date | None) -> tuple[bytes, bytes, list[str]]:
    year = report.academic_year
    chosen = list(School.objects.filter(uuid__in=report.schools)) if report.schools else None
    board = dashboard(year, schools=chosen)
    _set_progress(report.pk, 20)
    covered = {row.school.uuid for row in board.rows}
    names = sorted((row.school.short_name or row.school.full_name for row in board.rows), key=str.casefold)
    snapshot = dict(zip(report.schools, report.school_names, strict=False))
    missing = [snapshot.get(key, str(key)) for key in report.schools if key not in covered]
    as_of = timezone.localtime(board.computed_at).date() if board.computed_at else None
    built_on = today or timezone.localdate()
    authority = district_settings().name
    with translation.override("ru"):
        sections = district_sections(board, missing=missing, as_of=as_of)
        _set_progress(report.pk, 35)
        coverage = coverage_line(all_schools=report.all_schools, names=names)
        pdf = district_pdf(authority=authority, year=str(year), sections=sections, coverage=coverage,
                           built_on=built_on, as_of=as_of)
        _set_progress(report.pk, 80)
        xlsx = district_xlsx(authority=authority, year=str(year), sections=sections, coverage=coverage,
                             built_on=built_on)
        _set_progress(report.pk, 95)
    return pdf, xlsx, names
