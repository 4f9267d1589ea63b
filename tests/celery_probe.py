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


@school_task(name="tests.probe.mail_in_steps", acks_late=True)
def mail_in_steps(label: str, steps: int, pause: float) -> int:
    """A slow school task with an idempotent body (issue 16): each step is claimed by a row and its
    e-mail sent in one transaction, so running it again after a lost worker redoes only what was not
    done. The rows say which worker (WORKER_NAME) did each step, in which schema."""
    import os
    import time

    from django.core.mail import EmailMessage
    from django.db import transaction

    worker = os.environ.get("WORKER_NAME", "")
    done = 0
    for step in range(steps):
        with transaction.atomic():
            with connection.cursor() as cursor:  # two runs at once would take turns here
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [label])
            if AuditEvent.objects.filter(action=f"probe:{label}:{step}").exists():
                continue
            AuditEvent.objects.create(action=f"probe:{label}:{step}",
                                      details={"schema": connection.schema_name, "worker": worker})
            EmailMessage(subject=f"probe {label} step {step}", body=connection.schema_name,
                         to=["curator@example.org"]).send()
            done += 1
        time.sleep(pause)
    with transaction.atomic():
        if not AuditEvent.objects.filter(action=f"probe:{label}:done").exists():
            AuditEvent.objects.create(action=f"probe:{label}:done", details={"schema": connection.schema_name,
                                                                              "worker": worker})
    return done
