"""Reads of the meeting log and of what a person's calendar feed shows."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import Prefetch, Q
from django.http import Http404

from lookups import object_or_404
from mentoring.models import Activity, ActivityStatus, CalendarFeed, Meeting, Participant, Programme
from mentoring.selectors.programmes import _visible
from people.models import Membership
from staff.models import StaffMember


def feed_secret_hash(secret: str) -> str:
    """What is kept of a calendar address's secret (the secret itself is shown once)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def meetings_of(programme: Programme) -> list[Meeting]:
    """The programme's log, newest first, with who attended (two queries)."""
    return list(Meeting.objects.filter(programme=programme).prefetch_related(
        Prefetch("attendees", queryset=StaffMember.objects.order_by("last_name", "first_name"))))


def meeting_get_for(*, membership: Membership | None, id: object) -> Meeting:
    """One meeting of a programme the person may see, or 404 (missing and not-theirs look the same)."""
    return object_or_404(Meeting.objects.filter(programme__in=_visible(membership)).select_related("programme"), id)


def feed_owner(secret: str) -> StaffMember:
    """Whose live calendar address this is, in this school; 404 for an unknown or revoked one."""
    feed = (CalendarFeed.objects.filter(secret_hash=feed_secret_hash(secret), revoked_at__isnull=True,
                                        staff__is_active=True).select_related("staff").first())
    if feed is None:
        raise Http404
    return feed.staff


def live_feed(staff: StaffMember) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(staff=staff, revoked_at__isnull=True).first()


def calendar_of(staff: StaffMember, *, since: dt.date) -> tuple[list[Activity], list[Meeting]]:
    """What the person's calendar shows: the activities of the programmes of their current pairs and those
    they are responsible for (not cancelled), and those programmes' meetings — from `since` on."""
    mine = Programme.objects.filter(pair__participants__staff=staff, pair__participants__left_on__isnull=True)
    activities = list(Activity.objects.filter(Q(programme__in=mine) | Q(responsible=staff), deadline__gte=since)
                      .exclude(status=ActivityStatus.CANCELLED).select_related("programme", "responsible")
                      .distinct().order_by("deadline", "title"))
    meetings = list(Meeting.objects.filter(programme__in=mine, held_on__gte=since).select_related("programme")
                    .order_by("held_on"))
    return activities, meetings


def current_participants(programme: Programme) -> list[StaffMember]:
    return [p.staff for p in Participant.objects.filter(pair=programme.pair_id, left_on__isnull=True)
            .select_related("staff").order_by("role", "staff__last_name")]
