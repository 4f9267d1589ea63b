"""The published schema says what the API answers (the fuzzer's findings of issue 11, one test each)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from mentoring.models import ProgrammeStatus
from tests.conftest import client_for, host_of
from tests.programmes.conftest import make_setup


@pytest.fixture
def school_schema(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST=host_of(world.school_a)).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _component(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _ok_body(schema: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    responses = schema["paths"][path][method]["responses"]
    return _component(schema, responses.get("200", responses.get("201"))["content"]["application/json"]["schema"])


@pytest.mark.parametrize(("key", "path"), [
    ("director_a", "/api/documents/"), ("mentee_a", "/api/my-surveys/"),
    ("curator_a", "/api/questionnaires/standard/"), ("director_a", "/api/templates/updates/"),
])
def test_plain_lists_are_documented_as_plain_lists(world, school_schema, key, path):
    assert _ok_body(school_schema, path)["type"] == "array"
    response = client_for(world.school_a, world.people[key]).get(path)
    assert response.status_code == 200 and isinstance(response.json(), list)


def test_blank_and_null_values_the_models_allow_are_documented(school_schema):
    props = {name: school_schema["components"]["schemas"][name]["properties"]
             for name in ("Person", "StaffMember", "RoadmapItem", "Programme", "Proposal", "Activity")}
    blank = {"type": "string", "enum": [""]}
    assert blank in props["Person"]["email"]["oneOf"] and blank in props["StaffMember"]["email"]["oneOf"]
    assert blank in props["RoadmapItem"]["evidence_link"]["oneOf"]
    for component, field in (("Programme", "end_reason"), ("Proposal", "declined_by"), ("Activity", "direction")):
        choices = [_component(school_schema, option) for option in props[component][field]["oneOf"]]
        assert any(choice.get("enum") == [""] for choice in choices), (component, field)
    assert props["StaffMember"]["person"]["nullable"] is True


@pytest.mark.parametrize(("request_component", "response_component"), [
    ("BankReviewRequest", "BankReview"), ("TrainingRequest", "Training")])
def test_read_only_fields_are_not_asked_for_in_request_bodies(school_schema, request_component, response_component):
    components = school_schema["components"]["schemas"]
    read_only = {name for name, prop in components[response_component]["properties"].items() if prop.get("readOnly")}
    assert read_only
    body = components[request_component]
    assert not read_only & set(body.get("required", [])) and not read_only & set(body["properties"])


def test_error_components_match_the_error_bodies(world, school_schema):
    responses = school_schema["paths"]["/api/staff/"]["get"]["responses"]
    shapes = [_component(school_schema, option) for option in
              _component(school_schema, responses["400"]["content"]["application/json"]["schema"])["oneOf"]]
    validation = next(shape for shape in shapes if shape["properties"]["type"]["$ref"].endswith("ValidationErrorEnum"))
    item = _component(school_schema, validation["properties"]["errors"]["items"])
    assert item["properties"]["attr"] == {**item["properties"]["attr"], "type": "string", "nullable": True}
    assert item["properties"]["code"]["type"] == "string"
    body = client_for(world.school_a, world.people["curator_a"]).get("/api/staff/", {"search": "\x00"}).json()
    assert set(body["errors"][0]) == set(item["properties"]) and body["type"] == "validation_error"
    refusal = _component(school_schema, school_schema["paths"]["/api/auth/token/"]["post"]["responses"]["403"][
        "content"]["application/json"]["schema"])
    codes = _component(school_schema, _component(school_schema, refusal["properties"]["errors"]["items"])[
        "properties"]["code"])["enum"]
    assert {"authentication_failed", "not_authenticated", "permission_denied"} == set(codes)


def test_the_programme_detail_carries_its_documented_counts(world):
    with schema_context(world.school_a.schema_name):
        setup = make_setup(world, status=ProgrammeStatus.ACTIVE)
    client = client_for(world.school_a, world.people["curator_a"])
    listed = client.get("/api/programmes/").json()["results"][0]
    detail = client.get(f"/api/programmes/{setup.programme.pk}/").json()
    assert (detail["activity_count"], detail["overdue_count"]) == (1, 1)
    assert (listed["activity_count"], listed["overdue_count"]) == (1, 1)
