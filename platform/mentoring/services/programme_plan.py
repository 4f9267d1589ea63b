"""The plan of activities of a personalised programme (regulation §1.2, §7.2).

While the programme is a draft its plan is edited freely; once approved, changing the plan is an adjustment
(§7.2): it needs a reason and both agreements, and is kept in the history (ProgrammeChange). Moving an activity
between «planned» and «in progress» is not an adjustment. The pair's participants (or the activity's
responsible person) mark an activity of an active programme done, with its result.
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
    Activity,
    ActivityStatus,
    ChangeKind,
    Participant,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from mentoring.selectors.programmes import PROGRESS_STATUSES
from mentoring.services.programme_lifecycle import programme_lock
from mentoring.services.programme_rights import (
    acting_membership,
    may_write_plan,
    require,
    require_plan_writer,
    roles_in_pair,
)
from mentoring.services.programme_rules import (
    OPEN_PROGRAMME_STATUSES,
    agreement_errors,
    raise_errors,
)
from people.models import Membership, Person
from people.roles import SchoolRole
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School


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
    return agreement_errors(reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)


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
    programme = programme_lock(programme)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
    errors = _plan_agreement(programme=programme, reason=reason, agreed_by_mentor=agreed_by_mentor,
                             agreed_by_mentee=agreed_by_mentee)
    errors |= _activity_errors(school=school, programme=programme, title=title, direction=direction,
                               deadline=deadline, responsible=responsible, status=status)
    raise_errors(errors)
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
    programme = programme_lock(activity.programme)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    membership = acting_membership(school=school, acting_user=acting_user)
    roles = roles_in_pair(pair=programme.pair, person=acting_user)
    require(may_write_plan(membership=membership, roles=roles))
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
    raise_errors(errors)
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
    programme = programme_lock(activity.programme)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
    errors = _plan_agreement(programme=programme, reason=reason, agreed_by_mentor=agreed_by_mentor,
                             agreed_by_mentee=agreed_by_mentee)
    if activity.status == ActivityStatus.DONE or activity.evidence.exists():
        errors["activity"] = ValidationError(
            _("A done activity or one with evidence stays in the plan; cancel it instead."), code="has_result")
    raise_errors(errors)
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
    programme = programme_lock(activity.programme)
    activity = Activity.objects.select_for_update().select_related("responsible").get(pk=activity.pk)
    roles = roles_in_pair(pair=programme.pair, person=acting_user)
    require(bool(roles) or activity.responsible.person_id == acting_user.pk)
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError({"status": ValidationError(
            _("Activities are marked done while the programme is active."), code="wrong_status")})
    errors: dict[str, ValidationError] = {}
    if activity.status not in PROGRESS_STATUSES:
        errors["status"] = ValidationError(_("This activity is already %(status)s.")
                                           % {"status": activity.get_status_display().lower()}, code="wrong_status")
    if not result.strip():
        errors["result"] = ValidationError(_("Describe the result of the activity."), code="required")
    raise_errors(errors)
    activity.status, activity.result = ActivityStatus.DONE, result.strip()
    activity.done_on = today or timezone.localdate()
    activity.save(update_fields=["status", "result", "done_on"])
    school_changed()
    audit_record(actor=acting_user, action="programmes.activity_done", school=school, target=activity,
                 details={"programme": str(programme.id)})
    return activity
