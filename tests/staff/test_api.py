"""Staff API: list with search and filters, retrieve, create, partial update, deactivate, import."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from staff.models import StaffMember
from tests.conftest import client_for, host_of
from tests.staff.files import HEADERS, csv_bytes, staff_row, xlsx_bytes

NO_STAFF_RIGHT = ["teacher_a", "mentee_a", "mentor_a"]
BODY = {"last_name": "Исаева", "first_name": "Мадина", "birth_date": "1999-05-17", "position": "учитель математики",
        "subjects": ["математика"], "teaching_experience_years": 2}


def token_client(space, person) -> Client:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=person)
    return Client(HTTP_HOST=host_of(space), HTTP_AUTHORIZATION=f"Token {token.key}")


def _snapshot(world, school=None):  # type: ignore[no-untyped-def]
    with schema_context((school or world.school_a).schema_name):
        return list(StaffMember.objects.order_by("pk").values())


def _usernames(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["person"] for row in response.json()["results"]}


# --- read -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["director_a", "curator_a", "admin_alpha"])
def test_list_for_staff_viewers(world, key):
    response = client_for(world.school_a, world.people[key]).get("/api/staff/")
    assert response.status_code == 200
    assert _usernames(response) == {"director_a", "curator_a", "mentor_a", "mentee_a", "teacher_a", "both"}


def test_list_search_and_filters(world):
    client = client_for(world.school_a, world.people["curator_a"])
    assert _usernames(client.get("/api/staff/", {"search": "физика"})) == {"both"}
    assert _usernames(client.get("/api/staff/", {"young_specialist": "true"})) == {"mentee_a"}
    assert _usernames(client.get("/api/staff/", {"position": "директор"})) == {"director_a"}
    assert _usernames(client.get("/api/staff/", {"qualification_category": "first"})) == set()
    with schema_context(world.school_a.schema_name):
        StaffMember.objects.filter(pk=world.staff("teacher_a").pk).update(is_active=False)
    assert "teacher_a" not in _usernames(client.get("/api/staff/"))
    assert _usernames(client.get("/api/staff/", {"status": "inactive"})) == {"teacher_a"}


def test_list_query_count_stays_flat(world, many_staff, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["director_a"])
    client.get("/api/staff/")
    many_staff(3)
    with django_assert_max_num_queries(10) as few:
        assert client.get("/api/staff/").status_code == 200
    many_staff(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/staff/")
    assert response.json()["count"] == 69 and len(response.json()["results"]) == 50


def test_retrieve(world):
    target = world.staff("mentee_a")
    body = client_for(world.school_a, world.people["director_a"]).get(f"/api/staff/{target.pk}/").json()
    assert body["full_name"] == "Mentee_A Тест" and body["is_young_specialist"] is True
    assert body["birth_date"] == "2001-05-17"



@pytest.mark.parametrize("key", NO_STAFF_RIGHT)
def test_no_staff_right_gets_404_everywhere_and_changes_nothing(world, key):
    client = client_for(world.school_a, world.people[key])
    target = world.staff("teacher_a")
    before = _snapshot(world)
    assert client.get("/api/staff/").status_code == 404
    for suffix, method, data in (("", "get", None), ("", "patch", {"position": "x"}),
                                 ("deactivate/", "post", None)):
        kwargs = {"data": data, "content_type": "application/json"} if data else {}
        existing = getattr(client, method)(f"/api/staff/{target.pk}/{suffix}", **kwargs)
        missing = getattr(client, method)(f"/api/staff/{uuid.uuid4()}/{suffix}", **kwargs)
        assert existing.status_code == missing.status_code == 404
        assert existing.json() == missing.json()
    assert client.post("/api/staff/", BODY, content_type="application/json").status_code == 404
    upload = SimpleUploadedFile("s.xlsx", xlsx_bytes([staff_row(1)]))
    assert client.post("/api/staff/import/", {"file": upload}).status_code == 404
    assert client.get("/api/staff/import-template/").status_code == 404
    assert _snapshot(world) == before


@pytest.mark.parametrize("key", ["director_b", "curator_b"])
def test_school_b_gets_the_same_404_for_school_a_staff(world, key):
    target = world.staff("teacher_a")
    own_host = client_for(world.school_b, world.people[key])
    before = _snapshot(world)
    for suffix, method in (("", "get"), ("", "patch"), ("deactivate/", "post")):
        kwargs = {"data": {"position": "x"}, "content_type": "application/json"} if method == "patch" else {}
        existing = getattr(own_host, method)(f"/api/staff/{target.pk}/{suffix}", **kwargs)
        missing = getattr(own_host, method)(f"/api/staff/{uuid.uuid4()}/{suffix}", **kwargs)
        assert existing.status_code == missing.status_code == 404
        assert existing.json() == missing.json()
    assert "teacher_a" not in _usernames(own_host.get("/api/staff/"))
    # At school A's host with a token: not a member, 404 for everything.
    at_a = token_client(world.school_a, world.people[key])
    assert at_a.get("/api/staff/").status_code == 404
    assert at_a.get(f"/api/staff/{target.pk}/").status_code == 404
    assert at_a.post(f"/api/staff/{target.pk}/deactivate/").status_code == 404
    assert _snapshot(world) == before


def test_a_psychologist_reads_but_cannot_change(world, psychologist_a):
    client = client_for(world.school_a, psychologist_a)
    target = world.staff("mentee_a")
    before = _snapshot(world)
    assert client.get("/api/staff/").status_code == 200
    assert client.get(f"/api/staff/{target.pk}/").status_code == 200
    assert client.patch(f"/api/staff/{target.pk}/", {"position": "x"}, content_type="application/json"
                        ).status_code == 404
    assert client.post(f"/api/staff/{target.pk}/deactivate/").status_code == 404
    assert client.post("/api/staff/", BODY, content_type="application/json").status_code == 404
    assert _snapshot(world) == before


# --- write ----------------------------------------------------------------------------------------


def test_create_and_partial_update(world):
    client = client_for(world.school_a, world.people["curator_a"])
    created = client.post("/api/staff/", BODY, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["is_young_specialist"] is True and body["is_active"] is True
    patched = client.patch(f"/api/staff/{body['id']}/", {"teaching_experience_years": 9},
                           content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["is_young_specialist"] is False and patched.json()["position"] == "учитель математики"


def test_create_with_bad_input_answers_400_with_the_field_and_saves_nothing(world):
    client = client_for(world.school_a, world.people["curator_a"])
    before = _snapshot(world)
    response = client.post("/api/staff/", {**BODY, "birth_date": "2030-01-01"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["attr"], e["code"]) for e in body["errors"]] == [("birth_date", "future_date")]
    assert _snapshot(world) == before


def test_deactivate_endpoint_keeps_the_row(world):
    target = world.staff("teacher_a")
    client = client_for(world.school_a, world.people["director_a"])
    response = client.post(f"/api/staff/{target.pk}/deactivate/")
    assert response.status_code == 200 and response.json()["is_active"] is False
    with schema_context(world.school_a.schema_name):
        assert StaffMember.objects.filter(pk=target.pk, is_active=False).exists()
    again = client.post(f"/api/staff/{target.pk}/deactivate/")
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "already_inactive"


# --- import ---------------------------------------------------------------------------------------


def test_import_endpoint_imports(world):
    client = client_for(world.school_a, world.people["curator_a"])
    upload = SimpleUploadedFile("staff.csv", csv_bytes([staff_row(i) for i in range(7)]))
    response = client.post("/api/staff/import/", {"file": upload})
    assert response.status_code == 200
    assert response.json() == {"rows": 7, "created": 7, "updated": 0, "reactivated": 0,
                               "young_specialists": response.json()["young_specialists"]}


def test_import_endpoint_reports_rows_in_the_standard_format_and_saves_nothing(world):
    rows = [staff_row(i) for i in range(10)]
    rows[3][6] = "много"
    rows[7][10] = "@@"
    client = client_for(world.school_a, world.people["curator_a"])
    before = _snapshot(world)
    with translation.override("en"):
        response = client.post("/api/staff/import/", {"file": SimpleUploadedFile("staff.xlsx", xlsx_bytes(rows))})
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["attr"], e["code"]) for e in body["errors"]] == [
        (f"rows.5.{HEADERS[6]}", "invalid_number"), ("rows.9.E-mail", "invalid_email")]
    assert _snapshot(world) == before


@pytest.mark.parametrize(("content", "name", "attr", "code"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "staff.xlsx", "file", "not_spreadsheet"),
    ("Фамилия;Имя\nИсаев;Ислам\n".encode(), "staff.csv", "columns", "wrong_headers"),
])
def test_import_endpoint_file_level_errors(world, content, name, attr, code):
    client = client_for(world.school_a, world.people["curator_a"])
    before = _snapshot(world)
    response = client.post("/api/staff/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [(attr, code)]
    assert _snapshot(world) == before


def test_import_template_endpoint(world):
    response = client_for(world.school_a, world.people["curator_a"]).get("/api/staff/import-template/")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_openapi_schema_documents_the_staff_endpoints(world):
    response = client_for(world.school_a, world.people["curator_a"]).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/staff/", "/api/staff/{id}/", "/api/staff/{id}/deactivate/", "/api/staff/import/"} <= set(paths)
    params = {p["name"] for p in paths["/api/staff/"]["get"]["parameters"]}
    assert {"search", "young_specialist", "position", "qualification_category", "status"} <= params
