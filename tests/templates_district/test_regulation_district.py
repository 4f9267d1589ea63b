"""The district's regulation template: versions, drafts, publishing (refused when it does not render),
the pages and the API at the district's host, and who may do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from regulation_templates import services
from regulation_templates.models import RegulationTemplate, TemplateAdoption, TemplateKind
from tests.conftest import client_for
from tests.templates_district.conftest import V2_SENTENCE, publish_regulation, standard_regulation


def _is_not_found(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 404


def _state() -> list[tuple]:
    return list(RegulationTemplate.objects.order_by("version").values_list("version", "published", "body", "note"))


def test_version_1_is_the_standard_wording_published(world):
    v1 = RegulationTemplate.objects.get(version=1)
    assert v1.published and v1.published_at is not None
    assert v1.body == standard_regulation()
    assert services.regulation_template_default() == v1


def test_a_draft_copies_the_latest_version_and_only_one_is_open(world):
    admin = world.people["district_admin"]
    draft = services.regulation_template_draft_create(acting_user=admin)
    assert (draft.version, draft.published, draft.body) == (2, False, standard_regulation())
    with pytest.raises(ValidationError) as error:
        services.regulation_template_draft_create(acting_user=admin)
    assert error.value.error_dict["template"][0].code == "draft_open"
    assert RegulationTemplate.objects.count() == 2


def test_a_published_version_never_changes(world):
    v2 = publish_regulation(world)
    assert v2.version == 2 and v2.published and v2.body.endswith(V2_SENTENCE)
    before = _state()
    for call in (lambda: services.regulation_template_draft_update(acting_user=world.people["district_admin"],
                                                                   template=v2, body="Иной текст"),
                 lambda: services.regulation_template_publish(acting_user=world.people["district_admin"],
                                                              template=v2)):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.error_dict["template"][0].code == "published"
    assert _state() == before


@pytest.mark.parametrize(("line", "expected"), [
    ("Подпись: {{ director.signature }}", "{{ director.signature }}"),
    ("Школа: {{ school name }}", "{{ school name }}"),
])
def test_publishing_a_text_that_does_not_render_names_the_placeholder_and_line_and_changes_nothing(
        world, line, expected):
    admin = world.people["district_admin"]
    draft = services.regulation_template_draft_create(acting_user=admin)
    body = draft.body + "\n" + line
    draft = services.regulation_template_draft_update(acting_user=admin, template=draft, body=body)
    line_number = len(body.splitlines())
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.regulation_template_publish(acting_user=admin, template=draft)
    message = " ".join(error.value.messages)
    assert expected in message and f"line {line_number}" in message
    assert _state() == before
    assert not RegulationTemplate.objects.get(pk=draft.pk).published
    assert not AuditEvent.objects.filter(action="regulation_templates.published").exists()


def test_the_draft_check_also_refuses_a_broken_layout(world):
    admin = world.people["district_admin"]
    draft = services.regulation_template_draft_create(acting_user=admin)
    draft = services.regulation_template_draft_update(acting_user=admin, template=draft,
                                                      body="Лишняя строка\ntitle: ПОЛОЖЕНИЕ\n---\nТекст")
    with pytest.raises(ValidationError) as error:
        services.regulation_template_publish(acting_user=admin, template=draft)
    assert "Line 1" in " ".join(error.value.messages)
    assert not RegulationTemplate.objects.get(pk=draft.pk).published


def test_an_empty_draft_is_refused(world):
    admin = world.people["district_admin"]
    draft = services.regulation_template_draft_create(acting_user=admin)
    with pytest.raises(ValidationError) as error:
        services.regulation_template_draft_update(acting_user=admin, template=draft, body="  \n ")
    assert error.value.error_dict["body"][0].code == "required"
    assert RegulationTemplate.objects.get(pk=draft.pk).body == standard_regulation()


def test_only_the_district_administrator_writes(world):
    analyst = world.people["district_analyst"]
    with pytest.raises(PermissionDenied):
        services.regulation_template_draft_create(acting_user=analyst)
    draft = services.regulation_template_draft_create(acting_user=world.people["district_admin"])
    for call in (lambda: services.regulation_template_draft_update(acting_user=analyst, template=draft, body="x"),
                 lambda: services.regulation_template_publish(acting_user=analyst, template=draft)):
        with pytest.raises(PermissionDenied):
            call()
    assert RegulationTemplate.objects.get(pk=draft.pk).body == standard_regulation()
    assert not RegulationTemplate.objects.get(pk=draft.pk).published


# --- pages ----------------------------------------------------------------------------------------------


def test_the_admin_edits_and_publishes_from_the_pages(world):
    admin = client_for(None, world.people["district_admin"])
    page = admin.get("/templates/regulation/")
    assert page.status_code == 200 and "Version 1" in page.content.decode()
    response = admin.post("/templates/regulation/new/")
    draft = RegulationTemplate.objects.get(published=False)
    assert response.status_code == 302 and response["Location"].endswith(f"/templates/regulation/{draft.pk}/edit/")
    edit = admin.get(f"/templates/regulation/{draft.pk}/edit/").content.decode()
    assert "<textarea" in edit and "school.short_name" in edit
    response = admin.post(f"/templates/regulation/{draft.pk}/edit/",
                          {"body": draft.body + "\n" + V2_SENTENCE, "note": "Дневник"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body.endswith(V2_SENTENCE) and draft.note == "Дневник"
    response = admin.post(f"/templates/regulation/{draft.pk}/publish/", follow=True)
    assert "is published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.published
    # A published version has no editor any more.
    response = admin.post(f"/templates/regulation/{draft.pk}/edit/", {"body": "Иной"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body.endswith(V2_SENTENCE)


def test_the_publish_page_shows_the_placeholder_and_line_and_publishes_nothing(world):
    admin = client_for(None, world.people["district_admin"])
    admin.post("/templates/regulation/new/")
    draft = RegulationTemplate.objects.get(published=False)
    body = draft.body + "\nПодпись: {{ director.signature }}"
    response = admin.post(f"/templates/regulation/{draft.pk}/edit/", {"body": body}, follow=True)
    page = response.content.decode()
    # Saved as a draft, with the reason it cannot be published yet.
    assert "cannot be published yet" in page and "director.signature" in page
    response = admin.post(f"/templates/regulation/{draft.pk}/publish/", follow=True)
    page = response.content.decode()
    assert "is not published" in page and "director.signature" in page
    assert f"line {len(body.splitlines())}" in page
    draft.refresh_from_db()
    assert not draft.published


def test_the_analyst_reads_but_cannot_write(world):
    v2 = publish_regulation(world)
    analyst = client_for(None, world.people["district_analyst"])
    assert analyst.get("/templates/regulation/").status_code == 200
    page = analyst.get(f"/templates/regulation/{v2.pk}/").content.decode()
    assert V2_SENTENCE in page and "/publish/" not in page and "/edit/" not in page
    before = _state()
    assert _is_not_found(analyst.post("/templates/regulation/new/"))
    assert _is_not_found(analyst.get(f"/templates/regulation/{v2.pk}/edit/"))
    assert _is_not_found(analyst.post(f"/templates/regulation/{v2.pk}/edit/", {"body": "Взлом"}))
    assert _is_not_found(analyst.post(f"/templates/regulation/{v2.pk}/publish/"))
    assert _state() == before


def test_school_people_and_anonymous_get_nothing_at_the_district(world):
    v1 = RegulationTemplate.objects.get(version=1)
    for key in ("director_a", "curator_a", "admin_alpha", "curator_b"):
        client = client_for(None, world.people[key])
        for url in ("/templates/regulation/", f"/templates/regulation/{v1.pk}/",
                    f"/templates/regulation/{v1.pk}/edit/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), (key, url)
        response = client.post("/templates/regulation/new/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client.post("/api/regulation-templates/", {}).status_code == 401
    response = client_for(None).get("/templates/regulation/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert RegulationTemplate.objects.count() == 1
    # At a school's host the district's pages do not exist.
    assert client_for(world.school_a, world.people["director_a"]).get("/templates/regulation/").status_code == 404


def test_the_list_shows_how_many_schools_use_each_version(world):
    v2 = publish_regulation(world)
    page = client_for(None, world.people["district_analyst"]).get("/templates/regulation/")
    counts = {t.version: t.adopted_count for t in page.context["versions"]}
    # Both schools start on version 1 (the template school is not counted).
    assert counts == {2: 0, 1: 2}
    from documents.services import regulation_adopt

    with schema_context(world.school_a.schema_name):
        regulation_adopt(school=world.school_a, acting_user=world.people["curator_a"], template=v2)
    assert TemplateAdoption.objects.filter(school=world.school_a, kind=TemplateKind.REGULATION, version=2).exists()
    page = client_for(None, world.people["district_analyst"]).get("/templates/regulation/")
    assert {t.version: t.adopted_count for t in page.context["versions"]} == {2: 1, 1: 1}


def test_the_list_query_count_is_flat(world, django_assert_max_num_queries):
    client = client_for(None, world.people["district_analyst"])
    client.get("/templates/regulation/")
    with django_assert_max_num_queries(12):
        assert client.get("/templates/regulation/").status_code == 200
    for n in range(3):
        publish_regulation(world, sentence=f"Дополнение {n}.")
    with django_assert_max_num_queries(12):
        assert client.get("/templates/regulation/").status_code == 200


# --- API at the district's host -------------------------------------------------------------------------


def test_api_reads_for_every_district_role_and_writes_for_the_admin(world):
    analyst = client_for(None, world.people["district_analyst"])
    body = analyst.get("/api/regulation-templates/").json()
    assert [(row["version"], row["is_published"], row["adopted_count"]) for row in body] == [(1, True, 2)]
    detail = analyst.get(f"/api/regulation-templates/{body[0]['id']}/").json()
    assert detail["body"] == standard_regulation()
    assert analyst.post("/api/regulation-templates/", {}, content_type="application/json").status_code == 404
    assert RegulationTemplate.objects.count() == 1
    admin = client_for(None, world.people["district_admin"])
    response = admin.post("/api/regulation-templates/", {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 2
    draft_id = response.json()["id"]
    assert analyst.put(f"/api/regulation-templates/{draft_id}/", {"body": "Взлом"},
                       content_type="application/json").status_code == 404
    assert analyst.post(f"/api/regulation-templates/{draft_id}/publish/").status_code == 404
    assert RegulationTemplate.objects.get(pk=draft_id).body == standard_regulation()
    response = admin.put(f"/api/regulation-templates/{draft_id}/",
                         {"body": standard_regulation() + "\n" + V2_SENTENCE, "note": "Дневник"},
                         content_type="application/json")
    assert response.status_code == 200 and response.json()["note"] == "Дневник"
    response = admin.post(f"/api/regulation-templates/{draft_id}/publish/")
    assert response.status_code == 200 and response.json()["is_published"]


def test_api_publish_of_a_text_that_does_not_render_is_a_400_naming_the_placeholder_and_line(world):
    admin = client_for(None, world.people["district_admin"])
    draft_id = admin.post("/api/regulation-templates/", {}, content_type="application/json").json()["id"]
    body = standard_regulation() + "\n{{ mentor.favourite_colour }}"
    assert admin.put(f"/api/regulation-templates/{draft_id}/", {"body": body},
                     content_type="application/json").status_code == 200
    response = admin.post(f"/api/regulation-templates/{draft_id}/publish/")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == "body" and error["code"] == "unknown_placeholder"
    assert "mentor.favourite_colour" in error["detail"] and f"line {len(body.splitlines())}" in error["detail"]
    assert not RegulationTemplate.objects.get(pk=draft_id).published


def test_api_regulation_templates_are_not_at_a_school_host(world):
    assert client_for(world.school_a, world.people["director_a"]).get("/api/regulation-templates/").status_code == 404
