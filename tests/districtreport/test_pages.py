"""Pages of the district's reports: the list and the form (with its errors), a report's page with its
progress, the status JSON, the files; and who gets nothing (school people, anonymous, a school's host)."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from districtreport import services
from districtreport.models import DistrictReport, ReportStatus
from districtreport.tasks import build_district_report
from tests.conftest import client_for, host_of
from tests.districtreport.conftest import YEAR

INDEX = "/reports/"


@pytest.fixture
def ready(world, kept, media):  # type: ignore[no-untyped-def]
    report = services.district_report_request(acting_user=world.people["district_admin"], year_text=str(YEAR),
                                              school_ids=None)
    build_district_report(str(report.pk))
    report.refresh_from_db()
    assert report.is_ready
    return report


def _urls(report: DistrictReport) -> list[str]:
    base = f"{INDEX}{report.pk}/"
    return [INDEX, base, f"{base}status/", f"{base}pdf/", f"{base}xlsx/"]


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_the_form_offers_the_years_and_schools_and_queues_a_report(world, kept, key,  # type: ignore[no-untyped-def]
                                                                   django_capture_on_commit_callbacks):
    client = client_for(None, world.people[key])
    page = client.get(INDEX)
    body = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{YEAR}"' in body and str(world.school_a.uuid) in body and world.school_b.short_name in body
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(INDEX, {"year": str(YEAR), "scope": "selected", "schools": [str(world.school_a.uuid)]})
    report = DistrictReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{INDEX}{report.pk}/"
    assert len(callbacks) == 1  # the build task is sent after the commit
    assert report.schools == [world.school_a.uuid] and report.status == ReportStatus.QUEUED
    body = client.get(response["Location"]).content.decode()
    assert "<progress" in body and f"{INDEX}{report.pk}/status/" in body and "js/report-progress.js" in body
    assert "http://" not in body.split("</nav>")[-1] and "https://" not in body.split("</nav>")[-1]
    listing = client.get(INDEX).content.decode()
    assert f"{INDEX}{report.pk}/" in listing and world.school_a.short_name in listing


def test_all_schools_ignores_the_ticked_boxes(world, kept):  # type: ignore[no-untyped-def]
    client = client_for(None, world.people["district_admin"])
    client.post(INDEX, {"year": str(YEAR), "scope": "all", "schools": [str(world.school_a.uuid)]})
    assert DistrictReport.objects.get().all_schools


@pytest.mark.parametrize(("form", "message"), [
    ({"year": str(YEAR), "scope": "selected"}, "Choose at least one school."),
    ({"year": "2010/2011", "scope": "all"}, "There are no figures for 2010/2011"),
    ({"year": "двадцать", "scope": "all"}, "«двадцать» is not an academic year"),
    ({"year": str(YEAR), "scope": "selected", "schools": [str(uuid.uuid4())]},
     "Some of the chosen schools are not schools of the district."),
])
def test_a_bad_request_is_shown_on_the_form_and_saves_nothing(world, kept, form, message):  # type: ignore[no-untyped-def]
    response = client_for(None, world.people["district_admin"]).post(INDEX, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and 'class="field-error"' in body
    assert not DistrictReport.objects.exists()
    if form["scope"] == "selected":
        assert 'value="selected" checked' in body  # the choice is kept for the next try


def test_a_ready_report_offers_its_files_only_through_the_checking_views(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(None, world.people["district_analyst"])
    body = client.get(f"{INDEX}{ready.pk}/").content.decode()
    assert f"{INDEX}{ready.pk}/pdf/" in body and f"{INDEX}{ready.pk}/xlsx/" in body
    assert "report-progress.js" not in body  # nothing to poll any more
    status = client.get(f"{INDEX}{ready.pk}/status/").json()
    assert status == {"id": str(ready.pk), "year": str(YEAR), "status": "ready",
                      "status_display": status["status_display"], "progress": 100, "ready": True, "error": "",
                      "pdf_url": f"{INDEX}{ready.pk}/pdf/", "xlsx_url": f"{INDEX}{ready.pk}/xlsx/"}
    pdf = client.get(f"{INDEX}{ready.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment;")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"{INDEX}{ready.pk}/xlsx/")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    assert client.get(f"/media/{ready.pdf.name}").status_code == 404


def test_a_report_not_ready_has_no_files_and_a_failed_one_shows_its_error(world, kept):  # type: ignore[no-untyped-def]
    report = services.district_report_request(acting_user=world.people["district_admin"], year_text=str(YEAR),
                                              school_ids=None)
    client = client_for(None, world.people["district_admin"])
    assert client.get(f"{INDEX}{report.pk}/pdf/").status_code == 404
    DistrictReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="RuntimeError: no disk")
    body = client.get(f"{INDEX}{report.pk}/").content.decode()
    assert "RuntimeError: no disk" in body and 'role="alert"' in body


def test_an_unknown_or_malformed_id_is_404(world, ready):  # type: ignore[no-untyped-def]
    client = client_for(None, world.people["district_admin"])
    for url in _urls(ready)[1:]:
        assert client.get(url.replace(str(ready.pk), str(uuid.uuid4()))).status_code == 404
        assert client.get(url.replace(str(ready.pk), "nonsense")).status_code == 404


@pytest.mark.parametrize("key", ["director_a", "curator_a", "teacher_b", "outsider"])
def test_school_people_at_the_district_host_get_nothing(world, ready, key):  # type: ignore[no-untyped-def]
    # Their session is not admitted at the district's host: they are sent to log in, as anonymous visitors.
    client = client_for(None, world.people[key])
    for url in _urls(ready):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    response = client.post(INDEX, {"year": str(YEAR), "scope": "all"})
    assert response.status_code == 302 and DistrictReport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(world, ready):  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host_of(None))
    for url in _urls(ready):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_a_district_person_without_a_role_gets_404(world, ready):  # type: ignore[no-untyped-def]
    person = world.person("district_analyst")
    client = client_for(None, person)
    person.district_roles = []
    person.save(update_fields=["district_roles"])
    for url in _urls(ready):
        assert client.get(url).status_code == 302, url  # never the report


@pytest.mark.parametrize("key", ["director_a", "district_admin"])
def test_a_schools_host_never_serves_district_report_files(world, ready, key):  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    for url in _urls(ready):
        assert client.get(url).status_code == 404, url
    for kind in ("", "pdf/", "xlsx/"):
        assert client.get(f"/api/district/reports/{ready.pk}/{kind}").status_code == 404


def test_the_list_costs_the_same_queries_for_one_report_or_many(world, kept):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(None, world.people["district_admin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX).status_code == 200
        return len(captured.captured_queries)

    services.district_report_request(acting_user=world.people["district_admin"], year_text=str(YEAR),
                                     school_ids=None)
    one = queries()
    for key in ("district_admin", "district_analyst", "district_analyst"):
        services.district_report_request(acting_user=world.people[key], year_text=str(YEAR),
                                         school_ids=[str(world.school_a.uuid)])
    assert queries() == one


def test_the_progress_script_is_the_platforms_own(world):  # type: ignore[no-untyped-def]
    from django.contrib.staticfiles import finders

    path = finders.find("js/report-progress.js")
    assert path
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    assert "fetch(url" in source and "http" not in source.replace("http-equiv", "")
