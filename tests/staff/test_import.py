"""Staff import: whole or nothing, every bad cell reported by row and column, updates not duplicates."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from staff import imports, services
from staff.models import QualificationCategory, StaffMember
from tests.staff.files import HEADERS, csv_bytes, staff_row, xlsx_bytes

TODAY = dt.date(2026, 11, 24)
BIRTH = HEADERS[3]
EXPERIENCE = HEADERS[6]
CATEGORY = HEADERS[7]


def _import(world, content: bytes, name: str = "staff.xlsx"):  # type: ignore[no-untyped-def]
    return services.staff_import(school=world.school_a, acting_user=world.people["curator_a"], file_name=name,
                                 content=content, today=TODAY)


def _refused(world, content: bytes, name: str = "staff.xlsx") -> list[services.ImportProblem]:  # type: ignore[no-untyped-def]
    before = StaffMember.objects.count()
    snapshot = list(StaffMember.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    with pytest.raises(services.StaffImportError) as caught, translation.override("en"):
        _import(world, content, name)
    assert StaffMember.objects.count() == before
    assert list(StaffMember.objects.order_by("pk").values()) == snapshot
    assert AuditEvent.objects.count() == events
    return caught.value.problems


def test_xlsx_import_creates_staff_with_parsed_values_and_flags(world):
    rows = [staff_row(1), staff_row(2)]
    rows[0][3], rows[0][6], rows[0][9] = "17.05.1999", "2", "нет"
    rows[1][3], rows[1][6], rows[1][9] = "03.02.1975", "25", "да"
    with schema_context(world.school_a.schema_name):
        result = _import(world, xlsx_bytes(rows))
        assert (result.rows, result.created, result.updated, result.young_specialists) == (2, 2, 0, 1)
        first = StaffMember.objects.get(pk=result.created_ids[0])
        assert first.birth_date == dt.date(1999, 5, 17) and first.teaching_experience_years == 2
        assert first.is_young_specialist and not first.new_to_position
        assert first.subjects == ["русский язык", "литература"]
        assert first.qualification_category == QualificationCategory.CONFORMITY
        second = StaffMember.objects.get(pk=result.created_ids[1])
        assert not second.is_young_specialist and second.new_to_position  # a category of its own (issue 13)
        assert AuditEvent.objects.filter(action="staff.imported", details__created=2).exists()


def test_xlsx_with_real_date_and_number_cells(world):
    row: list[object] = staff_row(3)
    row[3], row[6], row[8] = dt.datetime(1998, 4, 1), 1.0, dt.date(2024, 9, 1)
    with schema_context(world.school_a.schema_name):
        result = _import(world, xlsx_bytes([row]))
        member = StaffMember.objects.get(pk=result.created_ids[0])
        assert member.birth_date == dt.date(1998, 4, 1) and member.hire_date == dt.date(2024, 9, 1)
        assert member.teaching_experience_years == 1 and member.is_young_specialist


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", True), (";", False), (",", False)])
def test_csv_utf8_with_or_without_bom_and_either_separator(world, delimiter, bom):
    content = csv_bytes([staff_row(4), staff_row(5)], delimiter=delimiter, bom=bom)
    with schema_context(world.school_a.schema_name):
        result = _import(world, content, "staff.csv")
        assert result.created == 2
        member = StaffMember.objects.get(pk=result.created_ids[0])
        assert member.last_name == staff_row(4)[0]  # the BOM did not stick to the first header or value
        assert member.subjects == ["окружающий мир"]


def test_a_row_matching_an_active_member_updates_it_instead_of_duplicating(world):
    row = staff_row(6)
    with schema_context(world.school_a.schema_name):
        first = _import(world, xlsx_bytes([row]))
        count = StaffMember.objects.count()
        changed = list(row)
        changed[0], changed[4], changed[6] = row[0].upper(), "заместитель директора", "0"
        again = _import(world, xlsx_bytes([changed]))
        assert (again.created, again.updated) == (0, 1)
        assert StaffMember.objects.count() == count
        member = StaffMember.objects.get(pk=first.created_ids[0])
        assert member.position == "заместитель директора" and member.teaching_experience_years == 0


def test_absent_optional_columns_keep_the_existing_values(world):
    with schema_context(world.school_a.schema_name):
        created = _import(world, xlsx_bytes([staff_row(7)]))
        row = staff_row(7)
        short = [row[0], row[1], row[2], row[3], "учитель информатики"]
        result = _import(world, xlsx_bytes([short], headers=["Фамилия", "Имя", "Отчество", "Дата рождения",
                                                               "Должность"]))
        assert result.updated == 1
        member = StaffMember.objects.get(pk=created.created_ids[0])
        assert member.position == "учитель информатики" and member.email == row[10]


def test_a_deactivated_member_is_never_copied(world):
    with schema_context(world.school_a.schema_name):
        first = _import(world, xlsx_bytes([staff_row(8)]))
        StaffMember.objects.filter(pk=first.created_ids[0]).update(is_active=False)
        problems = _refused(world, xlsx_bytes([staff_row(8)]))
    assert [(p.row, p.code) for p in problems] == [(2, "deactivated_match")]


def test_one_bad_row_means_nothing_is_saved(world):
    rows = [staff_row(i) for i in range(10, 20)]
    rows[4][3] = "31.02.1990"
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, xlsx_bytes(rows))
    assert [(p.row, p.column, p.code) for p in problems] == [(6, BIRTH, "invalid_date")]
    assert problems[0].message == "31.02.1990: there is no such day (the month has 28 days)."


def test_every_bad_cell_is_reported_with_its_row_and_column(world):
    rows = [staff_row(i) for i in range(20, 30)]
    rows[0][0] = ""                       # row 2: no last name
    rows[2][6] = "пять"                   # row 4: experience not a number
    rows[2][7] = "вторая"                 # row 4: and no such category
    rows[5][10] = "mail@"                 # row 7: bad e-mail
    rows[7][3] = "01.01.2030"             # row 9: born in the future
    rows[9] = list(rows[8])               # row 11: the same person as row 10
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, csv_bytes(rows), "staff.csv")
    assert [(p.row, p.column) for p in problems] == [
        (2, "Фамилия"), (4, EXPERIENCE), (4, CATEGORY), (7, "E-mail"), (9, BIRTH), (11, "Фамилия"),
    ]
    assert problems[-1].code == "duplicate_row" and "row 10" in problems[-1].message
    assert all(p.attr == f"rows.{p.row}.{p.column}" for p in problems)


def test_500_rows_with_3_bad_ones_import_nothing_and_report_exactly_those(world):
    rows = [staff_row(i) for i in range(500)]
    rows[41][3] = "1985-13-40"       # spreadsheet row 43
    rows[250][6] = "-3"              # row 252
    rows[498][4] = ""                # row 500: no position
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, xlsx_bytes(rows))
        assert {(p.row, p.column) for p in problems} == {(43, BIRTH), (252, EXPERIENCE), (500, "Должность")}
        assert len(problems) == 3
        # The corrected file goes in whole.
        rows[41][3], rows[250][6], rows[498][4] = "15.03.1985", "3", "учитель музыки"
        before = StaffMember.objects.count()
        result = _import(world, xlsx_bytes(rows))
        assert (result.rows, result.created, result.updated) == (500, 500, 0)
        assert StaffMember.objects.count() == before + 500


def test_wrong_headers_give_one_error_naming_them(world):
    headers = [h for h in HEADERS if h != "Имя"] + ["Стаж работы"]
    rows = [[c for i, c in enumerate(staff_row(1)) if HEADERS[i] != "Имя"] + ["5"]]
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, xlsx_bytes(rows, headers=headers))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.row is None and problem.attr == "columns" and problem.code == "wrong_headers"
    assert "«Имя»" in problem.message and "«Стаж работы»" in problem.message


def test_headers_match_without_case_hint_or_yo(world):
    headers = ["ФАМИЛИЯ", " имя ", "Отчество", "Дата рождения", "Должность", "Дата приема"]
    row = staff_row(2)
    with schema_context(world.school_a.schema_name):
        result = _import(world, csv_bytes([[row[0], row[1], row[2], row[3], row[4], row[8]]], headers=headers),
                         "staff.csv")
        assert result.created == 1


def test_values_in_a_column_without_a_header_are_refused(world):
    rows = [staff_row(1) + ["лишнее"]]
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, xlsx_bytes(rows))
    assert problems[0].attr == "columns" and "2" in problems[0].message


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "name", "code"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.xlsx", "not_spreadsheet"),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4, "staff.csv", "not_spreadsheet"),
    (_zip_without_workbook(), "staff.xlsx", "not_spreadsheet"),
    (b"PK\x03\x04 broken zip", "staff.xlsx", "not_spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "staff.xls", "old_excel"),
    ("Фамилия;Имя;Должность\nИсаев;Ислам;учитель\n".encode("cp1251"), "staff.csv", "not_utf8"),
    (b"", "staff.csv", "empty"),
    ("Фамилия;Имя;Должность\n".encode(), "staff.csv", "no_rows"),
], ids=["png", "pdf", "zip-without-workbook", "broken-zip", "old-xls", "cp1251-csv", "empty", "header-only"])
def test_a_file_that_is_not_a_staff_spreadsheet_is_refused_clearly(world, content, name, code):
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, content, name)
    assert [(p.row, p.attr, p.code) for p in problems] == [(None, "file", code)]
    assert problems[0].message


@override_settings(STAFF_IMPORT_MAX_BYTES=2048)
def test_a_file_over_the_size_limit_is_refused(world):
    content = csv_bytes([staff_row(i) for i in range(40)])
    assert len(content) > 2048
    with schema_context(world.school_a.schema_name):
        problems = _refused(world, content, "staff.csv")
    assert [(p.attr, p.code) for p in problems] == [("file", "too_large")]
    assert "MB" in problems[0].message


def test_the_template_has_the_header_row_and_an_example_marked_as_one(world):
    from openpyxl import load_workbook

    content = imports.staff_template_xlsx()
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADERS, "Пол (м/ж; пусто — по отчеству)"] and len(rows) == 2
    assert sheet["A2"].comment is not None and "Пример" in sheet["A2"].comment.text
    assert sheet["A2"].font.italic


