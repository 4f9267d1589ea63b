"""«Мой профиль» and the first administrator's one-time password (issue 10, points 3, 5)."""

from __future__ import annotations

from django.test import Client

from people.models import Membership
from tests.conftest import client_for, host_of


def test_my_profile_shows_my_schools_and_roles_and_nothing_of_anyone_else(world):
    page = client_for(world.school_b, world.people["both"]).get("/profile/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Both Тест" in text and "both" in text
    assert "МБОУ «СОШ с. Альфа»" in text and "МБОУ «ООШ с. Бета»" in text
    assert "<dd>Педагог</dd>" in text and "<dd>Наставник</dd>" in text
    assert "Teacher_B" not in text and "Director_B" not in text
    assert {m.school.slug for m in page.context["memberships"]} == {"alpha", "beta"}


def test_an_ended_membership_leaves_the_profile(world):
    Membership.objects.filter(person=world.people["both"], school=world.school_a).update(is_active=False)
    page = client_for(world.school_b, world.people["both"]).get("/profile/")
    assert {m.school.slug for m in page.context["memberships"]} == {"beta"}


def test_the_profile_is_the_persons_own_in_the_district_space_too(world):
    page = client_for(None, world.people["district_admin"]).get("/profile/")
    assert page.status_code == 200
    assert "Отдел образования района" in page.content.decode()


def test_the_profile_pages_send_a_stranger_to_the_login_page(world):
    for client in (Client(HTTP_HOST=host_of(world.school_a)), client_for(world.school_a, world.people["teacher_b"])):
        for path in ("/profile/", "/profile/password/", "/password/set/"):
            response = client.get(path)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), path
        refused = client.post("/profile/sign-out-everywhere/")
        assert refused.status_code == 302 and refused["Location"].startswith("/login/")


def test_the_first_administrators_generated_password_is_a_one_time_code(world):
    from tenants.services import FirstAdministrator, school_register

    registered = school_register(
        acting_user=None, slug="delta", full_name="МБОУ «СОШ с. Дельта»", short_name="СОШ с. Дельта",
        administrator=FirstAdministrator(username="admin_delta", last_name="Админова", first_name="Зулай"),
    )
    assert registered.generated_password
    assert registered.administrator.must_set_password
    client = Client(HTTP_HOST="delta.localhost")
    signed_in = client.post("/login/", {"username": "admin_delta", "password": registered.generated_password})
    assert signed_in.status_code == 302
    assert client.get("/")["Location"] == "/password/set/"
