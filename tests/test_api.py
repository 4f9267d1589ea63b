"""The API foundation: the base view, tokens, the error format, the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from api.base import SchoolAPIView
from people.models import Person
from tenants.models import School
from tests.conftest import PASSWORD, client_for, host_of


def token_client(space, person: Person, **headers: str) -> Client:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=person)
    return Client(HTTP_HOST=host_of(space), HTTP_AUTHORIZATION=f"Token {token.key}", **headers)


# --- who am I -------------------------------------------------------------------


def test_school_me_gives_the_roles_in_this_school(world):
    response = client_for(world.school_a, world.people["curator_a"]).get("/api/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["school"]["slug"] == "alpha"
    assert sorted(body["roles"]) == ["curator", "deputy_director"]
    assert body["person"]["username"] == "curator_a"


@pytest.mark.parametrize("key", ["director_b", "outsider", "district_admin"])
def test_school_endpoint_answers_404_to_non_members_even_with_a_valid_token(world, key):
    response = token_client(world.school_a, world.people[key]).get("/api/me/")
    assert response.status_code == 404
    missing = token_client(world.school_a, world.people[key]).get("/api/no-such-thing/")
    assert missing.status_code == 404
    assert "alpha" not in response.content.decode()


def test_school_endpoint_with_a_token_works_for_a_member(world):
    response = token_client(world.school_a, world.people["both"]).get("/api/me/")
    assert response.status_code == 200 and response.json()["roles"] == ["teacher"]
    response = token_client(world.school_b, world.people["both"]).get("/api/me/")
    assert response.status_code == 200 and response.json()["roles"] == ["mentor"]


def test_anonymous_api_call_is_refused(world):
    response = Client(HTTP_HOST=host_of(world.school_a)).get("/api/me/")
    assert response.status_code == 401
    assert response.json()["type"] == "client_error"


def test_token_is_issued_only_in_a_space_the_person_belongs_to(world):
    client = Client(HTTP_HOST=host_of(world.school_a))
    ok = client.post("/api/auth/token/", {"username": "mentor_a", "password": PASSWORD})
    assert ok.status_code == 200 and len(ok.json()["token"]) == 40
    refused = Client(HTTP_HOST=host_of(world.school_b)).post(
        "/api/auth/token/", {"username": "mentor_a", "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert not Token.objects.filter(user__username="mentor_b").exists()


# --- the district API -----------------------------------------------------------


def test_district_schools_list_for_district_roles_with_fixed_query_count(world, django_assert_max_num_queries):
    client = client_for(None, world.people["district_analyst"])
    client.get("/api/district/schools/")  # warm caches (content types, session)
    with django_assert_max_num_queries(6):
        response = client.get("/api/district/schools/")
    assert response.status_code == 200
    slugs = [s["slug"] for s in response.json()["results"]]
    assert "alpha" in slugs and "beta" in slugs and "school-template" not in slugs
    assert {s["host"] for s in response.json()["results"] if s["slug"] == "alpha"} == {"alpha.localhost"}


@pytest.mark.parametrize("key", ["director_a", "curator_b", "outsider"])
def test_school_people_get_404_from_the_district_api(world, key):
    client = token_client(None, world.people[key])
    assert client.get("/api/district/schools/").status_code == 404
    assert client.get("/api/district/schools/alpha/").status_code == 404
    assert client.get("/api/me/").status_code == 404


def _registration(**overrides: str) -> dict[str, str]:
    data = {
        "slug": "theta", "full_name": "МБОУ «СОШ с. Тета»", "short_name": "СОШ с. Тета", "kind": "СОШ",
        "admin_username": "theta_admin", "admin_last_name": "Тетаев", "admin_first_name": "Тимур",
    }
    data.update(overrides)
    return data


def test_district_admin_registers_a_school_through_the_api(world):
    response = token_client(None, world.people["district_admin"]).post(
        "/api/district/schools/", _registration(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["school"]["host"] == "theta.localhost"
    assert body["administrator"]["username"] == "theta_admin"
    assert body["generated_password"]
    assert School.objects.filter(slug="theta").exists()


def test_district_analyst_cannot_register_a_school(world):
    response = token_client(None, world.people["district_analyst"]).post(
        "/api/district/schools/", _registration(), content_type="application/json"
    )
    assert response.status_code == 404
    assert not School.objects.filter(slug="theta").exists()


def test_bad_registration_gives_field_level_errors_in_russian(world):
    count = School.objects.count()
    response = token_client(None, world.people["district_admin"]).post(
        "/api/district/schools/", _registration(slug="admin"), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(e["attr"], e["code"]) for e in body["errors"]] == [("slug", "reserved")]
    assert any("\u0430" <= ch <= "\u044f" for ch in body["errors"][0]["detail"])  # Cyrillic text
    assert School.objects.count() == count


def test_error_language_follows_the_request(world):
    response = token_client(None, world.people["district_admin"], HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/district/schools/", _registration(slug="admin", full_name=""), content_type="application/json"
    )
    assert response.status_code == 400
    errors = {e["attr"]: e["detail"] for e in response.json()["errors"]}
    assert "full_name" in errors
    assert errors["full_name"] == "This field may not be blank."


def test_duplicate_slug_is_reported_on_the_slug_field(world):
    response = token_client(None, world.people["district_admin"]).post(
        "/api/district/schools/", _registration(slug="beta"), content_type="application/json"
    )
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["slug"]


# --- the base class and the schema ----------------------------------------------


def test_a_view_cannot_replace_the_space_check():
    with pytest.raises(TypeError):
        type("Sneaky", (SchoolAPIView,), {"get_permissions": lambda self: [], "__module__": "somewhere"})
    with pytest.raises(TypeError):
        type("Sneaky2", (SchoolAPIView,), {"initial": lambda self, request: None, "__module__": "somewhere"})


def test_a_view_with_open_permissions_still_checks_membership(world):
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response

    class OpenView(SchoolAPIView):
        permission_classes = [AllowAny]

        def get(self, request):  # type: ignore[no-untyped-def]
            return Response({"ok": True})

    from django.test import RequestFactory

    request = RequestFactory().get("/x/")
    request.tenant = world.school_a
    request.user = world.people["director_b"]
    request._force_auth_user = world.people["director_b"]
    from rest_framework.test import force_authenticate

    force_authenticate(request, user=world.people["director_b"])
    assert OpenView.as_view()(request).status_code == 404
    force_authenticate(request, user=world.people["director_a"])
    assert OpenView.as_view()(request).status_code == 200


@pytest.mark.parametrize("space", ["district", "school"])
def test_openapi_schema_and_docs_are_served_without_outside_hosts(world, space):
    target = None if space == "district" else world.school_a
    client = Client(HTTP_HOST=host_of(target))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/me/" in paths and "/api/auth/token/" in paths
    if space == "district":
        assert "/api/district/schools/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.parametrize("urlconf", ["config.urls_school", "config.urls_district"])
def test_openapi_schema_validates_without_warnings(tmp_path, urlconf):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--urlconf", urlconf,
                 "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").stat().st_size > 1000
