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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import AcademicYear
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Person
from reports.jobs import STALE_AFTER
from schoolreport.models import ReportStatus, SchoolReport
from schoolreport.selectors import year_parse
from tenants.changes import school_changed
from tenants.models import School

CONCLUSIONS_MAX = 20_000


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
        school_changed()  # the district's figures of the school are recounted too, so the two agree
        audit_record(actor=acting_user, action="schoolreport.requested", school=school, target=report,
                     details={"year": str(academic_year)})
        report_id = str(report.pk)
        transaction.on_commit(lambda: build_school_report.delay(report_id))
    return report
