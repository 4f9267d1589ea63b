"""Reads for the district's reports: the jobs, and what the request form offers.

Who sees reports: every person with a district role (the district administrator and the analyst);
the reports are the district office's, not one person's. Every lookup by id answers the same 404
for "does not exist" and "not yours".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from districtreport.models import DistrictReport
from formats.dates import AcademicYear
from lookups import object_or_404
from people.models import Person
from people.selectors import has_district_access
from stats.selectors import kept_years
from tenants.models import School, SchoolStatus


def reports_for(*, person: Person | Any) -> QuerySet[DistrictReport]:
    """Every district report, newest request first (none for a person without a district role)."""
    if person is None or not getattr(person, "is_authenticated", False) or not has_district_access(person):
        return DistrictReport.objects.none()
    return DistrictReport.objects.select_related("requested_by").order_by("-requested_at")


def report_get_for(*, person: Person | Any, id: Any) -> DistrictReport:  # noqa: A002 - the lookups' convention
    """One report, or 404 (missing, malformed id and not-yours look the same)."""
    return object_or_404(reports_for(person=person), id)


def year_choices() -> list[AcademicYear]:
    """The years a report can be asked for: those with kept figures (and the current one)."""
    return kept_years()


def school_choices() -> list[School]:
    """The schools a report can be asked for: the active ones and the archived (for past years)."""
    return list(School.objects.filter(status__in=[SchoolStatus.ACTIVE, SchoolStatus.ARCHIVED])
                .order_by("short_name", "pk"))
