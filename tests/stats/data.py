"""Random programme data for a school, with the counts it must produce (built independently of stats)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from consents.models import Consent, ConsentPurpose
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
from orders.models import Order, OrderKind, OrderStatus
from staff.models import StaffMember


@dataclass
class Expected:
    staff: int = 0
    young: int = 0
    young_covered: int = 0
    pairs: Counter[str] = field(default_factory=Counter)  # outcome → count
    groups: int = 0
    overdue: int = 0
    mentees: int = 0
    mentors: int = 0
    by_mode: Counter[str] = field(default_factory=Counter)
    exchange_consents: int = 0


def fill(seed: int, *, today: dt.date | None = None) -> Expected:
    """Staff, pairs in every outcome, programmes, overdue activities, consents, orders — in the current
    schema, all inside the current academic year. Returns what a correct count must find."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    year = AcademicYear.of(today)
    start = year.first_day
    expected = Expected()
    staff: list[StaffMember] = []
    base = StaffMember.objects.filter(is_active=True, is_guest=False).count()
    young_base = StaffMember.objects.filter(is_active=True, is_young_specialist=True).count()
    expected.exchange_consents = Consent.objects.filter(purpose=ConsentPurpose.PROCESSING_EXCHANGE,
                                                        withdrawn_on__isnull=True).count()
    for index in range(rng.randint(12, 20)):
        young = rng.random() < 0.4
        staff.append(StaffMember.objects.create(
            last_name=f"Случайный{seed}-{index}", first_name="Тест", position="учитель",
            is_young_specialist=young, teaching_experience_years=1 if young else 15))
    expected.staff = base + len(staff)
    mentors_pool = [s for s in staff if not s.is_young_specialist]
    mentees_pool = [s for s in staff if s.is_young_specialist] + [s for s in mentors_pool[len(mentors_pool) // 2:]]
    rng.shuffle(mentees_pool)
    used_mentors: set[object] = set()
    used_mentees: set[object] = set()
    covered: set[object] = set()
    while len(mentees_pool) >= 1 and mentors_pool:
        mentor = rng.choice(mentors_pool[: max(1, len(mentors_pool) // 2)])
        size = 2 if len(mentees_pool) >= 2 and rng.random() < 0.3 else 1
        mentees = [mentees_pool.pop() for _ in range(size)]
        if mentor in mentees:
            continue
        outcome = rng.choice(["active", "completed", "ended_early", "ended_early_pair"])
        mode = Mode.GROUP if size > 1 else rng.choice([Mode.TRADITIONAL, Mode.VIRTUAL, Mode.REVERSE])
        ended = outcome in ("completed", "ended_early", "ended_early_pair")
        end_day = min(today, start + dt.timedelta(days=rng.randint(20, 60)))
        pair = Pair.objects.create(role_form=RoleForm.TEACHER_TEACHER, mode=mode,
                                   status=PairStatus.ENDED if ended else PairStatus.ACTIVE, formed_on=start,
                                   activated_on=start, ended_on=end_day if ended else None)
        Participant.objects.create(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=start)
        for mentee in mentees:
            Participant.objects.create(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=start)
        status = {"active": ProgrammeStatus.ACTIVE, "completed": ProgrammeStatus.COMPLETED,
                  "ended_early": ProgrammeStatus.ENDED_EARLY, "ended_early_pair": ProgrammeStatus.APPROVED}[outcome]
        programme = Programme.objects.create(
            pair=pair, title="Программа", goals="Цели", starts_on=start, ends_on=start + dt.timedelta(days=200),
            status=status, finished_on=end_day if outcome in ("completed", "ended_early") else None,
            end_reason=EarlyEndReason.MUTUAL if outcome == "ended_early" else "")
        if outcome == "active":
            for _ in range(rng.randint(0, 3)):
                overdue = start < today - dt.timedelta(days=1) and rng.random() < 0.6
                Activity.objects.create(
                    programme=programme, title="Мероприятие", responsible=mentor,
                    deadline=(today - dt.timedelta(days=1)) if overdue else today + dt.timedelta(days=10),
                    status=ActivityStatus.PLANNED)
                expected.overdue += overdue
        expected.pairs["ended_early" if outcome == "ended_early_pair" else outcome] += 1
        expected.groups += size > 1
        expected.by_mode[mode] += 1
        used_mentors.add(mentor.pk)
        used_mentees.update(m.pk for m in mentees)
        covered.update(m.pk for m in mentees if m.is_young_specialist)
    expected.mentors = len(used_mentors)
    expected.mentees = len(used_mentees)
    expected.young = young_base + sum(1 for s in staff if s.is_young_specialist)
    expected.young_covered = len(covered)
    for member in staff[: rng.randint(1, len(staff))]:
        Consent.objects.create(staff=member, purpose=ConsentPurpose.PROCESSING_EXCHANGE, given_on=start)
        expected.exchange_consents += 1
    Order.objects.create(number=f"R-{seed}", date=start, year=start.year, kind=OrderKind.APPROVE_REGULATION,
                         title="Об утверждении Положения", status=OrderStatus.SIGNED)
    return expected
