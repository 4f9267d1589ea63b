"""School-side API: GET /api/templates/updates/ and the adopt endpoints; who gets what."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from documents.catalogue import DocumentKind
from documents.models import AdoptedTemplate, DocumentText
from documents.services import document_text_save
from regulation_templates.models import TemplateAdoption
from roadmap.models import Roadmap
from surveys.models import Questionnaire
from tests.conftest import client_for
from tests.templates_district.conftest import publish_regulation, publish_roadmap
from tests.templates_district.test_adopt_surveys import answered_v1, publish_new_version  # noqa: F401
from tests.test_api import token_client

UPDATES = "/api/templates/updates/"
REGULATION = "/api/templates/updates/regulation/adopt/"
ROADMAP = "/api/templates/updates/roadmap/adopt/"


def _questionnaire_url(template_id: object) -> str:
    return f"/api/templates/updates/questionnaires/{template_id}/adopt/"


@pytest.fixture
def everything_new(world, fresh_roadmaps, answered_v1):  # type: ignore[no-untyped-def]  # noqa: F811
    """A newer regulation, roadmap template and mentees' questionnaire than school A uses."""
    return {"regulation": publish_regulation(world), "roadmap": publish_roadmap(world),
            "questionnaire": publish_new_version(world)}


def _state(world) -> tuple:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        school = (list(AdoptedTemplate.objects.values_list("version", flat=True)),
                  list(DocumentText.objects.values_list("body", flat=True)),
                  list(Roadmap.objects.values_list("template_version", flat=True)),
                  sorted(Questionnaire.objects.filter(template_id__isnull=False).values_list("template_version",
                                                                                              flat=True)))
    return school, TemplateAdoption.objects.filter(school=world.school_a).count()


def test_the_updates_list_what_the_person_may_adopt(world, everything_new, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get(UPDATES)
    with django_assert_max_num_queries(14):
        response = client.get(UPDATES)
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()}
    assert set(rows) == {"regulation", "roadmap", "questionnaire"}
    assert (rows["regulation"]["current_version"], rows["regulation"]["new_version"]) == (1, 2)
    assert rows["regulation"]["note"] == "Добавлен дневник наставничества"
    assert rows["questionnaire"]["template_id"] == str(everything_new["questionnaire"].pk)
    # The director adopts the regulation and the roadmap, not the questionnaires.
    rows = client_for(world.school_a, world.people["director_a"]).get(UPDATES).json()
    assert {row["kind"] for row in rows} == {"regulation", "roadmap"}
    # School B never used the questionnaire: its curator is offered the regulation and the roadmap.
    rows = client_for(world.school_b, world.people["curator_b"]).get(UPDATES).json()
    assert {row["kind"] for row in rows} == {"regulation", "roadmap"}


def test_adopting_each_kind(world, everything_new):
    client = token_client(world.school_a, world.people["curator_a"])
    response = client.post(REGULATION, {"version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {
        "kind": "regulation", "template_id": str(everything_new["regulation"].pk), "version": 2}
    response = client.post(ROADMAP, {"version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.post(_questionnaire_url(everything_new["questionnaire"].pk))
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.get(UPDATES).json() == []
    assert _state(world)[0] == ([2], [], [2], [1, 2])
    # School B is untouched, and still has its updates.
    with schema_context(world.school_b.schema_name):
        assert not AdoptedTemplate.objects.exists() and Roadmap.objects.get().template_version == 1
    assert len(client_for(world.school_b, world.people["curator_b"]).get(UPDATES).json()) == 2


def test_adopt_errors_are_400_on_the_field_and_change_nothing(world, everything_new):
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        document_text_save(school=world.school_a, acting_user=world.people["curator_a"],
                           kind=DocumentKind.REGULATION, body="Своя редакция {{ school.short_name }}")
    before = _state(world)
    response = client.post(REGULATION, {"version": 2}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "replace_own_text"
    for url, body, attr in ((REGULATION, {"version": 1}, "version"), (REGULATION, {"version": 9}, "version"),
                            (ROADMAP, {"version": 1}, "version"), (ROADMAP, {"version": 9}, "version"),
                            (ROADMAP, {}, "version")):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400 and response.json()["errors"][0]["attr"] == attr, (url, body)
    assert client.post(_questionnaire_url(uuid.uuid4())).status_code == 404
    assert _state(world) == before
    response = client.post(REGULATION, {"version": 2, "replace_own_text": True}, content_type="application/json")
    assert response.status_code == 200
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha", "director_b", "outsider"])
def test_without_a_right_everything_is_404(world, everything_new, key):
    client = token_client(world.school_a, world.people[key])
    before = _state(world)
    assert client.get(UPDATES).status_code == 404
    assert client.post(REGULATION, {"version": 2}, content_type="application/json").status_code == 404
    assert client.post(ROADMAP, {"version": 2}, content_type="application/json").status_code == 404
    assert client.post(_questionnaire_url(everything_new["questionnaire"].pk)).status_code == 404
    assert _state(world) == before


def test_the_director_cannot_adopt_a_questionnaire(world, everything_new):
    client = token_client(world.school_a, world.people["director_a"])
    before = _state(world)
    assert client.post(_questionnaire_url(everything_new["questionnaire"].pk)).status_code == 404
    assert _state(world) == before


def test_anonymous_and_the_district_get_nothing(world, everything_new):
    before = _state(world)
    anonymous = client_for(world.school_a)
    assert anonymous.get(UPDATES).status_code == 401
    assert anonymous.post(REGULATION, {"version": 2}, content_type="application/json").status_code == 401
    district = client_for(None, world.people["district_admin"])
    assert district.get(UPDATES).status_code == 404
    assert district.post(REGULATION, {"version": 2}, content_type="application/json").status_code == 404
    assert _state(world) == before
