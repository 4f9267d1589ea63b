"""The Celery app: every task runs in the schema of the school it was sent for.

tenant-schemas-celery carries the schema in each message's headers and
switches to it before the task runs (and back after). `PlatformTask` is the
one base class set on the app; a task declared with `school_task` also refuses
to run outside a school, so a task sent without its school fails loudly
instead of reading the district's schema.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from smtplib import SMTPException
from typing import Any

from celery.schedules import crontab
from django.db.utils import InterfaceError, OperationalError
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class PlatformTask(TenantTask):
    abstract = True
    # True for tasks that work on one school's data (see `school_task`).
    requires_school = False
    # The database being away (a failover takes up to a minute) retries the task later instead of
    # losing it: waits of up to 2, 4, 8 … 60 s (jittered), about six minutes in all.
    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 2
    retry_backoff_max = 60
    max_retries = 16

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.requires_school:
            from django.db import connection
            from django_tenants.utils import get_public_schema_name
            from tenant_schemas_celery.app import get_schema_name_from_task, switch_schema

            if getattr(connection, "schema_name", None) == get_public_schema_name():
                if get_schema_name_from_task(self, kwargs) in (None, get_public_schema_name()):
                    raise RuntimeError(f"{self.name} must be sent for a school, not run in the district schema")
                # Sent for a school, but finding the school before the task failed (the database was
                # away: the signal handler only logs it). Switch now, or retry when it is back.
                try:
                    switch_schema(self, kwargs)
                except (OperationalError, InterfaceError) as error:
                    wait = min(60, 2 ** (self.request.retries + 1))
                    raise self.retry(exc=error, countdown=wait, max_retries=max(self.max_retries or 0, 16)) from error
        return super().__call__(*args, **kwargs)


app = CeleryApp("mentoring", task_cls=PlatformTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# What a periodic task retries on (max_retries, with a growing delay): the database or the mail server
# being away for a moment. A bug is not retried.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, SMTPException, ConnectionError,
                                                  TimeoutError)
RETRIES: dict[str, Any] = {"autoretry_for": TRANSIENT_ERRORS, "max_retries": 3, "retry_backoff": True}

# tenant-schemas-celery's message header naming the schema a task runs in; written only by `send_for_school`.
SCHEMA_HEADER = "_schema_name"


def send_for_school(task: Any, *, schema_name: str, args: Sequence[Any] = (), countdown: float | None = None) -> Any:
    """Send a task (or a task's name) to run inside one school's schema, whatever the connection is set to now
    (after a commit, or from the district's fan-out)."""
    options: dict[str, Any] = {"args": list(args), "headers": {SCHEMA_HEADER: schema_name}, "countdown": countdown}
    return app.send_task(task, **options) if isinstance(task, str) else task.apply_async(**options)


def school_task(*args: Any, **options: Any) -> Any:
    """Declare a task that runs inside one school's schema."""
    options.setdefault("requires_school", True)
    return app.task(*args, **options)


def district_task(*args: Any, **options: Any) -> Any:
    """Declare a task that runs in the district (public) schema."""
    return app.task(*args, **options)


app.conf.beat_schedule = {
    # Periodic school work fans out from the district: one message per school,
    # spread over a window so that every school does not start at once.
    "nightly-young-specialists": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=2, minute=15),
        "args": ("staff.tasks.refresh_young_specialists",),
    },
    # The curator reviews the mentee bank at least once a year (regulation §3.4).
    "daily-bank-review-reminder": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=7, minute=30),
        "args": ("banks.tasks.remind_bank_review",),
    },
    # Overdue activities of personalised programmes, once per activity per day.
    "daily-overdue-activity-reminders": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=7, minute=45),
        "args": ("mentoring.tasks.remind_overdue_activities",),
    },
    # Roadmap items due within a week or overdue, once per item and deadline.
    "daily-roadmap-deadline-reminders": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=8, minute=0),
        "args": ("roadmap.tasks.remind_roadmap_deadlines",),
    },
    # Invited respondents of open survey campaigns who have not answered, once per invitation.
    "daily-open-survey-reminders": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=8, minute=15),
        "args": ("surveys.tasks.remind_open_campaigns",),
    },
    # The district's kept figures, recounted for every school each night (changes are also
    # counted within seconds, see stats.services).
    "nightly-school-figures": {
        "task": "tenants.tasks.fan_out_to_schools",
        "schedule": crontab(hour=3, minute=0),
        "args": ("stats.tasks.refresh_school_figures",),
    },
    # The mentor exchange: unanswered proposals expire after the district's number of days.
    "hourly-exchange-expiry": {
        "task": "exchange.tasks.expire_proposals",
        "schedule": crontab(minute=5),
    },
}
