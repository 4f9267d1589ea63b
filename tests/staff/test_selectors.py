"""Staff selectors: search, filters, and the same 404 for missing and not allowed."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django_tenants.utils import schema_context

from people.models import Membership
from staff import selectors
from staff.selectors import StaffFilters


def _membership(world, key, school=None):  # type: ignore[no-untyped-def]
    return Membership.objects.get(person=world.people[key], school=school or world.school_a)


def _names(staff) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.person.username for m in staff if m.person}


def test_search_by_name_position_and_subject(world):
    director = _membership(world, "director_a")
    with schema_context(world.school_a.schema_name):
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(search="Mentee_A"))) == {
            "mentee_a"}
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(search="истории"))) == {
            "teacher_a"}
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(search="физика"))) == {"both"}
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(search="учитель матем"))) == {
            "mentor_a", "mentee_a"}


def test_filters(world):
    director = _membership(world, "director_a")
    with schema_context(world.school_a.schema_name):
        young = selectors.staff_list(membership=director, filters=StaffFilters(young_specialist=True))
        assert _names(young) == {"mentee_a"}
        others = selectors.staff_list(membership=director, filters=StaffFilters(young_specialist=False))
        assert "mentee_a" not in _names(others) and "director_a" in _names(others)
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(position="ДИРЕКТОР"))) == {
            "director_a"}
        assert _names(selectors.staff_list(membership=director, filters=StaffFilters(category="highest"))) == set()
        assert len(_names(selectors.staff_list(membership=director, filters=StaffFilters(category="none")))) == 6


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_without_staff_view_the_list_is_empty_and_every_card_404(world, key):
    membership = _membership(world, key)
    with schema_context(world.school_a.schema_name):
        assert not selectors.staff_list(membership=membership).exists()
        with pytest.raises(Http404):
            selectors.staff_get_for(membership=membership, id=world.staff("teacher_a").pk)


def test_get_for_is_404_for_missing_malformed_and_other_school(world):
    director = _membership(world, "director_a")
    other = world.staff("teacher_b", world.school_b)
    with schema_context(world.school_a.schema_name):
        assert selectors.staff_get_for(membership=director, id=world.staff("teacher_a").pk).person.username == (
            "teacher_a")
        for missing in (uuid.uuid4(), "not-a-uuid", other.pk):
            with pytest.raises(Http404):
                selectors.staff_get_for(membership=director, id=missing)
