"""The endpoints /api/practices/, /api/materials/: rules, isolation, query counts."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from practices import services
from practices.models import CaseFile, MethodMaterial, PracticeCase
from tests.conftest import client_for
from tests.practices.factories import PDF, publication_consent


def _state(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return (list(PracticeCase.objects.values_list("pk", "title", "published").order_by("pk")),
                list(MethodMaterial.objects.values_list("pk", "published").order_by("pk")),
                CaseFile.objects.count())


def _writes(bank) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    c, m = bank.case.pk, bank.material.pk
    return [
        ("post", "/api/practices/", {"programme": str(bank.completed.pk), "title": "В", "description": "В"}),
        ("put", f"/api/practices/{c}/", {"title": "Взлом", "description": "В"}),
        ("post", f"/api/practices/{c}/publish/", {}), ("post", f"/api/practices/{c}/unpublish/", {}),
        ("post", "/api/materials/", {"title": "В", "link": "https://x.ru"}),
        ("post", f"/api/materials/{m}/publish/", {}), ("post", f"/api/materials/{m}/unpublish/", {}),
    ]


def test_a_member_lists_and_reads(world, bank):
    client = client_for(world.school_a, world.people["teacher_a"])
    data = client.get("/api/practices/").json()
    assert [row["title"] for row in data["results"]] == [bank.case.title]
    assert client.get(f"/api/practices/{bank.case.pk}/").json()["programme_title"] == "Завершённая программа"
    assert client.get("/api/materials/").json()["results"][0]["link"] == "https://example.org/pamyatka"
    assert client.get("/api/practices/?published=true").json()["results"] == []


def test_the_curator_creates_updates_and_publishes(world, bank):
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.post("/api/practices/", {"programme": str(bank.completed.pk), "title": "Из API",
                                               "description": "Описание", "directions": ["upbringing"]},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.put(f"/api/practices/{pk}/", {"title": "Из API 2", "description": "Описание"},
                          content_type="application/json")
    assert response.json()["title"] == "Из API 2"
    response = client.post(f"/api/practices/{pk}/publish/")
    assert response.status_code == 400
    assert bank.mentee.full_name in str(response.json())
    with schema_context(world.school_a.schema_name):
        publication_consent(bank.mentor)
        publication_consent(bank.mentee)
    assert client.post(f"/api/practices/{pk}/publish/").json()["published"] is True
    response = client.post(f"/api/practices/{pk}/files/", {"file": SimpleUploadedFile("к.pdf", PDF)})
    assert response.status_code == 201
    assert response.json()["download_url"].startswith("/practices/files/")


def test_a_running_programme_is_refused_by_the_api_and_nothing_saved(world, bank):
    before = _state(world)
    response = client_for(world.school_a, world.people["curator_a"]).post(
        "/api/practices/", {"programme": str(bank.running.pk), "title": "В", "description": "В"},
        content_type="application/json")
    assert response.status_code == 400 and "programme" in str(response.json())
    assert _state(world) == before


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "director_a"])
def test_without_the_right_every_write_is_404_and_nothing_changes(world, bank, key):
    before = _state(world)
    client = client_for(world.school_a, world.people[key])
    for method, url, body in _writes(bank):
        assert getattr(client, method)(url, body, content_type="application/json").status_code == 404, url
    assert _state(world) == before


@pytest.mark.parametrize("key", ["curator_b", "teacher_b"])
def test_school_b_sees_nothing_of_school_a(world, bank, key):
    before = _state(world)
    client = client_for(world.school_b, world.people[key])
    assert client.get("/api/practices/").json()["results"] == []
    assert client.get("/api/materials/").json()["results"] == []
    for url in (f"/api/practices/{bank.case.pk}/", f"/api/materials/{bank.material.pk}/",
                f"/api/practices/{uuid.uuid4()}/"):
        assert client.get(url).status_code == 404
    for method, url, body in _writes(bank)[1:4] + _writes(bank)[5:]:
        assert getattr(client, method)(url, body, content_type="application/json").status_code == 404, url
    assert _state(world) == before


def test_anonymous_is_refused(world, bank):
    assert client_for(world.school_a).get("/api/practices/").status_code == 401
    assert client_for(world.school_a).get("/api/materials/").status_code == 401


def test_list_query_counts_stay_flat(world, bank, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["teacher_a"])
    with schema_context(world.school_a.schema_name):
        for n in range(15):
            case = PracticeCase.objects.create(programme=bank.completed, title=f"Кейс {n}", description="о")
            services.case_file_add(school=world.school_a, acting_user=world.people["curator_a"], case=case,
                                   uploaded_file=SimpleUploadedFile(f"ф{n}.pdf", PDF))
            MethodMaterial.objects.create(title=f"Материал {n}", link="https://example.org")
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/practices/").json()["results"]) == 16
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/materials/").json()["results"]) == 16
