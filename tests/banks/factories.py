"""Small builders for the banks' tests; call them inside a school's schema."""

from __future__ import annotations

import datetime as dt
import itertools

from banks.models import Direction, MenteeCategory, MenteeProfile, MentorProfile
from banks.services import DifficultyInput, mentee_add, mentor_add
from mentoring.models import Mode, Pair, PairStatus, Participant, ParticipantRole, RoleForm
from people.models import Person
from staff.models import StaffMember
from tenants.models import School

_counter = itertools.count(1)


def make_staff(*, last_name: str | None = None, young: bool = False, active: bool = True,
               experience: int = 10) -> StaffMember:
    n = next(_counter)
    return StaffMember.objects.create(
        last_name=last_name or f"Учителев{n}", first_name="Иван", patronymic="Петрович", position="учитель",
        subjects=["математика"], teaching_experience_years=experience, is_young_specialist=young, is_active=active,
    )


def make_mentee(school: School, actor: Person, staff: StaffMember | None = None, **kwargs: object) -> MenteeProfile:
    kwargs.setdefault("category", MenteeCategory.YOUNG_SPECIALIST)
    kwargs.setdefault("difficulties", [
        DifficultyInput(direction=Direction.TEACHING_METHODS, description="Планирование урока"),
        DifficultyInput(direction=Direction.DIGITAL_ENVIRONMENT, description="Электронный журнал"),
    ])
    return mentee_add(school=school, acting_user=actor, staff=staff or make_staff(young=True), **kwargs)  # type: ignore[arg-type]


def make_mentor(school: School, actor: Person, staff: StaffMember | None = None, **kwargs: object) -> MentorProfile:
    kwargs.setdefault("capacity", 3)
    kwargs.setdefault("directions", [Direction.TEACHING_METHODS])
    kwargs.setdefault("subjects", ["Математика"])
    return mentor_add(school=school, acting_user=actor, staff=staff or make_staff(), **kwargs)  # type: ignore[arg-type]


def make_pair(mentor: StaffMember, mentees: list[StaffMember], *, status: str = PairStatus.ACTIVE,
              mentor_left: bool = False) -> Pair:
    pair = Pair.objects.create(
        role_form=RoleForm.TEACHER_TEACHER, mode=Mode.GROUP if len(mentees) > 1 else Mode.TRADITIONAL,
        status=status, formed_on=dt.date(2026, 9, 1),
    )
    Participant.objects.create(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=dt.date(2026, 9, 1),
                               left_on=dt.date(2026, 10, 1) if mentor_left else None)
    for mentee in mentees:
        Participant.objects.create(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=dt.date(2026, 9, 1))
    return pair
