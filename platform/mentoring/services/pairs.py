"""Writes of mentoring pairs and groups (наставнические пары/группы, regulation §2.3, §3.2, §6).

A pair is formed by the curator from the two banks, backed by the director's order
(§6.2) with the participants' written consents (§3.2, Labour Code art. 351.8), and
becomes active only when both are in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks.models import MenteeProfile, MenteeStatus, MentorProfile, MentorStatus
from consents.models import ConsentPurpose
from exchange.selectors import held_places
from formats.filenames import document_filename
from mentoring.models import (
    Agreement,
    Mode,
    Pair,
    PairStatus,
    Participant,
    ParticipantRole,
    RoleForm,
)
from mentoring.selectors.pairs import (
    MENTOR_CONSENTS,
    PARTICIPANT_CONSENTS,
    active_mentee_counts,
    consents_in_force,
)
from orders.models import Order, OrderKind, OrderStatus, RoleAssignment
from orders.services import order_create
from people.models import Person
from people.roles import SchoolRole
from reports.pdf import (
    Block,
    Heading,
    Items,
    Para,
    Signature,
    Space,
    Table,
    date_words,
    official_document,
)
from staff.declension import Case, gendered, staff_full_name, staff_position, staff_short_name
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School
from tenants.spaces import school_of_connection

MAX_MENTORS = 2


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _actor(acting_user: Person | None) -> Person | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def mentor_profiles_lock(staff_ids: Iterable[object]) -> dict[object, MentorProfile]:
    """Lock the mentors' questionnaires in the current school, in id order (so two curators, or a curator
    and another school's request, never deadlock): the one lock every write that takes a mentor's place
    holds — the school's own pairs and the exchange's approvals — so no two take the last free place."""
    return {profile.staff_id: profile for profile in
            MentorProfile.objects.select_for_update().filter(staff_id__in=list(staff_ids)).order_by("id")}


def mentor_places_taken(*, school: School, staff_ids: Sequence[Any]) -> dict[Any, int]:
    """Places each mentor of `school` has taken (call inside its schema, under `mentor_profiles_lock`):
    mentees in the school's open pairs, and places held in other schools through the exchange."""
    counts = active_mentee_counts(staff_ids)
    held = held_places([(school.pk, staff_id) for staff_id in staff_ids])
    return {staff_id: counts.get(staff_id, 0) + held.get((school.pk, staff_id), 0) for staff_id in staff_ids}


def check_mentors_available(
    *, mentors: Sequence[StaffMember], new_mentees: int, field: str = "mentors", consents: Sequence[str] = ()
) -> None:
    """Bank, consents and capacity of mentors about to take `new_mentees` more mentees.

    Call inside a transaction: the mentors' questionnaires are locked (in id order, so two
    curators never deadlock) before counting, so that two curators acting at once cannot
    both take a mentor's last free place.
    """
    ids = sorted(m.pk for m in mentors)
    profiles = mentor_profiles_lock(ids)
    by_id = {m.pk: m for m in mentors}
    for staff_id in ids:
        profile = profiles.get(staff_id)
        if profile is None or profile.status == MentorStatus.LEFT:
            raise _error(field, _("%(name)s is not in the mentor bank: add their questionnaire first.")
                         % {"name": by_id[staff_id].full_name}, "not_in_mentor_bank")
    in_force = consents_in_force(ids)
    for staff_id in ids:
        for purpose in (ConsentPurpose.PROCESSING_PROGRAMME, *consents):
            if purpose not in in_force[staff_id]:
                raise _error(field, _("%(name)s has no consent in force: %(purpose)s.")
                             % {"name": by_id[staff_id].full_name, "purpose": ConsentPurpose(purpose).label},
                             "no_consent")
    counts = mentor_places_taken(school=school_of_connection(), staff_ids=ids)
    for staff_id in ids:
        capacity = profiles[staff_id].capacity
        if counts[staff_id] + new_mentees > capacity:
            raise _error(field, _(
                "%(name)s would exceed their capacity: %(current)s of %(capacity)s mentees now, "
                "%(new)s more requested."
            ) % {"name": by_id[staff_id].full_name, "current": counts[staff_id], "capacity": capacity,
                 "new": new_mentees}, "over_capacity")


def _check_mentees(mentees: Sequence[StaffMember]) -> None:
    ids = [m.pk for m in mentees]
    profiles = {p.staff_id: p for p in MenteeProfile.objects.filter(staff_id__in=ids)}
    for mentee in mentees:
        profile = profiles.get(mentee.pk)
        if profile is None or profile.status == MenteeStatus.LEFT:
            raise _error("mentees", _("%(name)s is not in the mentee bank: add them to it first.")
                         % {"name": mentee.full_name}, "not_in_mentee_bank")
    in_force = consents_in_force(ids)
    for mentee in mentees:
        if ConsentPurpose.PROCESSING_PROGRAMME not in in_force[mentee.pk]:
            raise _error("mentees", _(
                "%(name)s has no consent in force to the processing of personal data for the mentoring "
                "programme: a person without it cannot be put in a new pair."
            ) % {"name": mentee.full_name}, "no_consent")


def _fresh_staff(people: Sequence[StaffMember], field: str) -> list[StaffMember]:
    """The staff records as they are now in this school (a stale or foreign object is refused)."""
    ids = [p.pk for p in people]
    found = {s.pk: s for s in StaffMember.objects.filter(pk__in=ids)}
    result = []
    for person in people:
        staff = found.get(person.pk)
        if staff is None:
            raise _error(field, _("Unknown staff member."), "unknown")
        if not staff.is_active:
            raise _error(field, _("%(name)s is no longer an active staff member.") % {"name": staff.full_name},
                         "inactive")
        result.append(staff)
    return result


def pair_form(
    *,
    school: School,
    acting_user: Person | None,
    role_form: RoleForm | str,
    mode: Mode | str,
    mentors: list[StaffMember],
    mentees: list[StaffMember],
    formed_on: dt.date,
) -> Pair:
    """Form a mentoring pair or group with the curator (regulation §6.1–6.2, forms of §2.3).

    One mentor (two may co-mentor anything but a one-to-one pair), at least one mentee;
    a group has at least two mentees, a traditional pair exactly one. Mentors come from the
    mentor bank and mentees from the mentee bank, all with the processing consent in
    force; no mentor exceeds their capacity. The pair starts as «being formed».
    """
    if role_form not in RoleForm.values:
        raise _error("role_form", _("Choose the form of mentoring."), "invalid")
    if mode not in Mode.values:
        raise _error("mode", _("Choose the mode of mentoring."), "invalid")
    if not mentors:
        raise _error("mentors", _("Choose the mentor."), "required")
    if not mentees:
        raise _error("mentees", _("Choose at least one mentee."), "required")
    if len({m.pk for m in mentors}) != len(mentors):
        raise _error("mentors", _("A mentor is listed twice."), "duplicate")
    if len({m.pk for m in mentees}) != len(mentees):
        raise _error("mentees", _("A mentee is listed twice."), "duplicate")
    if len(mentors) > MAX_MENTORS:
        raise _error("mentors", _("A pair or group has at most %(max)s mentors.") % {"max": MAX_MENTORS},
                     "too_many_mentors")
    own = {m.pk for m in mentors} & {m.pk for m in mentees}
    if own:
        name = next(m.full_name for m in mentors if m.pk in own)
        raise _error("mentees", _("%(name)s cannot be their own mentee.") % {"name": name}, "own_mentee")
    if mode == Mode.GROUP and len(mentees) < 2:
        raise _error("mentees", _("A group has at least 2 mentees; for one mentee choose another mode."),
                     "group_too_small")
    if mode == Mode.TRADITIONAL and (len(mentees) > 1 or len(mentors) > 1):
        raise _error("mode", _("Traditional mentoring is one mentor and one mentee; for more choose a group."),
                     "traditional_one_to_one")
    mentors = _fresh_staff(mentors, "mentors")
    mentees = _fresh_staff(mentees, "mentees")
    _check_mentees(mentees)
    with transaction.atomic():
        check_mentors_available(mentors=mentors, new_mentees=len(mentees))
        pair = Pair.objects.create(
            role_form=role_form, mode=mode, status=PairStatus.FORMING, formed_on=formed_on,
            created_by=_actor(acting_user),
        )
        Participant.objects.bulk_create(
            [Participant(pair=pair, staff=m, role=ParticipantRole.MENTOR, joined_on=formed_on) for m in mentors]
            + [Participant(pair=pair, staff=m, role=ParticipantRole.MENTEE, joined_on=formed_on) for m in mentees]
        )
        school_changed()
        audit_record(actor=acting_user, action="pair.formed", school=school, target=pair, details={
            "mode": str(mode), "role_form": str(role_form),
            "mentors": [m.full_name for m in mentors], "mentees": [m.full_name for m in mentees],
        })
    return pair


def pair_form_cross_school(
    *, school: School, acting_user: Person | None, mentor: StaffMember, mentee: StaffMember, mode: Mode | str,
    formed_on: dt.date, details: dict[str, str] | None = None,
) -> Pair:
    """A cross-school pair of the mentor exchange (regulation §4): a guest mentor from another school and one
    mentee of this school, teacher–teacher, being formed; then the school signs the order and starts it as
    any pair. The mentor's place was checked and locked by the mentor's school when it approved, so the
    guest is in no bank here; the consents the mentor gave are recorded first (consent_give)."""
    if not mentor.is_guest:
        raise _error("mentors", _("%(name)s is not a guest mentor from another school.") % {"name": mentor.full_name},
                     "not_guest")
    if mode not in Mode.values:
        mode = Mode.TRADITIONAL
    with transaction.atomic():
        pair = Pair.objects.create(role_form=RoleForm.TEACHER_TEACHER, mode=mode, status=PairStatus.FORMING,
                                   formed_on=formed_on, created_by=_actor(acting_user))
        Participant.objects.bulk_create([
            Participant(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=formed_on),
            Participant(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=formed_on)])
        school_changed()
        audit_record(actor=acting_user, action="pair.formed", school=school, target=pair, details={
            "mode": str(mode), "role_form": str(RoleForm.TEACHER_TEACHER), "mentors": [mentor.full_name],
            "mentees": [mentee.full_name], "cross_school": details or {}})
    return pair


def open_participants(pair: Pair) -> tuple[list[StaffMember], list[StaffMember]]:
    """The pair's current mentors and mentees."""
    rows = list(pair.participants.filter(left_on__isnull=True).select_related("staff").order_by(
        "staff__last_name", "staff__first_name"))
    return ([p.staff for p in rows if p.role == ParticipantRole.MENTOR],
            [p.staff for p in rows if p.role == ParticipantRole.MENTEE])


def _is_group(pair: Pair, mentees: Sequence[StaffMember]) -> bool:
    return pair.mode == Mode.GROUP or len(mentees) > 1


# The words of official documents are Russian whatever the interface language (reports.pdf):
# the order and the agreement are papers the director signs.
FORM_RU: dict[str, str] = {
    RoleForm.TEACHER_TEACHER: "«учитель – учитель»",
    RoleForm.EDUCATOR_EDUCATOR: "«педагог – педагог»",
    RoleForm.HEAD_TEACHER: "«руководитель образовательной организации – учитель»",
    RoleForm.EMPLOYER_STUDENT: "«работодатель – студент»",
    RoleForm.UNIVERSITY_YOUNG_TEACHER: "«преподаватель вуза/колледжа – молодой педагог»",
}
MODE_RU: dict[str, str] = {
    Mode.TRADITIONAL: "традиционное (один на один)",
    Mode.GROUP: "групповое",
    Mode.VIRTUAL: "виртуальное (дистанционное)",
    Mode.SHORT_TERM: "краткосрочное (целеполагающее)",
    Mode.REVERSE: "реверсивное",
    Mode.SITUATIONAL: "ситуационное",
    Mode.SPEED: "скоростное (однократная встреча)",
}


def pair_order_title(pair: Pair, mentees: Sequence[StaffMember]) -> str:
    if _is_group(pair, mentees):
        return "О закреплении наставнической группы"
    return "О закреплении наставнической пары"


def _staff_line(staff: StaffMember, case: Case = Case.NOMINATIVE) -> str:
    """«Тазуевой Лейлы Хасановны, учителя начальных классов» (genitive): the name and position declined."""
    name = staff_full_name(staff, case)
    return f"{name}, {staff_position(staff, case)}" if staff.position else name


def _order_paragraphs(
    pair: Pair, mentors: Sequence[StaffMember], mentees: Sequence[StaffMember]
) -> tuple[str, list[str]]:
    """The preamble and the numbered items of the order assigning the pair."""
    what = "наставническую группу" if _is_group(pair, mentees) else "наставническую пару"
    whose = "наставнической группы" if _is_group(pair, mentees) else "наставнической пары"
    preamble = (
        "В соответствии с Положением о системе наставничества педагогических работников (п. 6.2), "
        "на основании письменного согласия участников на возложение на них дополнительных обязанностей, "
        "связанных с наставнической деятельностью (ст. 351.8 Трудового кодекса Российской Федерации),"
    )
    items = [
        f"Закрепить {what}, сформированную {pair.formed_on:%d.%m.%Y}: форма наставничества "
        f"{FORM_RU.get(pair.role_form, pair.role_form)}, вид наставничества — "
        f"{MODE_RU.get(pair.mode, pair.mode)}; "
        + ("наставник — " if len(mentors) == 1 else "наставники — ")
        + "; ".join(_staff_line(m) for m in mentors) + "; "
        + ("наставляемый — " if len(mentees) == 1 else "наставляемые — ")
        + "; ".join(_staff_line(m) for m in mentees) + ".",
        "Наставнику совместно с наставляемым разработать персонализированную программу наставничества "
        "и обеспечить её реализацию.",
        f"Куратору наставничества осуществлять мониторинг работы {whose}.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    return preamble, items


def pair_order_text(pair: Pair, mentors: Sequence[StaffMember], mentees: Sequence[StaffMember]) -> str:
    """The order's text, built from the pair's own data."""
    preamble, items = _order_paragraphs(pair, mentors, mentees)
    return "\n".join([preamble, "ПРИКАЗЫВАЮ:", *(f"{i}. {text}" for i, text in enumerate(items, 1))])


def pair_draft_order(
    *, school: School, acting_user: Person | None, pair: Pair, number: str, date: dt.date
) -> Order:
    """Draft the director's order assigning the pair or group (regulation §3.2, §6.2).

    The text is built from the pair's participants, form and mode; on signing, the
    mentors take the mentor role and the mentees the mentee role.
    """
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status != PairStatus.FORMING:
            raise _error("__all__", _("An order can be drafted only for a pair that is being formed."),
                         "not_forming")
        if pair.order is not None and pair.order.status != OrderStatus.CANCELLED:
            raise _error("__all__", _("The pair already has order № %(number)s; cancel it to draft another.")
                         % {"number": pair.order.number}, "has_order")
        mentors, mentees = open_participants(pair)
        order = order_create(
            school=school, acting_user=acting_user, kind=OrderKind.ASSIGN_PAIR, number=number, date=date,
            title=pair_order_title(pair, mentees), text=pair_order_text(pair, mentors, mentees),
            subjects=[(m, SchoolRole.MENTOR) for m in mentors] + [(m, SchoolRole.MENTEE) for m in mentees],
        )
        pair.order = order
        pair.save(update_fields=["order"])
        school_changed()
        audit_record(actor=acting_user, action="pair.order_drafted", school=school, target=pair,
                     details={"order": order.number})
    return order


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a pair needs before it may start: a participant's consent or the director's order."""

    kind: str  # "consent", "order_draft" or "order_sign"
    label: str
    done: bool
    staff: StaffMember | None = None
    purpose: str = ""
    order: Order | None = None


def pair_activation_checklist(pair: Pair) -> list[ChecklistItem]:
    """Everything that stands before activation (§3.2, §6.2), done or not, in the order to do it."""
    mentors, mentees = open_participants(pair)
    in_force = consents_in_force([m.pk for m in (*mentors, *mentees)])
    items: list[ChecklistItem] = []
    for staff, needed in [(m, MENTOR_CONSENTS) for m in mentors] + [(m, PARTICIPANT_CONSENTS) for m in mentees]:
        for purpose in needed:
            done = purpose in in_force[staff.pk]
            template = (_("%(name)s: consent — %(purpose)s") if done
                        else _("%(name)s: no consent — %(purpose)s"))
            items.append(ChecklistItem(
                "consent", template % {"name": staff.full_name, "purpose": ConsentPurpose(purpose).label},
                done, staff=staff, purpose=str(purpose)))
    order = pair.order
    if order is None or order.status == OrderStatus.CANCELLED:
        items.append(ChecklistItem("order_draft", _("the director's order assigning the pair has not been drafted"),
                                   False))
        items.append(ChecklistItem("order_sign", _("the director signs the order"), False))
    else:
        items.append(ChecklistItem("order_draft", _("the director's order № %(number)s is drafted")
                                   % {"number": order.number}, True, order=order))
        signed = order.status == OrderStatus.SIGNED
        items.append(ChecklistItem(
            "order_sign", (_("the director's order № %(number)s is signed") if signed
                           else _("the director's order № %(number)s is not signed")) % {"number": order.number},
            signed, order=order))
    return items


def pair_missing_for_activation(pair: Pair) -> list[str]:
    """What the pair still lacks to become active: consents per participant and the signed order."""
    missing = [item for item in pair_activation_checklist(pair) if not item.done]
    # An undrafted order is one thing to do, not two.
    if any(item.kind == "order_draft" for item in missing):
        missing = [item for item in missing if item.kind != "order_sign"]
    return [item.label for item in missing]


def pair_activate(*, school: School, acting_user: Person | None, pair: Pair) -> Pair:
    """The pair starts work: only with every consent in force and the director's order signed (§3.2, §6.2).

    Each participant needs the processing consent and the consent to the additional duties,
    each mentor also their written consent to the appointment (Labour Code art. 351.8).
    """
    with transaction.atomic():
        pair = Pair.objects.select_for_update(of=("self",)).select_related("order").get(pk=pair.pk)
        if pair.status != PairStatus.FORMING:
            raise _error("__all__", _("Only a pair that is being formed can be activated."), "not_forming")
        missing = pair_missing_for_activation(pair)
        if missing:
            raise _error("__all__", _("The pair cannot start yet. Missing: %(list)s.")
                         % {"list": "; ".join(missing)}, "incomplete")
        pair.status = PairStatus.ACTIVE
        pair.activated_on = pair.order.date if pair.order else timezone.localdate()
        pair.save(update_fields=["status", "activated_on"])
        _mentors, mentees = open_participants(pair)
        MenteeProfile.objects.filter(staff__in=mentees).exclude(status=MenteeStatus.LEFT).update(
            status=MenteeStatus.IN_PROGRAMME)
        school_changed()
        audit_record(actor=acting_user, action="pair.activated", school=school, target=pair,
                     details={"order": pair.order.number if pair.order else ""})
    return pair


def pair_end(
    *,
    school: School,
    acting_user: Person | None,
    pair: Pair,
    ended_on: dt.date | None = None,
    mentee_status: MenteeStatus = MenteeStatus.COMPLETED,
    reason: str = "",
) -> Pair:
    """The pair ends with its programme (§7.1), or when its mentor is released without a successor (§4.1).

    The participants and their history stay; the mentees' bank status becomes «completed»
    (or «waiting for a mentor» when the pair ended without completing).
    """
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status == PairStatus.ENDED:
            raise _error("__all__", _("The pair has already ended."), "ended")
        pair.status = PairStatus.ENDED
        pair.ended_on = ended_on or timezone.localdate()
        pair.save(update_fields=["status", "ended_on"])
        _mentors, mentees = open_participants(pair)
        MenteeProfile.objects.filter(staff__in=mentees).exclude(status=MenteeStatus.LEFT).update(
            status=mentee_status)
        school_changed()
        audit_record(actor=acting_user, action="pair.ended", school=school, target=pair,
                     details={"ended_on": pair.ended_on.isoformat(), "reason": reason})
    return pair


def agreement_create(
    *,
    school: School,
    acting_user: Person | None,
    pair: Pair,
    mentor: StaffMember,
    content: str,
    starts_on: dt.date,
    ends_on: dt.date,
    form: str,
    payment: str,
) -> Agreement:
    """Соглашение о наставничестве (Labour Code art. 351.8): content, period, form and payment of mentoring."""
    errors: dict[str, ValidationError] = {}
    if not content.strip():
        errors["content"] = ValidationError(_("Describe the content of mentoring."), code="required")
    if not form.strip():
        errors["form"] = ValidationError(_("State the form of mentoring."), code="required")
    if not payment.strip():
        errors["payment"] = ValidationError(
            _("State the payment for mentoring (or that it is unpaid)."), code="required")
    if ends_on <= starts_on:
        errors["ends_on"] = ValidationError(_("The agreement must end after it starts."), code="dates_order")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status == PairStatus.ENDED:
            raise _error("__all__", _("The pair has ended."), "ended")
        if not pair.participants.filter(staff_id=mentor.pk, role=ParticipantRole.MENTOR,
                                        left_on__isnull=True).exists():
            raise _error("mentor", _("%(name)s is not a mentor of this pair.") % {"name": mentor.full_name},
                         "not_mentor")
        agreement = Agreement.objects.create(
            pair=pair, mentor=mentor, content=content.strip(), starts_on=starts_on, ends_on=ends_on,
            form=form.strip(), payment=payment.strip(),
        )
        school_changed()
        audit_record(actor=acting_user, action="pair.agreement_created", school=school, target=agreement,
                     details={"pair": str(pair.pk), "mentor": mentor.full_name})
    return agreement



# --- printable documents (reports.pdf) -------------------------------------------------------


def _director(order: Order | None) -> StaffMember | None:
    """Who signs: the order's signer, else the staff member holding the director's role by order."""
    if order is not None and order.signer_id is not None:
        return order.signer
    assignment = (RoleAssignment.objects.filter(role=SchoolRole.DIRECTOR, ended_on__isnull=True)
                  .select_related("staff").order_by("-started_on").first())
    return assignment.staff if assignment else None


def pair_order_pdf(*, school: School, pair: Pair) -> bytes:
    """The director's order assigning the pair (§6.2) as an official PDF; a draft «№ ____» until drafted."""
    pair = Pair.objects.select_related("order", "order__signer").get(pk=pair.pk)
    mentors, mentees = open_participants(pair)
    order = pair.order if pair.order is not None and pair.order.status != OrderStatus.CANCELLED else None
    if order is not None and order.text.strip():
        lines = [line.strip() for line in order.text.splitlines() if line.strip()]
    else:
        preamble, items = _order_paragraphs(pair, mentors, mentees)
        lines = [preamble, "ПРИКАЗЫВАЮ:", *(f"{i}. {text}" for i, text in enumerate(items, 1))]
    blocks: list[Block] = [
        Heading(line, align="left") if line.rstrip(":").upper() == line.rstrip(":") and line.endswith(":")
        else Para(line)
        for line in lines
    ]
    rows = [[str(i), m.full_name, m.position, role] for i, (m, role) in enumerate(
        [(m, "наставник") for m in mentors] + [(m, "наставляемый") for m in mentees], 1)]
    blocks += [
        Space(3),
        Table(header=["№", "Ф. И. О.", "Должность", "Роль"], rows=rows, widths=[0.07, 0.4, 0.33, 0.2]),
        Signature(position="Директор", name=staff_short_name(_director(order))),
        Space(6),
        Para("С приказом ознакомлены:", indent=False),
        Table(header=["Ф. И. О.", "Подпись", "Дата"], rows=[[m.full_name, "", ""] for m in (*mentors, *mentees)],
              widths=[0.5, 0.25, 0.25]),
    ]
    return official_document(
        school=school, title="ПРИКАЗ", number=order.number if order else "", date=order.date if order else None,
        heading=order.title if order else pair_order_title(pair, mentees), blocks=blocks,
    )


def pair_order_filename(*, school: School, pair: Pair, extension: str = "pdf") -> str:
    """«Приказ № 137 от 20.09.2026 — ООШ с. Мескеты.pdf»; before an order is drafted, «Проект приказа о
    закреплении наставнической пары — …»."""
    order = pair.order if pair.order is not None and pair.order.status != OrderStatus.CANCELLED else None
    if order is None:
        title = pair_order_title(pair, open_participants(pair)[1])  # «О закреплении наставнической пары»
        return document_filename(f"Проект приказа {title[:1].lower()}{title[1:]}", school_name=school.short_name,
                                 extension=extension)
    title = "Проект приказа" if order.status == OrderStatus.DRAFT else "Приказ"
    return document_filename(title, number=order.number, date=order.date, school_name=school.short_name,
                             extension=extension)


def agreement_filename(*, school: School, agreement: Agreement, extension: str = "pdf") -> str:
    """«Соглашение о наставничестве — Умарова Э.Х. от 05.12.2026 — ООШ с. Мескеты.pdf»."""
    return document_filename(f"Соглашение о наставничестве — {staff_short_name(agreement.mentor)}",
                             date=agreement.created_at.date(), school_name=school.short_name, extension=extension)


def agreement_pdf(*, school: School, agreement: Agreement) -> bytes:
    """Соглашение о наставничестве (Labour Code art. 351.8) as an official PDF for both parties to sign."""
    return official_document(**agreement_document(school=school, agreement=agreement))  # type: ignore[arg-type]


def agreement_document(*, school: School, agreement: Agreement) -> dict[str, object]:
    """The agreement's letterhead arguments and blocks, the same for the PDF and the DOCX: the director in the
    genitive («в лице директора Эскиева Рамзана Хамидовича, действующего…»), the mentees in the genitive
    («в отношении: Тазуевой Лейлы Хасановны, учителя…»), the words agreeing with the mentor («с её согласия»)."""
    agreement = Agreement.objects.select_related("pair", "pair__order", "pair__order__signer", "mentor").get(
        pk=agreement.pk)
    _mentors, mentees = open_participants(agreement.pair)
    director = _director(agreement.pair.order)
    mentor = agreement.mentor
    acting = gendered(director, male="действующего", female="действующей")
    director_name = staff_full_name(director, Case.GENITIVE) if director else "________________"
    blocks: list[Block] = [
        Para(f"{school.full_name} (далее — Работодатель) в лице директора {director_name}, {acting} на основании "
             f"Устава, с одной стороны, и {_staff_line(mentor)} (далее — Наставник), с другой стороны, "
             "заключили настоящее соглашение о нижеследующем:"),
        Items([
            f"Наставник с {gendered(mentor, male='его', female='её')} письменного согласия наряду с работой, "
            "определённой трудовым договором, выполняет работу по наставничеству в отношении: "
            + "; ".join(_staff_line(m, Case.GENITIVE) for m in mentees) + ".",
            f"Содержание наставничества: {agreement.content}",
            f"Срок наставничества: с {date_words(agreement.starts_on)} по {date_words(agreement.ends_on)}",
            f"Форма наставничества: {agreement.form}",
            f"Оплата: {agreement.payment}",
            "Наставничество осуществляется в соответствии с Положением о системе наставничества "
            "педагогических работников и персонализированной программой наставничества.",
            "Соглашение составлено в двух экземплярах, по одному для каждой из сторон.",
        ]),
        Signature(position="Работодатель: директор", name=staff_short_name(director)),
        Signature(position="Наставник", name=staff_short_name(mentor)),
    ]
    return {"school": school, "title": "СОГЛАШЕНИЕ", "date": agreement.created_at.date(), "blocks": blocks,
            "heading": "о наставничестве (статья 351.8 Трудового кодекса Российской Федерации)",
            "author": staff_short_name(director)}
