"""Tasks the worker tests send; the test worker imports this module (-I)."""

from __future__ import annotations

from django.db import connection

from audit.models import AuditEvent
from config.celery import district_task, school_task


@school_task(name="tests.probe.record_school")
def record_school(label: str) -> str:
    AuditEvent.objects.create(action=f"probe:{label}", details={"schema": connection.schema_name})
    return connection.schema_name


@district_task(name="tests.probe.record_district")
def record_district(label: str) -> str:
    AuditEvent.objects.create(action=f"probe:{label}", details={"schema": connection.schema_name})
    return connection.schema_name
