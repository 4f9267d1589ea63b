"""The daily e-mail about overdue activities of running programmes, sent once a day at most."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import format_date
from mentoring.models import Activity, ParticipantRole
from mentoring.selectors.programmes import overdue_activities
from staff.models import StaffMember
from tenants.models import School


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _email_of(staff: StaffMember) -> str:
    if staff.email:
        return staff.email
    return staff.person.email if staff.person_id and staff.person else ""


def activities_remind_overdue(*, school: School, today: dt.date | None = None) -> int:
    """E-mail the responsible person and the mentee(s) about each overdue activity, at most once a day.

    `Activity.overdue_reminded_on` is claimed before sending, in the same transaction, so running
    this twice on a day sends each reminder once. Returns how many activities were reminded.
    """
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
