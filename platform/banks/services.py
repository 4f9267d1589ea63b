"""Writes to the banks of mentees and mentors (regulation §3.4).

The curator keeps the bank (персонифицированный учет) of mentors and mentees
and reviews it at least once a year; every write here is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks import selectors
from banks.models import (
    BankReview,
    BankReviewReminder,
    Difficulty,
    Direction,
    MenteeCategory,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    MentorStatus,
    TrainingRecord,
)
from district.selectors import district_settings
from mentoring.models import Mode, RoleForm
from people.models import Person
from service_errors import field_error
from staff.models import StaffMember
from tenants.changes import mentor_changed, school_changed
from tenants.models import School

MIN_CAPACITY = 1
MAX_CAPACITY = 10


@dataclass(frozen=True)
class DifficultyInput:
    """One professional difficulty (затруднение) of a mentee, by direction."""

    direction: str
    description: str



def _today() -> dt.date:
    return timezone.localdate()


# --- Shared checks ----------------------------------------------------------------


def _staff_for_bank(*, staff: StaffMember | None, field: str = "staff") -> StaffMember:
    """The staff member, locked, refusing a missing or deactivated one."""
    if staff is None:
        raise field_error(field, _("Choose a staff member."), "required")
    locked = StaffMember.objects.select_for_update().filter(pk=staff.pk).first()
    if locked is None:
        raise field_error(field, _("This staff member does not exist."), "invalid")
    if not locked.is_active:
        raise field_error(
            field, _("%(name)s is deactivated and cannot be added to a bank.") % {"name": locked.full_name},
                     "inactive")
    return locked


def _clean_choice(value: str, *, allowed: Iterable[str], field: str) -> str:
    if value not in set(allowed):
        raise field_error(field, _("“%(value)s” is not a valid choice.") % {"value": value}, "invalid_choice")
    return value


def clean_choices(values: Iterable[str], *, allowed: Iterable[str], field: str) -> list[str]:
    allowed_set = set(allowed)
    cleaned: list[str] = []
    for value in values:
        if value not in allowed_set:
            raise field_error(field, _("“%(value)s” is not a valid choice.") % {"value": value}, "invalid_choice")
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def clean_texts(values: Iterable[str], *, field: str, max_length: int = 100) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if len(text) > max_length:
            message = _("“%(value)s” is longer than %(max)d characters.") % {"value": text[:30], "max": max_length}
            raise field_error(field, message, "max_length")
        if text and text.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(text)
    return cleaned


def _clean_line(value: str, *, field: str, max_length: int) -> str:
    text = " ".join(value.split())
    if len(text) > max_length:
        raise field_error(field, _("This is longer than %(max)d characters.") % {"max": max_length}, "max_length")
    return text


def _clean_difficulties(difficulties: Sequence[DifficultyInput]) -> list[DifficultyInput]:
    cleaned: list[DifficultyInput] = []
    for index, item in enumerate(difficulties, start=1):
        if item.direction not in Direction.values:
            message = _("Difficulty %(n)d: “%(value)s” is not a valid direction.") % {
                "n": index, "value": item.direction}
            raise field_error("difficulties", message, "invalid_choice")
        description = item.description.strip()
        if not description:
            message = _("Difficulty %(n)d (%(direction)s): describe the difficulty.") % {
                "n": index, "direction": Direction(item.direction).label}
            raise field_error("difficulties", message, "required")
        cleaned.append(DifficultyInput(direction=item.direction, description=description))
    return cleaned


def _require_difficulty_or_request(*, requests: str, difficulties_count: int) -> None:
    if not requests.strip() and difficulties_count == 0:
        raise field_error(
            "difficulties",
            _("Give at least one professional request or one difficulty: the bank records what the mentee needs."),
            "required",
        )


def _clean_capacity(capacity: int) -> int:
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        message = _("A mentor can take from %(min)d to %(max)d mentees at once.") % {
            "min": MIN_CAPACITY, "max": MAX_CAPACITY}
        raise field_error("capacity", message, "out_of_range")
    return capacity


# --- Mentee bank ------------------------------------------------------------------


def mentee_add(
    *,
    school: School,
    acting_user: Person | None,
    staff: StaffMember | None,
    category: str,
    requests: str = "",
    strengths: str = "",
    difficulties: Sequence[DifficultyInput] = (),
) -> MenteeProfile:
    """Include a staff member in the mentee bank (банк наставляемых, §3.4).

    A staff member is in the bank once; a deactivated one cannot be added; the
    record must say what the mentee needs: at least one request or difficulty.
    """
    _clean_choice(category, allowed=MenteeCategory.values, field="category")
    cleaned = _clean_difficulties(difficulties)
    _require_difficulty_or_request(requests=requests, difficulties_count=len(cleaned))
    with transaction.atomic():
        member = _staff_for_bank(staff=staff)
        existing = MenteeProfile.objects.filter(staff=member).first()
        if existing is not None:
            message = _("%(name)s is already in the mentee bank (status: %(status)s).") % {
                "name": member.full_name, "status": existing.get_status_display()}
            raise field_error("staff", message, "duplicate")
        mentee = MenteeProfile.objects.create(
            staff=member, category=category, requests=requests.strip(), strengths=strengths.strip(),
            added_on=_today(),
        )
        Difficulty.objects.bulk_create(
            [Difficulty(mentee=mentee, direction=d.direction, description=d.description) for d in cleaned]
        )
        audit_record(
            actor=acting_user, action="banks.mentee_added", school=school, target=mentee,
            details={"staff": member.full_name, "category": category, "difficulties": len(cleaned)},
        )
    return mentee


def _replace_difficulties(mentee: MenteeProfile, cleaned: list[DifficultyInput]) -> None:
    mentee.difficulties.all().delete()
    Difficulty.objects.bulk_create(
        [Difficulty(mentee=mentee, direction=d.direction, description=d.description) for d in cleaned]
    )


def mentee_update(
    *,
    school: School,
    acting_user: Person | None,
    mentee: MenteeProfile,
    category: str | None = None,
    status: str | None = None,
    requests: str | None = None,
    strengths: str | None = None,
    difficulties: Sequence[DifficultyInput] | None = None,
) -> MenteeProfile:
    """Update a mentee's record (§3.4: the curator keeps the bank up to date).

    Only the arguments given change; `difficulties`, when given, replaces the list.
    """
    if category is not None:
        _clean_choice(category, allowed=MenteeCategory.values, field="category")
    if status is not None:
        _clean_choice(status, allowed=MenteeStatus.values, field="status")
    cleaned = _clean_difficulties(difficulties) if difficulties is not None else None
    with transaction.atomic():
        locked = MenteeProfile.objects.select_for_update().get(pk=mentee.pk)
        before = {"category": locked.category, "status": locked.status}
        if category is not None:
            locked.category = category
        if status is not None:
            locked.status = status
        if requests is not None:
            locked.requests = requests.strip()
        if strengths is not None:
            locked.strengths = strengths.strip()
        count = len(cleaned) if cleaned is not None else locked.difficulties.count()
        _require_difficulty_or_request(requests=locked.requests, difficulties_count=count)
        locked.save()
        if cleaned is not None:
            _replace_difficulties(locked, cleaned)
        audit_record(
            actor=acting_user, action="banks.mentee_updated", school=school, target=locked,
            details={"before": before, "after": {"category": locked.category, "status": locked.status},
                     "difficulties_replaced": cleaned is not None},
        )
    return locked


def mentee_set_difficulties(
    *, school: School, acting_user: Person | None, mentee: MenteeProfile, difficulties: Sequence[DifficultyInput]
) -> MenteeProfile:
    """Replace the mentee's difficulties by direction (§3.4, §6.1: pairs are matched to them)."""
    cleaned = _clean_difficulties(difficulties)
    with transaction.atomic():
        locked = MenteeProfile.objects.select_for_update().get(pk=mentee.pk)
        _require_difficulty_or_request(requests=locked.requests, difficulties_count=len(cleaned))
        _replace_difficulties(locked, cleaned)
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=acting_user, action="banks.mentee_difficulties_set", school=school, target=locked,
            details={"directions": sorted({d.direction for d in cleaned}), "count": len(cleaned)},
        )
    return locked


def mentee_remove(
    *, school: School, acting_user: Person | None, mentee: MenteeProfile, reason: str = ""
) -> MenteeProfile:
    """Take a mentee out of the bank (status «left»); the record is kept, never deleted (§3.4)."""
    with transaction.atomic():
        locked = MenteeProfile.objects.select_for_update().get(pk=mentee.pk)
        if locked.status == MenteeStatus.LEFT:
            raise field_error("status", _("This mentee has already left the bank."), "already_left")
        before = locked.status
        locked.status = MenteeStatus.LEFT
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=acting_user, action="banks.mentee_removed", school=school, target=locked,
            details={"before": before, "reason": reason.strip()},
        )
    return locked


# --- Mentor bank ------------------------------------------------------------------


def mentor_add(
    *,
    school: School,
    acting_user: Person | None,
    staff: StaffMember | None,
    competencies: str = "",
    directions: Iterable[str] = (),
    subjects: Iterable[str] = (),
    capacity: int | None = None,
    preferred_forms: Iterable[str] = (),
    preferred_modes: Iterable[str] = (),
    availability: str = "",
    willing_cross_school: bool = False,
) -> MentorProfile:
    """Include a staff member in the mentor bank from the questionnaire (анкета наставника, §3.4).

    The capacity (mentees at once) defaults to the district's setting and lies in 1..10;
    the mentor's experience is the staff member's teaching experience.
    """
    if capacity is None:
        capacity = district_settings().mentor_default_capacity
    data = {
        "capacity": _clean_capacity(capacity),
        "directions": clean_choices(directions, allowed=Direction.values, field="directions"),
        "subjects": clean_texts(subjects, field="subjects"),
        "preferred_forms": clean_choices(preferred_forms, allowed=RoleForm.values, field="preferred_forms"),
        "preferred_modes": clean_choices(preferred_modes, allowed=Mode.values, field="preferred_modes"),
        "competencies": competencies.strip(),
        "availability": _clean_line(availability, field="availability", max_length=300),
        "willing_cross_school": bool(willing_cross_school),
    }
    with transaction.atomic():
        member = _staff_for_bank(staff=staff)
        existing = MentorProfile.objects.filter(staff=member).first()
        if existing is not None:
            message = _("%(name)s is already in the mentor bank (status: %(status)s).") % {
                "name": member.full_name, "status": existing.get_status_display()}
            raise field_error("staff", message, "duplicate")
        mentor = MentorProfile.objects.create(staff=member, questionnaire_on=_today(), **data)
        school_changed()
        audit_record(
            actor=acting_user, action="banks.mentor_added", school=school, target=mentor,
            details={"staff": member.full_name, "capacity": mentor.capacity,
                     "willing_cross_school": mentor.willing_cross_school},
        )
        mentor_changed(school=school, staff=member)  # the exchange directory, when consented
    return mentor


def mentor_update(
    *,
    school: School,
    acting_user: Person | None,
    mentor: MentorProfile,
    competencies: str | None = None,
    directions: Iterable[str] | None = None,
    subjects: Iterable[str] | None = None,
    capacity: int | None = None,
    preferred_forms: Iterable[str] | None = None,
    preferred_modes: Iterable[str] | None = None,
    availability: str | None = None,
    willing_cross_school: bool | None = None,
    status: str | None = None,
) -> MentorProfile:
    """Update the mentor questionnaire (§3.4). Only the arguments given change.

    The capacity cannot drop below the mentees the mentor has now: a mentor never
    exceeds their capacity.
    """
    changes: dict[str, object] = {}
    if competencies is not None:
        changes["competencies"] = competencies.strip()
    if directions is not None:
        changes["directions"] = clean_choices(directions, allowed=Direction.values, field="directions")
    if subjects is not None:
        changes["subjects"] = clean_texts(subjects, field="subjects")
    if capacity is not None:
        changes["capacity"] = _clean_capacity(capacity)
    if preferred_forms is not None:
        changes["preferred_forms"] = clean_choices(preferred_forms, allowed=RoleForm.values, field="preferred_forms")
    if preferred_modes is not None:
        changes["preferred_modes"] = clean_choices(preferred_modes, allowed=Mode.values, field="preferred_modes")
    if availability is not None:
        changes["availability"] = _clean_line(availability, field="availability", max_length=300)
    if willing_cross_school is not None:
        changes["willing_cross_school"] = bool(willing_cross_school)
    if status is not None:
        changes["status"] = _clean_choice(status, allowed=MentorStatus.values, field="status")
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        if "capacity" in changes:
            current = selectors.mentor_active_mentee_count(staff_id=locked.staff_id)
            if changes["capacity"] < current:  # type: ignore[operator]
                message = _("The mentor has %(n)d mentees now; the capacity cannot be less.") % {"n": current}
                raise field_error("capacity", message, "below_load")
        before = {field: getattr(locked, field) for field in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.questionnaire_on = _today()
        locked.save()
        school_changed()
        audit_record(
            actor=acting_user, action="banks.mentor_updated", school=school, target=locked,
            details={"before": before, "after": changes},
        )
        mentor_changed(school=school, staff=locked.staff)
    return locked


def mentor_training_add(
    *,
    school: School,
    acting_user: Person | None,
    mentor: MentorProfile,
    title: str,
    completed_on: dt.date | None,
    provider: str = "",
    hours: int | None = None,
) -> TrainingRecord:
    """Record a training the mentor attended (§3.4: the curator organises mentors' training)."""
    title = _clean_line(title, field="title", max_length=300)
    if not title:
        raise field_error("title", _("Name the training."), "required")
    if completed_on is None:
        raise field_error("completed_on", _("Give the date the training was completed."), "required")
    if completed_on > _today():
        raise field_error("completed_on", _("The training cannot be completed in the future."), "future")
    if hours is not None and not 1 <= hours <= 2000:
        raise field_error("hours", _("Hours must be from 1 to 2000."), "out_of_range")
    provider = _clean_line(provider, field="provider", max_length=300)
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        training = TrainingRecord.objects.create(
            mentor=locked, title=title, provider=provider, completed_on=completed_on, hours=hours
        )
        audit_record(
            actor=acting_user, action="banks.mentor_training_added", school=school, target=locked,
            details={"title": title, "completed_on": completed_on.isoformat(), "hours": hours},
        )
    return training


# --- The annual review (§3.4) -------------------------------------------------------


def bank_review_record(
    *, school: School, acting_user: Person, notes: str, today: dt.date | None = None
) -> BankReview:
    """Record the curator's review of the mentee bank: «не менее одного раза в год» (§3.4)."""
    with transaction.atomic():
        review = BankReview.objects.create(
            reviewed_on=today or _today(), reviewed_by=acting_user, notes=notes.strip()
        )
        school_changed()
        audit_record(
            actor=acting_user, action="banks.review_recorded", school=school, target=review,
            details={"reviewed_on": review.reviewed_on.isoformat()},
        )
    return review


def _review_reminder_text(*, school: School, last_on: dt.date | None) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The mentee bank is due for its annual review")
        if last_on:
            since = _("The last review was on %(date)s.") % {"date": last_on.strftime("%d.%m.%Y")}
        else:
            since = _("The bank has not been reviewed yet.")
        body = "\n\n".join([
            _("%(school)s: the curator reviews the mentee bank at least once a year (regulation §3.4).")
            % {"school": school.short_name or school.full_name},
            since,
            _("Check whether there are teachers to include as mentees, update the records, "
              "and record the review on the mentee bank page."),
        ])
    return subject, body


def bank_review_remind(*, school: School, today: dt.date | None = None) -> int:
    """E-mail the school's curators that the annual review of the mentee bank is due (§3.4).

    Sent once per due period: the period is named by the latest review, and the
    reminder row (unique per period) is written in the same transaction as the
    sending, so a second run — or a retry after a failed send — sends once.
    Returns how many people were e-mailed.
    """
    today = today or _today()
    if not selectors.bank_review_due(today):
        return 0
    last = selectors.bank_review_last()
    last_on = last.reviewed_on if last else None
    recipients = selectors.curator_emails(school=school)
    if not recipients:
        return 0  # nobody to tell yet: try again on the next run rather than mark the period done
    with transaction.atomic():
        reminder, created = BankReviewReminder.objects.get_or_create(
            last_review_on=last_on, defaults={"sent_on": today, "recipients": recipients}
        )
        if not created:
            return 0
        subject, body = _review_reminder_text(school=school, last_on=last_on)
        send_mail(subject, body, None, recipients)
        audit_record(
            actor=None, action="banks.review_reminder_sent", school=school, target=reminder,
            details={"recipients": len(recipients), "last_review_on": last_on.isoformat() if last_on else None},
        )
    return len(recipients)
