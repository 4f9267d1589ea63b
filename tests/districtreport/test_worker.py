"""A real Celery worker builds the district's report asked for through the page: queued → ready, both
files on disk, read from the kept figures.

The worker is the one of tests/test_celery_worker.py (a separate process on its own queue, reading the
test database); it sees only committed data, so this test writes in autocommit and cleans up.
"""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent
from districtreport.models import DistrictReport, ReportStatus
from stats.models import SchoolFigures
from tests.conftest import client_for
from tests.districtreport.conftest import FIGURES_A, FIGURES_B, YEAR, keep, pdf_text
from tests.test_celery_worker import committed, wait_for, worker, world_committed  # noqa: F401 - fixtures

pytestmark = pytest.mark.worker


@pytest.fixture
def shared_media(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """One MEDIA_ROOT for this process and the worker (which reads it from the environment)."""
    folder = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(folder))
    settings.MEDIA_ROOT = str(folder)
    return folder


def test_a_report_asked_for_on_the_page_is_built_by_a_real_worker(shared_media, world_committed, worker):  # noqa: F811
    school_a, school_b = world_committed
    from people.models import Person

    kept = [keep(school_a, FIGURES_A), keep(school_b, FIGURES_B)]
    try:
        client = client_for(None, Person.objects.get(username="district_analyst"))
        response = client.post("/reports/", {"year": str(YEAR), "scope": "selected", "schools": [str(school_b.uuid)]})
        assert response.status_code == 302, response.content.decode()
        report = DistrictReport.objects.get()
        assert response["Location"] == f"/reports/{report.pk}/"

        def done() -> bool:
            return DistrictReport.objects.get(pk=report.pk).status in (ReportStatus.READY, ReportStatus.FAILED)

        wait_for(done, timeout=90)
        report.refresh_from_db()
        assert report.status == ReportStatus.READY, report.error
        assert report.progress == 100
        for file in (report.pdf, report.xlsx):
            assert file.name.startswith(f"district/reports/{report.pk}/")
            assert (shared_media / file.name).is_file()
        text = pdf_text((shared_media / report.pdf.name).read_bytes())
        assert "Статистическое наблюдение" in text and school_b.short_name in text
        assert school_a.short_name not in text
        assert io.BytesIO((shared_media / report.xlsx.name).read_bytes()).read(2) == b"PK"
        page = client.get(f"/reports/{report.pk}/").content.decode()
        assert f"/reports/{report.pk}/pdf/" in page
    finally:
        with schema_context(get_public_schema_name()):
            DistrictReport.objects.all().delete()
            SchoolFigures.objects.filter(pk__in=[row.pk for row in kept]).delete()
            AuditEvent.objects.filter(action__startswith="districtreport.").delete()
