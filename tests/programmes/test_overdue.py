"""Overdue activities: detection, and the daily reminder by e-mail that is sent once a day at most."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from mentoring.models import Activity, ActivityStatus, Programme, ProgrammeStatus
from mentoring.selectors.programmes import overdue_activities
from mentoring.tasks import remind_overdue_activities
from staff.models import StaffMember
from tests.programmes import factories as f

DEADLINE = dt.date(2025, 10, 15)


@pytest.fixture
def on_day(monkeypatch):  # type: ignore[no-untyped-def]
    """Set the service's "today" (the task passes none, so the service asks the clock)."""
    from mentoring.services import programme_reminders

    def set_day(day: str) -> None:
        monkeypatch.setattr(programme_reminders, "_today", lambda today: today or dt.date.fromisoformat(day))

    return set_day


def test_an_activity_is_overdue_after_its_deadline_while_open_in_a_running_programme(world, active):
    assert list(overdue_activities(DEADLINE)) == []  # due today: not overdue yet
    assert list(overdue_activities(DEADLINE + dt.timedelta(days=1))) == [active.activity]
    Activity.objects.filter(pk=active.activity.pk).update(status=ActivityStatus.IN_PROGRESS)
    assert list(overdue_activities(DEADLINE + dt.timedelta(days=1))) == [active.activity]
    for status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
        Activity.objects.filter(pk=active.activity.pk).update(status=status)
        assert list(overdue_activities(DEADLINE + dt.timedelta(days=1))) == []


@pytest.mark.parametrize("status", [ProgrammeStatus.DRAFT, ProgrammeStatus.APPROVED, ProgrammeStatus.COMPLETED,
                                    ProgrammeStatus.ENDED_EARLY])
def test_activities_of_a_programme_not_running_are_not_overdue(world, active, status):
    Programme.objects.filter(pk=active.programme.pk).update(status=status, end_reason="mutual")
    assert list(overdue_activities(DEADLINE + dt.timedelta(days=30))) == []


def _emails(world, active):  # type: ignore[no-untyped-def]
    StaffMember.objects.filter(pk=active.mentee.pk).update(email="mentee@school.example")
    mentor = world.person("mentor_a")
    mentor.email = "mentor-account@school.example"
    mentor.save()


def test_the_reminder_goes_to_the_responsible_and_the_mentee_once_a_day(world, active, on_day):
    _emails(world, active)
    Activity.objects.filter(pk=active.activity.pk).update(responsible=active.mentor)
    on_day("2025-10-20")
    assert remind_overdue_activities() == 1
    assert remind_overdue_activities() == 0  # run twice the same day: sent once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # The mentor has no e-mail on their staff card: their account's e-mail is used.
    assert sorted(message.to) == ["mentee@school.example", "mentor-account@school.example"]
    assert "Посещение уроков" in message.subject and "15.10.2025" in message.body
    assert Activity.objects.get(pk=active.activity.pk).overdue_reminded_on == dt.date(2025, 10, 20)
    on_day("2025-10-21")
    assert remind_overdue_activities() == 1  # a new day: reminded again
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="programmes.overdue_reminded").count() == 2


def test_no_reminder_for_activities_not_overdue(world, active, on_day):
    _emails(world, active)
    f.activity(active.programme, active.mentee, deadline=dt.date(2025, 11, 1), title="Будущее")
    f.activity(active.programme, active.mentee, deadline=dt.date(2025, 10, 1), title="Сделано",
               status=ActivityStatus.DONE)
    on_day("2025-10-20")
    assert remind_overdue_activities() == 1
    assert len(mail.outbox) == 1 and "Посещение уроков" in mail.outbox[0].subject


def test_the_task_refuses_to_run_in_the_district_schema(world):
    with schema_context("public"), pytest.raises(RuntimeError):
        remind_overdue_activities()


def test_the_reminder_reads_only_its_own_school(world, active, on_day):
    _emails(world, active)
    on_day("2025-10-20")
    with schema_context(world.school_b.schema_name):
        assert remind_overdue_activities() == 0
    assert mail.outbox == []
