"""Reads of the banks: filters, free capacity computed in the query, the review's due date."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.http import Http404
from django_tenants.utils import tenant_context

from banks import selectors, services
from banks.models import BankReview, Direction, MenteeCategory, MenteeStatus
from banks.services import DifficultyInput
from mentoring.models import Mode, PairStatus
from people.models import Membership
from tests.banks.factories import make_mentee, make_mentor, make_pair, make_staff


@pytest.fixture
def school_a(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        yield world.school_a


def _membership(world, key):  # type: ignore[no-untyped-def]
    return Membership.objects.get(person=world.people[key], school=world.school_a)


@pytest.fixture
def curator_m(world):  # type: ignore[no-untyped-def]
    return _membership(world, "curator_a")


def test_free_capacity_counts_current_mentees_of_open_pairs_only(school_a, world, curator_m, django_assert_num_queries):
    curator = world.people["curator_a"]
    busy = make_mentor(school_a, curator, capacity=3)
    make_pair(busy.staff, [make_staff(), make_staff()])                     # active group: 2
    make_pair(busy.staff, [make_staff()], status=PairStatus.FORMING)        # forming: 1
    make_pair(busy.staff, [make_staff()], status=PairStatus.ENDED)          # ended: not counted
    make_pair(busy.staff, [make_staff()], mentor_left=True)                 # replaced as mentor: not counted
    other = make_mentor(school_a, curator, capacity=2)
    make_pair(other.staff, [make_staff()])
    idle = make_mentor(school_a, curator, capacity=2)
    # Someone else's pair with `busy`'s mentee in it does not count for `busy`.
    make_pair(make_staff(), [busy.staff])

    with django_assert_num_queries(2):  # the rows with their counts, and the trainings; never one per row
        rows = {m.pk: m for m in selectors.mentor_list(membership=curator_m)}
    assert (rows[busy.pk].active_mentees, rows[busy.pk].free_capacity) == (3, 0)
    assert (rows[other.pk].active_mentees, rows[other.pk].free_capacity) == (1, 1)
    assert (rows[idle.pk].active_mentees, rows[idle.pk].free_capacity) == (0, 2)
    free = {m.pk for m in selectors.mentor_list(membership=curator_m, has_free_capacity=True)}
    assert free == {other.pk, idle.pk}
    assert selectors.mentor_active_mentee_count(staff_id=busy.staff_id) == 3


def test_mentor_filters(school_a, world, curator_m):
    curator = world.people["curator_a"]
    physics = make_mentor(school_a, curator, subjects=["Физика"], directions=[Direction.SUBJECT_CONTENT],
                          preferred_modes=[Mode.VIRTUAL], willing_cross_school=True,
                          staff=make_staff(last_name="Ньютонов"))
    maths = make_mentor(school_a, curator, subjects=["Математика"], directions=[Direction.TEACHING_METHODS],
                        preferred_modes=[Mode.TRADITIONAL], staff=make_staff(last_name="Эйлеров"))

    def ids(**filters):  # type: ignore[no-untyped-def]
        return {m.pk for m in selectors.mentor_list(membership=curator_m, **filters)}

    assert ids(subject="физ") == {physics.pk}
    assert ids(direction=Direction.TEACHING_METHODS) == {maths.pk}
    assert ids(mode=Mode.VIRTUAL) == {physics.pk}
    assert ids(willing_cross_school=True) == {physics.pk}
    assert ids(search="эйлер") == {maths.pk}
    assert {physics.pk, maths.pk} <= ids()


def test_mentee_filters(school_a, world, curator_m):
    curator = world.people["curator_a"]
    young = make_mentee(school_a, curator, staff=make_staff(last_name="Молодцов"))
    newcomer = make_mentee(school_a, curator, staff=make_staff(last_name="Новиков"),
                           category=MenteeCategory.NEW_TO_SCHOOL,
                           difficulties=[DifficultyInput(direction=Direction.UPBRINGING, description="Классный час"),
                                         DifficultyInput(direction=Direction.UPBRINGING, description="Родители")])
    services.mentee_remove(school=school_a, acting_user=curator, mentee=newcomer)

    def ids(**filters):  # type: ignore[no-untyped-def]
        return [m.pk for m in selectors.mentee_list(membership=curator_m, **filters)]

    assert ids(category=MenteeCategory.NEW_TO_SCHOOL) == [newcomer.pk]
    assert ids(status=MenteeStatus.WAITING) == [young.pk]
    assert ids(direction=Direction.UPBRINGING) == [newcomer.pk]  # once, though it has two there
    assert ids(search="новик") == [newcomer.pk]
    assert ids(search="Новиков Иван") == [newcomer.pk]
    assert ids(search="Новиков Мария") == []


def test_young_specialists_not_in_the_bank(school_a, world, curator_m):
    curator = world.people["curator_a"]
    listed = make_staff(young=True)
    in_bank = make_staff(young=True)
    make_mentee(school_a, curator, staff=in_bank)
    gone = make_staff(young=True, active=False)
    veteran = make_staff(young=False)
    found = set(selectors.young_specialists_not_in_bank(membership=curator_m))
    assert listed in found and world.staff("mentee_a") in found
    assert not {in_bank, gone, veteran} & found


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_people_without_the_right_see_nothing(school_a, world, key):
    curator = world.people["curator_a"]
    mentee = make_mentee(school_a, curator)
    mentor = make_mentor(school_a, curator)
    membership = _membership(world, key)
    assert not selectors.mentee_list(membership=membership).exists()
    assert not selectors.mentor_list(membership=membership).exists()
    assert not selectors.young_specialists_not_in_bank(membership=membership).exists()
    assert not selectors.bank_reviews(membership=membership).exists()
    with pytest.raises(Http404):
        selectors.mentee_get_for(membership=membership, id=mentee.pk)
    with pytest.raises(Http404):
        selectors.mentor_get_for(membership=membership, id=mentor.pk)


@pytest.mark.parametrize("bad_id", [uuid.uuid4(), "not-a-uuid", None])
def test_get_for_answers_404_for_a_missing_or_malformed_id(school_a, curator_m, bad_id):
    with pytest.raises(Http404):
        selectors.mentee_get_for(membership=curator_m, id=bad_id)
    with pytest.raises(Http404):
        selectors.mentor_get_for(membership=curator_m, id=bad_id)


def test_review_is_due_when_none_in_the_last_365_days(school_a, world):
    today = dt.date(2027, 3, 1)
    assert selectors.bank_review_due(today)  # never reviewed
    BankReview.objects.create(reviewed_on=today - dt.timedelta(days=364), reviewed_by=world.people["curator_a"])
    assert not selectors.bank_review_due(today)
    assert selectors.bank_review_due(today + dt.timedelta(days=1))  # 365 days after the review
    BankReview.objects.create(reviewed_on=today, reviewed_by=world.people["curator_a"])
    assert not selectors.bank_review_due(today + dt.timedelta(days=1))
