"""The periodic reminder of the annual review of the mentee bank (§3.4): sent once per due period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from banks import services
from banks.models import BankReview, BankReviewReminder
from banks.tasks import remind_bank_review
from people.models import Person


@pytest.fixture
def curator_emails(world):  # type: ignore[no-untyped-def]
    Person.objects.filter(username="curator_a").update(email="curator_a@alpha.example")
    Person.objects.filter(username="curator_b").update(email="curator_b@beta.example")
    # The director holds no curator role: never e-mailed about the bank.
    Person.objects.filter(username="director_a").update(email="director_a@alpha.example")


def test_the_task_emails_the_curators_once_per_due_period(world, curator_emails):
    mail.outbox.clear()
    with tenant_context(world.school_a):
        assert remind_bank_review() == 1
        assert remind_bank_review() == 0  # the second run of the day sends nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["curator_a@alpha.example"]
    with tenant_context(world.school_a):
        assert BankReviewReminder.objects.count() == 1
    with tenant_context(world.school_b):
        assert BankReviewReminder.objects.count() == 0  # school B's period is its own


def test_the_task_also_works_after_a_bare_schema_switch(world, curator_emails):
    mail.outbox.clear()
    with schema_context(world.school_b.schema_name):
        assert remind_bank_review() == 1
    assert [m.to for m in mail.outbox] == [["curator_b@beta.example"]]


def test_no_reminder_while_a_review_is_recent(world, curator_emails):
    mail.outbox.clear()
    with tenant_context(world.school_a):
        services.bank_review_record(school=world.school_a, acting_user=world.people["curator_a"], notes="")
        assert remind_bank_review() == 0
        assert not BankReviewReminder.objects.exists()
    assert mail.outbox == []


def test_a_new_period_after_a_review_gets_its_own_reminder(world, curator_emails):
    mail.outbox.clear()
    today = timezone.localdate()
    with tenant_context(world.school_a):
        assert services.bank_review_remind(school=world.school_a, today=today) == 1
        BankReview.objects.create(reviewed_on=today - dt.timedelta(days=300), reviewed_by=world.people["curator_a"])
        assert services.bank_review_remind(school=world.school_a, today=today) == 0  # reviewed: not due
        later = today + dt.timedelta(days=65)
        assert services.bank_review_remind(school=world.school_a, today=later) == 1  # due again: a new period
        assert services.bank_review_remind(school=world.school_a, today=later + dt.timedelta(days=1)) == 0
        assert BankReviewReminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_without_a_curator_email_nothing_is_marked_sent(world):
    mail.outbox.clear()
    Person.objects.filter(username="curator_a").update(email="")
    with tenant_context(world.school_a):
        assert remind_bank_review() == 0
        assert not BankReviewReminder.objects.exists()  # the next run, once an e-mail is known, still sends
    assert mail.outbox == []


def test_the_task_refuses_to_run_in_the_district_schema(world):
    connection.set_schema_to_public()  # an earlier request may have left the connection in a school
    with pytest.raises(RuntimeError):
        remind_bank_review()
