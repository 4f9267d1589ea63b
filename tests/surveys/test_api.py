"""REST endpoints of the surveys and of the district's standard questionnaires."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from survey_templates.models import QuestionnaireTemplate
from surveys import services
from surveys.models import Answer, Campaign, Questionnaire, Response
from tests.conftest import client_for
from tests.surveys.conftest import make_survey


@pytest.fixture
def opened(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        survey = make_survey(world)
        campaign = survey.campaign(world)
    return survey, campaign


def _snapshot(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return (Questionnaire.objects.count(), sorted(Campaign.objects.values_list("id", "status")),
                Response.objects.count(), Answer.objects.count())


def test_the_curator_reads_questionnaires_campaigns_and_results(world, opened):
    survey, campaign = opened
    client = client_for(world.school_a, world.people["curator_a"])
    listed = client.get("/api/questionnaires/").json()["results"]
    assert [q["title"] for q in listed] == ["Анкета наставляемого"]
    assert [q["kind"] for q in listed[0]["questions"]] == ["scale", "single", "multiple", "text"]
    standard = client.get("/api/questionnaires/standard/").json()
    assert {t["key"] for t in standard} >= {"mentor_satisfaction", "mentee_satisfaction", "curator_assessment"}
    campaigns = client.get("/api/campaigns/").json()["results"]
    assert campaigns[0]["invited_count"] == 3 and campaigns[0]["status"] == "open"
    results = client.get(f"/api/campaigns/{campaign.pk}/results/").json()
    assert results["respondents"] == 0 and len(results["questions"]) == 4


def test_respond_once_with_clear_messages(world, opened):
    survey, campaign = opened
    client = client_for(world.school_a, world.people["mentee_a"])
    url = f"/api/campaigns/{campaign.pk}/respond/"
    q = survey.questions
    bad = client.post(url, {"answers": survey.answers(scale=9)}, content_type="application/json")
    assert bad.status_code == 400
    assert "Question 1" in str(bad.json()) and _snapshot(world)[2:] == (0, 0)
    assert client.post(url, {"answers": survey.answers(single="Никогда")}, content_type="application/json"
                       ).status_code == 400
    assert client.post(url, {"answers": survey.answers()}, content_type="application/json").status_code == 201
    before = _snapshot(world)
    again = client.post(url, {"answers": survey.answers(scale=1)}, content_type="application/json")
    assert again.status_code == 400 and "already answered" in str(again.json())
    assert _snapshot(world) == before
    mine = client.get("/api/my-surveys/").json()
    assert mine == [{**mine[0], "campaign": str(campaign.pk), "answered": True, "can_answer": False}]
    with tenant_context(world.school_a):
        assert Answer.objects.get(question=q[0]).scale_value == 5


@pytest.mark.parametrize("who", ["teacher_a", "curator_a"])
def test_a_person_not_invited_gets_404_on_respond(world, opened, who):
    survey, campaign = opened
    before = _snapshot(world)
    response = client_for(world.school_a, world.people[who]).post(
        f"/api/campaigns/{campaign.pk}/respond/", {"answers": survey.answers()}, content_type="application/json")
    missing = client_for(world.school_a, world.people[who]).post(
        "/api/campaigns/00000000-0000-0000-0000-000000000000/respond/", {"answers": {}},
        content_type="application/json")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert _snapshot(world) == before


@pytest.mark.parametrize("who", ["teacher_a", "mentee_a", "mentor_a"])
def test_without_the_right_the_lists_and_results_are_404(world, opened, who):
    _survey, campaign = opened
    client = client_for(world.school_a, world.people[who])
    for url in ("/api/questionnaires/", "/api/campaigns/", f"/api/campaigns/{campaign.pk}/",
                f"/api/campaigns/{campaign.pk}/results/"):
        assert client.get(url).status_code == 404, url


def test_the_director_reads_but_cannot_open_or_close(world, opened):
    _survey, campaign = opened
    client = client_for(world.school_a, world.people["director_a"])
    assert client.get(f"/api/campaigns/{campaign.pk}/results/").status_code == 200
    before = _snapshot(world)
    assert client.post(f"/api/campaigns/{campaign.pk}/close/").status_code == 404
    assert _snapshot(world) == before


def test_school_b_gets_404_for_school_a_campaigns(world, opened):
    _survey, campaign = opened
    client = client_for(world.school_b, world.people["curator_b"])
    assert client.get(f"/api/campaigns/{campaign.pk}/results/").status_code == 404
    assert client.get("/api/campaigns/").json()["results"] == []
    assert client_for(world.school_b, world.people["both"]).post(
        f"/api/campaigns/{campaign.pk}/respond/", {"answers": {}}, content_type="application/json").status_code == 404


def test_district_people_get_nothing_of_a_school(world, opened):
    _survey, campaign = opened
    for who in ("district_admin", "district_analyst"):
        response = client_for(world.school_a, world.people[who]).get(f"/api/campaigns/{campaign.pk}/results/")
        assert response.status_code == 401


def test_create_open_and_close_a_campaign(world, opened):
    survey, _campaign = opened
    client = client_for(world.school_a, world.people["curator_a"])
    today = timezone.localdate()
    body = {"questionnaire": str(survey.questionnaire.pk), "title": "Через API", "opens_on": today.isoformat(),
            "closes_on": (today - dt.timedelta(days=1)).isoformat(), "programmes": [str(survey.programme.pk)],
            "for_mentees": True, "anonymous": True}
    bad = client.post("/api/campaigns/", body, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["attr"] == "closes_on"
    body["closes_on"] = (today + dt.timedelta(days=5)).isoformat()
    made = client.post("/api/campaigns/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["invited_count"] == 2 and made.json()["status"] == "draft"
    pk = made.json()["id"]
    assert client.post(f"/api/campaigns/{pk}/open/").json()["status"] == "open"
    assert client.post(f"/api/campaigns/{pk}/open/").status_code == 400
    assert client.post(f"/api/campaigns/{pk}/close/").json()["status"] == "closed"


def test_questionnaires_through_the_api(world):
    client = client_for(world.school_a, world.people["curator_a"])
    body = {"title": "Своя", "audience": "mentors", "questions": [
        {"text": "Оцените", "kind": "scale", "scale_max": 4},
        {"text": "Выбор", "kind": "multiple", "options": ["А"]}]}
    bad = client.post("/api/questionnaires/", body, content_type="application/json")
    assert bad.status_code == 400 and "Question 2" in str(bad.json()["errors"])
    body["questions"][1]["options"] = ["А", "Б"]
    made = client.post("/api/questionnaires/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["questions"][0]["scale_max"] == 4
    template = QuestionnaireTemplate.objects.get(key="mentee_satisfaction")
    copy = client.post("/api/questionnaires/use-template/", {"template": str(template.pk)},
                       content_type="application/json")
    assert copy.status_code == 201 and copy.json()["is_district_standard"]
    refused = client.put(f"/api/questionnaires/{copy.json()['id']}/", body, content_type="application/json")
    assert refused.status_code == 400 and "standard" in str(refused.json())


def test_questionnaire_templates_api(world):
    admin = client_for(None, world.people["district_admin"])
    analyst = client_for(None, world.people["district_analyst"])
    listed = analyst.get("/api/questionnaire-templates/").json()
    assert listed["count"] >= 3
    template = QuestionnaireTemplate.objects.get(key="mentor_satisfaction")
    assert analyst.post(f"/api/questionnaire-templates/{template.pk}/withdraw/").status_code == 404
    withdrawn = admin.post(f"/api/questionnaire-templates/{template.pk}/withdraw/").json()
    assert withdrawn["published"] is False and withdrawn["version"] == 2
    made = admin.post("/api/questionnaire-templates/", {"title": "Новая", "audience": "curator", "questions": [
        {"text": "Оцените", "kind": "scale"}]}, content_type="application/json")
    assert made.status_code == 201 and made.json()["published"] is False
    assert admin.post(f"/api/questionnaire-templates/{made.json()['id']}/publish/").json()["published"] is True
    # A school's people get nothing at the district's host.
    assert client_for(None, world.people["curator_a"]).get("/api/questionnaire-templates/").status_code == 401


@pytest.mark.parametrize("url", ["/api/questionnaires/", "/api/campaigns/"])
def test_list_endpoints_do_not_query_per_row(world, opened, url, django_assert_max_num_queries):
    survey, _campaign = opened
    client = client_for(world.school_a, world.people["curator_a"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with tenant_context(world.school_a):
        for number in range(8):
            survey.campaign(world, title=f"Кампания {number}")
            services.questionnaire_create(school=world.school_a, acting_user=world.people["curator_a"],
                                          title=f"Анкета {number}", audience="mentors",
                                          questions=survey.questionnaire_inputs())
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_schema_documents_the_survey_endpoints(world):
    schema = client_for(world.school_a, world.people["curator_a"]).get("/api/schema/").content.decode()
    for path in ("/api/questionnaires/", "/api/campaigns/{id}/respond/", "/api/campaigns/{id}/results/",
                 "/api/my-surveys/"):
        assert path in schema, path
