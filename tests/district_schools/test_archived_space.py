"""An archived school: its host answers 404 (pages, login, public page, API), nobody logs in,
and its schema keeps every row — memberships too — so that a restore brings it all back."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from people.models import Membership
from staff.models import StaffMember
from tenants.models import School, SchoolStatus
from tenants.selectors import active_school_schemas
from tenants.services import FirstAdministrator, school_register
from tests.conftest import PASSWORD, client_for, host_of
from tests.test_api import token_client


def _staff_names(school: School) -> list[str]:
    with schema_context(school.schema_name):
        return sorted(StaffMember.objects.values_list("last_name", flat=True))


def _served(school: School, director) -> dict[str, int]:  # type: ignore[no-untyped-def]
    anonymous = Client(HTTP_HOST=host_of(school))
    return {
        "login page": anonymous.get("/login/").status_code,
        "login": anonymous.post("/login/", {"username": director.username, "password": PASSWORD}).status_code,
        "public page": anonymous.get("/nastavnichestvo/").status_code,
        "home of a signed-in member": client_for(school, director).get("/").status_code,
        "api": token_client(school, director).get("/api/me/").status_code,
        "token": anonymous.post("/api/auth/token/", {"username": director.username, "password": PASSWORD}).status_code,
    }


def test_an_archived_school_answers_404_everywhere_and_keeps_its_data(world, archive_beta):
    director = world.people["director_b"]
    staff_before = _staff_names(world.school_b)
    memberships_before = Membership.objects.filter(school=world.school_b, is_active=True).count()
    served = _served(world.school_b, director)
    assert served["login page"] == served["public page"] == served["home of a signed-in member"] == 200

    archive_beta()
    assert set(_served(world.school_b, director).values()) == {404}
    assert _staff_names(world.school_b) == staff_before and staff_before
    assert Membership.objects.filter(school=world.school_b, is_active=True).count() == memberships_before
    assert "beta" not in active_school_schemas()
    # The other school is untouched; a person in both schools still works in the other one.
    assert client_for(world.school_a, world.people["both"]).get("/").status_code == 200


def test_a_restored_school_is_served_again_with_its_data(world, archive_beta):
    director = world.people["director_b"]
    staff_before = _staff_names(world.school_b)
    archive_beta()
    call_command("restore_school", "beta")
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE
    served = _served(world.school_b, director)
    assert served["login page"] == served["public page"] == served["home of a signed-in member"] == 200
    assert served["login"] == 302 and served["api"] == 200 and served["token"] == 200
    assert _staff_names(world.school_b) == staff_before


def test_a_new_school_archived_from_the_page_and_restored_through_the_api(world):
    """The whole life of a throwaway school (rolled back with the test)."""
    registered = school_register(
        acting_user=world.people["district_admin"], slug="omega", full_name="МБОУ «СОШ с. Омега»",
        short_name="СОШ с. Омега", administrator=FirstAdministrator(
            username="omega_admin", last_name="Омегов", first_name="Олег", password=PASSWORD),
    )
    school, admin = registered.school, registered.administrator
    with schema_context(school.schema_name):
        StaffMember.objects.create(last_name="Омегова", first_name="Ольга", position="учитель")
    assert Client(HTTP_HOST=host_of(school)).get("/login/").status_code == 200

    page = client_for(None, world.people["district_admin"])
    response = page.post(f"/schools/{school.uuid}/archive/", {"reason": "Закрыта", "confirm": "on"})
    assert response.status_code == 302
    assert Client(HTTP_HOST=host_of(school)).get("/login/").status_code == 404
    assert client_for(school, admin).get("/").status_code == 404
    assert _staff_names(school) == ["Омегова"]

    api = token_client(None, world.people["district_admin"])
    assert api.post(f"/api/district/schools/{school.uuid}/restore/").status_code == 200
    assert client_for(school, admin).get("/").status_code == 200
    assert _staff_names(school) == ["Омегова"]
