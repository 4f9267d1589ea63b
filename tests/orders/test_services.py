"""Rules of orders (§3.1–3.4, Labour Code art. 351.8): each rule, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from consents.models import ConsentPurpose
from consents.services import consent_give, consent_withdraw
from orders.models import Order, OrderKind, OrderStatus, OrderSubject, RoleAssignment
from orders.services import order_cancel, order_create, order_sign, order_update
from people.roles import SchoolRole
from tests.orders.helpers import new_member, roles_of

DAY = dt.date(2025, 9, 1)


def draft(world, *, kind=OrderKind.OTHER, number="1", subjects=(), **extra):  # type: ignore[no-untyped-def]
    return order_create(school=world.school_a, acting_user=world.person("curator_a"), kind=kind, number=number,
                        date=extra.pop("date", DAY), title=extra.pop("title", "О наставничестве"),
                        subjects=subjects, **extra)


def errors_of(excinfo) -> dict:  # type: ignore[no-untyped-def]
    return excinfo.value.message_dict


# --- create ------------------------------------------------------------------------------


def test_number_is_unique_per_school_and_year(world):
    with schema_context(world.school_a.schema_name):
        draft(world, number="5")
        with pytest.raises(ValidationError) as excinfo:
            draft(world, number="5", title="Другой")
        assert "number" in errors_of(excinfo)
        draft(world, number="5", date=dt.date(2026, 1, 10))  # another year: allowed
        assert Order.objects.filter(number="5").count() == 2
    with schema_context(world.school_b.schema_name):  # another school: its own numbering
        order_create(school=world.school_b, acting_user=None, kind=OrderKind.OTHER, number="5", date=DAY, title="Б")


@pytest.mark.parametrize("kind", [OrderKind.APPOINT_CURATOR, OrderKind.APPOINT_COORDINATOR, OrderKind.WORKING_GROUP,
                                  OrderKind.METHODOLOGICAL_ASSOCIATION, OrderKind.APPOINT_MENTOR])
def test_an_appointing_order_must_name_its_people(world, kind):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError) as excinfo:
            draft(world, kind=kind)
        assert excinfo.value.error_dict["subjects"][0].code == "no_subjects"
        assert not Order.objects.exists()


def test_an_appointing_order_gives_only_its_own_role(world):
    with schema_context(world.school_a.schema_name):
        teacher = world.staff("teacher_a")
        with pytest.raises(ValidationError) as excinfo:
            draft(world, kind=OrderKind.APPOINT_COORDINATOR, subjects=[(teacher, SchoolRole.MENTOR)])
        assert excinfo.value.error_dict["subjects"][0].code == "wrong_role"
        with pytest.raises(ValidationError):
            draft(world, kind=OrderKind.WORKING_GROUP, subjects=[(teacher, "")])
        assert not Order.objects.exists()
        order = draft(world, kind=OrderKind.WORKING_GROUP, subjects=[
            (world.staff("curator_a"), SchoolRole.WORKING_GROUP_HEAD), (teacher, SchoolRole.WORKING_GROUP_MEMBER)])
        assert order.subjects.count() == 2


def test_the_curator_is_appointed_from_among_the_deputy_directors(world):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError) as excinfo:
            draft(world, kind=OrderKind.APPOINT_CURATOR, subjects=[(world.staff("teacher_a"), SchoolRole.CURATOR)])
        assert excinfo.value.error_dict["subjects"][0].code == "curator_not_deputy"
        # a curator named in any order, not only in an appointing one
        with pytest.raises(ValidationError):
            draft(world, kind=OrderKind.MENTORING_SYSTEM, subjects=[(world.staff("teacher_a"), SchoolRole.CURATOR)])
        assert not Order.objects.exists()
        # by position: «заместитель директора по УВР»
        assert draft(world, kind=OrderKind.APPOINT_CURATOR, subjects=[(world.staff("curator_a"), SchoolRole.CURATOR)])


def test_a_deputy_by_role_in_the_membership_may_be_curator(world):
    _person, staff = new_member(world.school_a, "deputy_by_role", position="учитель информатики",
                                roles=[SchoolRole.TEACHER, SchoolRole.DEPUTY_DIRECTOR])
    with schema_context(world.school_a.schema_name):
        assert draft(world, kind=OrderKind.APPOINT_CURATOR, subjects=[(staff, SchoolRole.CURATOR)])


def test_a_named_signer_must_be_the_director(world):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError) as excinfo:
            draft(world, signer=world.staff("curator_a"))
        assert excinfo.value.error_dict["signer"][0].code == "not_director"
        assert not Order.objects.exists()
        assert draft(world, signer=world.staff("director_a")).signer == world.staff("director_a")


# --- sign --------------------------------------------------------------------------------


def test_the_director_signs_and_is_recorded_as_signer(world):
    with schema_context(world.school_a.schema_name):
        order = draft(world)
        signed = order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        assert signed.status == OrderStatus.SIGNED and signed.signed_at is not None
        assert signed.signer == world.staff("director_a")
        assert AuditEvent.objects.filter(action="order.signed", target_id=str(order.pk)).exists()


@pytest.mark.parametrize("signer_key", ["curator_a", "teacher_a"])
def test_nobody_but_the_director_signs(world, signer_key):
    with schema_context(world.school_a.schema_name):
        order = draft(world, kind=OrderKind.APPOINT_COORDINATOR,
                      subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])
        with pytest.raises(ValidationError) as excinfo:  # the acting person's own record is not the director's
            order_sign(school=world.school_a, acting_user=world.person(signer_key), order=order)
        assert excinfo.value.error_dict["signer"][0].code == "not_director"
        with pytest.raises(ValidationError):  # nor a signer named by hand
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order,
                       signer=world.staff(signer_key))
        order.refresh_from_db()
        assert order.status == OrderStatus.DRAFT and order.signer is None
        assert not RoleAssignment.objects.exists()
    assert SchoolRole.COORDINATOR not in roles_of(world.person("teacher_a"), world.school_a)


def test_without_any_signer_nothing_is_signed(world):
    with schema_context(world.school_a.schema_name):
        order = draft(world)
        with pytest.raises(ValidationError) as excinfo:
            order_sign(school=world.school_a, acting_user=None, order=order)
        assert "signer" in errors_of(excinfo)
        order_sign(school=world.school_a, acting_user=None, order=order, signer=world.staff("director_a"))


def test_only_a_draft_is_signed(world):
    with schema_context(world.school_a.schema_name):
        order = draft(world)
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        with pytest.raises(ValidationError):
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        cancelled = order_cancel(school=world.school_a, acting_user=None, order=draft(world, number="2"))
        with pytest.raises(ValidationError):
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=cancelled)
        assert Order.objects.get(pk=cancelled.pk).status == OrderStatus.CANCELLED


def test_a_mentor_is_appointed_only_with_written_consent_in_force(world):
    teacher = world.person("teacher_a")
    with schema_context(world.school_a.schema_name):
        staff = world.staff("teacher_a")
        order = draft(world, kind=OrderKind.APPOINT_MENTOR, subjects=[(staff, SchoolRole.MENTOR)])
        with pytest.raises(ValidationError) as excinfo:
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        assert excinfo.value.error_dict["subjects"][0].code == "mentor_consent_missing"
        assert Order.objects.get(pk=order.pk).status == OrderStatus.DRAFT
        assert not RoleAssignment.objects.filter(staff=staff).exists()
        assert SchoolRole.MENTOR not in roles_of(teacher, world.school_a)

        # a consent for another purpose is not the mentor's consent
        consent_give(school=world.school_a, acting_user=None, staff=staff,
                     purpose=ConsentPurpose.PROCESSING_PROGRAMME, given_on=dt.date(2025, 8, 1))
        with pytest.raises(ValidationError):
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)

        consent = consent_give(school=world.school_a, acting_user=None, staff=staff,
                               purpose=ConsentPurpose.MENTOR_APPOINTMENT, given_on=dt.date(2025, 8, 1))
        consent_withdraw(school=world.school_a, acting_user=None, consent=consent, withdrawn_on=dt.date(2025, 8, 5))
        with pytest.raises(ValidationError):  # withdrawn: no longer in force
            order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)

        consent_give(school=world.school_a, acting_user=None, staff=staff,
                     purpose=ConsentPurpose.MENTOR_APPOINTMENT, given_on=dt.date(2025, 8, 6))
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        assert RoleAssignment.objects.filter(staff=staff, role=SchoolRole.MENTOR, ended_on__isnull=True).exists()
    assert SchoolRole.MENTOR in roles_of(teacher, world.school_a)


def test_a_signed_curator_order_gives_the_role_and_a_draft_gives_nothing(world):
    person, staff = new_member(world.school_a, "new_deputy", position="заместитель директора по ВР")
    with schema_context(world.school_a.schema_name):
        order = draft(world, kind=OrderKind.APPOINT_CURATOR, subjects=[(staff, SchoolRole.CURATOR)])
        assert not RoleAssignment.objects.exists()
    assert roles_of(person, world.school_a) == [SchoolRole.TEACHER]
    with schema_context(world.school_a.schema_name):
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order)
        assignment = RoleAssignment.objects.get(staff=staff)
        assert assignment.role == SchoolRole.CURATOR and assignment.started_on == DAY and assignment.order == order
    assert SchoolRole.CURATOR in roles_of(person, world.school_a)


# --- update and cancel -------------------------------------------------------------------


def test_a_draft_is_edited_with_the_same_rules(world):
    with schema_context(world.school_a.schema_name):
        order = draft(world, kind=OrderKind.APPOINT_COORDINATOR,
                      subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])
        draft(world, number="9")
        with pytest.raises(ValidationError) as excinfo:
            order_update(school=world.school_a, acting_user=None, order=order, number="9")
        assert "number" in errors_of(excinfo)
        with pytest.raises(ValidationError):
            order_update(school=world.school_a, acting_user=None, order=order,
                         subjects=[(world.staff("mentor_a"), SchoolRole.CURATOR)])
        order.refresh_from_db()
        assert order.number == "1" and list(order.subjects.values_list("role", flat=True)) == ["coordinator"]

        updated = order_update(school=world.school_a, acting_user=None, order=order, number="2",
                               date=dt.date(2025, 9, 2), title="  Новый заголовок ",
                               subjects=[(world.staff("mentor_a"), SchoolRole.COORDINATOR)])
        assert (updated.number, updated.title, updated.year) == ("2", "Новый заголовок", 2025)
        assert list(OrderSubject.objects.filter(order=order).values_list("staff__person__username", flat=True)) == [
            "mentor_a"]
        assert AuditEvent.objects.filter(action="order.updated").exists()


def test_signed_and_cancelled_orders_are_never_edited_or_cancelled(world):
    with schema_context(world.school_a.schema_name):
        signed = order_sign(school=world.school_a, acting_user=world.person("director_a"), order=draft(world))
        cancelled = order_cancel(school=world.school_a, acting_user=None, order=draft(world, number="2"))
        for order in (signed, cancelled):
            with pytest.raises(ValidationError) as excinfo:
                order_update(school=world.school_a, acting_user=None, order=order, title="Иначе")
            assert excinfo.value.code == "not_draft"
            with pytest.raises(ValidationError):
                order_cancel(school=world.school_a, acting_user=None, order=order)
        assert Order.objects.get(pk=signed.pk).status == OrderStatus.SIGNED
        assert Order.objects.get(pk=signed.pk).title == "О наставничестве"
