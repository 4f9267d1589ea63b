"""Rows for best-practice and public-page tests, made with the ORM inside a school's schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consents.models import Consent, ConsentPurpose
from mentoring.models import ActivityStatus, Programme, ProgrammeStatus
from practices.models import MethodMaterial, PracticeCase
from staff.models import StaffMember
from tests.programmes import factories as f

PDF = b"%PDF-1.4\n%practice\n"
RESULT = "Проведён открытый урок по геометрии"
RUNNING_RESULT = "Промежуточный результат идущей программы"


def publication_consent(staff: StaffMember, given_on: dt.date = dt.date(2025, 9, 1)) -> Consent:
    return Consent.objects.create(staff=staff, purpose=ConsentPurpose.PUBLICATION, given_on=given_on)


@dataclass
class Bank:
    completed: Programme
    running: Programme
    mentor: StaffMember
    mentee: StaffMember
    case: PracticeCase
    material: MethodMaterial


def bank(world) -> Bank:  # type: ignore[no-untyped-def]
    """In school A: mentor_a and mentee_a finished a programme (a case of it, unpublished); «both» is a mentee
    of a programme still running, each with an activity done and its result written."""
    mentor = StaffMember.objects.get(person=world.people["mentor_a"])
    mentee = StaffMember.objects.get(person=world.people["mentee_a"])
    completed = f.programme(f.the_pair(world), status=ProgrammeStatus.COMPLETED, title="Завершённая программа")
    completed.finished_on = dt.date(2026, 5, 31)
    completed.save()
    done = f.activity(completed, mentee, status=ActivityStatus.DONE, title="Открытый урок")
    done.result, done.done_on = RESULT, dt.date(2026, 4, 1)
    done.save()
    running = f.programme(f.other_pair(world), status=ProgrammeStatus.ACTIVE, title="Идущая программа")
    half = f.activity(running, mentee, status=ActivityStatus.DONE, title="Промежуточное занятие")
    half.result = RUNNING_RESULT
    half.save()
    case = PracticeCase.objects.create(programme=completed, title="Кейс: адаптация молодого математика",
                                       description="Описание кейса", results="Итоги кейса")
    material = MethodMaterial.objects.create(title="Памятка наставнику", link="https://example.org/pamyatka")
    return Bank(completed=completed, running=running, mentor=mentor, mentee=mentee, case=case, material=material)
