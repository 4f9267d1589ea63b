"""A personalised programme's life cycle (regulation §1.2, §6.2, §7.1): written as a draft, edited while a
draft, approved by the director, started with its pair, completed or ended early.

* While a programme is a draft it is edited freely; once approved, its content and plan change only by
  mutual consent (§7.2, `programme_changes`, `programme_plan`). Every status change is kept in the history
  (ProgrammeChange).
* Completion (§7.1): only when every activity of the plan is done or cancelled, and at least one is done.
* Ending, by completion or early, sets `finished_on` and ends the pair.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import format_date
from mentoring.models import (
    ActivityStatus,
    ChangeKind,
    EarlyEndReason,
    Pair,
    PairStatus,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from mentoring.selectors.programmes import PROGRESS_STATUSES
from mentoring.services.programme_rights import (
    acting_membership,
    end_reasons,
    may_write_plan,
    require,
    require_plan_writer,
    roles_in_pair,
)
from mentoring.services.programme_rules import direction_errors, period_errors, raise_errors
from people.capabilities import Capability, can
from people.models import Person
from tenants.changes import school_changed
from tenants.models import School


def programme_lock(programme: Programme) -> Programme:
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
    require_plan_writer(school=school, acting_user=acting_user, pair=pair)
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
    errors |= period_errors(starts_on, ends_on)
    errors |= direction_errors(pair, directions)
    raise_errors(errors)
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
    programme = programme_lock(programme)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
    errors: dict[str, ValidationError] = {}
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("Only a draft programme is edited directly; an approved one is adjusted or "
                                "extended by mutual consent (regulation §7.2)."), code="not_draft")
    if not title.strip():
        errors["title"] = ValidationError(_("Give the programme a title."), code="required")
    if not goals.strip():
        errors["goals"] = ValidationError(_("State the programme's goals."), code="required")
    errors |= period_errors(starts_on, ends_on)
    errors |= direction_errors(programme.pair, directions)
    if not errors:
        outside = programme.activities.exclude(deadline__range=(starts_on, ends_on)).order_by("deadline").first()
        if outside is not None:
            errors["ends_on" if outside.deadline > ends_on else "starts_on"] = ValidationError(
                _("The activity «%(title)s» is due on %(date)s, outside the new period; move it first.")
                % {"title": outside.title, "date": format_date(outside.deadline)}, code="activity_outside")
    raise_errors(errors)
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
    programme = programme_lock(programme)
    require(can(acting_membership(school=school, acting_user=acting_user), Capability.PROGRAMMES_APPROVE))
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
    programme = programme_lock(programme)
    membership = acting_membership(school=school, acting_user=acting_user)
    roles = roles_in_pair(pair=programme.pair, person=acting_user)
    require(may_write_plan(membership=membership, roles=roles)
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
    programme = programme_lock(programme)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
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
    programme = programme_lock(programme)
    membership = acting_membership(school=school, acting_user=acting_user)
    roles = roles_in_pair(pair=programme.pair, person=acting_user)
    curator = can(membership, Capability.PROGRAMMES_END)
    if reason not in EarlyEndReason.values:
        raise ValidationError({"reason": ValidationError(_("Choose a reason of regulation §7.1."),
                                                         code="invalid_choice")})
    reason = EarlyEndReason(reason)
    require(reason in end_reasons(curator=curator, roles=roles))
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
    raise_errors(errors)
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
