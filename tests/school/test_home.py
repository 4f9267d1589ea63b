"""The home page says what needs this person's attention now, by role."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tenants.utils import schema_context

from mentoring.models import PairRequest, ProgrammeStatus, RequestKind
from orders.models import Order, OrderKind
from tests.conftest import SESSION_READ, client_for
from tests.programmes import factories as f


def _attention(world, key: str, school=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    response = client_for(school or world.school_a, world.people[key]).get("/")
    assert response.status_code == 200
    return {item.kind: item.count for item in response.context["attention"]}


def test_a_mentee_sees_their_overdue_activity_and_the_director_sees_what_to_sign(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        pair = f.the_pair(world)
        programme = f.programme(pair, status=ProgrammeStatus.ACTIVE, starts_on=today - dt.timedelta(days=40),
                                ends_on=today + dt.timedelta(days=120))
        mentee = pair.participants.get(role="mentee").staff
        f.activity(programme, mentee, deadline=today - dt.timedelta(days=2))
        Order.objects.create(number="77", date=today, year=today.year, kind=OrderKind.OTHER, title="Проект")
        PairRequest.objects.create(pair=pair, kind=RequestKind.REPLACE_MENTOR, submitted_by=mentee,
                                   reason="Прошу заменить", submitted_on=today)
    assert _attention(world, "mentee_a")["overdue_activities"] == 1
    assert _attention(world, "mentor_a")["overdue_activities"] == 1  # a participant of the programme
    director = _attention(world, "director_a")
    assert director["orders_to_sign"] == 1 and director["petitions"] == 1
    assert _attention(world, "curator_a")["petitions"] == 1
    # Others of the same school have nothing of it; school B sees nothing of school A.
    teacher = _attention(world, "teacher_a")
    assert "overdue_activities" not in teacher and "petitions" not in teacher
    assert _attention(world, "director_b", world.school_b).get("petitions", 0) == 0
    assert _attention(world, "director_b", world.school_b).get("orders_to_sign", 0) == 0


def test_the_home_page_query_count_does_not_grow_with_data(world, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/")
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_the_attention_counts_take_one_query(world, django_assert_max_num_queries):
    """Issue 15: the home page's counts (overdue, surveys, petitions, drafts, pairs, programmes, exchange, the
    roadmap's items, the bank's review) are read in one query: a director's home page takes 10 queries (21, then
    17 before), a curator's 11, a teacher's 6 — two of them the schema switches — plus the session read when
    sessions are not kept in Redis."""
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        Order.objects.create(number="78", date=today, year=today.year, kind=OrderKind.OTHER, title="Проект")
    for key, most in (("director_a", 10 + SESSION_READ), ("curator_a", 11 + SESSION_READ),
                      ("teacher_a", 6 + SESSION_READ)):
        client = client_for(world.school_a, world.people[key])
        client.get("/")
        with django_assert_max_num_queries(most):
            assert client.get("/").status_code == 200
    assert _attention(world, "director_a")["orders_to_sign"] == 1
