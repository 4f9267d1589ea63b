"""The API of the district's reports: ask (202), the errors by field, list, status, files; who gets nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from districtreport.models import DistrictReport, ReportStatus
from districtreport.tasks import build_district_report
from tests.conftest import host_of
from tests.districtreport.conftest import YEAR
from tests.test_api import token_client

BASE = "/api/district/reports/"


def _post(client: Client, body: dict) -> object:  # type: ignore[type-arg]
    return client.post(BASE, body, content_type="application/json")


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_a_district_person_asks_for_a_report_and_follows_it(world, kept, media, key,  # type: ignore[no-untyped-def]
                                                            django_capture_on_commit_callbacks):
    client = token_client(None, world.people[key])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client, {"year": str(YEAR), "schools": [str(world.school_b.uuid)]})
    assert response.status_code == 202, response.content
    assert len(callbacks) == 1
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["year"] == str(YEAR)
    assert body["schools"] == [str(world.school_b.uuid)] and body["all_schools"] is False
    assert body["school_names"] == [world.school_b.short_name] and body["pdf_url"] is None
    assert client.get(f"{BASE}{body['id']}/pdf/").status_code == 404  # not ready yet
    assert build_district_report(body["id"]) == ReportStatus.READY
    detail = client.get(f"{BASE}{body['id']}/").json()
    assert detail["status"] == "ready" and detail["progress"] == 100 and detail["ready"] is True
    assert detail["pdf_url"] == f"{BASE}{body['id']}/pdf/"
    pdf = client.get(detail["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(detail["xlsx_url"])
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    listing = client.get(BASE).json()
    assert listing["count"] == 1 and [item["id"] for item in listing["results"]] == [body["id"]]


def test_schools_omitted_or_null_mean_every_school(world, kept):  # type: ignore[no-untyped-def]
    client = token_client(None, world.people["district_admin"])
    assert _post(client, {"year": str(YEAR)}).json()["all_schools"] is True
    assert _post(client, {"year": str(YEAR), "schools": None}).json()["all_schools"] is True


@pytest.mark.parametrize(("body", "attr", "code"), [
    ({"year": str(YEAR), "schools": []}, "schools", "schools_empty"),
    ({"year": str(YEAR), "schools": [str(uuid.uuid4())]}, "schools", "school_unknown"),
    ({"year": "2010/2011"}, "year", "year_unknown"),
    ({"year": "вчера"}, "year", "year_format"),
])
def test_bad_requests_are_refused_by_field_and_save_nothing(world, kept, body, attr, code):  # type: ignore[no-untyped-def]
    response = _post(token_client(None, world.people["district_admin"]), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(error["attr"], error["code"]) for error in errors] == [(attr, code)]
    assert not DistrictReport.objects.exists()


def test_the_empty_selection_message_is_clear(world, kept):  # type: ignore[no-untyped-def]
    response = _post(token_client(None, world.people["district_admin"]), {"year": str(YEAR), "schools": []})
    assert response.json()["errors"][0]["detail"] == "Choose at least one school."


def test_an_unknown_or_malformed_id_is_404(world, kept):  # type: ignore[no-untyped-def]
    client = token_client(None, world.people["district_admin"])
    for suffix in ("", "pdf/", "xlsx/"):
        assert client.get(f"{BASE}{uuid.uuid4()}/{suffix}").status_code == 404
        assert client.get(f"{BASE}nonsense/{suffix}").status_code == 404


@pytest.mark.parametrize("key", ["director_a", "curator_b", "outsider"])
def test_school_people_get_404_even_with_a_token(world, kept, media, key):  # type: ignore[no-untyped-def]
    report = _post(token_client(None, world.people["district_admin"]), {"year": str(YEAR)}).json()
    build_district_report(report["id"])
    client = token_client(None, world.people[key])
    for url in (BASE, f"{BASE}{report['id']}/", f"{BASE}{report['id']}/pdf/", f"{BASE}{report['id']}/xlsx/"):
        assert client.get(url).status_code == 404, url
    assert _post(client, {"year": str(YEAR)}).status_code == 404
    assert DistrictReport.objects.count() == 1


def test_anonymous_calls_are_refused(world, kept):  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host_of(None))
    assert client.get(BASE).status_code == 401
    assert _post(client, {"year": str(YEAR)}).status_code == 401
    assert not DistrictReport.objects.exists()


def test_the_endpoints_are_not_at_a_schools_host(world, kept):  # type: ignore[no-untyped-def]
    report = _post(token_client(None, world.people["district_admin"]), {"year": str(YEAR)}).json()
    client = token_client(world.school_a, world.people["director_a"])
    assert client.get(f"{BASE}{report['id']}/").status_code == 404
    assert client.get(BASE).status_code == 404
