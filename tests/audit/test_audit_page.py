"""The audit record page: the director and the curator read their school's record, nobody else."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from audit.services import audit_record
from tests.conftest import client_for


@pytest.fixture
def events(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        for index in range(30):
            audit_record(actor=world.people["curator_a"], action=f"test.alpha_{index}", school=world.school_a)
    with schema_context(world.school_b.schema_name):
        audit_record(actor=world.people["curator_b"], action="test.beta_secret", school=world.school_b)


@pytest.mark.parametrize("key", ["director_a", "curator_a"])
def test_director_and_curator_read_the_schools_record(world, events, key, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people[key])
    client.get("/audit/")
    with django_assert_max_num_queries(8):
        response = client.get("/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "test.alpha_29" in page and "test.beta_secret" not in page


def test_filter_by_action(world, events):
    page = client_for(world.school_a, world.people["director_a"]).get("/audit/?action=test.alpha_1").content.decode()
    assert "test.alpha_1" in page and "test.alpha_2<" not in page


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha"])
def test_other_roles_get_404(world, events, key):
    assert client_for(world.school_a, world.people[key]).get("/audit/").status_code == 404


def test_other_school_gets_its_own_record_only(world, events):
    response = client_for(world.school_b, world.people["director_b"]).get("/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "test.beta_secret" in page and "test.alpha_" not in page
    assert client_for(world.school_b, world.people["director_a"]).get("/audit/").status_code == 302


def test_audit_api_for_the_curator_with_flat_query_count(world, events, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/api/audit/")
    with django_assert_max_num_queries(10):  # 30 events: no query per row
        response = client.get("/api/audit/?action=test.alpha")
    assert response.status_code == 200
    actions = {row["action"] for row in response.json()["results"]}
    assert "test.alpha_29" in actions and "test.beta_secret" not in actions


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "admin_alpha"])
def test_audit_api_answers_404_without_the_right(world, events, key):
    assert client_for(world.school_a, world.people[key]).get("/api/audit/").status_code == 404


def test_audit_api_of_another_school_with_a_token_is_404(world, events):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=world.people["director_b"])
    from django.test import Client

    client = Client(HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/audit/").status_code == 404
