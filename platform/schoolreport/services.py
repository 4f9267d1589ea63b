"""Итоговый аналитический отчёт: requesting it, and building it in the background.

Rules decided here (for the README):

* One report per academic year. Requesting it again (e.g. after the curator rewrote the
  conclusions) rebuilds the same report: its files are replaced when the new ones are ready.
* A report being built (queued or running) is not requested twice; a job that has been
  queued or running for longer than STALE_AFTER (its worker died) may be requested again.
* The build is idempotent: a message for a report that is not queued (already ready, failed, or
  running for less than STALE_AFTER in another worker) does nothing, so a duplicate message never
  rebuilds a ready report nor builds the same report twice at once.
* The build writes its progress in small separate transactions so that the page sees it move;
  the files and the «ready» status are written together, at the end, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from config.replica import replica_reads
from district.selectors import district_settings
from formats.dates import AcademicYear
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Person
from people.roles import SchoolRole
from reports.jobs import STALE_AFTER, job_claim
from reports.pdf import initials_name
from schoolreport.content import report_sections
from schoolreport.documents import report_pdf, report_xlsx
from schoolreport.models import ReportStatus, SchoolReport
from schoolreport.selectors import SECTIONS, report_figures, role_holder, year_parse
from staff.models import StaffMember
from tenants.models import School

logger = logging.getLogger(__name__)

CONCLUSIONS_MAX = 20_000
# Progress: the figures take up to 70 %, the PDF 85 %, the XLSX 95 %, saving 100 %.
FIGURES_SHARE = 70


def _require(*, school: School, acting_user: Person) -> None:
    membership = people_selectors.membership_in(person=acting_user, school=school)
    if not can(membership, Capability.REPORT_BUILD):
        raise PermissionDenied  # pages and the API answer 404


def report_request(
    *, school: School, acting_user: Person, year: AcademicYear | str, conclusions: str | None = None,
    today: dt.date | None = None,
) -> SchoolReport:
    """Ask for the year's final analytic report to be built in the background (the curator's
    итоговый аналитический отчёт, Дорожная карта, этап «Завершение»).

    Saves the curator's conclusions when given (None keeps the saved ones), puts the report in the
    queue and sends the build task once the transaction commits.
    """
    from schoolreport.tasks import build_school_report

    _require(school=school, acting_user=acting_user)
    academic_year = year_parse(year, today=today)
    if conclusions is not None and len(conclusions) > CONCLUSIONS_MAX:
        raise ValidationError({"conclusions": ValidationError(
            _("The conclusions are too long: at most %(limit)d characters.") % {"limit": CONCLUSIONS_MAX},
            code="too_long")})
    now = timezone.now()
    with transaction.atomic():
        report = SchoolReport.objects.select_for_update().filter(year=academic_year.start).first()
        if report is None:
            report = SchoolReport(year=academic_year.start)
        elif report.in_progress and now - report.requested_at < STALE_AFTER:
            raise ValidationError({"year": ValidationError(
                _("The report for %(year)s is being built already; wait until it is ready.")
                % {"year": str(academic_year)}, code="in_progress")})
        if conclusions is not None:
            report.conclusions = conclusions.strip()
        report.status = ReportStatus.QUEUED
        report.progress = 0
        report.error = ""
        report.requested_by = acting_user
        report.requested_at = now
        report.started_at = report.finished_at = None
        report.save()
        audit_record(actor=acting_user, action="schoolreport.requested", school=school, target=report,
                     details={"year": str(academic_year)})
        report_id = str(report.pk)
        transaction.on_commit(lambda: build_school_report.delay(report_id))
    return report


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
