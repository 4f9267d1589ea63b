"""Activities and meetings as iCalendar (RFC 5545), written by the `icalendar` library.

Every event is a whole day (a deadline, the day of a meeting); a deadline that falls on a
non-working day (district.calendar) says so in its summary, so a teacher sees it in the phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from district.calendar import non_working_days
from mentoring.models import Activity, Meeting

PRODID = "-//Платформа наставничества района//mentoring//RU"


def _event(*, uid: str, day: dt.date, summary: str, description: str, url: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _activity_event(activity: Activity, *, host: str, base_url: str, off: set[dt.date], stamp: dt.datetime) -> Event:
    summary = _("Deadline: %(title)s") % {"title": activity.title}
    if activity.deadline in off:
        summary += " — " + _("a non-working day")
    description = "\n".join(filter(None, [
        _("Programme: %(title)s") % {"title": activity.programme.title},
        _("Responsible: %(name)s") % {"name": activity.responsible.full_name},
        _("Status: %(status)s") % {"status": activity.get_status_display()},
        _("The deadline falls on a non-working day.") if activity.deadline in off else "",
    ]))
    return _event(uid=f"activity-{activity.pk}@{host}", day=activity.deadline, summary=summary,
                  description=description, url=f"{base_url}/programmes/{activity.programme_id}/", stamp=stamp)


def _meeting_event(meeting: Meeting, *, host: str, base_url: str, stamp: dt.datetime) -> Event:
    return _event(
        uid=f"meeting-{meeting.pk}@{host}", day=meeting.held_on,
        summary=_("Meeting: %(topic)s") % {"topic": meeting.topic},
        description="\n".join(filter(None, [
            _("Programme: %(title)s") % {"title": meeting.programme.title},
            _("Form: %(form)s") % {"form": meeting.get_form_display()}, meeting.notes])),
        url=f"{base_url}/programmes/{meeting.programme_id}/", stamp=stamp)


def calendar_ics(*, name: str, host: str, base_url: str, activities: Iterable[Activity],
                 meetings: Iterable[Meeting]) -> bytes:
    """One calendar of the given activities and meetings."""
    activities, meetings = list(activities), list(meetings)
    off = non_working_days(a.deadline for a in activities)
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        calendar.add_component(_activity_event(activity, host=host, base_url=base_url, off=off, stamp=stamp))
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, host=host, base_url=base_url, stamp=stamp))
    return calendar.to_ical()
