"""Periodic tasks retry a passing failure of the database or the mail server, never a bug (config.celery.RETRIES)."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError
from django_tenants.utils import schema_context

from staff import tasks


def _flaky(calls: list[int], error: Exception):  # type: ignore[no-untyped-def]
    def service(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise error
        return 7
    return service


def test_a_periodic_task_retries_when_the_database_was_away(world, monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[int] = []
    monkeypatch.setattr(tasks, "staff_refresh_young_specialists",
                        _flaky(calls, OperationalError("server closed the connection unexpectedly")))
    with schema_context(world.school_a.schema_name):
        result = tasks.refresh_young_specialists.apply()
    assert result.get() == 7
    assert len(calls) == 2


def test_a_bug_is_not_retried(world, monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[int] = []
    monkeypatch.setattr(tasks, "staff_refresh_young_specialists", _flaky(calls, ValueError("a bug")))
    with schema_context(world.school_a.schema_name):
        result = tasks.refresh_young_specialists.apply()
    with pytest.raises(ValueError, match="a bug"):
        result.get()
    assert len(calls) == 1


@pytest.mark.parametrize("name", ["banks.tasks.remind_bank_review", "mentoring.tasks.remind_overdue_activities",
                                  "roadmap.tasks.remind_roadmap_deadlines", "surveys.tasks.remind_open_campaigns",
                                  "staff.tasks.refresh_young_specialists"])
def test_the_periodic_school_tasks_declare_what_they_retry(name):
    from config.celery import TRANSIENT_ERRORS, app

    app.loader.import_default_modules()
    task = app.tasks[name]
    assert task.autoretry_for == TRANSIENT_ERRORS and task.max_retries == 3 and task.retry_backoff is True
