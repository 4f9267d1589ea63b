"""The district's roadmap template: the seed's seven stages, versions, drafts, publishing, pages and API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from people.roles import SchoolRole
from roadmap_templates import selectors, services
from roadmap_templates.models import RoadmapTemplate, TemplateItem
from tests.conftest import client_for


def _is_not_found(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 404


def test_the_default_template_has_the_seven_stages_of_the_seed(world):
    template = services.roadmap_template_default()
    assert template.published and template.published_at is not None
    stages = list(selectors.template_get(id=template.pk).stages.all())
    assert [s.number for s in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert stages[0].title == "Подготовка условий для реализации системы наставничества"
    assert stages[1].title == "Формирование банка наставляемых"
    assert stages[2].title == "Формирование банка наставников"
    assert stages[3].title == "Отбор и обучение"
    assert stages[4].title == "Организация и осуществление работы наставнических пар/групп"
    assert stages[5].title == "Завершение персонализированных программ наставничества"
    assert stages[6].title == "Информационная поддержка системы наставничества"
    completion = " ".join(item.title for item in stages[5].items.all())
    for part in ("мониторинга", "конференции или семинара", "круглого стола", "копилки"):
        assert part in completion
    assert all(item.responsible_role in SchoolRole.values for stage in stages for item in stage.items.all())
    # Timing as the seed gives it: stage 2 in August, stage 3 in September, stage 5 throughout the year.
    assert {item.month for item in stages[1].items.all()} == {8}
    assert {item.month for item in stages[2].items.all()} == {9}
    assert {item.month for item in stages[4].items.all()} == {None}
    assert stages[3].items.all()[0].responsible_role == SchoolRole.WORKING_GROUP_HEAD


def test_the_default_is_created_once(world):
    first = services.roadmap_template_default()
    second = services.roadmap_template_default()
    assert first.pk == second.pk
    assert RoadmapTemplate.objects.count() == 1


def test_a_draft_copies_the_latest_version_and_only_one_draft_is_open(world):
    v1 = services.roadmap_template_default()
    draft = services.roadmap_template_draft_create(acting_user=world.people["district_admin"])
    assert draft.version == v1.version + 1 and not draft.published
    assert TemplateItem.objects.filter(stage__template=draft).count() == TemplateItem.objects.filter(
        stage__template=v1).count()
    with pytest.raises(ValidationError) as error:
        services.roadmap_template_draft_create(acting_user=world.people["district_admin"])
    assert error.value.error_dict["template"][0].code == "draft_open"
    assert RoadmapTemplate.objects.count() == 2


def test_a_published_version_is_frozen(world):
    v1 = services.roadmap_template_default()
    item = TemplateItem.objects.filter(stage__template=v1).first()
    before = (item.title, item.month)
    with pytest.raises(ValidationError) as error:
        services.roadmap_template_item_update(acting_user=world.people["district_admin"], item=item,
                                              title="Другое", month=3, responsible_role="curator")
    assert error.value.error_dict["template"][0].code == "published"
    item.refresh_from_db()
    assert (item.title, item.month) == before


def test_editing_and_publishing_a_draft(world):
    services.roadmap_template_default()
    admin = world.people["district_admin"]
    draft = services.roadmap_template_draft_create(acting_user=admin, name="Дорожная карта района 2027")
    stage = draft.stages.get(number=7)
    item = services.roadmap_template_item_add(acting_user=admin, stage=stage, title="Новости на сайте", month=12,
                                              responsible_role="sysadmin")
    with pytest.raises(ValidationError) as error:
        services.roadmap_template_item_add(acting_user=admin, stage=stage, title="x", month=13)
    assert "month" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.roadmap_template_item_add(acting_user=admin, stage=stage, title="x", responsible_role="king")
    assert stage.items.count() == 2
    services.roadmap_template_publish(acting_user=admin, template=draft)
    draft.refresh_from_db()
    assert draft.published
    assert selectors.template_latest_published().pk == draft.pk
    assert item.month == 12


# --- Pages at the district's host --------------------------------------------------------------------


def test_district_people_see_the_versions_and_only_the_admin_edits(world):
    v1 = services.roadmap_template_default()
    analyst = client_for(None, world.people["district_analyst"])
    assert analyst.get("/templates/roadmap/").status_code == 200
    page = analyst.get(f"/templates/roadmap/{v1.pk}/").content.decode()
    assert "Формирование банка наставников" in page
    assert _is_not_found(analyst.post("/templates/roadmap/new/"))
    assert RoadmapTemplate.objects.count() == 1
    admin = client_for(None, world.people["district_admin"])
    response = admin.post("/templates/roadmap/new/")
    draft = RoadmapTemplate.objects.get(published=False)
    assert response.status_code == 302 and response["Location"].endswith(f"/templates/roadmap/{draft.pk}/")
    stage = draft.stages.get(number=6)
    item = stage.items.first()
    assert _is_not_found(analyst.post(f"/templates/roadmap/items/{item.pk}/edit/", {"title": "Взлом"}))
    response = admin.post(f"/templates/roadmap/items/{item.pk}/edit/",
                          {"title": "Анкетирование участников", "month": "5", "responsible_role": "curator"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.month) == ("Анкетирование участников", 5)
    response = admin.post(f"/templates/roadmap/stages/{stage.pk}/items/add/",
                          {"title": "Семинар", "month": "", "responsible_role": ""})
    assert response.status_code == 302 and stage.items.filter(title="Семинар", month__isnull=True).exists()
    assert admin.post(f"/templates/roadmap/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.published


def test_school_people_get_404_on_the_district_template_pages(world):
    v1 = services.roadmap_template_default()
    item = TemplateItem.objects.filter(stage__template=v1).first()
    # The district's space does not let school people in at all (the space middleware sends them to
    # the district's login page, as for its home page); they see nothing of the template.
    for key in ("curator_a", "director_b", "admin_alpha"):
        client = client_for(None, world.people[key])
        for url in ("/templates/roadmap/", f"/templates/roadmap/{v1.pk}/", f"/templates/roadmap/items/{item.pk}/edit/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), (key, url)
        response = client.post(f"/templates/roadmap/items/{item.pk}/edit/", {"title": "Взлом"})
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client.post("/api/roadmap-templates/", {}).status_code == 401
    item.refresh_from_db()
    assert item.title != "Взлом" and RoadmapTemplate.objects.count() == 1
    # At a school's host the template pages do not exist at all.
    client = client_for(world.school_a, world.people["director_a"])
    assert client.get("/templates/roadmap/").status_code == 404


def test_anonymous_is_sent_to_login(world):
    response = client_for(None).get("/templates/roadmap/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_template_list_query_count_is_flat(world, django_assert_max_num_queries):
    services.roadmap_template_default()
    client = client_for(None, world.people["district_analyst"])
    client.get("/templates/roadmap/")
    with django_assert_max_num_queries(12):
        assert client.get("/templates/roadmap/").status_code == 200
    for _ in range(3):
        draft = services.roadmap_template_draft_create(acting_user=world.people["district_admin"])
        services.roadmap_template_publish(acting_user=world.people["district_admin"], template=draft)
    with django_assert_max_num_queries(12):
        assert client.get("/templates/roadmap/").status_code == 200


# --- API at the district's host -------------------------------------------------------------------------


def test_api_lists_and_retrieves_versions(world, django_assert_max_num_queries):
    client = client_for(None, world.people["district_analyst"])
    response = client.get("/api/roadmap-templates/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 1 and body[0]["version"] == 1 and body[0]["is_published"]
    detail = client.get(f"/api/roadmap-templates/{body[0]['id']}/").json()
    assert len(detail["stages"]) == 7
    with django_assert_max_num_queries(10):
        client.get(f"/api/roadmap-templates/{body[0]['id']}/")
    with django_assert_max_num_queries(10):
        client.get("/api/roadmap-templates/")


def test_api_admin_creates_and_publishes_a_draft_the_analyst_cannot(world):
    services.roadmap_template_default()
    analyst = client_for(None, world.people["district_analyst"])
    assert analyst.post("/api/roadmap-templates/", {}, content_type="application/json").status_code == 404
    assert RoadmapTemplate.objects.count() == 1
    admin = client_for(None, world.people["district_admin"])
    response = admin.post("/api/roadmap-templates/", {"name": "Вариант 2"}, content_type="application/json")
    assert response.status_code == 201, response.content
    draft_id = response.json()["id"]
    assert response.json()["version"] == 2 and not response.json()["is_published"]
    assert analyst.post(f"/api/roadmap-templates/{draft_id}/publish/").status_code == 404
    assert not RoadmapTemplate.objects.get(pk=draft_id).published
    response = admin.post(f"/api/roadmap-templates/{draft_id}/publish/")
    assert response.status_code == 200 and response.json()["is_published"]
    again = admin.post(f"/api/roadmap-templates/{draft_id}/publish/")
    assert again.status_code == 400 and again.json()["errors"][0]["attr"] == "template"


def test_api_template_endpoints_are_not_at_a_school_host(world):
    client = client_for(world.school_a, world.people["director_a"])
    assert client.get("/api/roadmap-templates/").status_code == 404
