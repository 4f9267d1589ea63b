"""/api/school-reports/: request, status, files, the list; isolation and bad input."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from schoolreport import services
from schoolreport.models import ReportStatus, SchoolReport
from schoolreport.tasks import build_school_report
from tests.conftest import client_for
from tests.schoolreport.scene import YEAR

BASE = "/api/school-reports/"


@pytest.fixture
def ready(world, scene, media):  # type: ignore[no-untyped-def]
    report = services.report_request(school=world.school_a, acting_user=world.people["curator_a"], year=YEAR,
                                     conclusions="Выводы куратора школы Альфа.")
    build_school_report(str(report.pk))
    report.refresh_from_db()
    return report


def _count(world) -> int:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return SchoolReport.objects.count()


@pytest.mark.parametrize("key", ["curator_a", "director_a"])
def test_post_queues_the_report_and_get_gives_its_status(world, key, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(BASE, {"year": "2025/2026", "conclusions": "Выводы."}, content_type="application/json")
    assert response.status_code == 202, response.content
    assert len(callbacks) == 2  # after the commit: the build task, and the district figures' refresh
    data = response.json()
    assert (data["year"], data["status"], data["progress"], data["ready"]) == ("2025/2026", "queued", 0, False)
    assert data["pdf_url"] is None and data["conclusions"] == "Выводы."
    status = client.get(f"{BASE}{data['id']}/")
    assert status.status_code == 200 and status.json()["status"] == "queued"
    assert client.get(f"{BASE}{data['id']}/pdf/").status_code == 404  # not ready yet


@pytest.mark.parametrize(("body", "field"), [
    ({"year": "2025-2027"}, "year"), ({"year": "двадцать пятый"}, "year"), ({}, "year"),
    ({"year": "2099/2100"}, "year"),
])
def test_a_bad_year_gets_a_clear_field_message_and_saves_nothing(world, body, field):  # type: ignore[no-untyped-def]
    response = client_for(world.school_a, world.people["curator_a"]).post(BASE, body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["attr"] for error in errors] == [field] and errors[0]["detail"]
    assert _count(world) == 0


def test_a_ready_report_serves_both_files(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["director_a"])
    data = client.get(f"{BASE}{ready.pk}/").json()
    assert data["ready"] and data["progress"] == 100 and data["pdf_url"] == f"{BASE}{ready.pk}/pdf/"
    pdf = client.get(data["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(data["xlsx_url"])
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")


def test_the_list_query_count_stays_flat(world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        SchoolReport.objects.create(year=2024, requested_by=world.people["curator_a"], requested_at=timezone.now())
    client.get(BASE)
    with django_assert_max_num_queries(8):
        assert len(client.get(BASE).json()) == 1
    with schema_context(world.school_a.schema_name):
        for year in range(2010, 2024):
            SchoolReport.objects.create(year=year, requested_by=world.people["director_a"],
                                        requested_at=timezone.now(), status=ReportStatus.FAILED)
    with django_assert_max_num_queries(8):
        assert len(client.get(BASE).json()) == 15


def test_the_endpoints_are_in_the_openapi_schema(world):  # type: ignore[no-untyped-def]
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert {"/api/school-reports/", "/api/school-reports/{id}/", "/api/school-reports/{id}/pdf/",
            "/api/school-reports/{id}/xlsx/"} <= set(paths)


# --- isolation ------------------------------------------------------------------------------------------------


def _urls(report: SchoolReport) -> list[str]:
    return [f"{BASE}{report.pk}/", f"{BASE}{report.pk}/pdf/", f"{BASE}{report.pk}/xlsx/"]


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "both"])
def test_a_school_a_person_without_the_right_gets_404(world, ready, key):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    for url in [BASE, *_urls(ready)]:
        response = client.get(url)
        missing = client.get(url.replace(str(ready.pk), str(uuid.uuid4())))
        assert (response.status_code, missing.status_code) == (404, 404), url
    assert client.post(BASE, {"year": "2025/2026"}, content_type="application/json").status_code == 404
    with schema_context(world.school_a.schema_name):
        report = SchoolReport.objects.get()
    assert report.status == ReportStatus.READY and report.requested_by == world.people["curator_a"]


def test_school_b_gets_404_for_school_as_report_and_files(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(world.school_b, world.people["curator_b"])
    for url in _urls(ready):
        response = client.get(url)
        missing = client.get(url.replace(str(ready.pk), str(uuid.uuid4())))
        assert response.status_code == missing.status_code == 404, url
        assert "Альфа" not in response.content.decode()
    assert client.get(BASE).json() == []
    assert client_for(world.school_a, world.people["curator_b"]).get(_urls(ready)[1]).status_code == 401


def test_anonymous_is_refused(world, ready):  # type: ignore[no-untyped-def]
    from django.test import Client

    from tests.conftest import host_of

    response = Client(HTTP_HOST=host_of(world.school_a)).get(f"{BASE}{ready.pk}/pdf/")
    assert response.status_code == 401
