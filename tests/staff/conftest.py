"""Fixtures of the staff tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tenants.utils import schema_context

from people.roles import SchoolRole
from people.services import membership_grant
from staff.models import StaffMember


@pytest.fixture
def psychologist_a(world):  # type: ignore[no-untyped-def]
    """teacher_a made the school's psychologist: may see the staff, may not change it."""
    membership_grant(acting_user=None, school=world.school_a, person=world.people["teacher_a"],
                     roles=[SchoolRole.PSYCHOLOGIST])
    return world.people["teacher_a"]


@pytest.fixture
def many_staff(world):  # type: ignore[no-untyped-def]
    """Adds `count` plain staff members to school A (with bank profiles for some)."""

    def add(count: int) -> None:
        from banks.models import MenteeProfile, MentorProfile

        with schema_context(world.school_a.schema_name):
            members = StaffMember.objects.bulk_create([
                StaffMember(last_name=f"Сотрудник{index:03d}", first_name="Тест", position="учитель",
                            subjects=["математика"], birth_date=dt.date(1980, 1, 1), teaching_experience_years=10)
                for index in range(count)
            ])
            for member in members[::3]:
                MenteeProfile.objects.create(staff=member, category="new_to_school", added_on=dt.date(2026, 9, 1))
            for member in members[1::3]:
                MentorProfile.objects.create(staff=member, capacity=2, questionnaire_on=dt.date(2026, 9, 1))

    return add
