"""A school adopts the new version of a district standard questionnaire it uses: a new copy; the
campaigns already run keep their questionnaire and their answers never change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tenants.utils import schema_context

from mentoring.models import ProgrammeStatus
from regulation_templates.models import TemplateAdoption, TemplateKind
from school.selectors import templates_updates_for_school
from staff.models import StaffMember
from survey_templates import services as template_services
from survey_templates.models import QuestionKind, QuestionnaireTemplate
from survey_templates.questions import QuestionInput
from surveys import services
from surveys.models import Answer, Campaign, Question, Questionnaire
from tests.conftest import client_for
from tests.programmes import factories as f

NEW_QUESTION = "Что бы вы посоветовали следующему наставляемому?"


def _answer(question: Question) -> object:
    if question.kind == QuestionKind.SCALE:
        return question.scale_max
    if question.kind == QuestionKind.SINGLE:
        return question.options[0]
    if question.kind == QuestionKind.MULTIPLE:
        return [question.options[0]]
    return "Всё было полезно"


def publish_new_version(world) -> QuestionnaireTemplate:  # type: ignore[no-untyped-def]
    """The district withdraws the mentees' questionnaire, adds a question and publishes it: version 2."""
    admin = world.people["district_admin"]
    template = QuestionnaireTemplate.objects.get(key="mentee_satisfaction")
    template = template_services.template_withdraw(acting_user=admin, template=template)
    questions = [QuestionInput(q.text, q.kind, scale_max=q.scale_max, options=tuple(q.options), required=q.required)
                 for q in template.questions.order_by("order")]
    questions.append(QuestionInput(NEW_QUESTION, QuestionKind.TEXT, required=False))
    template = template_services.template_update(acting_user=admin, template=template, title=template.title,
                                                 description=template.description, audience=template.audience,
                                                 questions=questions)
    return template_services.template_publish(acting_user=admin, template=template)


@pytest.fixture
def answered_v1(world):  # type: ignore[no-untyped-def]
    """School A uses version 1 of the mentees' questionnaire and ran a campaign that mentee_a answered."""
    curator = world.people["curator_a"]
    template = QuestionnaireTemplate.objects.get(key="mentee_satisfaction")
    assert template.version == 1 and template.published
    with schema_context(world.school_a.schema_name):
        copy = services.questionnaire_use_template(school=world.school_a, acting_user=curator, template=template)
        mentor = StaffMember.objects.get(person=world.people["mentor_a"])
        mentee = StaffMember.objects.get(person=world.people["mentee_a"])
        programme = f.programme(f.pair(mentor, [mentee]), status=ProgrammeStatus.ACTIVE)
        today = timezone.localdate()
        campaign = services.campaign_create(
            school=world.school_a, acting_user=curator, questionnaire=copy, title="Мониторинг v1",
            opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=7), anonymous=False,
            programmes=[programme], for_mentors=False, for_mentees=True)
        campaign = services.campaign_open(school=world.school_a, acting_user=curator, campaign=campaign)
        questions = list(copy.questions.order_by("order"))
        services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=campaign,
                                 answers={str(q.pk): _answer(q) for q in questions})
    return {"copy": copy, "campaign": campaign, "template": template}


def _answers_state(world) -> list[tuple]:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return sorted(Answer.objects.values_list("pk", "question_id", "question__questionnaire_id", "scale_value",
                                                 "choices", "text"))


def test_a_newer_version_of_a_questionnaire_in_use_is_a_pending_update(world, answered_v1):
    with schema_context(world.school_a.schema_name):
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []
    template = publish_new_version(world)
    with schema_context(world.school_a.schema_name):
        [update] = templates_updates_for_school(membership=world.people["curator_a"].memberships.get())
        assert (update.kind, update.template_id, update.current_version, update.new_version) == (
            TemplateKind.QUESTIONNAIRE, template.pk, 1, 2)
    # A school that never used it is not told of an update (it is an offer on the surveys page).
    with schema_context(world.school_b.schema_name):
        assert templates_updates_for_school(membership=world.people["curator_b"].memberships.get()) == []


def test_adopting_makes_a_new_copy_and_the_campaign_run_keeps_its_answers(world, answered_v1):
    template = publish_new_version(world)
    before = _answers_state(world)
    with schema_context(world.school_a.schema_name):
        old_questions = list(Question.objects.filter(questionnaire=answered_v1["copy"]).values_list("pk", "text"))
        new_copy = services.questionnaire_use_template(school=world.school_a, acting_user=world.people["curator_a"],
                                                       template=template)
        assert new_copy.pk != answered_v1["copy"].pk and new_copy.template_version == 2
        assert new_copy.questions.filter(text=NEW_QUESTION).exists()
        # The campaign already run keeps its questionnaire, its questions and its answers.
        campaign = Campaign.objects.get(pk=answered_v1["campaign"].pk)
        assert campaign.questionnaire_id == answered_v1["copy"].pk
        assert list(Question.objects.filter(questionnaire=answered_v1["copy"]).values_list("pk", "text")) == \
            old_questions
        assert Questionnaire.objects.filter(template_id=template.pk).count() == 2
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []
    assert _answers_state(world) == before
    assert TemplateAdoption.objects.filter(school=world.school_a, kind=TemplateKind.QUESTIONNAIRE,
                                           template_id=template.pk, version=2).exists()


@pytest.mark.parametrize("key", ["director_a", "teacher_a", "mentor_a"])
def test_without_the_capability_nobody_adopts(world, answered_v1, key):
    template = publish_new_version(world)
    with schema_context(world.school_a.schema_name):
        with pytest.raises(PermissionDenied):
            services.questionnaire_use_template(school=world.school_a, acting_user=world.people[key],
                                                template=template)
        assert Questionnaire.objects.filter(template_id=template.pk).count() == 1
        kinds = [u.kind for u in templates_updates_for_school(membership=world.people[key].memberships.get())]
        assert TemplateKind.QUESTIONNAIRE not in kinds


def test_the_surveys_pages_show_the_update_with_adopt(world, answered_v1):
    template = publish_new_version(world)
    client = client_for(world.school_a, world.people["curator_a"])
    for url in ("/surveys/", "/surveys/questionnaires/"):
        page = client.get(url).content.decode()
        assert "A new version is available" in page and f"/surveys/standard/{template.pk}/use/" in page, url
    home = client.get("/").content.decode()
    assert "A new version is available" in home and "/surveys/questionnaires/#template-updates" in home
    response = client.post(f"/surveys/standard/{template.pk}/use/", {"version": "2"})
    assert response.status_code == 302
    assert "A new version is available" not in client.get("/surveys/").content.decode()
    # The director reads the surveys but does not run them: no update, no button.
    page = client_for(world.school_a, world.people["director_a"]).get("/surveys/").content.decode()
    assert "A new version is available" not in page


def test_the_district_list_counts_the_schools_on_each_version(world, answered_v1):
    template = publish_new_version(world)
    page = client_for(None, world.people["district_analyst"]).get("/templates/surveys/")
    row = next(t for t in page.context["templates"] if t.pk == template.pk)
    assert row.adoptions == [(1, 1)]
    with schema_context(world.school_a.schema_name):
        services.questionnaire_use_template(school=world.school_a, acting_user=world.people["curator_a"],
                                            template=template)
    page = client_for(None, world.people["district_analyst"]).get("/templates/surveys/")
    row = next(t for t in page.context["templates"] if t.pk == template.pk)
    assert row.adoptions == [(2, 1)]
    assert "version 2: 1" in page.content.decode()
