"""Pages of the final report: the years, one year's page with «build» and progress, status JSON, files;
isolation (school B, a school-A person without the right: the same 404 as for a missing report)."""

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

PAGE = "/report/2025-2026/"


@pytest.fixture
def ready(world, scene, media):  # type: ignore[no-untyped-def]
    report = services.report_request(school=world.school_a, acting_user=world.people["curator_a"], year=YEAR,
                                     conclusions="Выводы куратора школы Альфа.")
    build_school_report(str(report.pk))
    report.refresh_from_db()
    assert report.is_ready
    return report


def _urls(report: SchoolReport) -> list[str]:
    return ["/report/", PAGE, f"/report/files/{report.pk}/status/", f"/report/files/{report.pk}/pdf/",
            f"/report/files/{report.pk}/xlsx/"]


def _missing(url: str, report: SchoolReport) -> str:
    return url.replace(str(report.pk), str(uuid.uuid4()))


def _count(world) -> int:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return SchoolReport.objects.count()


@pytest.mark.parametrize("key", ["curator_a", "director_a"])
def test_the_year_page_builds_the_report_and_shows_its_progress(world, key, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    page = client.get(PAGE)
    assert page.status_code == 200 and "2025/2026" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(PAGE, {"conclusions": "Наставничество развивается."})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert len(callbacks) == 2  # after the commit: the build task, and the district figures' refresh
    with schema_context(world.school_a.schema_name):
        report = SchoolReport.objects.get(year=2025)
    assert report.status == ReportStatus.QUEUED and report.conclusions == "Наставничество развивается."
    body = client.get(PAGE).content.decode()
    assert "<progress" in body and f"/report/files/{report.pk}/status/" in body and "setTimeout(poll, 2000)" in body
    # The inline script carries the response's CSP nonce (issue 10): split at the tag's start.
    assert "http://" not in body.split("<script")[1] and "https://" not in body.split("<script")[1]
    status = client.get(f"/report/files/{report.pk}/status/").json()
    assert status == {"id": str(report.pk), "year": "2025/2026", "status": "queued",
                      "status_display": status["status_display"], "progress": 0, "ready": False, "error": "",
                      "pdf_url": None, "xlsx_url": None}


def test_a_ready_report_offers_its_files_and_figures(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["curator_a"])
    body = client.get(PAGE).content.decode()
    assert f"/report/files/{ready.pk}/pdf/" in body and f"/report/files/{ready.pk}/xlsx/" in body
    assert "<script>" not in body  # nothing to poll any more
    assert "Участники системы наставничества" in body and "Выводы куратора школы Альфа." in body
    assert "/media/" not in body
    status = client.get(f"/report/files/{ready.pk}/status/").json()
    assert status["ready"] and status["progress"] == 100 and status["pdf_url"] == f"/report/files/{ready.pk}/pdf/"
    pdf = client.get(f"/report/files/{ready.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment;")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"/report/files/{ready.pk}/xlsx/")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    assert client.get(f"/media/{ready.pdf.name}").status_code == 404


def test_the_index_opens_a_year_and_says_what_is_wrong_with_a_bad_one(world):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.get("/report/").status_code == 200
    response = client.get("/report/", {"year": "2025/2026"})
    assert response.status_code == 302 and response["Location"] == PAGE
    bad = client.get("/report/", {"year": "2025/2027"})
    assert bad.status_code == 200
    assert "is not an academic year" in bad.content.decode() or "не учебный год" in bad.content.decode()
    assert client.get("/report/2025-2027/").status_code == 404
    assert client.get("/report/nonsense/").status_code == 404
    assert _count(world) == 0


def test_a_second_build_while_one_runs_gets_a_message_and_changes_nothing(world):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["curator_a"])
    client.post(PAGE, {"conclusions": "Первые."})
    response = client.post(PAGE, {"conclusions": "Вторые."})
    assert response.status_code == 200 and "being built already" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert SchoolReport.objects.get().conclusions == "Первые."


def test_the_index_query_count_stays_flat(world, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        SchoolReport.objects.create(year=2024, requested_by=world.people["curator_a"], requested_at=timezone.now())
    client.get("/report/")
    with django_assert_max_num_queries(10):
        few = client.get("/report/")
    with schema_context(world.school_a.schema_name):
        for year in range(2010, 2024):
            SchoolReport.objects.create(year=year, requested_by=world.people["director_a"],
                                        requested_at=timezone.now(), status=ReportStatus.FAILED)
    with django_assert_max_num_queries(10):
        many = client.get("/report/")
    assert many.content.decode().count("/report/20") > few.content.decode().count("/report/20")
    assert "2010/2011" in many.content.decode()


# --- isolation: the same 404 for "not yours" as for "does not exist" -----------------------------------------


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "both", "admin_alpha"])
def test_a_school_a_person_without_the_right_gets_404_everywhere(world, ready, key):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    for url in _urls(ready):
        response = client.get(url)
        assert (response.status_code, client.get(_missing(url, ready)).status_code) == (404, 404), url
        assert "Выводы куратора школы Альфа." not in response.content.decode()
    assert client.post(PAGE, {"conclusions": "Взлом"}).status_code == 404
    with schema_context(world.school_a.schema_name):
        report = SchoolReport.objects.get()
    assert report.conclusions == "Выводы куратора школы Альфа." and report.status == ReportStatus.READY


def test_school_b_gets_404_for_school_as_report_and_files(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(world.school_b, world.people["curator_b"])
    for url in _urls(ready)[2:]:
        response = client.get(url)
        assert response.status_code == 404 == client.get(_missing(url, ready)).status_code, url
    # B's own page for the year knows nothing of A's report
    body = client.get(PAGE).content.decode()
    assert str(ready.pk) not in body and "Выводы куратора школы Альфа." not in body
    assert str(ready.pk) not in client.get("/report/").content.decode()
    # and a person of school B at school A's host is not let in at all
    outsider = client_for(world.school_a, world.people["curator_b"])
    assert outsider.get(f"/report/files/{ready.pk}/pdf/").status_code == 302
    assert outsider.get(PAGE).status_code == 302


def test_anonymous_goes_to_the_login_page(world, ready):  # type: ignore[no-untyped-def]
    from django.test import Client

    from tests.conftest import host_of

    response = Client(HTTP_HOST=host_of(world.school_a)).get(f"/report/files/{ready.pk}/pdf/")
    assert response.status_code == 302 and "login" in response["Location"]
