"""District accounts (issue 10, point 6): the district administrator invites, re-codes and deactivates officials."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from people.models import Person
from people.roles import DistrictRole
from tests.accounts.helpers import slips_of
from tests.conftest import client_for, host_of

NEW = "Rayon-2026-osen"  # noqa: S105


def _invite(client: Client, **data: str):  # type: ignore[no-untyped-def]
    form = {"last_name": "Байсултанова", "first_name": "Зарема", "patronymic": "Ахмедовна", "email": "",
            "role": DistrictRole.ANALYST, "username": "", **data}
    return client.post("/accounts/new/", form)


def test_the_district_administrator_invites_an_official_who_signs_in_with_the_code(world):
    admin = client_for(None, world.people["district_admin"])
    assert "Байсултанова" not in admin.get("/accounts/").content.decode()
    response = _invite(admin)
    assert response["Content-Type"] == "application/pdf"
    [(login, code)] = slips_of(response.content)
    assert login == "baysultanova.za"
    person = Person.objects.get(username=login)
    assert person.district_roles == [DistrictRole.ANALYST] and person.must_set_password
    assert not person.memberships.exists()
    client = Client(HTTP_HOST=host_of(None))
    assert client.post("/login/", {"username": login, "password": code}).status_code == 302
    assert client.get("/")["Location"] == "/password/set/"
    assert client.post("/password/set/", {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    assert client.get("/").status_code == 200
    assert "Байсултанова" in admin.get("/accounts/").content.decode()


def test_a_person_the_district_has_gets_the_role_only_on_confirmation(world):
    Person.objects.filter(username="teacher_b").update(email="tb@example.ru")
    admin = client_for(None, world.people["district_admin"])
    before = Person.objects.count()
    shown = _invite(admin, email="TB@example.ru")
    assert shown.status_code == 200 and shown.context["existing"].username == "teacher_b"
    assert world.person("teacher_b").district_roles == []
    confirmed = _invite(admin, email="tb@example.ru", confirm_existing=str(world.people["teacher_b"].pk))
    assert confirmed.status_code == 302
    assert world.person("teacher_b").district_roles == [DistrictRole.ANALYST]
    assert Person.objects.count() == before


def test_ending_an_officials_access_ends_sessions_and_token_and_deactivates_a_person_belonging_nowhere(world):
    analyst = world.person("district_analyst")
    token = Token.objects.create(user=analyst)
    session = client_for(None, analyst)
    assert session.get("/").status_code == 200
    admin = client_for(None, world.people["district_admin"])
    assert admin.post(f"/accounts/{analyst.pk}/deactivate/").status_code == 302
    analyst.refresh_from_db()
    assert analyst.district_roles == [] and not analyst.is_active
    assert session.get("/").status_code == 302
    assert Client(HTTP_HOST=host_of(None), HTTP_AUTHORIZATION=f"Token {token.key}").get(
        "/api/me/").status_code == 401
    # Coming back: only through a new invitation (a slip with a new code).
    shown = _invite(admin, last_name=analyst.last_name, first_name=analyst.first_name, patronymic="")
    assert shown.status_code == 200 and shown.context["existing"] == analyst
    back = _invite(admin, last_name=analyst.last_name, first_name=analyst.first_name, patronymic="",
                   confirm_existing=str(analyst.pk))
    [(login, code)] = slips_of(back.content)
    analyst.refresh_from_db()
    assert login == "district_analyst" and analyst.is_active and analyst.check_password(code)
    assert analyst.district_roles == [DistrictRole.ANALYST] and analyst.must_set_password


def test_nobody_ends_their_own_access(world):
    admin_person = world.person("district_admin")
    client_for(None, admin_person).post(f"/accounts/{admin_person.pk}/deactivate/")
    assert world.person("district_admin").district_roles == [DistrictRole.ADMIN]


@pytest.mark.parametrize("key", ["district_analyst", "director_a"])
def test_the_district_account_pages_are_the_administrators_only(world, key):
    person = world.people[key]
    analyst = world.people["district_analyst"]
    client = client_for(None, person) if key.startswith("district") else client_for(None, person, bind_to=None)
    for method, path in (("get", "/accounts/"), ("get", "/accounts/new/"), ("post", "/accounts/new/"),
                         ("post", f"/accounts/{analyst.pk}/code/"), ("post", f"/accounts/{analyst.pk}/deactivate/")):
        response = getattr(client, method)(path)
        if key == "district_analyst":
            assert response.status_code == 404, path
        else:  # a school's director has no session in the district space
            assert response.status_code == 302 and response["Location"].startswith("/login/"), path
    assert world.person("district_analyst").district_roles == [DistrictRole.ANALYST]


def test_a_schools_teacher_is_not_an_official_the_same_404_as_a_missing_one(world):
    admin = client_for(None, world.people["district_admin"])
    teacher = world.people["teacher_a"]
    assert admin.post(f"/accounts/{teacher.pk}/code/").status_code == 404
    assert admin.post("/accounts/00000000-0000-0000-0000-000000000000/code/").status_code == 404
    assert admin.post("/accounts/not-a-uuid/deactivate/").status_code == 404
    assert world.person("teacher_a").is_active


def test_the_district_administrator_sets_the_sign_in_settings_and_no_one_else(world):
    from district.selectors import district_settings

    admin = client_for(None, world.people["district_admin"])
    assert admin.get("/accounts/settings/").status_code == 200
    saved = admin.post("/accounts/settings/", {"invitation_valid_days": "7", "second_factor_required": "on"})
    assert saved.status_code == 302
    row = district_settings()
    assert row.invitation_valid_days == 7 and row.second_factor_required
    bad = admin.post("/accounts/settings/", {"invitation_valid_days": "0"})
    assert bad.status_code == 200 and bad.context["form"].errors["invitation_valid_days"]
    analyst = client_for(None, world.people["district_analyst"])
    assert analyst.get("/accounts/settings/").status_code == 404
    assert analyst.post("/accounts/settings/", {"invitation_valid_days": "30"}).status_code == 404
    assert district_settings().invitation_valid_days == 7
