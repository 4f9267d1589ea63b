"""Fixtures for survey tests: in school A, mentor_a mentors mentee_a and «both» (a group) in an active
programme; the curator's questionnaire with one question of each kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from mentoring.models import Programme, ProgrammeStatus
from survey_templates.models import QuestionKind
from survey_templates.questions import QuestionInput
from surveys import services
from surveys.models import Campaign, Question, Questionnaire
from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.programmes import factories as f

QUESTIONS = [
    QuestionInput("Оцените по шкале от 1 до 5 полезность встреч с наставником", QuestionKind.SCALE),
    QuestionInput("Как часто проходили встречи?", QuestionKind.SINGLE, options=("Раз в неделю", "Раз в месяц")),
    QuestionInput("Какие формы работы были полезны?", QuestionKind.MULTIPLE,
                  options=("Встречи", "Посещение уроков", "Консультации")),
    QuestionInput("Что изменить?", QuestionKind.TEXT, required=False),
]


@dataclass
class Survey:
    programme: Programme
    questionnaire: Questionnaire
    questions: list[Question]

    def campaign(self, world, *, anonymous: bool = False, open_it: bool = True, mentors: bool = True,  # type: ignore[no-untyped-def]
                 mentees: bool = True, title: str = "Мониторинг 2025/2026") -> Campaign:
        today = timezone.localdate()
        campaign = services.campaign_create(
            school=world.school_a, acting_user=world.people["curator_a"], questionnaire=self.questionnaire,
            title=title, opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=14),
            anonymous=anonymous, programmes=[self.programme], for_mentors=mentors, for_mentees=mentees)
        if open_it:
            campaign = services.campaign_open(school=world.school_a, acting_user=world.people["curator_a"],
                                              campaign=campaign)
        return campaign

    def questionnaire_inputs(self) -> list[QuestionInput]:
        return list(QUESTIONS)

    def answers(self, scale: object = 5, single: object = "Раз в неделю", multiple: object = ("Встречи",),
                text: object = "Больше практики") -> dict[str, object]:
        q = self.questions
        return {str(q[0].pk): scale, str(q[1].pk): single, str(q[2].pk): list(multiple) if isinstance(
            multiple, tuple) else multiple, str(q[3].pk): text}


def make_survey(world) -> Survey:  # type: ignore[no-untyped-def]
    from staff.models import StaffMember

    mentor = StaffMember.objects.get(person=world.people["mentor_a"])
    mentees = [StaffMember.objects.get(person=world.people["mentee_a"]),
               StaffMember.objects.get(person=world.people["both"])]
    pair = f.pair(mentor, mentees)
    programme = f.programme(pair, status=ProgrammeStatus.ACTIVE)
    questionnaire = services.questionnaire_create(
        school=world.school_a, acting_user=world.people["curator_a"], title="Анкета наставляемого",
        audience="mentees", questions=QUESTIONS)
    return Survey(programme=programme, questionnaire=questionnaire,
                  questions=list(questionnaire.questions.order_by("order")))


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        yield world.school_a


@pytest.fixture
def survey(world, in_a) -> Survey:  # type: ignore[no-untyped-def]
    return make_survey(world)
