"""Russian 404, 403 and 500 pages in every space (issue 12); the API answers JSON (issue 11), not these."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.conftest import client_for, host_of


@pytest.mark.parametrize("space", ["school", "district"])
def test_a_missing_page_is_the_russian_404(world, space):
    school = world.school_a if space == "school" else None
    person = world.people["director_a"] if school else world.people["district_admin"]
    for client in (client_for(school, person), client_for(school)):
        response = client.get("/no-such-page/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "Страница не найдена" in page and "Page not found" not in page and '<html lang="ru">' in page


@pytest.mark.parametrize("space", ["school", "district"])
def test_a_form_without_its_token_is_the_russian_403(world, space):
    school = world.school_a if space == "school" else None
    client = Client(HTTP_HOST=host_of(school), enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Форма устарела" in page and "Forbidden" not in page and "CSRF" not in page


@pytest.mark.parametrize("space", ["school", "district"])
def test_a_server_error_is_the_russian_500(world, space):
    school = world.school_a if space == "school" else None
    request = RequestFactory(HTTP_HOST=host_of(school)).get("/")
    with translation.override("ru"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Что-то пошло не так" in page and "Server Error" not in page
