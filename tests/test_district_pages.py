"""The district's school registration page."""

from __future__ import annotations

import pytest

from people.models import Person
from tenants.models import Domain, School
from tests.conftest import client_for

FORM = {
    "slug": "kappa", "full_name": "МБОУ «СОШ с. Каппа»", "short_name": "СОШ с. Каппа", "kind": "СОШ",
    "locality": "с. Каппа", "admin_username": "kappa_admin", "admin_last_name": "Каппаев", "admin_first_name": "Казбек",
}


def test_district_admin_registers_a_school_from_the_page(world):
    client = client_for(None, world.people["district_admin"])
    assert client.get("/schools/new/").status_code == 200
    response = client.post("/schools/new/", FORM, follow=True)
    assert response.status_code == 200
    school = School.objects.get(slug="kappa")
    assert Domain.objects.filter(tenant=school, domain="kappa.localhost").exists()
    page = response.content.decode()
    assert "kappa.localhost" in page and "kappa_admin" in page  # the one-time password is shown once
    assert Person.objects.get(username="kappa_admin").memberships.get().school == school


@pytest.mark.parametrize("slug", ["admin", "alpha", "Not a host", "static"])
def test_bad_slug_shows_the_error_on_the_field_and_creates_nothing(world, slug):
    counts = (School.objects.count(), Person.objects.count(), Domain.objects.count())
    response = client_for(None, world.people["district_admin"]).post("/schools/new/", {**FORM, "slug": slug})
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert (School.objects.count(), Person.objects.count(), Domain.objects.count()) == counts


def test_missing_fields_are_reported_per_field(world):
    response = client_for(None, world.people["district_admin"]).post("/schools/new/", {**FORM, "full_name": ""})
    assert set(response.context["form"].errors) == {"full_name"}
    assert not School.objects.filter(slug="kappa").exists()


def test_district_analyst_cannot_register(world):
    client = client_for(None, world.people["district_analyst"])
    assert client.get("/schools/new/").status_code == 404
    assert client.post("/schools/new/", FORM).status_code == 404
    assert not School.objects.filter(slug="kappa").exists()


def test_school_people_cannot_reach_the_registration_page(world):
    response = client_for(None, world.people["director_a"]).post("/schools/new/", FORM)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not School.objects.filter(slug="kappa").exists()


def test_district_home_links_to_the_district_templates(world):
    page = client_for(None, world.people["district_analyst"]).get("/").content.decode()
    assert 'href="/templates/roadmap/"' in page and 'href="/templates/surveys/"' in page
