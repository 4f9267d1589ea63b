"""Reads of the audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_events(
    *, action: str = "", actor_query: str = "", actor_id: Any = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The current space's audit record, newest first, optionally filtered by the kind of action (a code or its
    group: «staff.» or «staff.updated»), the person (by id or a part of the name) and the days (inclusive)."""
    events = AuditEvent.objects.all().order_by("-at")
    if action:
        events = events.filter(action__startswith=action)
    if actor_query:
        events = events.filter(actor_name__icontains=actor_query)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if date_from is not None:
        events = events.filter(at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(at__date__lte=date_to)
    return events


def audit_actors() -> list[tuple[str, str]]:
    """The people who appear in this space's record: (id, name), by name (one query)."""
    rows = (AuditEvent.objects.filter(actor__isnull=False).values_list("actor_id", "actor_name")
            .distinct().order_by("actor_name"))
    seen: dict[str, str] = {}
    for actor_id, name in rows:
        seen.setdefault(str(actor_id), name)
    return sorted(seen.items(), key=lambda pair: pair[1])


def audit_action_codes() -> list[str]:
    """The kinds of action recorded in this space (one query)."""
    return list(AuditEvent.objects.values_list("action", flat=True).distinct())
