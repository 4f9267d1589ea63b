"""Writing the audit record; every service that changes data calls this."""

from __future__ import annotations

from typing import Any

from django.db import models

from audit.models import AuditEvent
from people.models import Person
from tenants.models import School


def audit_record(
    *,
    actor: Person | None,
    action: str,
    school: School | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record an action in the current schema (the school's, or public for the district).

    It only writes the record: a service whose change matters to the district's figures or the
    exchange says so itself (tenants.changes.school_changed).
    """
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_full_name() if actor else "system",
        school_uuid=school.uuid if school else None,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
    )
