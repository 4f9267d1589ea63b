"""Hand-made bad inputs against every write endpoint of each space's schema (the list comes from the
schema itself, so a new endpoint is covered the day it is added).

For every POST/PUT/PATCH with a JSON body: a wrong type, a string over its maximum length, a body over
the size cap, NUL, a lone surrogate, an impossible date, deep nesting and a body missing its required
fields. Every answer is a 4xx in the API's error format; where the input reached validation, the error
names the field that was broken; and nothing is half-written: every table of the school's schema and
of the public schema (the audit record among them) holds exactly the rows it held before.

An endpoint under an id is called with the id of a real record where there is one (the first of its
collection: a staff member, the pair, programme and activity made here), else with an unknown id — then
the answer is the API's 404.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from mentoring.models import ProgrammeStatus
from tests.conftest import host_of
from tests.programmes.conftest import make_setup

SPACES = {"school": "config.urls_school", "district": "config.urls_district"}
# Who writes in each space: the first of them who is let in (not 404) is used for an endpoint.
WRITERS = {"school": ["curator_a", "director_a"], "district": ["district_admin"]}
# Tables that a request may touch without writing anything of the platform's (sessions, login attempts).
VOLATILE = ("django_session", "axes_")
KINDS = ["wrong_type", "too_long", "over_the_cap", "nul", "lone_surrogate", "bad_date", "deep", "missing"]


def _schema(urlconf: str) -> dict[str, Any]:
    return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _write_operations() -> list[tuple[str, str, str]]:
    operations = []
    for space, urlconf in SPACES.items():
        for path, methods in _schema(urlconf)["paths"].items():
            for method, operation in methods.items():
                body = operation.get("requestBody", {}).get("content", {})
                if method in ("post", "put", "patch") and "application/json" in body \
                        and path != "/api/auth/token/":
                    operations.append((space, method, path))
    return operations


WRITE_OPERATIONS = _write_operations()
REACHED_ONLY_AS_404: set[str] = set()
SCHEMAS = {space: _schema(urlconf) for space, urlconf in SPACES.items()}


def _body_schema(space: str, method: str, path: str) -> dict[str, Any]:
    schema = SCHEMAS[space]
    content = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return _resolve(schema, content)


def _field(body: dict[str, Any], space: str, want: str) -> tuple[str, dict[str, Any]] | None:
    """The first property of the body that `want` (a test kind) can break."""
    for name, prop in body.get("properties", {}).items():
        prop = _resolve(SCHEMAS[space], prop)
        if prop.get("readOnly"):
            continue
        kind = prop.get("type")
        if want == "string" and kind == "string" and "enum" not in prop and "format" not in prop:
            return name, prop
        if want == "max_length" and kind == "string" and "maxLength" in prop:
            return name, prop
        if want == "date" and prop.get("format") == "date":
            return name, prop
        if want == "any" and (kind or "oneOf" in prop or "allOf" in prop):
            return name, prop
    return None


def _wrong_value(prop: dict[str, Any]) -> object:
    return {"string": {"not": "text"}, "array": "not a list", "object": "not an object"}.get(
        str(prop.get("type")), "not a number")


def _bad_input(kind: str, body: dict[str, Any], space: str) -> tuple[str, str | None] | None:
    """(the raw JSON to send, the field its error must name — None when no field can be named)."""
    def one(name: str, raw_value: str) -> str:
        return "{" + json.dumps(name) + ": " + raw_value + "}"

    if kind == "missing":
        required = body.get("required", [])
        return ("{}", required[0]) if required else None
    if kind == "over_the_cap":
        return json.dumps({"x": "я" * 600_000}), None
    if kind == "deep":
        return one("x", "[" * 100 + "]" * 100), None
    picks = {"wrong_type": "any", "too_long": "max_length", "nul": "string", "lone_surrogate": "any",
             "bad_date": "date"}
    found = _field(body, space, picks[kind])
    if found is None:
        return None
    name, prop = found
    raw = {
        "wrong_type": lambda: json.dumps(_wrong_value(prop)),
        "too_long": lambda: json.dumps("я" * (int(prop.get("maxLength", 0)) + 1)),
        "nul": lambda: json.dumps("a\x00b"),
        "lone_surrogate": lambda: '"\\ud800"',
        "bad_date": lambda: json.dumps("2023-02-30"),
    }[kind]()
    return one(name, raw), name


def _snapshot(schemas: list[str]) -> dict[str, int]:
    """Every table's row count in the given schemas, by one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY(%s) AND table_type = 'BASE TABLE'", [schemas])
        tables = [(s, t) for s, t in cursor.fetchall() if not t.startswith(VOLATILE)]
        parts = [f"SELECT '{s}.{t}', count(*) FROM \"{s}\".\"{t}\"" for s, t in tables]
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def _client(space: str, world, key: str) -> Client:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=world.people[key])
    return Client(HTTP_HOST=host_of(world.school_a if space == "school" else None),
                  HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="ru")


def _url(client: Client, path: str, parameters: list[dict[str, Any]]) -> str:
    """The path with its ids filled: a documented choice, a real record's id where its collection lists one,
    else an unknown id."""
    prefix, _, rest = path.partition("{")
    if not rest:
        return path
    name, _, tail = rest.partition("}")
    value: object = uuid.uuid4()
    enum = next((p["schema"].get("enum") for p in parameters if p["name"] == name and p["in"] == "path"), None)
    listing = client.get(prefix) if not enum else None
    if enum:
        value = enum[0]
    elif listing is not None and listing.status_code == 200:
        data = listing.json()
        rows = data.get("results", []) if isinstance(data, dict) else data
        if rows and isinstance(rows[0], dict) and rows[0].get(name, rows[0].get("id")):
            value = rows[0].get(name, rows[0].get("id"))
    return prefix + str(value) + _url(client, tail, parameters)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("space", "method", "path"), WRITE_OPERATIONS)
def test_a_bad_input_answers_4xx_naming_the_field_and_writes_nothing(world, space, method, path, kind):
    bad = _bad_input(kind, _body_schema(space, method, path), space)
    if bad is None:
        pytest.skip(f"{method.upper()} {path} has no field for «{kind}»")
    raw, field = bad
    schemas = ["public"] + (["alpha"] if space == "school" else [])
    if space == "school" and "{" in path:
        with schema_context(world.school_a.schema_name):
            make_setup(world, status=ProgrammeStatus.DRAFT)  # a pair, its programme and an activity to aim at
    for key in WRITERS[space]:
        client = _client(space, world, key)
        url = _url(client, path, SCHEMAS[space]["paths"][path][method].get("parameters", []))
        before = _snapshot(schemas)
        response = client.generic(method.upper(), url, raw.encode("utf-8", "surrogatepass"),
                                  content_type="application/json")
        assert 400 <= response.status_code < 500, (key, url, response.status_code, response.content[:300])
        assert response["Content-Type"] == "application/json"
        answer = response.json()
        assert answer["type"] in ("validation_error", "client_error")
        assert answer["errors"] and all({"code", "detail", "attr"} <= set(e) for e in answer["errors"])
        assert _snapshot(schemas) == before, f"{method.upper()} {url} wrote something for «{kind}»"
        if response.status_code != 404:
            break
    if response.status_code == 404:
        assert [e["code"] for e in answer["errors"]] == ["not_found"]
        REACHED_ONLY_AS_404.add(f"{method.upper()} {path}")
        return
    if kind == "over_the_cap":
        assert response.status_code == 413
    elif kind == "deep":
        assert (response.status_code, answer["errors"][0]["code"]) == (400, "parse_error")
    else:
        assert response.status_code == 400, response.content[:300]
        assert field in {e["attr"] for e in answer["errors"]}, answer
