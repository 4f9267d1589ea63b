"""Reads of the audit record."""

from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_events(*, action: str = "", actor_query: str = "") -> QuerySet[AuditEvent]:
    """The current space's audit record, newest first, optionally filtered."""
    events = AuditEvent.objects.all().order_by("-at")
    if action:
        events = events.filter(action__startswith=action)
    if actor_query:
        events = events.filter(actor_name__icontains=actor_query)
    return events
