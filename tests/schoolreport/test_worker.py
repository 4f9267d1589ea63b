"""A real Celery worker builds the report: queued → (running) → ready, with both files on disk.

The worker is the one of tests/test_celery_worker.py (a separate process on its own queue, reading
the test database); it sees only committed data, so this test writes in autocommit and cleans up.
"""

from __future__ import annotations

import io
import time

import pytest
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from people.models import Person
from schoolreport import services
from schoolreport.models import ReportStatus, SchoolReport
from tests.schoolreport.conftest import pdf_text
from tests.test_celery_worker import committed, wait_for, worker, world_committed  # noqa: F401 - fixtures

pytestmark = pytest.mark.worker


@pytest.fixture
def shared_media(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """One MEDIA_ROOT for this process and the worker (which reads it from the environment)."""
    folder = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(folder))
    settings.MEDIA_ROOT = str(folder)
    return folder


def test_a_real_worker_takes_the_report_from_queued_to_ready(shared_media, world_committed, worker):  # noqa: F811
    school_a, school_b = world_committed
    curator = Person.objects.get(username="curator_a")
    try:
        with schema_context(school_a.schema_name):
            report = services.report_request(school=school_a, acting_user=curator, year="2025/2026",
                                             conclusions="Выводы, собранные воркером.")
        assert report.status == ReportStatus.QUEUED and report.progress == 0
        seen: list[str] = []

        def status() -> str:
            with schema_context(school_a.schema_name):
                current = SchoolReport.objects.get(pk=report.pk).status
            if not seen or seen[-1] != current:
                seen.append(current)
            return current

        wait_for(lambda: status() in (ReportStatus.READY, ReportStatus.FAILED), timeout=90)
        with schema_context(school_a.schema_name):
            report.refresh_from_db()
        assert report.status == ReportStatus.READY, report.error
        assert seen[0] in (ReportStatus.QUEUED, ReportStatus.RUNNING, ReportStatus.READY)
        assert ReportStatus.FAILED not in seen and seen[-1] == ReportStatus.READY
        assert report.progress == 100
        for file in (report.pdf, report.xlsx):
            assert file.name.startswith(f"schools/{school_a.schema_name}/reports/")
            assert (shared_media / file.name).is_file()
        text = pdf_text((shared_media / report.pdf.name).read_bytes())
        assert school_a.full_name in text and "Выводы, собранные воркером." in text
        assert school_b.full_name not in text and "Бета" not in text
        with schema_context(school_b.schema_name):
            assert not SchoolReport.objects.exists()  # the worker wrote in A's schema only
        time.sleep(0.5)
        assert io.BytesIO((shared_media / report.xlsx.name).read_bytes()).read(2) == b"PK"
    finally:
        for school in (school_a, school_b):
            with schema_context(school.schema_name):
                SchoolReport.objects.all().delete()
                AuditEvent.objects.filter(action__startswith="schoolreport.").delete()
