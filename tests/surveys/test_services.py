"""The rules of the monitoring surveys: questionnaires, campaigns, one answer per respondent, anonymity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from mentoring.models import ProgrammeStatus
from staff.models import StaffMember
from survey_templates import services as template_services
from survey_templates.models import QuestionKind, QuestionnaireTemplate
from survey_templates.questions import QuestionInput
from surveys import services
from surveys.models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response
from tests.programmes import factories as f
from tests.surveys.conftest import QUESTIONS


def _stored(campaign: Campaign) -> tuple[int, int, list[bool]]:
    return (Response.objects.filter(campaign=campaign).count(), Answer.objects.filter(
        response__campaign=campaign).count(), sorted(campaign.invitations.values_list("answered", flat=True)))


def _submit(world, survey, campaign, who="mentee_a", **answers):  # type: ignore[no-untyped-def]
    return services.response_submit(school=world.school_a, acting_user=world.people[who], campaign=campaign,
                                    answers=survey.answers(**answers))


# --- questionnaires -----------------------------------------------------------------------------


def test_a_questionnaire_with_a_wrong_question_names_it_and_saves_nothing(world, in_a):
    before = Questionnaire.objects.count()
    with pytest.raises(ValidationError) as error:
        services.questionnaire_create(
            school=world.school_a, acting_user=world.people["curator_a"], title="Анкета", audience="mentors",
            questions=[QUESTIONS[0], QuestionInput("Один вариант?", QuestionKind.SINGLE, options=("Да",))])
    assert "Question 2" in " ".join(error.value.message_dict["questions"])
    assert Questionnaire.objects.count() == before


def test_only_the_curator_side_writes_questionnaires(world, in_a):
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(school=world.school_a, acting_user=world.people["teacher_a"], title="Анкета",
                                      audience="mentors", questions=QUESTIONS)
    assert not Questionnaire.objects.filter(title="Анкета").exists()


def test_a_district_standard_questionnaire_is_used_as_it_is(world, in_a):
    template = QuestionnaireTemplate.objects.get(key="mentee_satisfaction")
    copy = services.questionnaire_use_template(school=world.school_a, acting_user=world.people["curator_a"],
                                               template=template)
    assert (copy.template_id, copy.template_version) == (template.pk, template.version)
    assert [q.text for q in copy.questions.order_by("order")] == [
        q.text for q in template.questions.order_by("order")]
    again = services.questionnaire_use_template(school=world.school_a, acting_user=world.people["curator_a"],
                                                template=template)
    assert again.pk == copy.pk  # the same version gives the same copy
    questions_before = list(copy.questions.values_list("text", flat=True))
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(school=world.school_a, acting_user=world.people["curator_a"],
                                      questionnaire=copy, title="Своя", audience="mentees", questions=QUESTIONS)
    assert error.value.error_dict["__all__"][0].code == "district_standard"
    copy.refresh_from_db()
    assert copy.title == template.title
    assert list(copy.questions.values_list("text", flat=True)) == questions_before


def test_a_questionnaire_in_use_is_locked(world, survey):
    survey.campaign(world)
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(school=world.school_a, acting_user=world.people["curator_a"],
                                      questionnaire=survey.questionnaire, title="Другая", audience="mentees",
                                      questions=QUESTIONS[:1])
    assert error.value.error_dict["__all__"][0].code == "in_use"
    assert survey.questionnaire.questions.count() == 4


# --- campaigns ----------------------------------------------------------------------------------


def test_the_respondents_are_the_participants_of_the_chosen_programmes(world, survey):
    campaign = survey.campaign(world, open_it=False)
    invited = dict(campaign.invitations.values_list("staff__person__username", "role"))
    assert invited == {"mentor_a": "mentor", "mentee_a": "mentee", "both": "mentee"}
    only_mentees = survey.campaign(world, open_it=False, mentors=False)
    assert set(only_mentees.invitations.values_list("staff__person__username", flat=True)) == {"mentee_a", "both"}


def test_a_draft_programme_cannot_be_surveyed(world, survey):
    draft = f.programme(f.pair(StaffMember.objects.get(person=world.people["teacher_a"]),
                               [f.staff("Новенький")]), status=ProgrammeStatus.DRAFT, title="Черновик")
    before = Campaign.objects.count()
    with pytest.raises(ValidationError) as error:
        services.campaign_create(school=world.school_a, acting_user=world.people["curator_a"],
                                 questionnaire=survey.questionnaire, title="Т", opens_on=timezone.localdate(),
                                 closes_on=timezone.localdate(), anonymous=False, programmes=[draft], for_mentees=True)
    assert "Черновик" in error.value.message_dict["programmes"][0]
    assert Campaign.objects.count() == before


def test_the_curators_can_be_asked(world, survey):
    campaign = services.campaign_create(
        school=world.school_a, acting_user=world.people["curator_a"], questionnaire=survey.questionnaire,
        title="Оценка куратора", opens_on=timezone.localdate(), closes_on=timezone.localdate(), anonymous=False,
        programmes=[], for_curators=True)
    assert list(campaign.invitations.values_list("staff__person__username", "role")) == [("curator_a", "curator")]


def test_open_and_close(world, survey):
    campaign = survey.campaign(world, open_it=False)
    assert campaign.status == CampaignStatus.DRAFT
    campaign = services.campaign_open(school=world.school_a, acting_user=world.people["curator_a"], campaign=campaign)
    assert campaign.status == CampaignStatus.OPEN
    with pytest.raises(ValidationError):
        services.campaign_open(school=world.school_a, acting_user=world.people["curator_a"], campaign=campaign)
    campaign = services.campaign_close(school=world.school_a, acting_user=world.people["curator_a"], campaign=campaign)
    assert campaign.status == CampaignStatus.CLOSED
    with pytest.raises(PermissionDenied):
        services.campaign_close(school=world.school_a, acting_user=world.people["director_a"], campaign=campaign)


# --- answering ----------------------------------------------------------------------------------


def test_an_invited_respondent_answers_once(world, survey):
    campaign = survey.campaign(world)
    response = _submit(world, survey, campaign, multiple=("Встречи", "Консультации"))
    assert response.invitation.staff.person == world.people["mentee_a"]
    stored = {a.question_id: a for a in response.answers.all()}
    assert stored[survey.questions[0].pk].scale_value == 5
    assert stored[survey.questions[1].pk].choices == ["Раз в неделю"]
    assert stored[survey.questions[2].pk].choices == ["Встречи", "Консультации"]
    assert stored[survey.questions[3].pk].text == "Больше практики"
    assert Invitation.objects.get(campaign=campaign, staff__person=world.people["mentee_a"]).answered

    before = _stored(campaign)
    with pytest.raises(ValidationError) as error:
        _submit(world, survey, campaign, scale=1)
    assert error.value.error_dict["__all__"][0].code == "already_answered"
    assert "already answered" in error.value.messages[0]
    assert _stored(campaign) == before


@pytest.mark.parametrize("scale", [6, 0, -1, "пять", 4.5, True])
def test_an_answer_outside_the_scale_names_the_question_and_saves_nothing(world, survey, scale):
    campaign = survey.campaign(world)
    before = _stored(campaign)
    with pytest.raises(ValidationError) as error:
        _submit(world, survey, campaign, scale=scale)
    message = error.value.message_dict[str(survey.questions[0].pk)][0]
    assert "Question 1" in message and "полезность встреч" in message and "from 1 to 5" in message
    assert _stored(campaign) == before


def test_a_scale_to_ten_takes_ten(world, survey):
    questionnaire = services.questionnaire_create(
        school=world.school_a, acting_user=world.people["curator_a"], title="Десять", audience="mentees",
        questions=[QuestionInput("Оцените от 1 до 10", QuestionKind.SCALE, scale_max=10)])
    survey.questionnaire = questionnaire
    campaign = survey.campaign(world)
    question = questionnaire.questions.get()
    services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=campaign,
                             answers={str(question.pk): "10"})
    assert Answer.objects.get(question=question).scale_value == 10


def test_a_missing_required_answer_names_the_question(world, survey):
    campaign = survey.campaign(world)
    before = _stored(campaign)
    with pytest.raises(ValidationError) as error:
        _submit(world, survey, campaign, single="", multiple=())
    assert "Question 2" in error.value.message_dict[str(survey.questions[1].pk)][0]
    assert "Question 3" in error.value.message_dict[str(survey.questions[2].pk)][0]
    assert _stored(campaign) == before
    _submit(world, survey, campaign, text="")  # the text question is optional
    assert _stored(campaign)[0] == 1


@pytest.mark.parametrize(("single", "multiple"), [("Каждый день", ("Встречи",)), ("Раз в неделю", ("Встречи", "Чай"))])
def test_an_option_not_in_the_list_is_refused(world, survey, single, multiple):
    campaign = survey.campaign(world)
    before = _stored(campaign)
    with pytest.raises(ValidationError) as error:
        _submit(world, survey, campaign, single=single, multiple=multiple)
    assert any("offered options" in m for m in error.value.messages)
    assert _stored(campaign) == before


def test_unknown_questions_are_refused(world, survey):
    campaign = survey.campaign(world)
    answers = {**survey.answers(), "00000000-0000-0000-0000-000000000000": 3}
    with pytest.raises(ValidationError) as error:
        services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=campaign,
                                 answers=answers)
    assert "answers" in error.value.message_dict
    assert not Response.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("who", ["teacher_a", "curator_a", "director_a"])
def test_only_an_invited_respondent_answers(world, survey, who):
    campaign = survey.campaign(world)
    with pytest.raises(PermissionDenied):
        _submit(world, survey, campaign, who=who)
    assert _stored(campaign)[:2] == (0, 0)


def test_only_an_open_campaign_takes_answers(world, survey):
    draft = survey.campaign(world, open_it=False)
    with pytest.raises(ValidationError) as error:
        _submit(world, survey, draft)
    assert error.value.error_dict["__all__"][0].code == "not_open"
    closed = survey.campaign(world, title="Закрытая")
    services.campaign_close(school=world.school_a, acting_user=world.people["curator_a"], campaign=closed)
    with pytest.raises(ValidationError):
        _submit(world, survey, closed)
    late = survey.campaign(world, title="Поздно")
    with pytest.raises(ValidationError) as error:
        services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=late,
                                 answers=survey.answers(), today=late.closes_on + dt.timedelta(days=1))
    assert error.value.error_dict["__all__"][0].code == "outside_dates"
    for campaign in (draft, closed, late):
        assert _stored(campaign)[:2] == (0, 0)


def test_anonymous_answers_cannot_be_linked_to_the_respondent(world, survey):
    campaign = survey.campaign(world, anonymous=True)
    response = _submit(world, survey, campaign)
    response.refresh_from_db()
    assert response.invitation_id is None and response.submitted_at is None
    # Nothing in a response or an answer points to a person or a staff member.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model not in (StaffMember, world.people["mentee_a"].__class__), field
    assert Invitation.objects.get(campaign=campaign, staff__person=world.people["mentee_a"]).answered
    # The audit record names the campaign only, never the response.
    assert not AuditEvent.objects.filter(target_id=str(response.pk)).exists()
    assert not any(str(response.pk) in str(details) for details in AuditEvent.objects.values_list("details", flat=True))
    # And one answer per person still holds.
    with pytest.raises(ValidationError):
        _submit(world, survey, campaign)
    assert Response.objects.filter(campaign=campaign).count() == 1


# --- district standard questionnaires -----------------------------------------------------------


def test_the_standard_questionnaires_are_made_once(world):
    assert set(QuestionnaireTemplate.objects.filter(key__gt="").values_list("key", flat=True)) == {
        "mentor_satisfaction", "mentee_satisfaction", "curator_assessment"}  # made by the migration
    assert template_services.survey_templates_default(acting_user=world.people["district_admin"]) == []
    QuestionnaireTemplate.objects.filter(key="curator_assessment").delete()
    made = template_services.survey_templates_default(acting_user=world.people["district_admin"])
    assert [t.key for t in made] == ["curator_assessment"] and made[0].published
    assert template_services.survey_templates_default() == []
    assert QuestionnaireTemplate.objects.filter(key="curator_assessment").count() == 1


def test_a_published_template_is_withdrawn_before_editing_and_then_is_a_new_version(world):
    admin = world.people["district_admin"]
    template = QuestionnaireTemplate.objects.get(key="mentor_satisfaction")
    with pytest.raises(ValidationError):
        template_services.template_update(acting_user=admin, template=template, title="Иная", audience="mentors",
                                          questions=QUESTIONS)
    assert QuestionnaireTemplate.objects.get(pk=template.pk).title == template.title
    template = template_services.template_withdraw(acting_user=admin, template=template)
    assert (template.published, template.version) == (False, 2)
    template_services.template_update(acting_user=admin, template=template, title="Иная", audience="mentors",
                                      questions=QUESTIONS)
    template = template_services.template_publish(acting_user=admin, template=template)
    assert template.published and template.version == 2 and template.questions.count() == 4


def test_only_the_district_administrator_writes_templates(world):
    with pytest.raises(PermissionDenied):
        template_services.template_create(acting_user=world.people["district_analyst"], title="Т",
                                          audience="mentors", questions=QUESTIONS)
    assert not QuestionnaireTemplate.objects.filter(title="Т").exists()


def test_question_kinds_are_kept(world, survey):
    kinds = list(Question.objects.filter(questionnaire=survey.questionnaire).values_list("kind", flat=True))
    assert kinds == ["scale", "single", "multiple", "text"]
