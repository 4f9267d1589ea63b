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

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from districtreport.build import in_the_district
from districtreport.models import DistrictReport
from people.models import Person
from people.selectors import has_district_access
from stats.selectors import schools_parse, year_parse
from tenants.models import School


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
    with in_the_district(), transaction.atomic():
        report = DistrictReport.objects.create(
            year=year.start, schools=[school.uuid for school in chosen],
            school_names=[school.short_name or school.full_name for school in chosen],
            requested_by=acting_user, requested_at=timezone.now())
        audit_record(actor=acting_user, action="districtreport.requested", target=report,
                     details={"year": str(year), "schools": [str(school.uuid) for school in chosen] or "all"})
        report_id = str(report.pk)
        transaction.on_commit(lambda: build_district_report.delay(report_id))
    return report
