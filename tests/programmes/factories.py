"""Rows for programme tests, made directly with the ORM (pairs, banks, consents are written in parallel).

Use inside the school's schema (`schema_context(world.school_a.schema_name)`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from banks.models import Difficulty, Direction, MenteeCategory, MenteeProfile
from mentoring.models import (
    Activity,
    ActivityStatus,
    Mode,
    Pair,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeStatus,
    RoleForm,
)
from staff.models import StaffMember

START = dt.date(2025, 9, 1)
TITLE = "Адаптация учителя математики"
DIRECTIONS = (Direction.SUBJECT_CONTENT, Direction.TEACHING_METHODS)


def staff(last_name: str = "Безаккаунтов") -> StaffMember:
    """A staff member without a login."""
    return StaffMember.objects.create(last_name=last_name, first_name="Иван", position="учитель")


def mentee_profile(member: StaffMember, directions: Iterable[str] = DIRECTIONS) -> MenteeProfile:
    profile, _ = MenteeProfile.objects.get_or_create(
        staff=member, defaults={"category": MenteeCategory.YOUNG_SPECIALIST, "added_on": START})
    for direction in directions:
        Difficulty.objects.get_or_create(mentee=profile, direction=direction,
                                         defaults={"description": f"затруднение: {direction}"})
    return profile


def pair(mentor: StaffMember, mentees: Iterable[StaffMember], *, status: str = PairStatus.ACTIVE,
         directions: Iterable[str] = DIRECTIONS) -> Pair:
    mentees = list(mentees)
    made = Pair.objects.create(
        role_form=RoleForm.TEACHER_TEACHER, mode=Mode.GROUP if len(mentees) > 1 else Mode.TRADITIONAL,
        status=status, formed_on=START, activated_on=START if status == PairStatus.ACTIVE else None,
    )
    Participant.objects.create(pair=made, staff=mentor, role=ParticipantRole.MENTOR, joined_on=START)
    for mentee in mentees:
        Participant.objects.create(pair=made, staff=mentee, role=ParticipantRole.MENTEE, joined_on=START)
        mentee_profile(mentee, directions)
    return made


def programme(on_pair: Pair, *, status: str = ProgrammeStatus.DRAFT, starts_on: dt.date = START,
              ends_on: dt.date = dt.date(2026, 5, 31), title: str = TITLE, directions: Iterable[str] = DIRECTIONS,
              ) -> Programme:
    return Programme.objects.create(pair=on_pair, title=title, goals="Цели", directions=list(directions),
                                    starts_on=starts_on, ends_on=ends_on, status=status)


def activity(of: Programme, responsible: StaffMember, *, deadline: dt.date = dt.date(2025, 10, 15),
             status: str = ActivityStatus.PLANNED, title: str = "Посещение уроков",
             direction: str = Direction.SUBJECT_CONTENT) -> Activity:
    return Activity.objects.create(programme=of, title=title, deadline=deadline, responsible=responsible,
                                   status=status, direction=direction)


def the_pair(world, *, status: str = PairStatus.ACTIVE) -> Pair:  # type: ignore[no-untyped-def]
    """mentor_a mentors mentee_a (school A)."""
    return pair(StaffMember.objects.get(person=world.people["mentor_a"]),
                [StaffMember.objects.get(person=world.people["mentee_a"])], status=status)


def other_pair(world) -> Pair:  # type: ignore[no-untyped-def]
    """Someone without a login mentors «both» (school A): «both» is a mentee of another pair."""
    return pair(staff("Чужойнаставник"), [StaffMember.objects.get(person=world.people["both"])])
