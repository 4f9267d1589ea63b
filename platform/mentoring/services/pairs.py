"""Writes of mentoring pairs and groups (наставнические пары/группы, regulation §2.3, §3.2, §6).

A pair is formed by the curator from the two banks, backed by the director's order
(§6.2) with the participants' written consents (§3.2, Labour Code art. 351.8), and
becomes active only when both are in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks.models import MenteeProfile, MenteeStatus, MentorProfile, MentorStatus
from consents.models import ConsentPurpose
from mentoring.documents import pair_order_text, pair_order_title
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
    consents_in_force,
    mentor_places_taken,
    open_participants,
    pair_missing_for_activation,
)
from orders.models import Order, OrderKind, OrderStatus
from orders.services import order_create
from people.models import Person
from people.roles import SchoolRole
from service_errors import field_error
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School
from tenants.spaces import school_of_connection

MAX_MENTORS = 2



def acting_or_none(acting_user: Person | None) -> Person | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def mentor_profiles_lock(staff_ids: Iterable[object]) -> dict[object, MentorProfile]:
    """Lock the mentors' questionnaires in the current school, in id order (so two curators, or a curator
    and another school's request, never deadlock): the one lock every write that takes a mentor's place
    holds — the school's own pairs and the exchange's approvals — so no two take the last free place."""
    return {profile.staff_id: profile for profile in
            MentorProfile.objects.select_for_update().filter(staff_id__in=list(staff_ids)).order_by("id")}


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
            raise field_error(field, _("%(name)s is not in the mentor bank: add their questionnaire first.")
                         % {"name": by_id[staff_id].full_name}, "not_in_mentor_bank")
    in_force = consents_in_force(ids)
    for staff_id in ids:
        for purpose in (ConsentPurpose.PROCESSING_PROGRAMME, *consents):
            if purpose not in in_force[staff_id]:
                raise field_error(field, _("%(name)s has no consent in force: %(purpose)s.")
                             % {"name": by_id[staff_id].full_name, "purpose": ConsentPurpose(purpose).label},
                             "no_consent")
    counts = mentor_places_taken(school=school_of_connection(), staff_ids=ids)
    for staff_id in ids:
        capacity = profiles[staff_id].capacity
        if counts[staff_id] + new_mentees > capacity:
            raise field_error(field, _(
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
            raise field_error("mentees", _("%(name)s is not in the mentee bank: add them to it first.")
                         % {"name": mentee.full_name}, "not_in_mentee_bank")
    in_force = consents_in_force(ids)
    for mentee in mentees:
        if ConsentPurpose.PROCESSING_PROGRAMME not in in_force[mentee.pk]:
            raise field_error("mentees", _(
                "%(name)s has no consent in force to the processing of personal data for the mentoring "
                "programme: a person without it cannot be put in a new pair."
            ) % {"name": mentee.full_name}, "no_consent")


def staff_fresh(people: Sequence[StaffMember], field: str) -> list[StaffMember]:
    """The staff records as they are now in this school (a stale or foreign object is refused)."""
    ids = [p.pk for p in people]
    found = {s.pk: s for s in StaffMember.objects.filter(pk__in=ids)}
    result = []
    for person in people:
        staff = found.get(person.pk)
        if staff is None:
            raise field_error(field, _("Unknown staff member."), "unknown")
        if not staff.is_active:
            raise field_error(field, _("%(name)s is no longer an active staff member.") % {"name": staff.full_name},
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
        raise field_error("role_form", _("Choose the form of mentoring."), "invalid")
    if mode not in Mode.values:
        raise field_error("mode", _("Choose the mode of mentoring."), "invalid")
    if not mentors:
        raise field_error("mentors", _("Choose the mentor."), "required")
    if not mentees:
        raise field_error("mentees", _("Choose at least one mentee."), "required")
    if len({m.pk for m in mentors}) != len(mentors):
        raise field_error("mentors", _("A mentor is listed twice."), "duplicate")
    if len({m.pk for m in mentees}) != len(mentees):
        raise field_error("mentees", _("A mentee is listed twice."), "duplicate")
    if len(mentors) > MAX_MENTORS:
        raise field_error("mentors", _("A pair or group has at most %(max)s mentors.") % {"max": MAX_MENTORS},
                     "too_many_mentors")
    own = {m.pk for m in mentors} & {m.pk for m in mentees}
    if own:
        name = next(m.full_name for m in mentors if m.pk in own)
        raise field_error("mentees", _("%(name)s cannot be their own mentee.") % {"name": name}, "own_mentee")
    if mode == Mode.GROUP and len(mentees) < 2:
        raise field_error("mentees", _("A group has at least 2 mentees; for one mentee choose another mode."),
                     "group_too_small")
    if mode == Mode.TRADITIONAL and (len(mentees) > 1 or len(mentors) > 1):
        raise field_error("mode", _("Traditional mentoring is one mentor and one mentee; for more choose a group."),
                     "traditional_one_to_one")
    mentors = staff_fresh(mentors, "mentors")
    mentees = staff_fresh(mentees, "mentees")
    _check_mentees(mentees)
    with transaction.atomic():
        check_mentors_available(mentors=mentors, new_mentees=len(mentees))
        pair = Pair.objects.create(
            role_form=role_form, mode=mode, status=PairStatus.FORMING, formed_on=formed_on,
            created_by=acting_or_none(acting_user),
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
        raise field_error(
            "mentors", _("%(name)s is not a guest mentor from another school.") % {"name": mentor.full_name},
                     "not_guest")
    if mode not in Mode.values:
        mode = Mode.TRADITIONAL
    with transaction.atomic():
        pair = Pair.objects.create(role_form=RoleForm.TEACHER_TEACHER, mode=mode, status=PairStatus.FORMING,
                                   formed_on=formed_on, created_by=acting_or_none(acting_user))
        Participant.objects.bulk_create([
            Participant(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=formed_on),
            Participant(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=formed_on)])
        school_changed()
        audit_record(actor=acting_user, action="pair.formed", school=school, target=pair, details={
            "mode": str(mode), "role_form": str(RoleForm.TEACHER_TEACHER), "mentors": [mentor.full_name],
            "mentees": [mentee.full_name], "cross_school": details or {}})
    return pair


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
            raise field_error("__all__", _("An order can be drafted only for a pair that is being formed."),
                         "not_forming")
        if pair.order is not None and pair.order.status != OrderStatus.CANCELLED:
            raise field_error("__all__", _("The pair already has order № %(number)s; cancel it to draft another.")
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


def pair_activate(*, school: School, acting_user: Person | None, pair: Pair) -> Pair:
    """The pair starts work: only with every consent in force and the director's order signed (§3.2, §6.2).

    Each participant needs the processing consent and the consent to the additional duties,
    each mentor also their written consent to the appointment (Labour Code art. 351.8).
    """
    with transaction.atomic():
        pair = Pair.objects.select_for_update(of=("self",)).select_related("order").get(pk=pair.pk)
        if pair.status != PairStatus.FORMING:
            raise field_error("__all__", _("Only a pair that is being formed can be activated."), "not_forming")
        missing = pair_missing_for_activation(pair)
        if missing:
            raise field_error("__all__", _("The pair cannot start yet. Missing: %(list)s.")
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
            raise field_error("__all__", _("The pair has already ended."), "ended")
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
            raise field_error("__all__", _("The pair has ended."), "ended")
        if not pair.participants.filter(staff_id=mentor.pk, role=ParticipantRole.MENTOR,
                                        left_on__isnull=True).exists():
            raise field_error("mentor", _("%(name)s is not a mentor of this pair.") % {"name": mentor.full_name},
                         "not_mentor")
        agreement = Agreement.objects.create(
            pair=pair, mentor=mentor, content=content.strip(), starts_on=starts_on, ends_on=ends_on,
            form=form.strip(), payment=payment.strip(),
        )
        school_changed()
        audit_record(actor=acting_user, action="pair.agreement_created", school=school, target=agreement,
                     details={"pair": str(pair.pk), "mentor": mentor.full_name})
    return agreement
