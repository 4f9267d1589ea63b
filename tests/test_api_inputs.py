"""Inputs that used to answer 500: NUL characters, deep nesting, huge bodies, lone surrogates, OPTIONS on a
view without an object, parallel schema requests, and URLs under /api/ that match no route.

The decision on NUL (U+0000): PostgreSQL text cannot hold it, so it is never «not found» — any query
parameter or body string holding it answers 400 `validation_error` naming the parameter or field (code
`null_characters_not_allowed`, the code DRF's own text fields use), before the view runs.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from tests.conftest import client_for, host_of
from tests.processes import platform_server

NUL_QUERIES = [
    ("mentee_a", "/api/pairs/", "q"),
    ("curator_a", "/api/programmes/", "q"),
    ("curator_a", "/api/staff/", "search"),
    ("curator_a", "/api/staff/", "position"),
    ("curator_a", "/api/mentors/", "search"),
    ("curator_a", "/api/mentors/", "subject"),
    ("curator_a", "/api/mentees/", "search"),
    ("curator_a", "/api/questionnaires/", "q"),
    ("curator_a", "/api/campaigns/", "q"),
    ("director_a", "/api/documents/", "q"),
]


def _one_error(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert len(body["errors"]) == 1, body
    return {"type": body["type"], **body["errors"][0]}


@pytest.mark.parametrize(("key", "url", "param"), NUL_QUERIES)
def test_nul_in_a_query_parameter_is_refused_naming_it(world, key, url, param):
    response = client_for(world.school_a, world.people[key]).get(url, {param: "ab\x00c"})
    assert response.status_code == 400
    error = _one_error(response)
    assert (error["type"], error["attr"], error["code"]) == ("validation_error", param, "null_characters_not_allowed")
    assert any("\u0430" <= ch <= "\u044f" for ch in error["detail"])  # said in Russian


def test_nul_in_a_body_string_is_refused_naming_the_field_and_nothing_is_written(world):
    from staff.models import StaffMember

    client = client_for(world.school_a, world.people["curator_a"])
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        before = (StaffMember.objects.count(), AuditEvent.objects.count())
    response = client.post("/api/staff/", {"last_name": "Ив\x00анов", "first_name": "Иван", "position": "учитель"},
                           content_type="application/json")
    assert response.status_code == 400
    error = _one_error(response)
    assert (error["attr"], error["code"]) == ("last_name", "null_characters_not_allowed")
    with schema_context("alpha"):
        assert (StaffMember.objects.count(), AuditEvent.objects.count()) == before


def test_nested_nul_is_named_by_its_path(world):
    response = client_for(world.school_a, world.people["curator_a"]).post(
        "/api/campaigns/", {"programmes": ["x", {"a": "\x00"}]}, content_type="application/json")
    assert response.status_code == 400
    error = _one_error(response)
    assert (error["attr"], error["code"]) == ("programmes.1.a", "null_characters_not_allowed")


DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize("depth", [50_000, 200])
def test_deeply_nested_json_is_refused_without_login(world, depth):
    body = "[" * depth + "]" * depth
    response = Client(HTTP_HOST=host_of(world.school_a)).post("/api/auth/token/", body,
                                                              content_type="application/json")
    assert response.status_code == 400
    error = _one_error(response)
    assert (error["type"], error["code"], error["attr"]) == ("client_error", "parse_error", None)


def test_deeply_nested_json_is_refused_on_a_write_endpoint(world):
    response = client_for(world.school_a, world.people["curator_a"]).post(
        "/api/staff/", '{"last_name": ' + DEEP + "}", content_type="application/json")
    assert response.status_code == 400
    assert _one_error(response)["code"] == "parse_error"


def test_a_body_over_the_cap_is_refused_with_413(world, settings):
    settings.API_JSON_MAX_BYTES = 1000
    body = json.dumps({"username": "x" * 2000, "password": "y"})
    response = Client(HTTP_HOST=host_of(world.school_a)).post("/api/auth/token/", body,
                                                              content_type="application/json")
    assert response.status_code == 413
    error = _one_error(response)
    assert (error["type"], error["code"]) == ("client_error", "request_too_large")
    small = Client(HTTP_HOST=host_of(world.school_a)).post(
        "/api/auth/token/", json.dumps({"username": "x", "password": "y"}), content_type="application/json")
    assert small.status_code == 403  # a wrong password, read in full


LONE_SURROGATE = '"\\ud800"'


@pytest.mark.parametrize(("key", "url", "field"), [
    ("curator_a", "/api/orders/", "kind"),
    ("curator_a", "/api/consents/", "staff"),
    ("curator_a", "/api/consents/", "purpose"),
    ("curator_a", "/api/questionnaires/", "audience"),
])
def test_a_lone_surrogate_is_refused_naming_the_field(world, key, url, field):
    body = "{" + json.dumps(field) + ": " + LONE_SURROGATE + "}"
    response = client_for(world.school_a, world.people[key]).post(url, body, content_type="application/json")
    assert response.status_code == 400
    error = _one_error(response)
    assert (error["attr"], error["code"]) == (field, "surrogate_characters_not_allowed")


def test_a_lone_surrogate_in_a_key_is_refused_too(world):
    body = '{"\\udc00": 1}'
    response = Client(HTTP_HOST=host_of(world.school_a)).post("/api/auth/token/", body,
                                                              content_type="application/json")
    assert response.status_code == 400
    assert _one_error(response)["code"] == "surrogate_characters_not_allowed"


@pytest.mark.parametrize("key", ["director_a", "curator_a"])
def test_options_on_the_document_template_answers(world, key):
    response = client_for(world.school_a, world.people[key]).options("/api/documents/templates/regulation/")
    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]


@pytest.mark.parametrize("path", ["/api/programmes/not-a-uuid/x/y/", "/api/no/such/route/", "/api/staff/x/y/%00/"])
@pytest.mark.parametrize("space", ["school", "district"])
def test_a_url_matching_no_route_under_api_answers_the_json_404(world, path, space):
    target = world.school_a if space == "school" else None
    person = world.people["curator_a" if space == "school" else "district_admin"]
    for client in (client_for(target, person), Client(HTTP_HOST=host_of(target))):
        response = client.get(path)
        assert response.status_code == 404
        error = _one_error(response)
        assert (error["type"], error["code"], error["attr"]) == ("client_error", "not_found", None)


def test_a_page_outside_api_still_answers_its_html_404(world):
    response = client_for(world.school_a, world.people["curator_a"]).get("/no/such/page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_is_served_whole_to_eight_parallel_requests_on_a_threaded_server(world, tmp_path: Path):
    results: list[int | str] = []

    def fetch(port: int) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/schema/",
                                         headers={"Host": host_of(world.school_a), "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (loopback)
                results.append(len(json.loads(answer.read())["paths"]))
        except Exception as error:  # noqa: BLE001 — every failure is counted, not raised in a thread
            results.append(repr(error))

    with platform_server(tmp_path, threads=8) as port:
        for _round in range(2):
            threads = [threading.Thread(target=fetch, args=(port,)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    assert len(results) == 16
    assert all(isinstance(r, int) and r > 50 for r in results), results
    assert len(set(results)) == 1


def test_token_client_header_still_works_with_the_new_parser(world):
    token, _ = Token.objects.get_or_create(user=world.people["curator_a"])
    response = Client(HTTP_HOST=host_of(world.school_a), HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/me/")
    assert response.status_code == 200


def test_a_body_over_djangos_upload_limit_is_refused_with_413_not_500(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"last_name": "x" * 2000})
    response = client_for(world.school_a, world.people["curator_a"]).post("/api/staff/", body,
                                                                         content_type="application/json")
    assert response.status_code == 413
    assert _one_error(response)["code"] == "request_too_large"


@pytest.mark.parametrize(("space", "key"), [("school", "curator_a"), ("school", "director_a"),
                                            ("district", "district_admin")])
def test_options_answers_on_every_path_of_the_schema(world, space, key):
    target = world.school_a if space == "school" else None
    client = client_for(target, world.people[key])
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    answers = {}
    for path in paths:
        url = path
        while "{" in url:
            head, _, rest = url.partition("{")
            url = head + "00000000-0000-4000-8000-000000000000" + rest.partition("}")[2]
        response = client.options(url)
        answers[path] = response.status_code
        assert response["Content-Type"] == "application/json", path
    assert set(answers.values()) <= {200, 404}, {p: s for p, s in answers.items() if s not in (200, 404)}
    assert list(answers.values()).count(200) > len(answers) // 2
