"""Import rules of issue 13: one e-mail per person, deactivated staff never copied, the example row, clear dates."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from staff import imports
from staff.models import StaffMember
from tests.conftest import client_for
from tests.staff.files import HEADERS, staff_row, xlsx_bytes
from tests.staff.test_import import _import, _refused

EMAIL = HEADERS[10]


def test_the_same_e_mail_in_two_rows_is_refused_naming_both_rows(world):
    rows = [staff_row(i) for i in range(50, 55)]
    rows[3][10] = rows[1][10].upper()  # the same address, written in capitals
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, xlsx_bytes(rows))
    assert [(p.row, p.column, p.code) for p in problems] == [(5, EMAIL, "duplicate_email")]
    assert "rows 3 and 5" in problems[0].message and rows[3][10] in problems[0].message


def test_an_e_mail_of_another_active_staff_member_is_refused_naming_them(world):
    with schema_context(world.school_a.schema_name):
        _import(world, xlsx_bytes([staff_row(60)]))
        row = staff_row(61)
        row[10] = staff_row(60)[10]
        problems = _refused(world, xlsx_bytes([row]))
    assert [(p.row, p.column, p.code) for p in problems] == [(2, EMAIL, "email_taken")]
    assert staff_row(60)[0] in problems[0].message


def test_a_person_keeps_their_own_e_mail_when_the_file_is_imported_again(world):
    with schema_context(world.school_a.schema_name):
        _import(world, xlsx_bytes([staff_row(62)]))
        again = _import(world, xlsx_bytes([staff_row(62)]))
    assert (again.created, again.updated) == (0, 1)


def test_a_deactivated_member_is_refused_by_name_and_reactivated_only_on_request(world):
    with schema_context(world.school_a.schema_name):
        first = _import(world, xlsx_bytes([staff_row(63), staff_row(64)]))
        gone = StaffMember.objects.get(pk=first.created_ids[0])
        StaffMember.objects.filter(pk=gone.pk).update(is_active=False)
        problems = _refused(world, xlsx_bytes([staff_row(64), staff_row(63)]))
        assert [(p.row, p.code) for p in problems] == [(3, "deactivated_match")]
        assert gone.full_name in problems[0].message
        count = StaffMember.objects.count()
        changed = staff_row(63)
        changed[4] = "учитель химии"
        result = services_import(world, xlsx_bytes([changed]), reactivate=True)
        assert (result.created, result.updated, result.reactivated) == (0, 0, 1)
        assert StaffMember.objects.count() == count  # brought back, not copied
        gone.refresh_from_db()
        assert gone.is_active and gone.position == "учитель химии"
        assert AuditEvent.objects.filter(action="staff.imported", details__reactivated=[gone.full_name]).exists()


def test_the_templates_example_row_left_in_is_refused(world):
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, imports.staff_template_xlsx())
    assert [(p.row, p.code) for p in problems] == [(2, "example_row")]
    assert "Исаева Мадина Руслановна" in problems[0].message


@pytest.mark.parametrize(("written", "message"), [
    ("31.02.1990", "31.02.1990: there is no such day (the month has 28 days)."),
    ("29.02.2000", None),  # a leap year: a real day
    ("12.13.1990", "12.13.1990: there is no month 13."),
    ("1990/02/03", "“1990/02/03” is not a date; write it as DD.MM.YYYY, e.g. 31.08.2022."),
])
def test_a_date_message_says_what_was_found(written, message):
    if message is None:
        assert imports.parse_date(written).day == 29
        return
    with pytest.raises(imports.CellProblem) as caught, translation.override("en"):
        imports.parse_date(written)
    assert caught.value.message == message


def test_the_page_says_it_in_russian_and_offers_the_explicit_choice(world):
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get("/staff/import/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'name="reactivate"' in page
    rows = [staff_row(70)]
    rows[0][3] = "31.02.1990"
    upload = SimpleUploadedFile("staff.xlsx", xlsx_bytes(rows))
    page = client.post("/staff/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "31.02.1990: такого дня нет (в этом месяце 28 дней)." in page


def services_import(world, content: bytes, *, reactivate: bool):  # type: ignore[no-untyped-def]
    from staff import services

    return services.staff_import(school=world.school_a, acting_user=world.people["curator_a"],
                                 file_name="staff.xlsx", content=content, reactivate=reactivate)
