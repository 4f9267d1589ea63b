"""Changes to an approved programme by mutual consent (regulation §7.2), each kept in the history.

**The 1-year limit and extensions:** an extension agreed by the mentor and the mentee moves `ends_on` later,
but the programme's whole duration, from its original start to the new end, stays within 12 months (§1.2).
A longer need is met by a new programme, not by extending this one. The content (title, goals, directions,
strengths) is adjusted with a reason and both agreements; the plan's activities in `programme_plan`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import add_months, format_date
from mentoring.models import ChangeKind, Programme, ProgrammeChange, ProgrammeStatus
from mentoring.services.programme_lifecycle import programme_lock
from mentoring.services.programme_rights import (
    require_plan_writer,
)
from mentoring.services.programme_rules import MAX_MONTHS, agreement_errors, direction_errors, raise_errors
from people.models import Person
from tenants.changes import school_changed
from tenants.models import School

ADJUSTABLE_FIELDS = ("title", "goals", "directions", "strengths_supported")


def _agreed_change_errors(*, programme: Programme, not_open: str, reason: str, agreed_by_mentor: bool,
                          agreed_by_mentee: bool) -> dict[str, ValidationError]:
    """Only an approved or active programme changes by agreement (a draft is edited directly); the agreement's
    errors by field (§7.2)."""
    if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
        raise ValidationError({"status": ValidationError(not_open, code="wrong_status")})
    return agreement_errors(reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)


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
    programme = programme_lock(programme)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
    errors = _agreed_change_errors(
        programme=programme, not_open=_("Only an approved or active programme is extended; edit a draft directly."),
        reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)
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
    raise_errors(errors)
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
    programme = programme_lock(programme)
    require_plan_writer(school=school, acting_user=acting_user, pair=programme.pair)
    errors = _agreed_change_errors(
        programme=programme, not_open=_("Only an approved or active programme is adjusted; edit a draft directly."),
        reason=reason, agreed_by_mentor=agreed_by_mentor, agreed_by_mentee=agreed_by_mentee)
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
            errors |= direction_errors(programme.pair, value)
        else:
            value = (value or "").strip()
            if field in ("title", "goals") and not value:
                errors[field] = ValidationError(_("This field cannot be empty."), code="required")
        if value != getattr(programme, field):
            cleaned[field] = value
    if not cleaned and "changes" not in errors and not any(f in errors for f in ADJUSTABLE_FIELDS):
        errors["changes"] = ValidationError(_("Nothing is changed."), code="no_change")
    raise_errors(errors)
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
