"""Seeding a demo school's mentoring programme through the platform's own services, idempotently.

Runs inside the school's schema (the caller switches to it). Each thing is recognised
again by a stable key before anything is created — an order by its number and year, a
consent by person and purpose, a bank record by person, a pair by its mode and mentees,
a programme by its pair, an activity by its title, a request by pair and kind — and each
step of a pair's life (order drafted, signed, agreement, active, programme approved,
started, activities done, extended, completed or ended early) is taken only if the pair
is not there yet. A second run therefore writes nothing and records nothing in the audit.

The services stamp some dates with today (the bank records' dates): those are moved back
to the day the person joined the programme, so that the history reads in order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from banks.models import BankReview, MenteeProfile, MentorProfile, TrainingRecord
from banks.services import (
    DifficultyInput,
    bank_review_record,
    mentee_add,
    mentor_add,
    mentor_training_add,
)
from consents.models import Consent, ConsentPurpose
from consents.services import consent_give, consent_withdraw
from demo.mentoring import (
    CURATOR,
    DONE,
    MENTEE,
    MENTOR,
    PAYMENT,
    PAYMENT_FOR,
    ActivityPlan,
    PairPlan,
    SchoolPlan,
)
from formats.dates import add_months
from mentoring.documents import FORM_RU, MODE_RU
from mentoring.models import (
    ActivityStatus,
    ChangeKind,
    Mode,
    Pair,
    PairRequest,
    PairStatus,
    ParticipantRole,
    Programme,
    ProgrammeStatus,
    RequestKind,
    RequestStatus,
    RoleForm,
)
from mentoring.selectors.pairs import open_participants
from mentoring.selectors.programmes import overdue_activities
from mentoring.services.pairs import agreement_create, pair_activate, pair_draft_order, pair_form
from mentoring.services.programme_changes import programme_extend
from mentoring.services.programme_lifecycle import (
    programme_approve,
    programme_complete,
    programme_create,
    programme_end_early,
    programme_start,
)
from mentoring.services.programme_plan import activity_add, activity_mark_done
from mentoring.services.requests import request_decide, request_submit
from orders.models import Order, OrderKind, OrderStatus
from orders.services import order_create, order_sign
from people.models import Person
from people.roles import SchoolRole
from staff.models import StaffMember
from tenants.models import School

STARTED = (ProgrammeStatus.ACTIVE, ProgrammeStatus.COMPLETED, ProgrammeStatus.ENDED_EARLY)
BANK_DEFAULT_DAYS = -40  # people only in a bank answered the questionnaire at the start of the year


@dataclass
class MentoringSummary:
    """What a demo school's mentoring programme holds, for the command's report."""

    mentors: int
    mentees: int
    pairs: dict[str, int]
    programmes: dict[str, int]
    overdue_activities: int
    pending_petitions: int
    created: int = 0


def mentoring_summary(*, today: dt.date | None = None) -> MentoringSummary:
    """Counts in the current school's schema."""
    day = today or timezone.localdate()
    return MentoringSummary(
        mentors=MentorProfile.objects.count(),
        mentees=MenteeProfile.objects.count(),
        pairs=dict(Counter(Pair.objects.values_list("status", flat=True))),
        programmes=dict(Counter(Programme.objects.values_list("status", flat=True))),
        overdue_activities=overdue_activities(day).count(),
        pending_petitions=PairRequest.objects.filter(
            kind=RequestKind.REPLACE_MENTOR, status=RequestStatus.PENDING).count(),
    )


@dataclass
class _Dates:
    """The day each person's consents were given, worked out from the plan."""

    processing: dict[str, dt.date] = field(default_factory=dict)
    extra_duties: dict[str, dt.date] = field(default_factory=dict)
    appointment: dict[str, dt.date] = field(default_factory=dict)


class MentoringSeeder:
    """Creates whatever of one school's plan is missing; call `run()` inside the school's schema."""

    def __init__(self, *, school: School, plan: SchoolPlan, today: dt.date | None = None) -> None:
        self.school = school
        self.plan = plan
        self.today = today or timezone.localdate()
        self.created = 0
        self.staff = {member.full_name: member for member in StaffMember.objects.select_related("person")}
        self.curator = self._person(plan.curator)
        self.director = self._person(plan.director)

    # --- helpers -------------------------------------------------------------------------------------

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def member(self, name: str) -> StaffMember:
        try:
            return self.staff[name]
        except KeyError:
            raise LookupError(f"{self.school.slug}: {name} is not on the demo staff") from None

    def _person(self, name: str) -> Person:
        person = self.member(name).person
        if person is None:
            raise LookupError(f"{self.school.slug}: {name} has no account")
        return person

    def _clamp(self, name: str, day: dt.date, not_before: dt.date | None = None) -> dt.date:
        """Not before the person was hired (or `not_before`), never in the future."""
        hired = self.member(name).hire_date
        for floor in (hired, not_before):
            if floor is not None and day < floor:
                day = floor
        return min(day, self.today)

    # --- the whole plan ------------------------------------------------------------------------------

    def run(self) -> int:
        """Returns how many things were created or changed."""
        if self.plan.system_order is not None:
            self.system_order()
        dates = self.consent_dates()
        self.consents(dates)
        self.banks(dates)
        for appointment in self.plan.appointments:
            self.order(
                number=appointment.number, date=self.day(appointment.days), kind=OrderKind.APPOINT_MENTOR,
                title="О назначении наставника" if len(appointment.mentors) == 1 else "О назначении наставников",
                text=self._appointment_text(appointment.mentors),
                subjects=[(self.member(name), SchoolRole.MENTOR) for name in appointment.mentors],
            )
        for pair_plan in self.plan.pairs:
            self.pair(pair_plan)
        return self.created

    # --- orders ---------------------------------------------------------------------------------------

    def order(self, *, number: str, date: dt.date, kind: str, title: str, text: str,
              subjects: list[tuple[StaffMember, str]]) -> Order:
        order = Order.objects.filter(year=date.year, number=number).first()
        if order is None:
            order = order_create(
                school=self.school, acting_user=self.curator, kind=OrderKind(kind), number=number, date=date,
                title=title, text=text, signer=self.member(self.plan.director), subjects=subjects,
            )
            self.created += 1
        if order.status == OrderStatus.DRAFT:
            order = order_sign(school=self.school, acting_user=self.director, order=order)
            self.created += 1
        return order

    def system_order(self) -> None:
        spec = self.plan.system_order
        assert spec is not None
        self.order(number=spec.number, date=spec.date, kind=spec.kind, title=spec.title, text=spec.text,
                   subjects=[(self.member(name), role) for name, role in spec.subjects])

    def _appointment_text(self, names: tuple[str, ...]) -> str:
        people = "; ".join(f"{self.member(name).full_name}, {self.member(name).position}" for name in names)
        return "\n".join([
            "В соответствии с Положением о системе наставничества педагогических работников (п. 3.2), "
            "на основании письменного согласия (ст. 351.8 Трудового кодекса Российской Федерации),",
            "ПРИКАЗЫВАЮ:",
            f"1. Назначить наставником педагогических работников: {people}.",
            "2. Куратору наставничества включить назначенных в банк наставников и организовать их обучение.",
            "3. Контроль за исполнением настоящего приказа оставляю за собой.",
        ])

    # --- consents -------------------------------------------------------------------------------------

    def consent_dates(self) -> _Dates:
        """Processing consent a week before the person's first step in the programme; the consent to extra
        duties just before their first pair; the mentor's written consent just before the appointment."""
        first: dict[str, int] = {}
        pair_first: dict[str, int] = {}
        appointed: dict[str, int] = {}
        for name in (*(m.name for m in self.plan.mentees), *(m.name for m in self.plan.mentors)):
            first[name] = BANK_DEFAULT_DAYS
        for mentor in self.plan.mentors:
            if mentor.ready_to_appoint_days_ago is not None:
                days = -mentor.ready_to_appoint_days_ago
                appointed[mentor.name] = days
                pair_first[mentor.name] = days + 2
        for appointment in self.plan.appointments:
            for name in appointment.mentors:
                appointed[name] = min(appointed.get(name, 0), appointment.days)
        for pair_plan in self.plan.pairs:
            for name in (*pair_plan.mentors, *pair_plan.mentees):
                pair_first[name] = min(pair_first.get(name, 0), pair_plan.formed)
            for name in pair_plan.mentors:
                appointed[name] = min(appointed.get(name, 0), pair_plan.formed)
        for name, days in (*pair_first.items(), *appointed.items()):
            first[name] = min(first.get(name, 0), days)
        dates = _Dates()
        for name, days in first.items():
            dates.processing[name] = self._clamp(name, self.day(days - 7))
        for name, days in pair_first.items():
            dates.extra_duties[name] = self._clamp(name, self.day(days - 2), dates.processing[name])
        for name, days in appointed.items():
            dates.appointment[name] = self._clamp(name, self.day(days - 2), dates.processing[name])
        return dates

    def consents(self, dates: _Dates) -> None:
        existing = set(Consent.objects.values_list("staff_id", "purpose"))
        wanted: list[tuple[str, str, dt.date, dt.date | None]] = []
        for name, day in dates.processing.items():
            wanted.append((name, ConsentPurpose.PROCESSING_PROGRAMME, day, None))
        for name, day in dates.extra_duties.items():
            wanted.append((name, ConsentPurpose.EXTRA_DUTIES, day, None))
        for name, day in dates.appointment.items():
            wanted.append((name, ConsentPurpose.MENTOR_APPOINTMENT, day, None))
        for mentor in self.plan.mentors:
            if mentor.exchange:
                wanted.append((mentor.name, ConsentPurpose.PROCESSING_EXCHANGE, dates.processing[mentor.name], None))
            if mentor.publication:
                wanted.append((mentor.name, ConsentPurpose.PUBLICATION, dates.processing[mentor.name], None))
        for mentee in self.plan.mentees:
            withdrawn = mentee.publication_withdrawn_days_ago
            if mentee.publication or withdrawn is not None:
                given = dates.processing[mentee.name]
                wanted.append((mentee.name, ConsentPurpose.PUBLICATION, given,
                               None if withdrawn is None else max(self.day(-withdrawn), given)))
        for name, purpose, given_on, withdrawn_on in wanted:
            staff = self.member(name)
            if (staff.pk, purpose) in existing:
                continue
            consent = consent_give(school=self.school, acting_user=self.curator, staff=staff, purpose=purpose,
                                   given_on=given_on)
            if withdrawn_on is not None:
                consent_withdraw(school=self.school, acting_user=self.curator, consent=consent,
                                 withdrawn_on=withdrawn_on)
            existing.add((staff.pk, purpose))
            self.created += 1

    # --- banks ----------------------------------------------------------------------------------------

    def banks(self, dates: _Dates) -> None:
        in_mentee_bank = set(MenteeProfile.objects.values_list("staff_id", flat=True))
        for entry in self.plan.mentees:
            staff = self.member(entry.name)
            if staff.pk in in_mentee_bank:
                continue
            mentee = mentee_add(
                school=self.school, acting_user=self.curator, staff=staff, category=entry.category,
                requests=entry.requests, strengths=entry.strengths,
                difficulties=[DifficultyInput(direction=d, description=text) for d, text in entry.difficulties],
            )
            MenteeProfile.objects.filter(pk=mentee.pk).update(added_on=dates.processing[entry.name])
            self.created += 1
        mentors = {profile.staff_id: profile for profile in MentorProfile.objects.all()}
        trainings = set(TrainingRecord.objects.values_list("mentor__staff_id", "title"))
        for mentor in self.plan.mentors:
            staff = self.member(mentor.name)
            profile = mentors.get(staff.pk)
            if profile is None:
                profile = mentor_add(
                    school=self.school, acting_user=self.curator, staff=staff, competencies=mentor.competencies,
                    directions=mentor.directions, subjects=mentor.subjects, capacity=mentor.capacity,
                    preferred_forms=mentor.forms, preferred_modes=mentor.modes, availability=mentor.availability,
                    willing_cross_school=mentor.cross_school,
                )
                MentorProfile.objects.filter(pk=profile.pk).update(questionnaire_on=dates.processing[mentor.name])
                self.created += 1
            for training in mentor.trainings:
                if (staff.pk, training.title) in trainings:
                    continue
                mentor_training_add(
                    school=self.school, acting_user=self.curator, mentor=profile, title=training.title,
                    completed_on=self.day(-training.days_ago), provider=training.provider, hours=training.hours,
                )
                self.created += 1
        if self.plan.review_days_ago is not None and not self._reviewed():
            bank_review_record(school=self.school, acting_user=self.curator, notes=self.plan.review_notes,
                               today=self.day(-self.plan.review_days_ago))
            self.created += 1

    @staticmethod
    def _reviewed() -> bool:
        return BankReview.objects.exists()

    # --- pairs and programmes --------------------------------------------------------------------------

    def find_pair(self, plan: PairPlan) -> Pair | None:
        """A pair is recognised by its mode and its mentees (a mentor may since have been replaced)."""
        mentees = {self.member(name).pk for name in plan.mentees}
        for pair in Pair.objects.filter(mode=plan.mode).prefetch_related("participants"):
            if {p.staff_id for p in pair.participants.all() if p.role == ParticipantRole.MENTEE} == mentees:
                return pair
        return None

    def pair(self, plan: PairPlan) -> None:
        pair = self.find_pair(plan)
        if pair is None:
            pair = pair_form(
                school=self.school, acting_user=self.curator, role_form=plan.role_form, mode=plan.mode,
                mentors=[self.member(name) for name in plan.mentors],
                mentees=[self.member(name) for name in plan.mentees], formed_on=self.day(plan.formed),
            )
            self.created += 1
        if pair.status == PairStatus.FORMING and pair.order is None:
            pair_draft_order(school=self.school, acting_user=self.curator, pair=pair, number=plan.order_number,
                             date=self.day(plan.order_day))
            pair.refresh_from_db()
            self.created += 1
        programme_plan = plan.programme
        starts_on = self.day(programme_plan.starts)
        first_ends_on = add_months(starts_on, programme_plan.months)
        if plan.order_signed and pair.order is not None and pair.order.status == OrderStatus.DRAFT:
            order_sign(school=self.school, acting_user=self.director, order=pair.order)
            pair.refresh_from_db()
            self.created += 1
        if plan.agreement_content and pair.status != PairStatus.ENDED and not pair.agreements.exists():
            for mentor in open_participants(pair)[0]:
                agreement_create(
                    school=self.school, acting_user=self.curator, pair=pair, mentor=mentor,
                    content=plan.agreement_content, starts_on=starts_on, ends_on=first_ends_on,
                    form=f"{FORM_RU[RoleForm(plan.role_form)]}, {MODE_RU[Mode(plan.mode)]}",
                    payment=PAYMENT_FOR.get(plan.role_form, PAYMENT),
                )
                self.created += 1
        if plan.order_signed and pair.status == PairStatus.FORMING:
            pair = pair_activate(school=self.school, acting_user=self.curator, pair=pair)
            self.created += 1
        self.programme(pair, plan, starts_on, first_ends_on)
        self.requests(pair, plan)

    def programme(self, pair: Pair, plan: PairPlan, starts_on: dt.date, first_ends_on: dt.date) -> None:
        spec = plan.programme
        programme = Programme.objects.filter(pair=pair).first()
        if programme is None:
            programme = programme_create(
                school=self.school, acting_user=self.curator, pair=pair, title=spec.title, goals=spec.goals,
                directions=list(spec.directions), strengths_supported=spec.strengths, starts_on=starts_on,
                ends_on=first_ends_on,
            )
            self.created += 1
        if programme.status == ProgrammeStatus.DRAFT:
            self.activities(pair, programme, [a for a in spec.activities if self.day(a.due) <= first_ends_on])
        if spec.state != ProgrammeStatus.DRAFT and programme.status == ProgrammeStatus.DRAFT:
            programme = programme_approve(school=self.school, acting_user=self.director, programme=programme,
                                          today=min(self.today, starts_on - dt.timedelta(days=3)))
            self.created += 1
        if spec.state in STARTED and programme.status == ProgrammeStatus.APPROVED:
            programme = programme_start(school=self.school, acting_user=self.curator, programme=programme)
            self.created += 1
        if programme.status != ProgrammeStatus.ACTIVE:
            return
        self.mark_done(pair, programme, spec.activities)
        if spec.extend_months is not None:
            if not programme.changes.filter(kind=ChangeKind.EXTENSION).exists():
                programme = programme_extend(
                    school=self.school, acting_user=self.curator, programme=programme,
                    new_ends_on=add_months(starts_on, spec.extend_months), reason=spec.extend_reason,
                    agreed_by_mentor=True, agreed_by_mentee=True,
                )
                self.created += 1
            self.activities(pair, programme, [a for a in spec.activities if self.day(a.due) > first_ends_on],
                            reason=spec.extend_reason)
        if spec.state == ProgrammeStatus.COMPLETED:
            programme_complete(school=self.school, acting_user=self.curator, programme=programme,
                               today=self.day(spec.finished or 0))
            self.created += 1
        elif spec.state == ProgrammeStatus.ENDED_EARLY:
            programme_end_early(school=self.school, acting_user=self.curator, programme=programme,
                                reason=spec.end_reason, note=spec.end_note, today=self.day(spec.finished or 0))
            self.created += 1

    def _responsible(self, pair: Pair, name: str) -> StaffMember:
        mentors, mentees = open_participants(pair)
        if name == MENTOR:
            return mentors[0]
        if name == MENTEE:
            return mentees[0]
        if name == CURATOR:
            return self.member(self.plan.curator)
        return self.member(name)

    def activities(self, pair: Pair, programme: Programme, plans: list[ActivityPlan], reason: str = "") -> None:
        """Add the missing activities; to an approved programme as an adjustment agreed by both (§7.2)."""
        present = set(programme.activities.values_list("title", flat=True))
        for activity in plans:
            if activity.title in present:
                continue
            activity_add(
                school=self.school, acting_user=self.curator, programme=programme, title=activity.title,
                description=activity.description, direction=activity.direction, deadline=self.day(activity.due),
                responsible=self._responsible(pair, activity.responsible),
                status=ActivityStatus.PLANNED if activity.status == DONE else activity.status,
                reason=reason, agreed_by_mentor=bool(reason), agreed_by_mentee=bool(reason),
            )
            self.created += 1

    def _participant_account(self, pair: Pair) -> Person:
        """Who of the pair marks activities done: a mentor with an account, else a mentee."""
        mentors, mentees = open_participants(pair)
        for staff in (*mentors, *mentees):
            if staff.person is not None:
                return staff.person
        raise LookupError(f"{self.school.slug}: nobody of the pair {pair} has an account")

    def mark_done(self, pair: Pair, programme: Programme, plans: tuple[ActivityPlan, ...]) -> None:
        results = {a.title: a for a in plans if a.status == DONE}
        open_ones = programme.activities.filter(
            title__in=list(results), status__in=(ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS))
        for activity in open_ones.order_by("deadline"):
            plan = results[activity.title]
            activity_mark_done(school=self.school, acting_user=self._participant_account(pair), activity=activity,
                               result=plan.result, today=min(self.today, self.day(plan.due)))
            self.created += 1

    def requests(self, pair: Pair, plan: PairPlan) -> None:
        kinds = set(PairRequest.objects.filter(pair=pair).values_list("kind", flat=True))
        pair.refresh_from_db()
        if pair.status != PairStatus.ACTIVE:
            return
        mentors, mentees = open_participants(pair)
        if plan.petition and RequestKind.REPLACE_MENTOR not in kinds:
            mentee_person = next(m.person for m in mentees if m.person is not None)
            request_submit(school=self.school, acting_user=mentee_person, pair=pair,
                           kind=RequestKind.REPLACE_MENTOR, reason=plan.petition)
            self.created += 1
        if plan.release is not None and RequestKind.RELEASE_MENTOR not in kinds:
            mentor_person = next(m.person for m in mentors if m.person is not None)
            reason, refusal = plan.release
            request = request_submit(school=self.school, acting_user=mentor_person, pair=pair,
                                     kind=RequestKind.RELEASE_MENTOR, reason=reason)
            request_decide(school=self.school, acting_user=self.curator, request=request, grant=False,
                           decision=refusal)
            self.created += 1


def school_mentoring_seed(*, school: School, plan: SchoolPlan, today: dt.date | None = None) -> MentoringSummary:
    """Create whatever of the school's mentoring plan is missing; call inside the school's schema."""
    created = MentoringSeeder(school=school, plan=plan, today=today).run()
    summary = mentoring_summary(today=today)
    summary.created = created
    return summary
