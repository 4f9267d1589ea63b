"""Managing the district's schools: the rules of editing, archiving and restoring, the audit, the selectors."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from tenants import selectors
from tenants.models import School, SchoolStatus
from tenants.services import school_archive, school_restore, school_update
from tests.english import english  # noqa: F401 - messages are asserted in English


def _events(school: School, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(school_uuid=school.uuid, action=action).order_by("at"))


def _codes(error: ValidationError) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- editing ------------------------------------------------------------------------------------


def test_update_changes_the_details_and_records_each_change(world):
    admin = world.people["district_admin"]
    school = school_update(
        acting_user=admin, school=world.school_b, locality="  с. Бета  ", second_language_code="ce",
        full_name_second_language="Бета юртан школа", kind="ООШ",
    )
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.locality, fresh.second_language_code, fresh.full_name_second_language, fresh.kind) == (
        "с. Бета", "ce", "Бета юртан школа", "ООШ")
    assert fresh.full_name == "МБОУ «ООШ с. Бета»"  # not given: kept
    assert school.locality == world.school_b.locality == "с. Бета"  # the caller's object follows
    [event] = _events(fresh, "school.updated")
    assert event.actor == admin
    assert event.details["changes"]["locality"] == ["", "с. Бета"]
    assert set(event.details["changes"]) == {"locality", "second_language_code", "full_name_second_language", "kind"}


def test_an_update_that_changes_nothing_records_nothing(world):
    school_update(acting_user=world.people["district_admin"], school=world.school_b,
                  full_name=world.school_b.full_name)
    assert _events(world.school_b, "school.updated") == []


@pytest.mark.parametrize("field", ["slug", "schema_name", "domain"])
def test_the_address_cannot_be_changed(world, field):
    with pytest.raises(ValidationError) as error:
        school_update(acting_user=world.people["district_admin"], school=world.school_b, **{field: "beta2"})
    assert _codes(error.value) == {field: ["not_editable"]}
    assert "The address cannot be changed" in error.value.error_dict[field][0].message
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.slug, fresh.schema_name) == ("beta", "beta")
    assert _events(world.school_b, "school.updated") == []


def test_an_unknown_field_is_refused_by_name(world):
    with pytest.raises(ValidationError) as error:
        school_update(acting_user=world.people["district_admin"], school=world.school_b, status="archived")
    assert _codes(error.value) == {"status": ["not_editable"]}
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE


def test_update_checks_the_details_as_registration_does(world):
    admin = world.people["district_admin"]
    with pytest.raises(ValidationError) as error:
        school_update(acting_user=admin, school=world.school_b, full_name="  ", short_name="", kind="колледж")
    messages = {field: errors[0].message for field, errors in error.value.error_dict.items()}
    assert messages == {
        "full_name": "Enter the school's full name.", "short_name": "Enter the school's short name.",
        "kind": "Unknown kind of school.",
    }
    with pytest.raises(ValidationError) as error:
        school_update(acting_user=admin, school=world.school_b, locality="x" * 201)
    assert _codes(error.value) == {"locality": ["max_length"]}
    assert "200" in error.value.error_dict["locality"][0].message
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.full_name, fresh.locality, fresh.kind) == ("МБОУ «ООШ с. Бета»", "", "СОШ")


def test_an_archived_school_may_be_corrected(world, archive_beta):
    archive_beta()
    school_update(acting_user=world.people["district_admin"], school=world.school_b, short_name="ООШ с. Бета")
    fresh = School.objects.get(pk=world.school_b.pk)
    assert fresh.short_name == "ООШ с. Бета" and fresh.status == SchoolStatus.ARCHIVED


# --- the template school and a school being provisioned --------------------------------------------


def test_the_template_school_cannot_be_edited_archived_or_restored(world, template_school):
    admin = world.people["district_admin"]
    for call in (
        lambda: school_update(acting_user=admin, school=template_school, short_name="Моя школа"),
        lambda: school_archive(acting_user=admin, school=template_school, reason="не нужна"),
        lambda: school_restore(acting_user=admin, school=template_school),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "template"
        assert error.value.messages == [
            "The template school is not a school of the district: it cannot be edited or archived."]
    fresh = School.objects.get(pk=template_school.pk)
    assert (fresh.short_name, fresh.status) == ("Шаблон школы", SchoolStatus.TEMPLATE)
    assert _events(template_school, "school.updated") == _events(template_school, "school.archived") == []


def test_a_school_being_provisioned_cannot_be_edited_or_archived(world, provisioning):
    admin = world.people["district_admin"]
    for call in (
        lambda: school_update(acting_user=admin, school=provisioning, short_name="Гимназия"),
        lambda: school_archive(acting_user=admin, school=provisioning, reason="передумали"),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "provisioning"
        assert "still being provisioned" in error.value.messages[0]
    fresh = School.objects.get(pk=provisioning.pk)
    assert (fresh.short_name, fresh.status) == ("Гимназия с. Гамма", SchoolStatus.PROVISIONING)


# --- archiving and restoring ---------------------------------------------------------------------


def test_archiving_records_who_when_and_why(world):
    admin = world.people["district_admin"]
    before = timezone.now()
    school = school_archive(acting_user=admin, school=world.school_b, reason="  Реорганизация  ")
    fresh = School.objects.get(pk=world.school_b.pk)
    assert fresh.status == SchoolStatus.ARCHIVED == school.status == world.school_b.status
    assert fresh.archived_by == admin and fresh.archive_reason == "Реорганизация"
    assert fresh.archived_at is not None and fresh.archived_at >= before
    [event] = _events(fresh, "school.archived")
    assert event.actor == admin and event.details == {"slug": "beta", "reason": "Реорганизация"}
    assert event.target_id == str(fresh.pk)


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_archiving_needs_a_reason(world, reason):
    with pytest.raises(ValidationError) as error:
        school_archive(acting_user=world.people["district_admin"], school=world.school_b, reason=reason)
    assert _codes(error.value) == {"reason": ["required"]}
    assert error.value.error_dict["reason"][0].message == "State the reason for archiving the school."
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE
    assert _events(world.school_b, "school.archived") == []


def test_a_reason_too_long_is_refused(world):
    with pytest.raises(ValidationError) as error:
        school_archive(acting_user=world.people["district_admin"], school=world.school_b, reason="я" * 2001)
    assert _codes(error.value) == {"reason": ["max_length"]}
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE


def test_archiving_an_archived_school_is_refused_and_keeps_the_first_record(world, archive_beta):
    first = archive_beta()
    with pytest.raises(ValidationError) as error:
        school_archive(acting_user=world.people["district_admin"], school=world.school_b, reason="ещё раз")
    assert error.value.code == "archived"
    assert error.value.messages == ["The school “МБОУ «ООШ с. Бета»” is archived already."]
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.archived_at, fresh.archive_reason) == (first.archived_at, first.archive_reason)
    assert len(_events(fresh, "school.archived")) == 1


def test_restoring_brings_the_school_back_and_keeps_the_archiving_in_the_audit(world, archive_beta):
    archived = archive_beta()
    admin = world.people["district_admin"]
    school = school_restore(acting_user=admin, school=world.school_b)
    fresh = School.objects.get(pk=world.school_b.pk)
    assert fresh.status == SchoolStatus.ACTIVE == school.status
    assert (fresh.archived_at, fresh.archived_by, fresh.archive_reason) == (None, None, "")
    [event] = _events(fresh, "school.restored")
    assert event.actor == admin
    assert event.details["reason"] == archived.archive_reason
    assert event.details["archived_at"] == archived.archived_at.isoformat()  # type: ignore[union-attr]
    assert len(_events(fresh, "school.archived")) == 1


def test_restoring_a_school_that_is_not_archived_is_refused(world):
    with pytest.raises(ValidationError) as error:
        school_restore(acting_user=world.people["district_admin"], school=world.school_b)
    assert error.value.code == "not_archived"
    assert error.value.messages == ["The school “МБОУ «ООШ с. Бета»” is not archived."]
    assert _events(world.school_b, "school.restored") == []


@pytest.mark.parametrize("key", ["district_analyst", "director_b", "admin_beta", "outsider"])
def test_only_the_district_administrator_manages_schools(world, key, archive_beta):
    person = world.people[key]
    with pytest.raises(PermissionDenied):
        school_update(acting_user=person, school=world.school_a, short_name="Чужая")
    with pytest.raises(PermissionDenied):
        school_archive(acting_user=person, school=world.school_a, reason="так")
    archive_beta()
    with pytest.raises(PermissionDenied):
        school_restore(acting_user=person, school=world.school_b)
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ARCHIVED
    assert AuditEvent.objects.filter(actor=person, action__startswith="school.").count() == 0


def test_the_district_writes_in_public_whatever_schema_the_connection_is_set_to(world):
    with schema_context(world.school_a.schema_name):
        school_archive(acting_user=world.people["district_admin"], school=world.school_b, reason="Реорганизация")
        assert not AuditEvent.objects.filter(action="school.archived").exists()  # alpha's own record
        assert connection.schema_name == world.school_a.schema_name  # given back as it was
    assert AuditEvent.objects.filter(school_uuid=world.school_b.uuid, action="school.archived").count() == 1
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ARCHIVED


def test_the_database_refuses_an_archived_school_without_a_date(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=world.school_b.pk).update(status=SchoolStatus.ARCHIVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=world.school_b.pk).update(archived_at=timezone.now())


# --- selectors ----------------------------------------------------------------------------------


def _slugs(schools) -> list[str]:  # type: ignore[no-untyped-def]
    return [school.slug for school in schools]


def test_current_lists_show_active_and_provisioning_schools_and_archived_ones_on_request(
        world, provisioning, archive_beta):
    archive_beta()
    assert sorted(_slugs(selectors.district_schools())) == ["alpha", "gamma"]
    assert sorted(_slugs(selectors.district_schools(include_archived=True))) == ["alpha", "beta", "gamma"]
    assert sorted(_slugs(selectors.district_school_search())) == ["alpha", "gamma"]
    assert _slugs(selectors.district_school_search(status="archived")) == ["beta"]
    assert _slugs(selectors.district_school_search(status="provisioning")) == ["gamma"]
    assert _slugs(selectors.district_school_search(status="active")) == ["alpha"]
    assert sorted(_slugs(selectors.district_school_search(status="all"))) == ["alpha", "beta", "gamma"]
    assert "school-template" not in _slugs(selectors.district_school_search(status="all"))
    assert selectors.active_school_schemas().count("beta") == 0  # periodic work leaves it out


def test_search_by_kind_and_name(world, provisioning):
    assert _slugs(selectors.district_school_search(kind="гимназия")) == ["gamma"]
    assert _slugs(selectors.district_school_search(query="альфа")) == ["alpha"]
    assert _slugs(selectors.district_school_search(query="  Гимназия   с. ")) == ["gamma"]
    assert _slugs(selectors.district_school_search(query="bet")) == ["beta"]  # the address too
    assert _slugs(selectors.district_school_search(query="нет такой")) == []
    with pytest.raises(ValueError, match="unknown status"):
        selectors.district_school_search(status="template")


def test_one_school_by_uuid_and_the_same_404_for_the_rest(world, template_school, archive_beta):
    archive_beta()
    assert selectors.district_school_get(id=str(world.school_b.uuid)).slug == "beta"
    for bad in (uuid.uuid4(), "not-a-uuid", "", str(template_school.uuid)):
        with pytest.raises(Http404):
            selectors.district_school_get(id=bad)


def test_the_history_of_a_school_is_its_own_records_newest_first(world, archive_beta):
    archive_beta()
    school_restore(acting_user=world.people["district_admin"], school=world.school_b)
    actions = [event.action for event in selectors.school_history(school=world.school_b)]
    assert actions[:2] == ["school.restored", "school.archived"]
    assert all(action.startswith("school.") for action in actions)
    assert "school.archived" not in [event.action for event in selectors.school_history(school=world.school_a)]
