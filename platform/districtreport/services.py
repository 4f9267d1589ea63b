"""Отчёт района: requesting it, and building it in the background from the kept figures.

Rules decided here (for the README):

* Any district role (the administrator and the analyst) may ask for a report: it only reads.
* A report is for one academic year that has kept figures (stats.selectors.year_parse) and for
  every school of that year or for chosen schools. «Chosen schools» with none chosen is refused
  («Выберите хотя бы одну школу»), so is a school that is not one of the district's; nothing is
  saved then.
* Every request is its own report (the district keeps them, e.g. one per selection); the build
  task is sent once the transaction commits.
* The build reads only the public schema — the per-school figures kept there (design note 5) —
  through stats.selectors.dashboard, the same numbers as the dashboard shows, under the same
  small-numbers rule for surveys. A chosen school without figures for the year is named in the
  report, not counted.
* The build is idempotent: a message for a report that is not queued (ready, failed, or running
  for less than STALE_AFTER in another worker) does nothing. Progress is written in small
  separate transactions so that the page sees it move; the files and «ready» are written
  together at the end. A failure keeps its error on the report, shown on its page.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from audit.services import audit_record
from config.replica import replica_reads
from district.selectors import district_settings
from districtreport.content import district_sections
from districtreport.documents import coverage_line, district_pdf, district_xlsx
from districtreport.models import DistrictReport, ReportStatus
from people.models import Person
from people.selectors import has_district_access
from reports.jobs import job_claim
from stats.selectors import dashboard, schools_parse, year_parse
from tenants.models import School

logger = logging.getLogger(__name__)



def _require(acting_user: Person | None) -> None:
    if acting_user is None or not has_district_access(acting_user):
        raise PermissionDenied  # pages and the API answer 404


def district_report_request(
    *, acting_user: Person, year_text: str | None, school_ids: Sequence[Any] | None,
) -> DistrictReport:
    """Ask for the district's report of a year to be built in the background (issue 5: district reports).

    `school_ids` None: every school of the year; a list: the chosen schools' uuids, at least one.
    Raises ValidationError on `year` and/or `schools`; nothing is saved then.
    """
    from districtreport.tasks import build_district_report

    _require(acting_user)
    errors: dict[str, list[ValidationError]] = {}
    year = None
    try:
        year = year_parse(year_text)
    except ValidationError as error:
        errors.update(error.error_dict)
    chosen: list[School] = []
    if school_ids is not None:
        values = [str(value).strip() for value in school_ids if value is not None and str(value).strip()]
        if not values:
            errors["schools"] = [ValidationError(_("Choose at least one school."), code="schools_empty")]
        else:
            try:
                chosen = schools_parse(values) or []
            except ValidationError as error:
                errors.update(error.error_dict)
    if errors or year is None:
        raise ValidationError(errors)
    chosen.sort(key=lambda school: (school.short_name.casefold(), str(school.uuid)))
    with _in_the_district(), transaction.atomic():
        report = DistrictReport.objects.create(
            year=year.start, schools=[school.uuid for school in chosen],
            school_names=[school.short_name or school.full_name for school in chosen],
            requested_by=acting_user, requested_at=timezone.now())
        audit_record(actor=acting_user, action="districtreport.requested", target=report,
                     details={"year": str(year), "schools": [str(school.uuid) for school in chosen] or "all"})
        report_id = str(report.pk)
        transaction.on_commit(lambda: build_district_report.delay(report_id))
    return report


def _set_progress(report_id: uuid.UUID, progress: int) -> None:
    DistrictReport.objects.filter(pk=report_id).update(progress=progress, updated_at=timezone.now())


def district_report_build(*, report_id: Any, today: dt.date | None = None) -> str:
    """Build the report's PDF and XLSX from the kept figures (run by the task, in the public schema).

    Returns the report's final status. Idempotent: only a queued (or a stale running) report is built.
    """
    with _in_the_district():
        return _build(report_id=report_id, today=today)


def _in_the_district() -> AbstractContextManager[None]:
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
