"""The district's schools in the API: list and read with the status, edit (PATCH), archive and restore."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from audit.models import AuditEvent
from tenants.models import School, SchoolStatus
from tests.conftest import host_of
from tests.test_api import token_client

BASE = "/api/district/schools/"


def _url(school: School | str, action: str = "") -> str:
    key = school.uuid if isinstance(school, School) else school
    return f"{BASE}{key}/{action + '/' if action else ''}"


def _errors(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert body["type"] == "validation_error", body
    return [(e["attr"], e["code"]) for e in body["errors"]]


# --- reading --------------------------------------------------------------------------------------


def test_the_list_gives_the_current_schools_with_their_status(world, provisioning, archive_beta):
    archive_beta()
    client = token_client(None, world.people["district_analyst"])
    rows = client.get(BASE).json()["results"]
    assert {row["slug"]: row["status"] for row in rows} == {"alpha": "active", "gamma": "provisioning"}
    archived = client.get(BASE, {"status": "archived"}).json()["results"]
    assert [(row["slug"], row["status"]) for row in archived] == [("beta", "archived")]
    assert archived[0]["archive_reason"] == "Реорганизация: присоединена к школе Альфа"
    assert archived[0]["archived_by"] == world.people["district_admin"].get_full_name()
    assert archived[0]["archived_at"]
    everything = client.get(BASE, {"status": "all"}).json()["results"]
    assert sorted(row["slug"] for row in everything) == ["alpha", "beta", "gamma"]
    assert [row["slug"] for row in client.get(BASE, {"kind": "гимназия"}).json()["results"]] == ["gamma"]
    assert [row["slug"] for row in client.get(BASE, {"q": "альфа"}).json()["results"]] == ["alpha"]


@pytest.mark.parametrize(("param", "value"), [("status", "template"), ("kind", "колледж")])
def test_an_unknown_filter_is_refused_by_name(world, param, value):
    response = token_client(None, world.people["district_analyst"]).get(BASE, {param: value})
    assert response.status_code == 400
    assert [attr for attr, _code in _errors(response)] == [param]


def test_one_school_by_uuid_and_the_same_404_for_unknown_malformed_and_template(world, template_school):
    client = token_client(None, world.people["district_analyst"])
    body = client.get(_url(world.school_a)).json()
    assert (body["slug"], body["status"], body["host"]) == ("alpha", "active", "alpha.localhost")
    assert body["archived_at"] is None and body["archived_by"] is None
    missing = [client.get(_url(key)) for key in (str(uuid.uuid4()), "not-a-uuid", "alpha", str(template_school.uuid))]
    assert {r.status_code for r in missing} == {404}
    assert len({r.content for r in missing}) == 1


# --- editing ------------------------------------------------------------------------------------


def test_the_administrator_edits_a_school(world):
    response = token_client(None, world.people["district_admin"]).patch(
        _url(world.school_b), {"locality": "с. Бета", "second_language_code": "ce"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["locality"], response.json()["second_language_code"]) == ("с. Бета", "ce")
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.locality, fresh.full_name) == ("с. Бета", "МБОУ «ООШ с. Бета»")
    assert AuditEvent.objects.filter(school_uuid=fresh.uuid, action="school.updated").count() == 1


def test_the_address_cannot_be_changed_through_the_api(world):
    response = token_client(None, world.people["district_admin"]).patch(
        _url(world.school_b), {"slug": "beta2", "locality": "с. Бета"}, content_type="application/json")
    assert response.status_code == 400
    assert _errors(response) == [("slug", "not_editable")]
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.slug, fresh.locality) == ("beta", "")


def test_bad_details_are_refused_per_field(world):
    response = token_client(None, world.people["district_admin"]).patch(
        _url(world.school_b), {"full_name": "", "kind": "колледж"}, content_type="application/json")
    assert response.status_code == 400
    assert sorted(attr for attr, _code in _errors(response)) == ["full_name", "kind"]
    assert School.objects.get(pk=world.school_b.pk).full_name == "МБОУ «ООШ с. Бета»"


def test_a_school_being_provisioned_cannot_be_edited(world, provisioning):
    response = token_client(None, world.people["district_admin"]).patch(
        _url(provisioning), {"short_name": "Гимназия"}, content_type="application/json")
    assert response.status_code == 400
    assert _errors(response) == [("non_field_errors", "provisioning")]


def test_put_is_not_offered(world):
    response = token_client(None, world.people["district_admin"]).put(
        _url(world.school_b), {"short_name": "x"}, content_type="application/json")
    assert response.status_code == 405


# --- archiving and restoring -------------------------------------------------------------------------


def test_the_administrator_archives_and_restores_a_school(world):
    client = token_client(None, world.people["district_admin"])
    response = client.post(_url(world.school_b, "archive"), {"reason": "Реорганизация"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["archive_reason"]) == ("archived", "Реорганизация")
    assert body["archived_by"] == world.people["district_admin"].get_full_name()
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ARCHIVED

    again = client.post(_url(world.school_b, "archive"), {"reason": "ещё раз"}, content_type="application/json")
    assert again.status_code == 400 and _errors(again) == [("non_field_errors", "archived")]

    restored = client.post(_url(world.school_b, "restore"))
    assert restored.status_code == 200
    assert (restored.json()["status"], restored.json()["archived_at"]) == ("active", None)
    not_archived = client.post(_url(world.school_b, "restore"))
    assert not_archived.status_code == 400 and _errors(not_archived) == [("non_field_errors", "not_archived")]


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "   "}])
def test_archiving_needs_a_reason(world, data):
    response = token_client(None, world.people["district_admin"]).post(
        _url(world.school_b, "archive"), data, content_type="application/json")
    assert response.status_code == 400
    assert _errors(response) == [("reason", "required")]
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE


def test_the_template_school_cannot_be_reached_to_archive(world, template_school):
    response = token_client(None, world.people["district_admin"]).post(
        _url(template_school, "archive"), {"reason": "x"}, content_type="application/json")
    assert response.status_code == 404
    assert School.objects.get(pk=template_school.pk).status == SchoolStatus.TEMPLATE


# --- who may -----------------------------------------------------------------------------------------


def test_the_district_analyst_reads_but_cannot_write(world, archive_beta):
    client = token_client(None, world.people["district_analyst"])
    assert client.get(_url(world.school_a)).status_code == 200
    assert client.patch(_url(world.school_a), {"short_name": "Взлом"},
                        content_type="application/json").status_code == 404
    assert client.post(_url(world.school_a, "archive"), {"reason": "взлом"},
                       content_type="application/json").status_code == 404
    archive_beta()
    assert client.post(_url(world.school_b, "restore")).status_code == 404
    fresh = School.objects.get(pk=world.school_a.pk)
    assert (fresh.short_name, fresh.status) == ("МБОУ «СОШ с. Альфа»", SchoolStatus.ACTIVE)
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ARCHIVED


@pytest.mark.parametrize("key", ["director_a", "admin_alpha", "curator_b", "outsider"])
def test_school_people_get_404_from_every_school_endpoint(world, key):
    client = token_client(None, world.people[key])
    assert client.get(BASE).status_code == 404
    assert client.get(_url(world.school_a)).status_code == 404
    assert client.patch(_url(world.school_a), {"short_name": "Взлом"},
                        content_type="application/json").status_code == 404
    assert client.post(_url(world.school_a, "archive"), {"reason": "взлом"},
                       content_type="application/json").status_code == 404
    assert client.post(_url(world.school_a, "restore")).status_code == 404
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE


def test_anonymous_calls_are_refused(world):
    client = Client(HTTP_HOST=host_of(None))
    for response in (client.get(BASE), client.get(_url(world.school_a)),
                     client.post(_url(world.school_a, "archive"), {"reason": "x"})):
        assert response.status_code == 401
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE


def test_the_schema_documents_the_school_endpoints(world):
    paths = Client(HTTP_HOST=host_of(None)).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "patch"} <= set(paths["/api/district/schools/{uuid}/"])
    assert "post" in paths["/api/district/schools/{uuid}/archive/"]
    assert "post" in paths["/api/district/schools/{uuid}/restore/"]
