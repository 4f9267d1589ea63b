"""Building the year's final analytic report in the background (schoolreport.tasks); the rules are in
schoolreport.services, which asks for it."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from audit.services import audit_record
from config.replica import replica_reads
from district.selectors import district_settings
from people.roles import SchoolRole
from reports.jobs import job_claim
from reports.pdf import initials_name
from schoolreport.content import report_sections
from schoolreport.documents import report_pdf, report_xlsx
from schoolreport.models import ReportStatus, SchoolReport
from schoolreport.selectors import SECTIONS, report_figures, role_holder
from staff.models import StaffMember
from tenants.models import School

logger = logging.getLogger(__name__)

# Progress: the figures take up to 70 %, the PDF 85 %, the XLSX 95 %, saving 100 %.
FIGURES_SHARE = 70


def _set_progress(report_id: uuid.UUID, progress: int, **fields: Any) -> None:
    SchoolReport.objects.filter(pk=report_id).update(progress=progress, updated_at=timezone.now(), **fields)


def report_build(*, school: School, report_id: Any, today: dt.date | None = None) -> str:
    """Build the report's figures, PDF and XLSX (run by the task, inside the school's schema).

    Returns the report's final status. Idempotent: only a queued or running report is built.
    """
    report, status = job_claim(SchoolReport, report_id)
    if report is None:
        return status
    requested_at = report.requested_at
    try:
        pdf, xlsx, figures = _render(school=school, report=report, today=today)
        with transaction.atomic():
            current = SchoolReport.objects.select_for_update().get(pk=report.pk)
            if current.requested_at != requested_at:
                return str(current.status)  # requested again meanwhile: that newer job builds it
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            old = [current.pdf.name, current.xlsx.name]
            base = f"otchet-{current.year}-{current.year + 1}-{stamp}"
            current.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
            current.xlsx.save(f"{base}.xlsx", ContentFile(xlsx), save=False)
            current.figures = figures
            current.status = ReportStatus.READY
            current.progress = 100
            current.finished_at = timezone.now()
            current.save()
            audit_record(actor=current.requested_by, action="schoolreport.built", school=school, target=current,
                         details={"year": str(current.academic_year)})
            storage = current.pdf.storage

            def delete_old_files() -> None:
                for name in old:
                    if name:
                        storage.delete(name)

            transaction.on_commit(delete_old_files)
        return ReportStatus.READY
    except Exception as error:
        logger.exception("the report %s of %s failed", report_id, school.schema_name)
        SchoolReport.objects.filter(pk=report.pk, requested_at=requested_at).update(
            status=ReportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now())
        return ReportStatus.FAILED


@replica_reads()
def _render(*, school: School, report: SchoolReport, today: dt.date | None) -> tuple[bytes, bytes, dict[str, Any]]:
    def on_section(name: str, done: int) -> None:
        _set_progress(report.pk, 5 + (FIGURES_SHARE - 5) * done // len(SECTIONS))

    figures = report_figures(year=report.academic_year, today=today, on_section=on_section)
    built_on = today or timezone.localdate()
    with translation.override("ru"):
        sections = report_sections(figures, conclusions=report.conclusions)
        pdf = report_pdf(
            school=school, year=str(report.academic_year), sections=sections, authority=district_settings().name,
            director=_short(role_holder(school=school, role=SchoolRole.DIRECTOR)),
            curator=_short(role_holder(school=school, role=SchoolRole.CURATOR)), built_on=built_on)
        _set_progress(report.pk, 85)
        xlsx = report_xlsx(school=school, year=str(report.academic_year), sections=sections, built_on=built_on)
        _set_progress(report.pk, 95)
    return pdf, xlsx, figures


def _short(staff: StaffMember | None) -> str:
    return initials_name(staff.last_name, staff.first_name, staff.patronymic) if staff else ""
