"""The staff accounts' API: the same services as the pages; 404 for another school and a role without the right."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from people.models import Membership, Person
from staff.models import StaffMember
from tests.accounts.helpers import new_staff
from tests.conftest import client_for


def test_the_api_creates_a_login_and_answers_the_one_time_code_once(world):
    member = new_staff(world.school_a)
    client = client_for(world.school_a, world.people["admin_alpha"])
    response = client.post(f"/api/staff/{member.pk}/account/", {}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["login"] == "eskieva.khr"
    assert Person.objects.get(username="eskieva.khr").check_password(body["one_time_code"])
    again = client.post(f"/api/staff/{member.pk}/account/", {}, content_type="application/json")
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "has_account"


def test_the_api_confirms_an_existing_account_with_a_membership(world):
    in_a = new_staff(world.school_a)
    login = client_for(world.school_a, world.people["admin_alpha"]).post(
        f"/api/staff/{in_a.pk}/account/", {}, content_type="application/json").json()["login"]
    person = Person.objects.get(username=login)
    in_b = new_staff(world.school_b)
    client = client_for(world.school_b, world.people["director_b"])
    refused = client.post(f"/api/staff/{in_b.pk}/account/", {}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "same_person"
    linked = client.post(f"/api/staff/{in_b.pk}/account/", {"confirm_person": str(person.pk)},
                         content_type="application/json")
    assert linked.status_code == 200 and linked.json()["one_time_code"] is None
    assert Membership.objects.filter(person=person, is_active=True).count() == 2


def test_the_bulk_endpoint_creates_every_missing_login(world):
    new_staff(world.school_a)
    new_staff(world.school_a, last_name="Мусаев", first_name="Лема", patronymic="Алиевич")
    body = client_for(world.school_a, world.people["director_a"]).post("/api/staff/accounts/").json()
    assert sorted(row["login"] for row in body["created"]) == ["eskieva.khr", "musaev.la"]
    assert body["to_confirm"] == []


@pytest.mark.parametrize("key", ["curator_a", "teacher_a", "director_b"])
def test_the_api_is_404_for_another_school_and_a_role_without_the_right(world, key):
    member = new_staff(world.school_a)
    school = world.school_b if key == "director_b" else world.school_a
    client = client_for(school, world.people[key])
    assert client.post(f"/api/staff/{member.pk}/account/", {}, content_type="application/json").status_code == 404
    if key != "director_b":
        assert client.post("/api/staff/accounts/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert StaffMember.objects.get(pk=member.pk).person_id is None
