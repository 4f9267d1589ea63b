"""Fixtures for programme tests: a pair of mentor_a and mentee_a in school A with a programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django_tenants.utils import schema_context

from mentoring.models import Activity, Pair, PairStatus, Programme, ProgrammeStatus
from staff.models import StaffMember
from tests.programmes import factories as f


@dataclass
class Setup:
    pair: Pair
    programme: Programme
    activity: Activity
    mentor: StaffMember
    mentee: StaffMember
    curator: StaffMember


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def in_a(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        yield world.school_a


def make_setup(world, *, status: str = ProgrammeStatus.DRAFT,  # type: ignore[no-untyped-def]
               pair_status: str = PairStatus.ACTIVE) -> Setup:
    pair = f.the_pair(world, status=pair_status)
    mentor = StaffMember.objects.get(person=world.people["mentor_a"])
    mentee = StaffMember.objects.get(person=world.people["mentee_a"])
    curator = StaffMember.objects.get(person=world.people["curator_a"])
    programme = f.programme(pair, status=status)
    activity = f.activity(programme, mentee, deadline=dt.date(2025, 10, 15))
    return Setup(pair=pair, programme=programme, activity=activity, mentor=mentor, mentee=mentee, curator=curator)


@pytest.fixture
def draft(world, in_a) -> Setup:  # type: ignore[no-untyped-def]
    return make_setup(world)


@pytest.fixture
def approved(world, in_a) -> Setup:  # type: ignore[no-untyped-def]
    return make_setup(world, status=ProgrammeStatus.APPROVED)


@pytest.fixture
def active(world, in_a) -> Setup:  # type: ignore[no-untyped-def]
    return make_setup(world, status=ProgrammeStatus.ACTIVE)
