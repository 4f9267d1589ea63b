"""A year of mentoring in a school, made directly with the ORM; the expected figures are counted
here, in Python, over the rows this module creates (never by the code under test).

Use inside the school's schema.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from formats.dates import AcademicYear
from mentoring.models import (
    Activity,
    ActivityStatus,
    EarlyEndReason,
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

YEAR = AcademicYear(2025)
_counter = itertools.count(1)


def staff(last_name: str = "", *, young: bool = False) -> StaffMember:
    return StaffMember.objects.create(
        last_name=last_name or f"Сценов{next(_counter)}", first_name="Ибрагим", patronymic="Русланович",
        position="учитель", is_young_specialist=young)


@dataclass
class Scene:
    counted_pairs: list[Pair] = field(default_factory=list)  # the pairs that worked in YEAR
    other_pairs: list[Pair] = field(default_factory=list)
    young_created: list[StaffMember] = field(default_factory=list)
    overdue: list[Activity] = field(default_factory=list)
    programmes: dict[str, Programme] = field(default_factory=dict)

    def participants(self, role: str) -> set:  # type: ignore[type-arg]
        return {p.staff_id for pair in self.counted_pairs for p in pair.participants.all() if p.role == role}

    def groups(self) -> list[Pair]:
        return [pair for pair in self.counted_pairs
                if sum(1 for p in pair.participants.all() if p.role == ParticipantRole.MENTEE) >= 2]


def _pair(mentor: StaffMember, mentees: list[StaffMember], *, mode: str, role_form: str = RoleForm.TEACHER_TEACHER,
          status: str = PairStatus.ACTIVE, activated_on: dt.date | None = dt.date(2025, 9, 1),
          ended_on: dt.date | None = None) -> Pair:
    start = activated_on or dt.date(2025, 9, 1)
    pair = Pair.objects.create(role_form=role_form, mode=mode, status=status, formed_on=start,
                               activated_on=activated_on, ended_on=ended_on)
    Participant.objects.create(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=start)
    for mentee in mentees:
        Participant.objects.create(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=start)
    return pair


def _programme(pair: Pair, status: str, *, title: str, finished_on: dt.date | None = None,
               end_reason: str = "", starts_on: dt.date = dt.date(2025, 9, 1),
               ends_on: dt.date = dt.date(2026, 5, 31)) -> Programme:
    return Programme.objects.create(pair=pair, title=title, goals="Цели", starts_on=starts_on, ends_on=ends_on,
                                    status=status, finished_on=finished_on, end_reason=end_reason)


def build() -> Scene:
    scene = Scene()
    m1, m2, m3 = staff("Наставникова"), staff("Опытов"), staff("Старшинов")
    y1, y2, y3 = staff("Молодова", young=True), staff("Юнусов", young=True), staff("Новиков", young=True)
    n1, n2 = staff("Переводов"), staff("Сменов")
    scene.young_created = [y1, y2, y3]

    traditional = _pair(m1, [y1], mode=Mode.TRADITIONAL)
    group = _pair(m2, [y2, n1], mode=Mode.GROUP)
    virtual = _pair(m1, [n2], mode=Mode.VIRTUAL, role_form=RoleForm.HEAD_TEACHER, status=PairStatus.ENDED,
                    ended_on=dt.date(2026, 2, 1))
    reverse = _pair(m3, [m2], mode=Mode.REVERSE, activated_on=dt.date(2026, 3, 1))
    scene.counted_pairs = [traditional, group, virtual, reverse]

    forming = _pair(m2, [y3], mode=Mode.TRADITIONAL, status=PairStatus.FORMING, activated_on=None)
    before = _pair(m3, [n1], mode=Mode.SPEED, status=PairStatus.ENDED, activated_on=dt.date(2024, 10, 1),
                   ended_on=dt.date(2025, 6, 1))
    scene.other_pairs = [forming, before]

    active = _programme(traditional, ProgrammeStatus.ACTIVE, title="Адаптация молодого учителя")
    late = Activity.objects.create(programme=active, title="Посещение уроков наставника",
                                   deadline=dt.date(2025, 10, 15), responsible=y1, status=ActivityStatus.PLANNED)
    Activity.objects.create(programme=active, title="Открытый урок", deadline=dt.date(2025, 11, 15),
                            responsible=y1, status=ActivityStatus.DONE, done_on=dt.date(2025, 11, 10))
    scene.overdue = [late]
    completed = _programme(group, ProgrammeStatus.COMPLETED, title="Групповая программа",
                           finished_on=dt.date(2026, 5, 20))
    Activity.objects.create(programme=completed, title="Семинар", deadline=dt.date(2025, 12, 1),
                            responsible=m2, status=ActivityStatus.DONE, done_on=dt.date(2025, 12, 1))
    early = _programme(virtual, ProgrammeStatus.ENDED_EARLY, title="Дистанционная программа",
                       finished_on=dt.date(2026, 2, 1), end_reason=EarlyEndReason.MUTUAL,
                       ends_on=dt.date(2026, 6, 30))
    draft = _programme(reverse, ProgrammeStatus.DRAFT, title="Реверсивная программа",
                       starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 8, 31))
    old = _programme(before, ProgrammeStatus.COMPLETED, title="Прошлогодняя программа",
                     starts_on=dt.date(2024, 10, 1), ends_on=dt.date(2025, 5, 31), finished_on=dt.date(2025, 5, 31))
    scene.programmes = {"active": active, "completed": completed, "early": early, "draft": draft, "old": old}
    return scene
