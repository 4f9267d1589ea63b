"""The programme's meeting log and the personal calendar feeds.

A meeting is written by a current participant of the pair (the mentor or a mentee) and read
by whoever may see the programme (the curator among them). A calendar feed is a secret
address per person and school: only its SHA-256 is kept, issuing a new one revokes the old.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from mentoring.models import CalendarFeed, Meeting, MeetingForm, Participant, Programme, ProgrammeStatus
from mentoring.selectors.meetings import feed_secret_hash
from people.models import Person
from staff.models import StaffMember
from tenants.models import School

WRITABLE = (ProgrammeStatus.DRAFT, ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE)



def meeting_record(
    *,
    school: School,
    acting_user: Person,
    programme: Programme,
    held_on: dt.date,
    form: str,
    topic: str,
    notes: str = "",
    attendees: Sequence[StaffMember],
) -> Meeting:
    """Write a meeting in the programme's log: by its mentor or a mentee, about a meeting that took place,
    with who attended among the pair's current participants."""
    current = {p.staff_id: p.staff for p in Participant.objects.filter(
        pair=programme.pair_id, left_on__isnull=True).select_related("staff")}
    if not any(staff.person_id == acting_user.pk for staff in current.values()):
        raise PermissionDenied("only the pair's participants write its meetings")
    errors: dict[str, ValidationError] = {}
    if form not in MeetingForm.values:
        errors["form"] = ValidationError(_("Choose the form of the meeting."), code="invalid")
    if not topic.strip():
        errors["topic"] = ValidationError(_("Write the topic of the meeting."), code="required")
    if held_on > timezone.localdate():
        errors["held_on"] = ValidationError(_("The log records meetings that took place: the date is in the future."),
                                            code="future")
    elif held_on < programme.starts_on:
        errors["held_on"] = ValidationError(_("The programme starts on %(date)s; the meeting cannot be earlier.")
                                            % {"date": f"{programme.starts_on:%d.%m.%Y}"}, code="before_start")
    if not attendees:
        errors["attendees"] = ValidationError(_("Tick who attended."), code="required")
    elif any(member.pk not in current for member in attendees):
        errors["attendees"] = ValidationError(_("Only the pair's participants can be ticked."), code="not_participant")
    if programme.status not in WRITABLE:
        errors["__all__"] = ValidationError(_("The programme is closed; its log is kept as it is."), code="closed")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(programme=programme, held_on=held_on, form=form, topic=topic.strip(),
                                         notes=notes.strip(), recorded_by=acting_user)
        meeting.attendees.set([current[member.pk] for member in attendees])
        audit_record(actor=acting_user, action="meeting.recorded", school=school, target=meeting,
                     details={"programme": str(programme.pk), "held_on": held_on.isoformat(), "form": form})
    return meeting


def calendar_feed_issue(*, school: School, acting_user: Person, staff: StaffMember) -> str:
    """A new secret calendar address for the person (the old one, if any, stops working). Returns the secret,
    which is shown once: only its hash is kept."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.select_for_update().filter(staff=staff, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(staff=staff, secret_hash=feed_secret_hash(secret))
        audit_record(actor=acting_user, action="calendar_feed.issued", school=school, target=feed)
    return secret


def calendar_feed_revoke(*, school: School, acting_user: Person, staff: StaffMember) -> int:
    """Stop the person's calendar address; returns how many were live (0 or 1)."""
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(staff=staff, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if revoked:
            audit_record(actor=acting_user, action="calendar_feed.revoked", school=school,
                         details={"staff": staff.full_name})
    return revoked
