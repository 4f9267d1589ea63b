"""A change in a school reaches the district's figures and dashboard within seconds (a real worker)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from formats.dates import AcademicYear
from people.models import Person
from staff.models import StaffMember
from staff.services import staff_create
from stats.models import FiguresState, SchoolFigures
from tenants.models import School
from tests.conftest import client_for
from tests.test_celery_worker import celery_worker, committed, wait_for  # noqa: F401

pytestmark = pytest.mark.worker


def _staff_figure(school: School, year: AcademicYear) -> int | None:
    row = SchoolFigures.objects.filter(school=school, year=year.start).first()
    return row.staff if row else None


def test_a_new_staff_member_reaches_the_dashboard_within_seconds(committed, tmp_path, settings):  # noqa: F811
    settings.STATS_REFRESH_DELAY_SECONDS = 0.5
    school = School.objects.get(slug="alpha")
    year = AcademicYear.of(timezone.localdate())
    FiguresState.objects.filter(school=school).update(queued=False)
    made = None
    try:
        with celery_worker(tmp_path):
            with schema_context(school.schema_name):
                before = StaffMember.objects.filter(is_active=True, is_guest=False).count()
                made = staff_create(school=school, acting_user=None, last_name="Новенькая", first_name="Зарема",
                                    position="учитель биологии")  # commits: the refresh is sent after it
            started = time.monotonic()
            wait_for(lambda: _staff_figure(school, year) == before + 1, timeout=30)
            elapsed = time.monotonic() - started
        assert elapsed < 15, elapsed
        page = client_for(None, Person.objects.get(username="district_analyst")).get(
            "/stats/", {"year": str(year), "sort": "school"})
        row = SchoolFigures.objects.get(school=school, year=year.start)
        assert page.status_code == 200
        assert row.computed_at > timezone.now() - dt.timedelta(minutes=1)
        assert str(before + 1) in page.content.decode()
    finally:
        if made is not None:
            with schema_context(school.schema_name):
                AuditEvent.objects.filter(target_id=str(made.pk)).delete()
                StaffMember.objects.filter(pk=made.pk).delete()
        SchoolFigures.objects.filter(school=school).delete()
        FiguresState.objects.filter(school=school).update(queued=False)
