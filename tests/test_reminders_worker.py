"""Reminders with a real worker: the periodic fan-out run twice sends each reminder once.

The worker writes e-mails with Django's file backend into a folder the test reads.
Data is committed (the worker is another process) and removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from banks.models import BankReviewReminder, MenteeProfile
from mentoring.models import Pair, Programme, ProgrammeStatus
from people.models import Person
from staff.models import StaffMember
from tenants.models import School
from tests.celery_probe import record_district  # noqa: F401 - the worker imports the probes too
from tests.programmes import factories as f
from tests.test_celery_worker import celery_worker, committed, probe_events, send, wait_for  # noqa: F401

pytestmark = pytest.mark.worker

PERIODIC_REMINDERS = (
    "mentoring.tasks.remind_overdue_activities",
    "banks.tasks.remind_bank_review",
    "roadmap.tasks.remind_roadmap_deadlines",
    "surveys.tasks.remind_open_campaigns",
)


def _messages(folder: Path) -> list[str]:
    """Every e-mail the file backend wrote, one string per message."""
    texts = [p.read_text(errors="replace") for p in sorted(folder.glob("*.log"))] if folder.exists() else []
    return [m for text in texts for m in text.split("-" * 79) if "Subject:" in m]


def _drain(label: str) -> None:
    """Wait until everything sent before this point has run (the solo worker runs in order)."""
    send("tests.probe.record_district", label)
    wait_for(lambda: bool(probe_events("public", label)))


def test_running_the_periodic_reminders_twice_sends_each_once(committed, tmp_path):  # noqa: F811
    school = School.objects.get(slug="alpha")
    curator = Person.objects.get(username="curator_a")
    mentee_person = Person.objects.get(username="mentee_a")
    saved_emails = (curator.email, mentee_person.email)
    Person.objects.filter(pk=curator.pk).update(email="curator_a@example.org")
    Person.objects.filter(pk=mentee_person.pk).update(email="mentee_a@example.org")
    made: dict[str, object] = {}
    mail = tmp_path / "mail"
    try:
        with schema_context(school.schema_name):
            mentor = StaffMember.objects.get(person__username="mentor_a")
            mentee = StaffMember.objects.get(person=mentee_person)
            pair = f.pair(mentor, [mentee])
            programme = f.programme(pair, status=ProgrammeStatus.ACTIVE, starts_on=dt.date.today() - dt.timedelta(60),
                                    ends_on=dt.date.today() + dt.timedelta(120))
            f.activity(programme, mentee, deadline=dt.date.today() - dt.timedelta(days=3), title="Просроченное")
            made.update(pair=pair.pk, programme=programme.pk)
        with celery_worker(tmp_path, EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                           EMAIL_FILE_PATH=str(mail)):
            sent_after_round = []
            for _round in range(2):
                for task in PERIODIC_REMINDERS:
                    send("tenants.tasks.fan_out_to_schools", task, [], 0)
                _drain(uuid.uuid4().hex)
                time.sleep(1)  # the fan-out's messages were sent by the worker itself; let them run
                _drain(uuid.uuid4().hex)
                sent_after_round.append(len(_messages(mail)))
        messages = _messages(mail)
        # The second run of every periodic reminder sends nothing more.
        assert sent_after_round[0] == sent_after_round[1] > 0, sent_after_round
        overdue = [m for m in messages if "Просроченное" in m]
        review = [m for m in messages if "базу наставляемых" in m]  # the body is 8-bit UTF-8 text
        assert len(overdue) == 1, messages
        assert "mentee_a@example.org" in overdue[0]
        assert len(review) == 1 and "curator_a@example.org" in review[0], messages
    finally:
        Person.objects.filter(pk=curator.pk).update(email=saved_emails[0])
        Person.objects.filter(pk=mentee_person.pk).update(email=saved_emails[1])
        with schema_context(school.schema_name):
            Programme.objects.filter(pk=made.get("programme")).delete()
            Pair.objects.filter(pk=made.get("pair")).delete()
            MenteeProfile.objects.filter(staff__person=mentee_person).delete()
            BankReviewReminder.objects.all().delete()
            AuditEvent.objects.filter(action__startswith="probe:").delete()
        with schema_context("public"):
            AuditEvent.objects.filter(action__startswith="probe:").delete()
