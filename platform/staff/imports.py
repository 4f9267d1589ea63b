"""The staff file: its documented columns, reading XLSX and CSV, and the template.

This module only reads a file into rows of cell texts and parses cells into values;
what a row must satisfy and what is saved is decided in `staff.services`.

The columns (the header row is row 1; only the three marked * are required, the
others may be left out of the file entirely; their order does not matter):

=====================================================  =============================================
Фамилия *                                              last name
Имя *                                                  first name
Отчество                                               patronymic
Дата рождения (ДД.ММ.ГГГГ)                             date of birth, e.g. 17.05.1998
Должность *                                            position
Предметы (через запятую)                               subjects, comma-separated
Педагогический стаж (лет)                              teaching experience, whole years, 0–70
Квалификационная категория (без категории /            one of the four values; empty = без категории;
  соответствие занимаемой должности / первая / высшая)   «СЗД» is accepted for «соответствие…»
Дата приёма (ДД.ММ.ГГГГ)                               hire date
Впервые на должности (да/нет)                          да / нет (empty = нет)
E-mail                                                 e-mail
Телефон                                                phone
Пол (м/ж; пусто — по отчеству)                         м / ж; empty = suggested from the patronymic
=====================================================  =============================================

Headers are matched without regard to case, spaces, «ё»/«е» and the hint in brackets,
so «Дата рождения» is the same column as «Дата рождения (ДД.ММ.ГГГГ)». A column that
is present overwrites the value of a matched staff member, also when its cell is empty.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from staff.models import Gender, QualificationCategory

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_max_bytes() -> int:
    """The upload size limit for a staff file (setting `STAFF_IMPORT_MAX_BYTES`, 5 MB by default)."""
    return int(getattr(settings, "STAFF_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("last_name", "Фамилия", required=True, example="Исаева"),
    Column("first_name", "Имя", required=True, example="Мадина"),
    Column("patronymic", "Отчество", example="Руслановна"),
    Column("birth_date", "Дата рождения (ДД.ММ.ГГГГ)", example="17.05.1999"),
    Column("position", "Должность", required=True, example="учитель математики"),
    Column("subjects", "Предметы (через запятую)", example="математика, информатика"),
    Column("teaching_experience_years", "Педагогический стаж (лет)", example="2"),
    Column(
        "qualification_category",
        "Квалификационная категория (без категории / соответствие занимаемой должности / первая / высшая)",
        example="без категории",
    ),
    Column("hire_date", "Дата приёма (ДД.ММ.ГГГГ)", example="01.09.2024"),
    Column("new_to_position", "Впервые на должности (да/нет)", example="да"),
    Column("email", "E-mail", example="isaeva@example.ru"),
    Column("phone", "Телефон", example="+7 928 000-00-00"),
    Column("gender", "Пол (м/ж; пусто — по отчеству)", example="ж"),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
EXAMPLE_NAME = " ".join(COLUMN_BY_FIELD[f].example for f in ("last_name", "first_name", "patronymic"))
EXAMPLE_NOTE = "Пример заполнения — удалите эту строку и впишите своих педагогов"


def is_example_row(values: dict[str, Any]) -> bool:
    """The template's example row left in the file: its name and date of birth as in the template."""
    example = {f: COLUMN_BY_FIELD[f].example for f in ("last_name", "first_name", "patronymic")}
    return (all((values.get(f) or "").casefold() == text.casefold() for f, text in example.items())
            and values.get("birth_date") == dt.datetime.strptime(  # noqa: DTZ007 — a calendar date
                COLUMN_BY_FIELD["birth_date"].example, "%d.%m.%Y").date())

CATEGORY_BY_TEXT = {
    "без категории": QualificationCategory.NONE,
    "нет": QualificationCategory.NONE,
    "соответствие занимаемой должности": QualificationCategory.CONFORMITY,
    "сзд": QualificationCategory.CONFORMITY,
    "первая": QualificationCategory.FIRST,
    "первая категория": QualificationCategory.FIRST,
    "высшая": QualificationCategory.HIGHEST,
    "высшая категория": QualificationCategory.HIGHEST,
}
CATEGORY_TEXT = {
    QualificationCategory.NONE: "без категории",
    QualificationCategory.CONFORMITY: "соответствие занимаемой должности",
    QualificationCategory.FIRST: "первая",
    QualificationCategory.HIGHEST: "высшая",
}
YES = {"да", "д", "yes", "y", "1", "+", "true"}
NO = {"нет", "н", "no", "n", "0", "-", "false", ""}


def header_key(text: str) -> str:
    """A header as compared: no hint in brackets, lower case, «ё» as «е», single spaces."""
    text = re.sub(r"\(.*?\)", " ", str(text)).replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.lower().replace("\u00a0", " ").split())


_FIELD_BY_KEY = {header_key(column.header): column.field for column in COLUMNS}


class FileProblem(Exception):
    """The file as a whole cannot be read (not a spreadsheet, too big, wrong headers…)."""

    def __init__(self, message: str, code: str, *, attr: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.attr = attr


class CellProblem(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class StaffSheet:
    """A read file: which column holds which field, and the data rows with their spreadsheet numbers."""

    headers: dict[str, str]  # field -> the header exactly as written in the file
    rows: list[tuple[int, dict[str, Any]]]  # (row number, field -> raw cell value)


# --- Reading the file ---------------------------------------------------------------------------


def read_staff_file(*, file_name: str, content: bytes) -> StaffSheet:
    """Read an XLSX or CSV staff file, telling them apart by their content."""
    limit = import_max_bytes()
    if len(content) > limit:
        raise FileProblem(
            _("The file is %(size)s; the limit is %(limit)s. Split it or remove unused sheets and columns.")
            % {"size": _megabytes(len(content)), "limit": _megabytes(limit)},
            "too_large",
        )
    if not content.strip():
        raise FileProblem(_("The file is empty."), "empty")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _("This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook (.xlsx) or as CSV UTF-8."),
            "old_excel",
        )
    if content.startswith(b"PK\x03\x04"):
        raw_rows = _xlsx_rows(content)
    elif extension in ("xlsx", "xlsm"):
        raise FileProblem(_("The file is named .xlsx but is not an Excel workbook."), "not_spreadsheet")
    else:
        raw_rows = _csv_rows(content)
    return _sheet(raw_rows)


def _megabytes(size: int) -> str:
    return _("%(mb).1f MB") % {"mb": size / (1024 * 1024)}


def _xlsx_rows(content: bytes) -> Iterable[tuple[Any, ...]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    not_xlsx = FileProblem(
        _("The file is not an Excel workbook (.xlsx) or a CSV file. Use the template."), "not_spreadsheet"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise not_xlsx
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise not_xlsx from error
    try:
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterable[tuple[Any, ...]]:
    if b"\x00" in content[:4096]:
        raise FileProblem(
            _("The file is not an Excel workbook (.xlsx) or a CSV file. Use the template."), "not_spreadsheet"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            _("The CSV file is not in UTF-8 (or it is not a CSV file at all). "
              "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”."),
            "not_utf8",
        ) from error
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if "\t" in first_line and first_line.count("\t") > first_line.count(delimiter):
        delimiter = "\t"
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise FileProblem(_("The CSV file cannot be read: %(error)s.") % {"error": error}, "bad_csv") from error


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(raw_rows: Iterable[tuple[Any, ...]]) -> StaffSheet:
    numbered = [(number, row) for number, row in enumerate(raw_rows, start=1)]
    header_at = next((i for i, (_n, row) in enumerate(numbered) if not all(_blank(v) for v in row)), None)
    if header_at is None:
        raise FileProblem(_("The file is empty."), "empty")
    header_number, header_row = numbered[header_at]
    if header_number != 1:
        raise FileProblem(_("The first row of the file must be the header row, as in the template."), "no_header")
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for position, cell in enumerate(header_row):
        if _blank(cell):
            continue
        written = " ".join(str(cell).split())
        field = _FIELD_BY_KEY.get(header_key(written))
        if field is None:
            unknown.append(written)
        elif field in positions:
            repeated.append(written)
        else:
            positions[field] = position
            headers[field] = written
    missing = [column.header for column in COLUMNS if column.required and column.field not in positions]
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append(_("missing required columns: %(names)s") % {"names": _quoted(missing)})
        if unknown:
            parts.append(_("unknown columns: %(names)s") % {"names": _quoted(unknown)})
        if repeated:
            parts.append(_("repeated columns: %(names)s") % {"names": _quoted(repeated)})
        raise FileProblem(
            _("Wrong header row — %(problems)s. Use the columns of the template: %(expected)s.")
            % {"problems": "; ".join(parts), "expected": _quoted([c.header for c in COLUMNS])},
            "wrong_headers",
            attr="columns",
        )
    named = set(positions.values())
    rows: list[tuple[int, dict[str, Any]]] = []
    unnamed_rows: list[int] = []
    for number, row in numbered[header_at + 1:]:
        if all(_blank(value) for value in row):
            continue
        if any(not _blank(value) for position, value in enumerate(row) if position not in named):
            unnamed_rows.append(number)
        rows.append((number, {f: (row[p] if p < len(row) else None) for f, p in positions.items()}))
    if unnamed_rows:
        raise FileProblem(
            _("Rows %(rows)s have values in a column without a header. Give the column a header of the "
              "template or delete it.") % {"rows": ", ".join(str(n) for n in unnamed_rows[:20])},
            "wrong_headers",
            attr="columns",
        )
    if not rows:
        raise FileProblem(_("The file has a header row but no staff rows."), "no_rows")
    return StaffSheet(headers=headers, rows=rows)


def _quoted(names: list[str]) -> str:
    return ", ".join(f"«{name}»" for name in names)


# --- Parsing cells ------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    shaped = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if shaped:  # written right, but no such day: say what is wrong with it
        day, month, year = (int(part) for part in shaped.groups())
        if not 1 <= month <= 12:
            message = _("%(value)s: there is no month %(month)s.") % {"value": text, "month": month}
        else:
            days = calendar.monthrange(year, month)[1]
            message = _("%(value)s: there is no such day (the month has %(days)s days).") % {
                "value": text, "days": days}
        raise CellProblem(message, "invalid_date")
    raise CellProblem(
        _("“%(value)s” is not a date; write it as DD.MM.YYYY, e.g. 31.08.2022.") % {"value": text}, "invalid_date"
    )


def parse_years(value: Any) -> int:
    text = cell_text(value)
    if not text:
        return 0
    if isinstance(value, float) and not value.is_integer() or not re.fullmatch(r"\d{1,3}", text):
        raise CellProblem(
            _("“%(value)s” is not a whole number of years.") % {"value": text}, "invalid_number"
        )
    return int(text)


def parse_category(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return QualificationCategory.NONE
    category = CATEGORY_BY_TEXT.get(header_key(text))
    if category is None:
        raise CellProblem(
            _("“%(value)s” is not a qualification category; write one of: %(choices)s.")
            % {"value": text, "choices": _quoted(list(CATEGORY_TEXT.values()))},
            "invalid_choice",
        )
    return category


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem(_("“%(value)s” is neither “да” nor “нет”.") % {"value": cell_text(value)}, "invalid_choice")


GENDER_BY_TEXT = {
    "м": Gender.MALE, "муж": Gender.MALE, "мужской": Gender.MALE,
    "ж": Gender.FEMALE, "жен": Gender.FEMALE, "женский": Gender.FEMALE,
}


def parse_gender(value: Any) -> str:
    """«м», «ж» (or «мужской», «женский»); blank: suggested from the patronymic by staff.services."""
    text = cell_text(value).lower().rstrip(".")
    if not text:
        return ""
    gender = GENDER_BY_TEXT.get(text)
    if gender is None:
        raise CellProblem(_("“%(value)s” is not a gender; write “м” or “ж”, or leave the cell empty.")
                          % {"value": cell_text(value)}, "invalid_choice")
    return gender


def parse_subjects(value: Any) -> list[str]:
    return split_subjects(cell_text(value))


def split_subjects(text: str) -> list[str]:
    """“математика, физика; информатика” → three subjects, duplicates dropped, order kept."""
    subjects: list[str] = []
    for part in re.split(r"[,;]", text):
        subject = " ".join(part.split())
        if subject and subject.lower() not in (s.lower() for s in subjects):
            subjects.append(subject)
    return subjects


PARSERS = {
    "birth_date": parse_date,
    "hire_date": parse_date,
    "teaching_experience_years": parse_years,
    "qualification_category": parse_category,
    "new_to_position": parse_yes_no,
    "gender": parse_gender,
    "subjects": parse_subjects,
}


def parse_cell(field: str, value: Any) -> Any:
    parser = PARSERS.get(field)
    return parser(value) if parser else cell_text(value)


# --- The template -------------------------------------------------------------------------------


def staff_template_xlsx() -> bytes:
    """An XLSX with the header row and one example row, marked as an example (refused if left in)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Педагоги"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.cell(row=2, column=index).number_format = "@"  # dates and numbers stay as written
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(len(column.header) + 2, 40))
    # The example row is marked as one (grey italics, a note on its first cell); left in, it is refused.
    sheet.cell(row=2, column=1).comment = Comment(EXAMPLE_NOTE, "Платформа наставничества")
    for index in range(1, len(COLUMNS) + 1):
        sheet.cell(row=2, column=index).font = Font(italic=True, color="808080")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
