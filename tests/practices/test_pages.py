"""Pages of the best practices bank: who reads and who keeps it, isolation, files, query counts."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from practices import services
from practices.models import MethodMaterial, PracticeCase
from tests.conftest import client_for
from tests.practices.factories import PDF, publication_consent


@pytest.fixture
def stocked(world, bank):  # type: ignore[no-untyped-def]
    """The bank with a file on the case and a material with a file."""
    bank.file = services.case_file_add(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case,
                                       uploaded_file=SimpleUploadedFile("конспект.pdf", PDF))
    bank.material_file = services.material_add(school=world.school_a, acting_user=world.people["curator_a"],
                                               title="Методичка", uploaded_file=SimpleUploadedFile("м.pdf", PDF))
    return bank


def _member_pages(b) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("get", f"/practices/{b.case.pk}/"), ("get", f"/practices/files/{b.file.pk}/"),
            ("get", f"/practices/materials/{b.material_file.pk}/file/")]


def _editor_pages(b) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("get", f"/practices/{b.case.pk}/edit/"), ("post", f"/practices/{b.case.pk}/publish/"),
            ("post", f"/practices/{b.case.pk}/unpublish/"), ("get", f"/practices/{b.case.pk}/files/new/"),
            ("post", f"/practices/materials/{b.material.pk}/publish/"),
            ("post", f"/practices/materials/{b.material.pk}/unpublish/")]


def _missing(url: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(uuid.uuid4()), url)


def _state(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return (list(PracticeCase.objects.values_list("pk", "title", "published").order_by("pk")),
                list(MethodMaterial.objects.values_list("pk", "published").order_by("pk")))


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "curator_a", "director_a"])
def test_every_member_reads_the_bank(world, stocked, key):
    client = client_for(world.school_a, world.people[key])
    page = client.get("/practices/").content.decode()
    assert "Кейс: адаптация молодого математика" in page
    for method, url in _member_pages(stocked):
        assert getattr(client, method)(url).status_code == 200, url
    assert "Памятка наставнику" in client.get("/practices/materials/").content.decode()


def test_a_reader_does_not_see_the_editors_buttons_or_consents(world, stocked):
    page = client_for(world.school_a, world.people["teacher_a"]).get(f"/practices/{stocked.case.pk}/").content.decode()
    assert f"/practices/{stocked.case.pk}/edit/" not in page and "/publish/" not in page
    assert stocked.mentee.full_name not in page


def test_the_editor_sees_who_lacks_the_consent(world, stocked):
    page = client_for(world.school_a, world.people["curator_a"]).get(f"/practices/{stocked.case.pk}/").content.decode()
    assert stocked.mentee.full_name in page and "✗" in page


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "director_a"])
def test_a_member_without_the_right_gets_the_same_404_and_nothing_changes(world, stocked, key):
    before = _state(world)
    client = client_for(world.school_a, world.people[key])
    for method, url in _editor_pages(stocked) + [("get", "/practices/new/"), ("get", "/practices/materials/new/")]:
        assert getattr(client, method)(url).status_code == 404, url
        assert getattr(client, method)(_missing(url)).status_code == 404, url
    assert _state(world) == before


@pytest.mark.parametrize("key", ["curator_b", "director_b", "teacher_b"])
def test_school_b_gets_404_for_school_a_objects(world, stocked, key):
    before = _state(world)
    client = client_for(world.school_b, world.people[key])
    for method, url in _member_pages(stocked) + _editor_pages(stocked):
        assert getattr(client, method)(url).status_code == 404, url
    page = client.get("/practices/").content.decode()
    assert "Кейс: адаптация" not in page
    assert "Памятка наставнику" not in client.get("/practices/materials/").content.decode()
    assert _state(world) == before


def test_anonymous_is_sent_to_login_for_every_page_and_file(world, stocked):
    client = client_for(world.school_a)
    for method, url in _member_pages(stocked) + _editor_pages(stocked) + [("get", "/practices/")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_files_are_served_only_through_the_checking_view(world, stocked, settings):
    client = client_for(world.school_a, world.people["teacher_a"])
    response = client.get(f"/practices/files/{stocked.file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    media_url = settings.MEDIA_URL + stocked.file.file.name
    assert client.get(media_url).status_code == 404
    assert client_for(world.school_a).get(media_url).status_code == 404


def test_create_from_a_running_programme_shows_the_message_and_saves_nothing(world, stocked):
    before = _state(world)
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.post("/practices/new/", {"programme": str(stocked.running.pk), "title": "Кейс",
                                               "description": "Описание"})
    assert response.status_code == 200  # a running programme is not offered at all
    assert _state(world) == before
    response = client.post("/practices/new/", {"programme": str(stocked.completed.pk), "title": "Новый кейс",
                                               "description": "Описание", "directions": ["teaching_methods"]})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert PracticeCase.objects.filter(title="Новый кейс").exists()


def test_publish_from_the_page_without_consents_shows_who_lacks_it(world, stocked):
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.post(f"/practices/{stocked.case.pk}/publish/", follow=True)
    assert stocked.mentee.full_name in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not PracticeCase.objects.get(pk=stocked.case.pk).published
        publication_consent(stocked.mentor)
        publication_consent(stocked.mentee)
    client.post(f"/practices/{stocked.case.pk}/publish/")
    with schema_context(world.school_a.schema_name):
        assert PracticeCase.objects.get(pk=stocked.case.pk).published


def test_material_upload_from_the_page(world, in_a, media):
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.post("/practices/materials/new/", {"title": "Ссылка", "link": "https://example.org/x"})
    assert response.status_code == 302
    response = client.post("/practices/materials/new/", {"title": "Пусто"})
    assert response.status_code == 200 and not MethodMaterial.objects.filter(title="Пусто").exists()


def test_list_query_counts_stay_flat(world, stocked, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["teacher_a"])
    client.get("/practices/")
    with schema_context(world.school_a.schema_name):
        for n in range(15):
            case = PracticeCase.objects.create(programme=stocked.completed, title=f"Кейс {n}", description="о")
            services.case_file_add(school=world.school_a, acting_user=world.people["curator_a"], case=case,
                                   uploaded_file=SimpleUploadedFile(f"ф{n}.pdf", PDF))
            MethodMaterial.objects.create(title=f"Материал {n}", link="https://example.org")
    with django_assert_max_num_queries(12):
        assert client.get("/practices/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/practices/materials/").status_code == 200
