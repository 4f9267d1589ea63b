"""Pages of the monitoring surveys: who sees what, isolation between schools, the forms at work, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from survey_templates.models import QuestionnaireTemplate
from surveys import services
from surveys.models import Answer, Campaign, Invitation, Questionnaire, Response
from tests.conftest import client_for
from tests.surveys.conftest import make_survey


@pytest.fixture
def opened(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        survey = make_survey(world)
        campaign = survey.campaign(world)
    return survey, campaign


def _is_not_found(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 404 and "404.html" in [t.name for t in response.templates]


def _results_pages(campaign, survey):  # type: ignore[no-untyped-def]
    return ["/surveys/", "/surveys/questionnaires/", f"/surveys/questionnaires/{survey.questionnaire.pk}/",
            f"/surveys/campaigns/{campaign.pk}/", f"/surveys/campaigns/{campaign.pk}/results/"]


def _snapshot(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return (Questionnaire.objects.count(), sorted(Campaign.objects.values_list("id", "status")),
                Response.objects.count(), Answer.objects.count(),
                sorted(Invitation.objects.values_list("id", "answered")))


def test_the_curator_and_the_director_see_campaigns_and_results(world, opened):
    survey, campaign = opened
    for who in ("curator_a", "director_a"):
        client = client_for(world.school_a, world.people[who])
        for url in _results_pages(campaign, survey):
            assert client.get(url).status_code == 200, (who, url)
    page = client_for(world.school_a, world.people["curator_a"]).get("/surveys/questionnaires/").content.decode()
    assert "Анкета удовлетворённости наставляемого" in page  # the district's standard ones, to use


@pytest.mark.parametrize("who", ["teacher_a", "mentee_a", "mentor_a"])
def test_without_the_right_campaigns_and_results_are_404(world, opened, who):
    survey, campaign = opened
    client = client_for(world.school_a, world.people[who])
    for url in _results_pages(campaign, survey) + ["/surveys/campaigns/new/", "/surveys/questionnaires/new/"]:
        assert _is_not_found(client.get(url)), url


def test_the_director_reads_but_does_not_run_campaigns(world, opened):
    _survey, campaign = opened
    client = client_for(world.school_a, world.people["director_a"])
    before = _snapshot(world)
    assert _is_not_found(client.post(f"/surveys/campaigns/{campaign.pk}/close/"))
    assert _is_not_found(client.get("/surveys/campaigns/new/"))
    assert _snapshot(world) == before


def test_school_b_sees_nothing_of_school_a(world, opened):
    survey, campaign = opened
    # Its curator at A's host is not let in at all.
    response = client_for(world.school_a, world.people["curator_b"]).get(f"/surveys/campaigns/{campaign.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    # At its own host, A's ids are the same 404 as missing ones, and its lists are empty of A.
    client = client_for(world.school_b, world.people["curator_b"])
    for url in _results_pages(campaign, survey)[2:] + [f"/surveys/answer/{campaign.pk}/"]:
        assert _is_not_found(client.get(url)), url
    assert "Мониторинг 2025/2026" not in client.get("/surveys/").content.decode()
    # «both» is invited in A; in B the same campaign id is nothing.
    assert _is_not_found(client_for(world.school_b, world.people["both"]).get(f"/surveys/answer/{campaign.pk}/"))


def test_district_people_see_nothing_of_a_school(world, opened):
    survey, campaign = opened
    for who in ("district_admin", "district_analyst"):
        client = client_for(world.school_a, world.people[who])
        response = client.get(f"/surveys/campaigns/{campaign.pk}/results/")
        assert response.status_code == 302 and "Мониторинг" not in response.content.decode()


def test_the_respondent_answers_through_the_form_once(world, opened):
    survey, campaign = opened
    client = client_for(world.school_a, world.people["mentee_a"])
    mine = client.get("/surveys/mine/").content.decode()
    assert "Мониторинг 2025/2026" in mine and f"/surveys/answer/{campaign.pk}/" in mine
    form = client.get(f"/surveys/answer/{campaign.pk}/").content.decode()
    for text in ("полезность встреч", 'type="radio"', 'type="checkbox"', "<textarea", "Раз в месяц"):
        assert text in form
    q = survey.questions
    bad = client.post(f"/surveys/answer/{campaign.pk}/", {str(q[0].pk): "7", str(q[1].pk): "Раз в неделю",
                                                          str(q[2].pk): ["Встречи"]})
    assert bad.status_code == 200 and "Question 1" in bad.content.decode()
    with tenant_context(world.school_a):
        assert not Response.objects.exists()
    good = client.post(f"/surveys/answer/{campaign.pk}/", {str(q[0].pk): "4", str(q[1].pk): "Раз в неделю",
                                                           str(q[2].pk): ["Встречи", "Консультации"]})
    assert good.status_code == 302
    again = client.post(f"/surveys/answer/{campaign.pk}/", {str(q[0].pk): "1", str(q[1].pk): "Раз в месяц",
                                                            str(q[2].pk): ["Встречи"]})
    assert "You have answered" in again.content.decode()  # the second answer is refused
    with tenant_context(world.school_a):
        assert Response.objects.count() == 1
        assert Answer.objects.get(question=q[0]).scale_value == 4
    assert "You have answered" in client.get(f"/surveys/answer/{campaign.pk}/").content.decode()


@pytest.mark.parametrize("who", ["teacher_a", "curator_a", "director_a"])
def test_a_person_not_invited_cannot_see_or_send_the_form(world, opened, who):
    survey, campaign = opened
    client = client_for(world.school_a, world.people[who])
    before = _snapshot(world)
    assert _is_not_found(client.get(f"/surveys/answer/{campaign.pk}/"))
    assert _is_not_found(client.post(f"/surveys/answer/{campaign.pk}/", {str(survey.questions[0].pk): "5"}))
    assert "Мониторинг 2025/2026" not in client.get("/surveys/mine/").content.decode()
    assert _snapshot(world) == before


def test_a_draft_campaign_is_not_shown_to_its_respondents_yet(world):
    with tenant_context(world.school_a):
        survey = make_survey(world)
        draft = survey.campaign(world, open_it=False)
    client = client_for(world.school_a, world.people["mentee_a"])
    assert _is_not_found(client.get(f"/surveys/answer/{draft.pk}/"))


def test_the_curator_writes_a_questionnaire_and_runs_a_campaign(world, opened):
    survey, _campaign = opened
    client = client_for(world.school_a, world.people["curator_a"])
    rows = {"q-TOTAL_FORMS": "3", "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "60"}
    bad = client.post("/surveys/questionnaires/new/", {
        "title": "Своя анкета", "audience": "mentors", **rows,
        "q-0-text": "Один вариант?", "q-0-kind": "single", "q-0-options": "Да", "q-0-required": "on"})
    assert bad.status_code == 200 and "Question 1" in bad.content.decode()
    response = client.post("/surveys/questionnaires/new/", {
        "title": "Своя анкета", "audience": "mentors", **rows,
        "q-0-text": "Оцените от 1 до 7", "q-0-kind": "scale", "q-0-scale_max": "7", "q-0-required": "on",
        "q-1-text": "Ваш выбор", "q-1-kind": "single", "q-1-options": "Да\nНет\n", "q-1-required": "on"})
    assert response.status_code == 302
    with tenant_context(world.school_a):
        mine = Questionnaire.objects.get(title="Своя анкета")
        assert list(mine.questions.values_list("kind", "scale_max", "options")) == [
            ("scale", 7, []), ("single", 5, ["Да", "Нет"])]
    today = timezone.localdate()
    response = client.post("/surveys/campaigns/new/", {
        "questionnaire": str(mine.pk), "title": "Наставники", "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=7)).isoformat(), "for_mentors": "on",
        "programmes": [str(survey.programme.pk)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(world.school_a):
        campaign = Campaign.objects.get(title="Наставники")
    assert client.post(f"/surveys/campaigns/{campaign.pk}/open/").status_code == 302
    with tenant_context(world.school_a):
        campaign.refresh_from_db()
        assert campaign.status == "open"
        assert list(campaign.invitations.values_list("staff__person__username", flat=True)) == ["mentor_a"]


def test_a_district_standard_copy_has_no_editor(world):
    template = QuestionnaireTemplate.objects.get(key="mentor_satisfaction")
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.post(f"/surveys/standard/{template.pk}/use/").status_code == 302
    with tenant_context(world.school_a):
        copy = Questionnaire.objects.get(template_id=template.pk)
    page = client.get(f"/surveys/questionnaires/{copy.pk}/").content.decode()
    assert "used as it is" in page and f"/surveys/questionnaires/{copy.pk}/edit/" not in page
    assert _is_not_found(client.get(f"/surveys/questionnaires/{copy.pk}/edit/"))
    before = _snapshot(world)
    response = client.post(f"/surveys/questionnaires/{copy.pk}/edit/", {"title": "Своя", "audience": "mentors"})
    assert _is_not_found(response) and _snapshot(world) == before


def test_the_results_page_draws_bars(world, opened):
    survey, campaign = opened
    with tenant_context(world.school_a):
        for who, scale in (("mentor_a", 5), ("mentee_a", 4), ("both", 3)):
            services.response_submit(school=world.school_a, acting_user=world.people[who], campaign=campaign,
                                     answers=survey.answers(scale=scale))
    page = client_for(world.school_a, world.people["director_a"]).get(
        f"/surveys/campaigns/{campaign.pk}/results/").content.decode()
    assert "width: 33%" in page and "3 of 3" in page and ("4.00" in page or "4,00" in page)


# --- District pages -----------------------------------------------------------------------------


def test_district_pages_of_the_standard_questionnaires(world):
    template = QuestionnaireTemplate.objects.get(key="curator_assessment")
    analyst = client_for(None, world.people["district_analyst"])
    assert "Оценка куратором" in analyst.get("/templates/surveys/").content.decode()
    assert analyst.get(f"/templates/surveys/{template.pk}/").status_code == 200
    assert _is_not_found(analyst.get("/templates/surveys/new/"))
    assert _is_not_found(analyst.post(f"/templates/surveys/{template.pk}/withdraw/"))
    assert QuestionnaireTemplate.objects.get(pk=template.pk).published
    admin = client_for(None, world.people["district_admin"])
    assert admin.post(f"/templates/surveys/{template.pk}/withdraw/").status_code == 302
    assert admin.get(f"/templates/surveys/{template.pk}/edit/").status_code == 200
    assert not QuestionnaireTemplate.objects.get(pk=template.pk).published


def test_school_people_do_not_see_district_pages(world):
    response = client_for(world.school_a, world.people["curator_a"]).get("/templates/surveys/")
    assert response.status_code == 404
    response = client_for(None, world.people["curator_a"]).get("/templates/surveys/")
    assert response.status_code == 302


# --- Query counts -------------------------------------------------------------------------------


def _more_campaigns(world, survey, count):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        for number in range(count):
            survey.campaign(world, title=f"Кампания {number}", open_it=number % 2 == 0)
            services.questionnaire_create(school=world.school_a, acting_user=world.people["curator_a"],
                                          title=f"Анкета {number}", audience="mentors",
                                          questions=survey.questionnaire_inputs())


@pytest.mark.parametrize("url", ["/surveys/", "/surveys/questionnaires/", "/surveys/mine/"])
def test_list_pages_do_not_query_per_row(world, opened, url, django_assert_max_num_queries):
    survey, _campaign = opened
    client = client_for(world.school_a, world.people["curator_a" if url != "/surveys/mine/" else "mentee_a"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_campaigns(world, survey, 12)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_results_page_queries_do_not_grow_with_answers(world, opened, django_assert_max_num_queries):
    survey, campaign = opened
    client = client_for(world.school_a, world.people["curator_a"])
    url = f"/surveys/campaigns/{campaign.pk}/results/"
    with tenant_context(world.school_a):
        services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=campaign,
                                 answers=survey.answers())
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with tenant_context(world.school_a):
        for who in ("mentor_a", "both"):
            services.response_submit(school=world.school_a, acting_user=world.people[who], campaign=campaign,
                                     answers=survey.answers(scale=2))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
    assert len(few) <= 14
