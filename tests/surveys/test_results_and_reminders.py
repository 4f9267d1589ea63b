"""Results per question (averages, distributions, counts, texts) and the reminders of open campaigns."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from people.models import Person
from staff.models import StaffMember
from surveys import selectors, services
from surveys.models import Invitation
from surveys.tasks import remind_open_campaigns
from tests.surveys.conftest import make_survey


def _answer_all(world, survey, campaign):  # type: ignore[no-untyped-def]
    given = [("mentor_a", 5, "Раз в неделю", ("Встречи", "Консультации"), "Больше практики"),
             ("mentee_a", 4, "Раз в неделю", ("Встречи",), "Всё хорошо"),
             ("both", 2, "Раз в месяц", ("Посещение уроков", "Встречи"), "")]
    for who, scale, single, multiple, text in given:
        services.response_submit(school=world.school_a, acting_user=world.people[who], campaign=campaign,
                                 answers=survey.answers(scale=scale, single=single, multiple=multiple, text=text))


def test_results_math(world, survey):
    campaign = survey.campaign(world)
    _answer_all(world, survey, campaign)
    results = selectors.campaign_results(campaign)
    assert (results.respondents, results.invited, results.hidden) == (3, 3, False)
    scale, single, multiple, text = results.questions
    assert scale.average == round(11 / 3, 2) and scale.answered == 3
    assert [(b.label, b.count, b.percent) for b in scale.bars] == [
        ("1", 0, 0), ("2", 1, 33), ("3", 0, 0), ("4", 1, 33), ("5", 1, 33)]
    assert [(b.label, b.count, b.percent) for b in single.bars] == [("Раз в неделю", 2, 67), ("Раз в месяц", 1, 33)]
    assert [(b.label, b.count) for b in multiple.bars] == [("Встречи", 3), ("Посещение уроков", 1),
                                                           ("Консультации", 1)]
    assert multiple.bars[0].percent == 100
    assert text.texts == ["Больше практики", "Всё хорошо"] and text.answered == 2


def test_results_of_a_questionnaire_over_its_campaigns(world, survey):
    first = survey.campaign(world)
    _answer_all(world, survey, first)
    results = selectors.questionnaire_results(survey.questionnaire)
    assert results.respondents == 3 and results.questions[0].average == round(11 / 3, 2)


def test_an_anonymous_campaign_shows_results_only_from_three_answers(world, survey):
    campaign = survey.campaign(world, anonymous=True)
    services.response_submit(school=world.school_a, acting_user=world.people["mentee_a"], campaign=campaign,
                             answers=survey.answers())
    results = selectors.campaign_results(campaign)
    assert results.hidden and results.questions == [] and results.respondents == 1
    for who in ("mentor_a", "both"):
        services.response_submit(school=world.school_a, acting_user=world.people[who], campaign=campaign,
                                 answers=survey.answers(scale=3))
    results = selectors.campaign_results(campaign)
    assert not results.hidden and results.questions[0].average == round(11 / 3, 2)


def _emails(world):  # type: ignore[no-untyped-def]
    Person.objects.filter(username="mentee_a").update(email="mentee_a@alpha.example")
    Person.objects.filter(username="mentor_a").update(email="mentor_a@alpha.example")
    with tenant_context(world.school_a):
        # A staff e-mail wins over the account's.
        StaffMember.objects.filter(person__username="both").update(email="both@alpha.example")


def test_reminders_are_sent_once_per_invitation(world):
    _emails(world)
    mail.outbox.clear()
    with tenant_context(world.school_a):
        survey = make_survey(world)
        campaign = survey.campaign(world)
        survey.campaign(world, open_it=False, title="Черновик")  # a draft reminds nobody
        services.response_submit(school=world.school_a, acting_user=world.people["mentor_a"], campaign=campaign,
                                 answers=survey.answers())
        assert remind_open_campaigns() == 2
        assert remind_open_campaigns() == 0
        assert Invitation.objects.filter(campaign=campaign, reminded_at__isnull=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["both@alpha.example", "mentee_a@alpha.example"]
    assert "Мониторинг 2025/2026" in mail.outbox[0].subject


def test_no_reminder_after_closing_or_the_closing_date(world):
    _emails(world)
    mail.outbox.clear()
    with tenant_context(world.school_a):
        survey = make_survey(world)
        campaign = survey.campaign(world)
        assert services.campaigns_remind_open(school=world.school_a,
                                              today=campaign.closes_on + dt.timedelta(days=1)) == 0
        services.campaign_close(school=world.school_a, acting_user=world.people["curator_a"], campaign=campaign)
        assert services.campaigns_remind_open(school=world.school_a, today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_a_respondent_without_an_email_is_reminded_once_one_is_known(world):
    Person.objects.filter(username__in=["mentee_a", "mentor_a", "both"]).update(email="")
    mail.outbox.clear()
    with tenant_context(world.school_a):
        survey = make_survey(world)
        survey.campaign(world)
        assert remind_open_campaigns() == 0
        Person.objects.filter(username="mentee_a").update(email="mentee_a@alpha.example")
        assert remind_open_campaigns() == 1
    assert [m.to for m in mail.outbox] == [["mentee_a@alpha.example"]]


def test_reminders_stay_in_their_school(world):
    _emails(world)
    mail.outbox.clear()
    with tenant_context(world.school_a):
        survey = make_survey(world)
        survey.campaign(world)
    with tenant_context(world.school_b):
        assert remind_open_campaigns() == 0
    assert mail.outbox == []
