"""Персонализированная программа наставничества: writes (regulation §1.2, §7.1, §7.2).

Who may act, beyond the capability table (people.capabilities): the *active mentor* of the
programme's pair writes and adjusts the plan (§ «наставник заполняет план»), the pair's
participants mark activities done and upload evidence; ending early follows §7.1 by reason.

Rules decided here (for the README):

* Length (§1.2): from 3 months to 1 year — `ends_on` ≥ starts_on + 3 months and ≤ starts_on + 12 months
  (calendar months, `formats.dates.add_months`; exactly 3 and exactly 12 months are allowed).
* **The 1-year limit and extensions (§7.2):** an extension agreed by the mentor and the mentee moves
  `ends_on` later, but the programme's whole duration, from its original start to the new end, stays
  within 12 months. A longer need is met by a new programme, not by extending this one.
* While a programme is a draft its plan is edited freely; once approved, changing the plan or the
  programme's content is an adjustment (§7.2): it needs a reason and both agreements, and is kept in
  the history (ProgrammeChange). Moving an activity between «planned» and «in progress» is not an
  adjustment. Every status change is kept in the history too.
* Completion (§7.1): only when every activity of the plan is done or cancelled, and at least one is done.
* Ending, by completion or early, sets `finished_on` and ends the pair.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks.models import Difficulty, Direction
from formats.dates import add_months, format_date
from mentoring.models import (
    Activity,
    ActivityStatus,
    ChangeKind,
    EarlyEndReason,
    Evidence,
    Pair,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Membership, Person
from people.roles import SchoolRole
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School
from uploads import upload_errors, upload_max_bytes

logger = logging.getLogger(__name__)

MIN_MONTHS = 3
MAX_MONTHS = 12
# Allowed evidence files: extension → the leading bytes such a file starts with.
ADJUSTABLE_FIELDS = ("title", "goals", "directions", "strengths_supported")
OPEN_PROGRAMME_STATUSES = (ProgrammeStatus.DRAFT, ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE)
PROGRESS_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


# --- who is who ------------------------------------------------------------------------------------


def _membership(*, school: School, acting_user: Person) -> Membership | None:
    return people_selectors.membership_in(person=acting_user, school=school)


def _roles_in_pair(*, pair: Pair, person: Person) -> set[str]:
    """The acting person's current roles in the pair (mentor, mentee), by participation."""
    return set(
        Participant.objects.filter(pair=pair, staff__person=person, left_on__isnull=True).values_list("role", flat=True)
    )


def _may_write_plan(*, membership: Membership | None, roles: set[str]) -> bool:
    return can(membership, Capability.PROGRAMMES_EDIT) or ParticipantRole.MENTOR in roles


def _require(allowed: bool) -> None:
    # Pages and the API answer 404 to this, as for any right the person does not have.
    if not allowed:
        raise PermissionDenied


def _lock(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().select_related("pair").get(pk=programme.pk)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _status_change(*, programme: Programme, before: str, acting_user: Person | None, reason: str = "",
                   agreed_by_mentor: bool = False, agreed_by_mentee: bool = False,
                   extra: dict[str, Any] | None = None) -> None:
    ProgrammeChange.objects.create(
        programme=programme, kind=ChangeKind.STATUS, before={"status": before},
        after={"status": programme.status, **(extra or {})}, reason=reason,
        agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee, changed_by=acting_user,
    )


@dataclass(frozen=True)
class ProgrammeRights:
    """What a person may do with a programme; pages use it to offer only the actions the services allow."""

    roles: frozenset[str]
    write: bool  # edit a draft, write the plan, extend, adjust, complete
    approve: bool
    start: bool
    end_reasons: tuple[str, ...]
    mark_done: bool  # a participant (the responsible person may too, for their own activity)
    upload: bool


def _end_reasons(*, curator: bool, roles: set[str]) -> tuple[str, ...]:
    """§7.1: who may end a programme early, by reason."""
    allowed = {
        EarlyEndReason.MENTOR_INITIATIVE: curator or ParticipantRole.MENTOR in roles,
        EarlyEndReason.MENTEE_INITIATIVE: curator or ParticipantRole.MENTEE in roles,
        EarlyEndReason.MUTUAL: curator or bool(roles),
        EarlyEndReason.CURATOR_NOT_CARRIED_OUT: curator,
    }
    return tuple(str(reason) for reason, ok in allowed.items() if ok)


def programme_rights(*, school: School, acting_user: Person, programme: Programme) -> ProgrammeRights:
    membership = _membership(school=school, acting_user=acting_user)
    roles = _roles_in_pair(pair=programme.pair, person=acting_user)
    write = _may_write_plan(membership=membership, roles=roles)
    return ProgrammeRights(
        roles=frozenset(roles), write=write, approve=can(membership, Capability.PROGRAMMES_APPROVE),
        start=write or can(membership, Capability.PROGRAMMES_APPROVE),
        end_reasons=_end_reasons(curator=can(membership, Capability.PROGRAMMES_END), roles=roles),
        mark_done=bool(roles), upload=bool(roles) or can(membership, Capability.PROGRAMMES_EDIT),
    )


# --- validation helpers -----------------------------------------------------------------------------


def _period_errors(starts_on: dt.date, ends_on: dt.date) -> dict[str, ValidationError]:
    """§1.2: from 3 months to 1 year."""
    if ends_on <= starts_on:
        return {"ends_on": ValidationError(
            _("The end date (%(end)s) must be later than the start date (%(start)s).")
            % {"end": format_date(ends_on), "start": format_date(starts_on)}, code="reversed_dates")}
    shortest, longest = add_months(starts_on, MIN_MONTHS), add_months(starts_on, MAX_MONTHS)
    if ends_on < shortest:
        return {"ends_on": ValidationError(
            _("A programme lasts at least 3 months (regulation §1.2): with the start on %(start)s it must end "
              "on %(date)s or later.") % {"start": format_date(starts_on), "date": format_date(shortest)},
            code="too_short")}
    if ends_on > longest:
        return {"ends_on": ValidationError(
            _("A programme lasts at most 1 year (regulation §1.2): with the start on %(start)s it must end "
              "on %(date)s or earlier.") % {"start": format_date(starts_on), "date": format_date(longest)},
            code="too_long")}
    return {}


def mentee_directions(pair: Pair) -> set[str]:
    """The directions of the difficulties of the pair's current mentees (mentee bank)."""
    mentees = Participant.objects.filter(pair=pair, role=ParticipantRole.MENTEE, left_on__isnull=True)
    return set(
        Difficulty.objects.filter(mentee__staff__in=mentees.values("staff")).values_list("direction", flat=True)
    )


def _direction_errors(pair: Pair, directions: Iterable[str]) -> dict[str, ValidationError]:
    chosen = list(dict.fromkeys(directions))
    if not chosen:
        return {"directions": ValidationError(
            _("Choose at least one direction among the mentee's difficulties."), code="required")}
    unknown = [d for d in chosen if d not in Direction.values]
    if unknown:
        return {"directions": ValidationError(
            _("Unknown directions: %(list)s.") % {"list": ", ".join(unknown)}, code="invalid_choice")}
    allowed = mentee_directions(pair)
    outside = [d for d in chosen if d not in allowed]
    if outside:
        if allowed:
            recorded = ", ".join(str(Direction(d).label) for d in Direction.values if d in allowed)
        else:
            recorded = _("none recorded in the mentee bank")
        return {"directions": ValidationError(
            _("These directions are not among the mentee's difficulties: %(outside)s. The mentee bank records "
              "difficulties in: %(recorded)s.")
            % {"outside": ", ".join(str(Direction(d).label) for d in outside), "recorded": recorded},
            code="not_a_difficulty")}
    return {}


def _raise(errors: dict[str, ValidationError]) -> None:
    if errors:
        raise ValidationError(errors)


def _agreement_errors(*, reason: str, agreed_by_mentor: bool, agreed_by_mentee: bool) -> dict[str, ValidationError]:
    """§7.2: by mutual consent of the mentor and the mentee, with a reason."""
    errors: dict[str, ValidationError] = {}
    if not reason.strip():
        errors["reason"] = ValidationError(_("Give the reason for the change."), code="required")
    if not agreed_by_mentor:
        errors["agreed_by_mentor"] = ValidationError(
            _("The mentor's agreement is required (regulation §7.2)."), code="agreement_required")
    if not agreed_by_mentee:
        errors["agreed_by_mentee"] = ValidationError(
            _("The mentee's agreement is required (regulation §7.2)."), code="agreement_required")
    return errors


# --- the programme ----------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, school: School, acting_user: Person, pair: Pair, title: str, goals: str, directions: list[str],
    strengths_supported: str = "", starts_on: dt.date, ends_on: dt.date,
) -> Programme:
    """Write the pair's personalised programme as a draft (§1.2: one per pair, 3 months to 1 year).

    The curator (PROGRAMMES_EDIT) or the pair's active mentor writes it; its directions must be
    among the difficulties of the pair's mentees recorded in the mentee bank.
    """
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=pair, person=acting_user)))
    errors: dict[str, ValidationError] = {}
    if Programme.objects.filter(pair=pair).exists():
        errors["pair"] = ValidationError(_("This pair already has a programme: one programme per pair or group."),
                                         code="duplicate")
    elif pair.status == PairStatus.ENDED:
        errors["pair"] = ValidationError(_("This pair has ended; a programme cannot be written for it."),
                                         code="pair_ended")
    if not title.strip():
        errors["title"] = ValidationError(_("Give the programme a title."), code="required")
    if not goals.strip():
        errors["goals"] = ValidationError(_("State the programme's goals."), code="required")
    errors |= _period_errors(starts_on, ends_on)
    errors |= _direction_errors(pair, directions)
    _raise(errors)
    programme = Programme.objects.create(
        pair=pair, title=title.strip(), goals=goals.strip(), directions=list(dict.fromkeys(directions)),
        strengths_supported=strengths_supported.strip(), starts_on=starts_on, ends_on=ends_on,
    )
    ProgrammeChange.objects.create(programme=programme, kind=ChangeKind.STATUS, before={},
                                   after={"status": programme.status}, changed_by=acting_user)
    school_changed()
    audit_record(actor=acting_user, action="programmes.created", school=school, target=programme,
                 details={"title": programme.title, "starts_on": str(starts_on), "ends_on": str(ends_on)})
    return programme


@transaction.atomic
def programme_create_cross_school(
    *, school: School, acting_user: Person | None, pair: Pair, title: str, goals: str, directions: list[str],
    starts_on: dt.date, ends_on: dt.date,
) -> Programme:
    """The draft programme of a cross-school pair (the mentor exchange, regulation §4), written from the
    request's needs and period when the mentor consents; the host school's curator then edits and approves
    it as any programme (§1.2). Nobody of the host school writes it, so no right of the school is checked."""
    programme = Programme.objects.create(pair=pair, title=title, goals=goals, directions=list(directions),
                                         starts_on=starts_on, ends_on=ends_on)
    ProgrammeChange.objects.create(programme=programme, kind=ChangeKind.STATUS, before={},
                                   after={"status": programme.status}, changed_by=acting_user)
    school_changed()
    audit_record(actor=acting_user, action="programmes.created", school=school, target=programme,
                 details={"title": programme.title, "starts_on": str(starts_on), "ends_on": str(ends_on),
                          "cross_school": True})
    return programme


@transaction.atomic
def programme_update(
    *, school: School, acting_user: Person, programme: Programme, title: str, goals: str, directions: list[str],
    strengths_supported: str = "", starts_on: dt.date, ends_on: dt.date,
) -> Programme:
    """Edit a draft programme (§1.2). Once approved, changes go through `programme_adjust` (§7.2)."""
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    errors: dict[str, ValidationError] = {}
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("Only a draft programme is edited directly; an approved one is adjusted or "
                                "extended by mutual consent (regulation §7.2)."), code="not_draft")
    if not title.strip():
        errors["title"] = ValidationError(_("Give the programme a title."), code="required")
    if not goals.strip():
        errors["goals"] = ValidationError(_("State the programme's goals."), code="required")
    errors |= _period_errors(starts_on, ends_on)
    errors |= _direction_errors(programme.pair, directions)
    if not errors:
        outside = programme.activities.exclude(deadline__range=(starts_on, ends_on)).order_by("deadline").first()
        if outside is not None:
            errors["ends_on" if outside.deadline > ends_on else "starts_on"] = ValidationError(
                _("The activity «%(title)s» is due on %(date)s, outside the new period; move it first.")
                % {"title": outside.title, "date": format_date(outside.deadline)}, code="activity_outside")
    _raise(errors)
    programme.title, programme.goals = title.strip(), goals.strip()
    programme.directions = list(dict.fromkeys(directions))
    programme.strengths_supported = strengths_supported.strip()
    programme.starts_on, programme.ends_on = starts_on, ends_on
    programme.save()
    school_changed()
    audit_record(actor=acting_user, action="programmes.updated", school=school, target=programme,
                 details={"starts_on": str(starts_on), "ends_on": str(ends_on)})
    return programme


@transaction.atomic
def programme_approve(*, school: School, acting_user: Person, programme: Programme,
                      today: dt.date | None = None) -> Programme:
    """The director approves a draft programme (draft → approved); it must have a plan of activities."""
    programme = _lock(programme)
    _require(can(_membership(school=school, acting_user=acting_user), Capability.PROGRAMMES_APPROVE))
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError({"status": ValidationError(_("Only a draft programme can be approved."),
                                                         code="wrong_status")})
    if not programme.activities.exists():
        raise ValidationError({"activities": ValidationError(
            _("The programme has no plan of activities yet; add activities before approving it."),
            code="no_plan")})
    before = programme.status
    programme.status = ProgrammeStatus.APPROVED
    programme.approved_on, programme.approved_by = _today(today), acting_user
    programme.save(update_fields=["status", "approved_on", "approved_by"])
    _status_change(programme=programme, before=before, acting_user=acting_user)
    school_changed()
    audit_record(actor=acting_user, action="programmes.approved", school=school, target=programme)
    return programme


@transaction.atomic
def programme_start(*, school: School, acting_user: Person, programme: Programme) -> Programme:
    """Start an approved programme (approved → active): only when the pair is active, i.e. its
    participants' consents are present and the director's order is signed (§6.2)."""
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    roles = _roles_in_pair(pair=programme.pair, person=acting_user)
    _require(_may_write_plan(membership=membership, roles=roles)
             or can(membership, Capability.PROGRAMMES_APPROVE))
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError({"status": ValidationError(_("Only an approved programme can be started."),
                                                         code="wrong_status")})
    if programme.pair.status != PairStatus.ACTIVE:
        raise ValidationError({"pair": ValidationError(
            _("The pair is not active yet: it needs its participants' consents and the director's signed order "
              "(regulation §6.2)."), code="pair_not_active")})
    before = programme.status
    programme.status = ProgrammeStatus.ACTIVE
    programme.save(update_fields=["status"])
    _status_change(programme=programme, before=before, acting_user=acting_user)
    school_changed()
    audit_record(actor=acting_user, action="programmes.started", school=school, target=programme)
    return programme


def _end_pair(*, school: School, acting_user: Person, pair: Pair, day: dt.date, completed: bool, reason: str) -> None:
    """The programme is the pair's only one: when it finishes, the pair ends (pairs service `pair_end`);
    the mentees' bank status becomes «completed», or «waiting for a mentor» after an early end."""
    from banks.models import MenteeStatus
    from mentoring.services.pairs import pair_end

    if Pair.objects.filter(pk=pair.pk).exclude(status=PairStatus.ENDED).exists():
        pair_end(school=school, acting_user=acting_user, pair=pair, ended_on=day, reason=reason,
                 mentee_status=MenteeStatus.COMPLETED if completed else MenteeStatus.WAITING)


@transaction.atomic
def programme_complete(*, school: School, acting_user: Person, programme: Programme,
                       today: dt.date | None = None) -> Programme:
    """Complete an active programme: its plan is done in full (§7.1) — every activity is done or
    cancelled, and at least one is done. Sets finished_on and ends the pair."""
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError({"status": ValidationError(_("Only an active programme can be completed."),
                                                         code="wrong_status")})
    open_titles = list(programme.activities.filter(status__in=PROGRESS_STATUSES).values_list("title", flat=True))
    if open_titles:
        raise ValidationError({"activities": ValidationError(
            _("The plan is not done in full (regulation §7.1): still open — %(list)s.")
            % {"list": "; ".join(f"«{title}»" for title in open_titles)}, code="plan_not_done")})
    if not programme.activities.filter(status=ActivityStatus.DONE).exists():
        raise ValidationError({"activities": ValidationError(
            _("No activity of the plan is done; a programme whose plan was cancelled is ended early instead."),
            code="plan_not_done")})
    day = _today(today)
    before = programme.status
    programme.status, programme.finished_on = ProgrammeStatus.COMPLETED, day
    programme.save(update_fields=["status", "finished_on"])
    _status_change(programme=programme, before=before, acting_user=acting_user)
    _end_pair(school=school, acting_user=acting_user, pair=programme.pair, day=day, completed=True,
              reason="programme completed")
    school_changed()
    audit_record(actor=acting_user, action="programmes.completed", school=school, target=programme)
    return programme


@transaction.atomic
def programme_end_early(
    *, school: School, acting_user: Person, programme: Programme, reason: EarlyEndReason | str, note: str,
    agreed_by_mentor: bool = False, agreed_by_mentee: bool = False, today: dt.date | None = None,
) -> Programme:
    """End an approved or active programme early (§7.1).

    * at the mentor's initiative (valid reasons): the mentor, or the curator on their behalf;
    * at the mentee's initiative (valid reasons): the mentee, or the curator on their behalf;
    * by mutual decision: the mentor, the mentee or the curator, with both agreements recorded;
    * at the curator's initiative when the programme is not carried out: the curator only
      (Capability.PROGRAMMES_END).
    A note explaining the reasons is required. Sets finished_on and ends the pair.
    """
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    roles = _roles_in_pair(pair=programme.pair, person=acting_user)
    curator = can(membership, Capability.PROGRAMMES_END)
    if reason not in EarlyEndReason.values:
        raise ValidationError({"reason": ValidationError(_("Choose a reason of regulation §7.1."),
                                                         code="invalid_choice")})
    reason = EarlyEndReason(reason)
    _require(reason in _end_reasons(curator=curator, roles=roles))
    errors: dict[str, ValidationError] = {}
    if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
        raise ValidationError({"status": ValidationError(
            _("Only an approved or active programme can be ended early."), code="wrong_status")})
    if not note.strip():
        errors["note"] = ValidationError(_("Explain the reasons for ending the programme early."), code="required")
    if reason == EarlyEndReason.MUTUAL:
        if not agreed_by_mentor:
            errors["agreed_by_mentor"] = ValidationError(
                _("A mutual decision needs the mentor's agreement recorded."), code="agreement_required")
        if not agreed_by_mentee:
            errors["agreed_by_mentee"] = ValidationError(
                _("A mutual decision needs the mentee's agreement recorded."), code="agreement_required")
    _raise(errors)
    day = _today(today)
    before = programme.status
    programme.status, programme.finished_on = ProgrammeStatus.ENDED_EARLY, day
    programme.end_reason, programme.end_note = reason, note.strip()
    programme.save(update_fields=["status", "finished_on", "end_reason", "end_note"])
    _status_change(programme=programme, before=before, acting_user=acting_user, reason=note.strip(),
                   agreed_by_mentor=agreed_by_mentor or reason == EarlyEndReason.MENTOR_INITIATIVE,
                   agreed_by_mentee=agreed_by_mentee or reason == EarlyEndReason.MENTEE_INITIATIVE,
                   extra={"end_reason": str(reason)})
    _end_pair(school=school, acting_user=acting_user, pair=programme.pair, day=day, completed=False,
              reason=f"programme ended early: {reason}")
    school_changed()
    audit_record(actor=acting_user, action="programmes.ended_early", school=school, target=programme,
                 details={"reason": str(reason)})
    return programme


@transaction.atomic
def programme_extend(
    *, school: School, acting_user: Person, programme: Programme, new_ends_on: dt.date, reason: str,
    agreed_by_mentor: bool, agreed_by_mentee: bool,
) -> Programme:
    """Extend an approved or active programme by mutual consent (§7.2), kept in the history.

    The 1-year limit (§1.2) applies to the whole programme: from its original start to the new end
    it stays within 12 months. An extension cannot make a programme longer than a year; a longer
    need means a new programme.
    """
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
        raise ValidationError({"status": ValidationError(
            _("Only an approved or active programme is extended; edit a draft directly."), code="wrong_status")})
    errors = _agreement_errors(reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)
    longest = add_months(programme.starts_on, MAX_MONTHS)
    if new_ends_on <= programme.ends_on:
        errors["new_ends_on"] = ValidationError(
            _("The new end date must be later than the current one (%(date)s).")
            % {"date": format_date(programme.ends_on)}, code="not_later")
    elif new_ends_on > longest:
        errors["new_ends_on"] = ValidationError(
            _("With the extension the programme would last more than 1 year from its start on %(start)s "
              "(regulation §1.2): it can end on %(date)s at the latest. A longer need means a new programme.")
            % {"start": format_date(programme.starts_on), "date": format_date(longest)}, code="too_long")
    _raise(errors)
    before = {"ends_on": programme.ends_on.isoformat()}
    programme.ends_on = new_ends_on
    programme.save(update_fields=["ends_on"])
    ProgrammeChange.objects.create(
        programme=programme, kind=ChangeKind.EXTENSION, before=before, after={"ends_on": new_ends_on.isoformat()},
        reason=reason.strip(), agreed_by_mentor=True, agreed_by_mentee=True, changed_by=acting_user,
    )
    school_changed()
    audit_record(actor=acting_user, action="programmes.extended", school=school, target=programme,
                 details={"from": before["ends_on"], "to": new_ends_on.isoformat()})
    return programme


@transaction.atomic
def programme_adjust(
    *, school: School, acting_user: Person, programme: Programme, changes: dict[str, Any], reason: str,
    agreed_by_mentor: bool, agreed_by_mentee: bool,
) -> Programme:
    """Adjust an approved or active programme's content by mutual consent (§7.2), kept in the history.

    `changes` may hold title, goals, directions (among the mentees' difficulties) and
    strengths_supported. The plan's activities are adjusted with `activity_add/update/remove`
    given the same reason and agreements; the period with `programme_extend`.
    """
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
        raise ValidationError({"status": ValidationError(
            _("Only an approved or active programme is adjusted; edit a draft directly."), code="wrong_status")})
    errors = _agreement_errors(reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)
    unknown = sorted(set(changes) - set(ADJUSTABLE_FIELDS))
    if unknown:
        errors["changes"] = ValidationError(
            _("These cannot be adjusted: %(list)s.") % {"list": ", ".join(unknown)}, code="invalid")
    cleaned: dict[str, Any] = {}
    for field in ADJUSTABLE_FIELDS:
        if field not in changes:
            continue
        value = changes[field]
        if field == "directions":
            value = list(dict.fromkeys(value or []))
            errors |= _direction_errors(programme.pair, value)
        else:
            value = (value or "").strip()
            if field in ("title", "goals") and not value:
                errors[field] = ValidationError(_("This field cannot be empty."), code="required")
        if value != getattr(programme, field):
            cleaned[field] = value
    if not cleaned and "changes" not in errors and not any(f in errors for f in ADJUSTABLE_FIELDS):
        errors["changes"] = ValidationError(_("Nothing is changed."), code="no_change")
    _raise(errors)
    before = {field: getattr(programme, field) for field in cleaned}
    for field, value in cleaned.items():
        setattr(programme, field, value)
    programme.save(update_fields=list(cleaned))
    ProgrammeChange.objects.create(
        programme=programme, kind=ChangeKind.ADJUSTMENT, before=before, after=cleaned, reason=reason.strip(),
        agreed_by_mentor=True, agreed_by_mentee=True, changed_by=acting_user,
    )
    school_changed()
    audit_record(actor=acting_user, action="programmes.adjusted", school=school, target=programme,
                 details={"fields": sorted(cleaned)})
    return programme


# --- the plan of activities -------------------------------------------------------------------------


def _is_curator(*, school: School, staff: StaffMember) -> bool:
    return staff.person_id is not None and Membership.objects.filter(
        school=school, person_id=staff.person_id, is_active=True, roles__contains=[SchoolRole.CURATOR]
    ).exists()


def _activity_errors(
    *, school: School, programme: Programme, title: str, direction: str, deadline: dt.date,
    responsible: StaffMember, status: str,
) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Give the activity a title."), code="required")
    if direction and direction not in programme.directions:
        errors["direction"] = ValidationError(
            _("The direction must be one of the programme's directions, or left empty for an activity that "
              "supports a strength."), code="invalid_choice")
    if not programme.starts_on <= deadline <= programme.ends_on:
        errors["deadline"] = ValidationError(
            _("The deadline must fall within the programme's period, %(start)s – %(end)s.")
            % {"start": format_date(programme.starts_on), "end": format_date(programme.ends_on)},
            code="outside_period")
    participant = Participant.objects.filter(pair=programme.pair_id, staff=responsible, left_on__isnull=True).exists()
    if not participant and not _is_curator(school=school, staff=responsible):
        errors["responsible"] = ValidationError(
            _("The responsible person must be a participant of the pair or the curator."), code="invalid_choice")
    if status not in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS, ActivityStatus.CANCELLED):
        errors["status"] = ValidationError(
            _("An activity is marked done with its result, not by editing it."), code="invalid_choice")
    return errors


def _plan_agreement(*, programme: Programme, reason: str, agreed_by_mentor: bool,
                    agreed_by_mentee: bool) -> dict[str, ValidationError]:
    """Changing the plan of an approved programme is an adjustment (§7.2)."""
    if programme.status not in OPEN_PROGRAMME_STATUSES:
        raise ValidationError({"status": ValidationError(
            _("The programme is finished; its plan can no longer change."), code="wrong_status")})
    if programme.status == ProgrammeStatus.DRAFT:
        return {}
    return _agreement_errors(reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "activity": str(activity.id), "title": activity.title, "description": activity.description,
        "direction": activity.direction, "deadline": activity.deadline.isoformat(),
        "responsible": str(activity.responsible_id), "status": activity.status,
    }


def _plan_change(*, programme: Programme, acting_user: Person, before: dict[str, Any], after: dict[str, Any],
                 reason: str) -> None:
    if programme.status != ProgrammeStatus.DRAFT:
        ProgrammeChange.objects.create(
            programme=programme, kind=ChangeKind.ADJUSTMENT, before=before, after=after, reason=reason.strip(),
            agreed_by_mentor=True, agreed_by_mentee=True, changed_by=acting_user,
        )


@transaction.atomic
def activity_add(
    *, school: School, acting_user: Person, programme: Programme, title: str, description: str = "",
    direction: str = "", deadline: dt.date, responsible: StaffMember, status: str = ActivityStatus.PLANNED,
    reason: str = "", agreed_by_mentor: bool = False, agreed_by_mentee: bool = False,
) -> Activity:
    """Add an activity to the plan (§1.2: aimed at a difficulty or a strength); due within the programme's
    period; the responsible person is a participant of the pair or the curator. On an approved programme
    this is an adjustment by mutual consent (§7.2)."""
    programme = _lock(programme)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    errors = _plan_agreement(programme=programme, reason=reason, agreed_by_mentor=agreed_by_mentor,
                             agreed_by_mentee=agreed_by_mentee)
    errors |= _activity_errors(school=school, programme=programme, title=title, direction=direction,
                               deadline=deadline, responsible=responsible, status=status)
    _raise(errors)
    activity = Activity.objects.create(
        programme=programme, title=title.strip(), description=description.strip(), direction=direction,
        deadline=deadline, responsible=responsible, status=status,
    )
    _plan_change(programme=programme, acting_user=acting_user, before={}, after=_activity_snapshot(activity),
                 reason=reason)
    school_changed()
    audit_record(actor=acting_user, action="programmes.activity_added", school=school, target=activity,
                 details={"programme": str(programme.id), "title": activity.title})
    return activity


@transaction.atomic
def activity_update(
    *, school: School, acting_user: Person, activity: Activity, title: str, description: str = "",
    direction: str = "", deadline: dt.date, responsible: StaffMember, status: str,
    reason: str = "", agreed_by_mentor: bool = False, agreed_by_mentee: bool = False,
) -> Activity:
    """Edit an activity of the plan. Moving it between «planned» and «in progress» is free; any other
    change to an approved programme's plan is an adjustment by mutual consent (§7.2)."""
    programme = _lock(activity.programme)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    membership = _membership(school=school, acting_user=acting_user)
    roles = _roles_in_pair(pair=programme.pair, person=acting_user)
    _require(_may_write_plan(membership=membership, roles=roles))
    if activity.status == ActivityStatus.DONE:
        raise ValidationError({"status": ValidationError(_("A done activity no longer changes."),
                                                         code="wrong_status")})
    before = _activity_snapshot(activity)
    activity.title, activity.description, activity.direction = title.strip(), description.strip(), direction
    activity.deadline, activity.responsible, activity.status = deadline, responsible, status
    after = _activity_snapshot(activity)
    changed = {key for key in after if before[key] != after[key]}
    progress_only = changed <= {"status"} and {before["status"], after["status"]} <= set(PROGRESS_STATUSES)
    errors = _plan_agreement(programme=programme, reason=reason, agreed_by_mentor=agreed_by_mentor or progress_only,
                             agreed_by_mentee=agreed_by_mentee or progress_only)
    if progress_only:
        errors = {}
    errors |= _activity_errors(school=school, programme=programme, title=title, direction=direction,
                               deadline=deadline, responsible=responsible, status=status)
    _raise(errors)
    activity.save()
    if not progress_only:
        _plan_change(programme=programme, acting_user=acting_user,
                     before={k: v for k, v in before.items() if k == "activity" or v != after[k]},
                     after={k: v for k, v in after.items() if k == "activity" or v != before[k]}, reason=reason)
    school_changed()
    audit_record(actor=acting_user, action="programmes.activity_updated", school=school, target=activity,
                 details={"programme": str(programme.id)})
    return activity


@transaction.atomic
def activity_remove(
    *, school: School, acting_user: Person, activity: Activity, reason: str = "", agreed_by_mentor: bool = False,
    agreed_by_mentee: bool = False,
) -> None:
    """Remove an activity from the plan: freely in a draft; from an approved programme only as an
    adjustment by mutual consent (§7.2), and never once it is done or has evidence (cancel it instead)."""
    programme = _lock(activity.programme)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    membership = _membership(school=school, acting_user=acting_user)
    _require(_may_write_plan(membership=membership, roles=_roles_in_pair(pair=programme.pair, person=acting_user)))
    errors = _plan_agreement(programme=programme, reason=reason, agreed_by_mentor=agreed_by_mentor,
                             agreed_by_mentee=agreed_by_mentee)
    if activity.status == ActivityStatus.DONE or activity.evidence.exists():
        errors["activity"] = ValidationError(
            _("A done activity or one with evidence stays in the plan; cancel it instead."), code="has_result")
    _raise(errors)
    snapshot = _activity_snapshot(activity)
    _plan_change(programme=programme, acting_user=acting_user, before=snapshot, after={}, reason=reason)
    school_changed()
    audit_record(actor=acting_user, action="programmes.activity_removed", school=school, target=activity,
                 details={"programme": str(programme.id), "title": activity.title})
    activity.delete()


@transaction.atomic
def activity_mark_done(
    *, school: School, acting_user: Person, activity: Activity, result: str, today: dt.date | None = None,
) -> Activity:
    """The mentee or the mentor of the pair (or the activity's responsible person) marks an activity of an
    active programme done, with its result."""
    programme = _lock(activity.programme)
    activity = Activity.objects.select_for_update().select_related("responsible").get(pk=activity.pk)
    roles = _roles_in_pair(pair=programme.pair, person=acting_user)
    _require(bool(roles) or activity.responsible.person_id == acting_user.pk)
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError({"status": ValidationError(
            _("Activities are marked done while the programme is active."), code="wrong_status")})
    errors: dict[str, ValidationError] = {}
    if activity.status not in PROGRESS_STATUSES:
        errors["status"] = ValidationError(_("This activity is already %(status)s.")
                                           % {"status": activity.get_status_display().lower()}, code="wrong_status")
    if not result.strip():
        errors["result"] = ValidationError(_("Describe the result of the activity."), code="required")
    _raise(errors)
    activity.status, activity.result, activity.done_on = ActivityStatus.DONE, result.strip(), _today(today)
    activity.save(update_fields=["status", "result", "done_on"])
    school_changed()
    audit_record(actor=acting_user, action="programmes.activity_done", school=school, target=activity,
                 details={"programme": str(programme.id)})
    return activity


def evidence_max_bytes() -> int:
    return upload_max_bytes()


def evidence_upload(
    *, school: School, acting_user: Person, activity: Activity, uploaded_file: UploadedFile, note: str = "",
) -> Evidence:
    """Attach evidence of an activity's result (PDF, office documents or images, up to EVIDENCE_MAX_BYTES).

    The file is kept under the school's own folder and served only through a page that checks the
    right to the programme. The mentor, the mentee, the responsible person or a programme editor uploads
    it while the programme is approved or active.
    """
    evidence: Evidence | None = None
    try:
        with transaction.atomic():
            programme = _lock(activity.programme)
            activity = Activity.objects.select_related("responsible").get(pk=activity.pk)
            membership = _membership(school=school, acting_user=acting_user)
            roles = _roles_in_pair(pair=programme.pair, person=acting_user)
            _require(bool(roles) or can(membership, Capability.PROGRAMMES_EDIT)
                     or activity.responsible.person_id == acting_user.pk)
            if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
                raise ValidationError({"status": ValidationError(
                    _("Evidence is uploaded while the programme is approved or active."), code="wrong_status")})
            _raise(upload_errors(uploaded_file))
            original = (uploaded_file.name or "file").rsplit("/", 1)[-1][:300]
            evidence = Evidence(activity=activity, original_name=original, size=uploaded_file.size or 0,
                                note=note.strip()[:300], uploaded_by=acting_user)
            evidence.file.save(original, uploaded_file, save=False)
            evidence.save()
            school_changed()
            audit_record(actor=acting_user, action="programmes.evidence_uploaded", school=school, target=evidence,
                         details={"activity": str(activity.id), "name": original, "size": evidence.size})
    except Exception:
        # Nothing half-saved: a file written before the transaction failed is removed.
        if evidence is not None and evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


# --- overdue reminders -----------------------------------------------------------------------------


def _email_of(staff: StaffMember) -> str:
    if staff.email:
        return staff.email
    return staff.person.email if staff.person_id and staff.person else ""


def activities_remind_overdue(*, school: School, today: dt.date | None = None) -> int:
    """E-mail the responsible person and the mentee(s) about each overdue activity, at most once a day.

    `Activity.overdue_reminded_on` is claimed before sending, in the same transaction, so running
    this twice on a day sends each reminder once. Returns how many activities were reminded.
    """
    from mentoring.selectors.programmes import overdue_activities

    day = _today(today)
    sent = 0
    candidates = list(overdue_activities(day).exclude(overdue_reminded_on=day).values_list("pk", flat=True))
    for activity_id in candidates:
        with transaction.atomic():
            claimed = Activity.objects.filter(pk=activity_id).exclude(overdue_reminded_on=day).update(
                overdue_reminded_on=day)
            if not claimed:
                continue
            activity = Activity.objects.select_related("programme", "responsible__person").get(pk=activity_id)
            mentees = StaffMember.objects.filter(
                pair_participations__pair=activity.programme.pair_id,
                pair_participations__role=ParticipantRole.MENTEE,
                pair_participations__left_on__isnull=True,
            ).select_related("person")
            recipients = list(dict.fromkeys(
                email for email in [_email_of(activity.responsible), *(_email_of(m) for m in mentees)] if email))
            if not recipients:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Overdue activity: %(title)s") % {"title": activity.title}
                body = _(
                    "The activity «%(title)s» of the mentoring programme «%(programme)s» was due on %(date)s and is "
                    "not done yet.\nResponsible: %(responsible)s.\nPlease complete it or agree a new deadline."
                ) % {"title": activity.title, "programme": activity.programme.title,
                     "date": format_date(activity.deadline), "responsible": activity.responsible.full_name}
            EmailMessage(subject=subject, body=body, to=recipients).send()
            sent += 1
    if sent:
        audit_record(actor=None, action="programmes.overdue_reminded", school=school, details={"activities": sent})
    return sent
