"""Reminders of roadmap deadlines (issue 4, item 7): due within 7 days or overdue, each sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from people.models import Person
from people.roles import SchoolRole
from roadmap import services
from roadmap.models import RoadmapItem, RoadmapItemStatus, RoadmapStage
from roadmap.tasks import remind_roadmap_deadlines
from tests.roadmap.factories import current_year, make_roadmap


@pytest.fixture
def emails(world):  # type: ignore[no-untyped-def]
    Person.objects.filter(username="curator_a").update(email="curator_a@alpha.example")
    Person.objects.filter(username="director_a").update(email="director_a@alpha.example")
    Person.objects.filter(username="teacher_a").update(email="teacher_a@alpha.example")
    Person.objects.filter(username="curator_b").update(email="curator_b@beta.example")


@pytest.fixture
def due_roadmap(world, emails):  # type: ignore[no-untyped-def]
    """School A's roadmap of this year with every template activity far away, and two activities due:
    one in 3 days for the curators (by role), one overdue for a named teacher."""
    today = timezone.localdate()
    year = current_year()
    roadmap = make_roadmap(world, year=year)
    with tenant_context(world.school_a):
        RoadmapItem.objects.filter(stage__roadmap=roadmap).update(deadline=year.last_day)
        # Those far away stay quiet, except when the year is about to end: then mark them done.
        if (year.last_day - today).days <= 7:
            RoadmapItem.objects.filter(stage__roadmap=roadmap).update(status=RoadmapItemStatus.DONE, done_on=today)
        stage = RoadmapStage.objects.get(roadmap=roadmap, number=2)
        soon_day = min(today + dt.timedelta(days=3), year.last_day)
        overdue_day = max(today - dt.timedelta(days=2), year.first_day)
        soon = RoadmapItem.objects.create(stage=stage, title="Скоро: банк наставляемых", deadline=soon_day,
                                          responsible_role=SchoolRole.CURATOR)
        overdue = RoadmapItem.objects.create(stage=stage, title="Просрочено: анкеты", deadline=overdue_day,
                                             responsible_role=SchoolRole.CURATOR,
                                             responsible_staff=world.staff("teacher_a"))
    return {"roadmap": roadmap, "soon": soon, "overdue": overdue, "year": year}


def test_due_and_overdue_activities_are_reminded_once(world, due_roadmap):
    mail.outbox.clear()
    with tenant_context(world.school_a):
        assert remind_roadmap_deadlines() == 2
        assert remind_roadmap_deadlines() == 0  # the second run sends nothing
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [("curator_a@alpha.example",), ("teacher_a@alpha.example",)]
    by_to = {message.to[0]: message for message in mail.outbox}
    assert "Просрочено: анкеты" in by_to["teacher_a@alpha.example"].body
    assert "Скоро: банк наставляемых" in by_to["curator_a@alpha.example"].body
    with tenant_context(world.school_a):
        soon = RoadmapItem.objects.get(pk=due_roadmap["soon"].pk)
        assert soon.reminded_for_deadline == soon.deadline and soon.reminded_at is not None


def test_a_moved_deadline_is_reminded_again_and_done_items_never(world, due_roadmap):
    mail.outbox.clear()
    today = timezone.localdate()
    with tenant_context(world.school_a):
        assert services.roadmap_deadlines_remind(school=world.school_a, today=today) == 2
        soon = RoadmapItem.objects.get(pk=due_roadmap["soon"].pk)
        new_deadline = soon.deadline - dt.timedelta(days=1) if soon.deadline > due_roadmap["year"].first_day \
            else soon.deadline + dt.timedelta(days=1)
        RoadmapItem.objects.filter(pk=soon.pk).update(deadline=new_deadline)
        RoadmapItem.objects.filter(pk=due_roadmap["overdue"].pk).update(
            deadline=due_roadmap["overdue"].deadline + dt.timedelta(days=1), status=RoadmapItemStatus.DONE,
            done_on=today)
        assert services.roadmap_deadlines_remind(school=world.school_a, today=today) == 1
    assert len(mail.outbox) == 3


def test_far_deadlines_are_not_reminded(world, emails):
    mail.outbox.clear()
    year = current_year()
    roadmap = make_roadmap(world, year=year)
    with tenant_context(world.school_a):
        RoadmapItem.objects.filter(stage__roadmap=roadmap).update(deadline=year.last_day)
        # A day well before the end of the year: nothing is within 7 days.
        assert services.roadmap_deadlines_remind(school=world.school_a, today=year.last_day - dt.timedelta(days=8)) == 0
        assert services.roadmap_deadlines_remind(school=world.school_a, today=year.last_day - dt.timedelta(days=7)) > 0
    assert mail.outbox


def test_without_an_email_nothing_is_marked(world, due_roadmap):
    mail.outbox.clear()
    Person.objects.filter(username__in=["curator_a", "teacher_a"]).update(email="")
    with tenant_context(world.school_a):
        assert remind_roadmap_deadlines() == 0
        assert not RoadmapItem.objects.filter(reminded_for_deadline__isnull=False).exists()
    assert mail.outbox == []


def test_the_role_holders_of_this_school_only(world, due_roadmap):
    """curator_b holds the curator role in school B: never e-mailed about school A's roadmap."""
    mail.outbox.clear()
    with schema_context(world.school_a.schema_name):  # a bare schema switch, as a worker might leave it
        remind_roadmap_deadlines()
    assert all("curator_b@beta.example" not in message.to for message in mail.outbox)
    with tenant_context(world.school_b):
        assert remind_roadmap_deadlines() == 0  # school B has no roadmap items due
        assert not RoadmapItem.objects.exists()


def test_the_task_refuses_to_run_in_the_district_schema(world):
    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        remind_roadmap_deadlines()
