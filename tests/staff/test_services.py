"""Staff services: create, update, deactivate, and the young-specialist rule of the district."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from district.models import DistrictSettings
from district.selectors import district_settings
from people.models import Membership
from staff import selectors, services
from staff.models import StaffMember

TODAY = dt.date(2026, 11, 24)


def _create(world, **overrides):  # type: ignore[no-untyped-def]
    values = {"last_name": "Исаева", "first_name": "Мадина", "patronymic": "Руслановна",
              "birth_date": dt.date(1999, 5, 17), "position": "учитель математики", "subjects": ["математика"],
              "teaching_experience_years": 2, "today": TODAY}
    values.update(overrides)
    return services.staff_create(school=world.school_a, acting_user=world.people["curator_a"], **values)


def _membership(world, key):  # type: ignore[no-untyped-def]
    return Membership.objects.get(person=world.people[key], school=world.school_a)


# --- young-specialist flag follows the district's rule -------------------------------------------


@pytest.mark.parametrize(("birth", "experience", "new_to_position", "young"), [
    (dt.date(1999, 5, 17), 2, False, True),       # 27 years old, 2 years: young
    (dt.date(1991, 11, 24), 3, False, True),      # exactly 35 today, exactly 3 years: still young
    (dt.date(1990, 11, 24), 3, False, False),     # turned 36 today: no longer young
    (dt.date(1999, 5, 17), 4, False, False),      # too much experience
    (dt.date(1980, 1, 1), 20, True, False),       # new to the position: a category of its own, not young
    (dt.date(1980, 1, 1), 20, False, False),
])
def test_create_derives_the_young_specialist_flag(world, birth, experience, new_to_position, young):
    with schema_context(world.school_a.schema_name):
        member = _create(world, birth_date=birth, teaching_experience_years=experience,
                         new_to_position=new_to_position)
        assert StaffMember.objects.get(pk=member.pk).is_young_specialist is young


def test_the_flag_follows_the_rule_the_district_sets(world):
    DistrictSettings.objects.filter(id=district_settings().id).update(
        young_specialist_max_age=25)
    with schema_context(world.school_a.schema_name):
        older = _create(world)  # 27 years old: over the district's 25
        newcomer = _create(world, last_name="Мусаев", first_name="Адам", birth_date=dt.date(1980, 1, 1),
                           teaching_experience_years=20, new_to_position=True)
        assert not older.is_young_specialist
        assert not newcomer.is_young_specialist


def test_update_derives_the_flag_again(world):
    with schema_context(world.school_a.schema_name):
        member = _create(world)
        assert member.is_young_specialist
        services.staff_update(school=world.school_a, acting_user=None, member=member,
                              changes={"teaching_experience_years": 7}, today=TODAY)
        member.refresh_from_db()
        assert not member.is_young_specialist and member.teaching_experience_years == 7


def test_refresh_of_young_specialists_still_works(world):
    with schema_context(world.school_a.schema_name):
        member = _create(world)
        StaffMember.objects.filter(pk=member.pk).update(is_young_specialist=False)
        changed = services.staff_refresh_young_specialists(school=world.school_a, acting_user=None, today=TODAY)
        assert changed >= 1
        member.refresh_from_db()
        assert member.is_young_specialist


# --- create and update: bad input saves nothing --------------------------------------------------


@pytest.mark.parametrize(("overrides", "field", "code"), [
    ({"last_name": "  "}, "last_name", "required"),
    ({"first_name": "Ма1ина"}, "first_name", "invalid_name"),
    ({"position": ""}, "position", "required"),
    ({"birth_date": dt.date(2027, 1, 1)}, "birth_date", "future_date"),
    ({"birth_date": dt.date(2015, 1, 1)}, "birth_date", "implausible_age"),
    ({"teaching_experience_years": 20}, "teaching_experience_years", "experience_over_age"),
    ({"hire_date": dt.date(2010, 9, 1)}, "hire_date", "hire_before_birth"),
    ({"hire_date": dt.date(2027, 9, 1)}, "hire_date", "future_date"),
    ({"email": "not-an-email"}, "email", "invalid_email"),
    ({"phone": "звоните"}, "phone", "invalid_phone"),
    ({"qualification_category": "supreme"}, "qualification_category", "invalid_choice"),
])
def test_create_refuses_bad_input_and_saves_nothing(world, overrides, field, code):
    with schema_context(world.school_a.schema_name):
        before = StaffMember.objects.count()
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as caught:
            _create(world, **overrides)
        assert [e.code for e in caught.value.error_dict[field]] == [code]
        assert StaffMember.objects.count() == before
        assert AuditEvent.objects.count() == events


def test_create_refuses_a_second_active_record_of_the_same_person(world):
    with schema_context(world.school_a.schema_name):
        _create(world)
        with pytest.raises(ValidationError) as caught:
            _create(world, last_name="исаева", position="учитель информатики")
        assert caught.value.error_dict["last_name"][0].code == "duplicate"
        assert StaffMember.objects.filter(last_name="Исаева").count() == 1


def test_update_refuses_bad_input_and_changes_nothing(world):
    with schema_context(world.school_a.schema_name):
        member = _create(world)
        with pytest.raises(ValidationError):
            services.staff_update(school=world.school_a, acting_user=None, member=member,
                                  changes={"position": "учитель физики", "birth_date": dt.date(2030, 1, 1)},
                                  today=TODAY)
        member.refresh_from_db()
        assert member.position == "учитель математики" and member.birth_date == dt.date(1999, 5, 17)


def test_create_and_update_are_audited(world):
    with schema_context(world.school_a.schema_name):
        member = _create(world)
        services.staff_update(school=world.school_a, acting_user=world.people["director_a"], member=member,
                              changes={"phone": "+7 928 111-22-33"}, today=TODAY)
        events = list(AuditEvent.objects.filter(target_id=str(member.pk)).order_by("at"))
        assert [e.action for e in events] == ["staff.created", "staff.updated"]
        assert events[1].details["fields"] == ["phone"]
        assert events[1].actor_id == world.people["director_a"].pk


# --- deactivate ----------------------------------------------------------------------------------


def test_deactivate_keeps_the_record_and_the_account_but_ends_access(world):
    with schema_context(world.school_a.schema_name):
        member = world.staff("teacher_a")
        services.staff_deactivate(school=world.school_a, acting_user=world.people["director_a"], member=member)
        member.refresh_from_db()
        assert not member.is_active
        assert StaffMember.objects.filter(pk=member.pk).exists()
        director = _membership(world, "director_a")
        listed = selectors.staff_list(membership=director)
        assert member not in listed
        inactive = selectors.staff_list(membership=director, filters=selectors.StaffFilters(status="inactive"))
        assert list(inactive) == [member]
        assert AuditEvent.objects.filter(action="staff.deactivated", target_id=str(member.pk)).exists()
    # Leaving ends access (issue 10): the membership is ended and, belonging nowhere else, the account is
    # deactivated — both kept, nothing deleted.
    teacher = world.person("teacher_a")
    assert not teacher.is_active
    assert not Membership.objects.get(person=teacher, school=world.school_a).is_active


def test_deactivating_twice_is_refused(world):
    with schema_context(world.school_a.schema_name):
        member = world.staff("teacher_a")
        services.staff_deactivate(school=world.school_a, acting_user=None, member=member)
        with pytest.raises(ValidationError):
            services.staff_deactivate(school=world.school_a, acting_user=None, member=member)


def test_a_deactivated_person_can_be_added_again(world):
    with schema_context(world.school_a.schema_name):
        first = _create(world)
        services.staff_deactivate(school=world.school_a, acting_user=None, member=first)
        second = _create(world)
        assert second.pk != first.pk and second.is_active
