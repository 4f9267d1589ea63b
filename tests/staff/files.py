"""Staff files for the tests and the benchmark: XLSX and CSV bytes from rows of cell texts."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

HEADERS = [
    "Фамилия", "Имя", "Отчество", "Дата рождения (ДД.ММ.ГГГГ)", "Должность", "Предметы (через запятую)",
    "Педагогический стаж (лет)",
    "Квалификационная категория (без категории / соответствие занимаемой должности / первая / высшая)",
    "Дата приёма (ДД.ММ.ГГГГ)", "Впервые на должности (да/нет)", "E-mail", "Телефон",
]
LAST_NAMES = ["Исаев", "Мусаев", "Алиев", "Хасанов", "Умаров", "Бибулатов", "Дудаев", "Гехаев", "Ахмадов", "Сайдулаев"]
FIRST_NAMES = ["Ислам", "Руслан", "Магомед", "Адам", "Ибрагим", "Зелимхан", "Ахмед", "Муса"]
PATRONYMICS = ["Русланович", "Ахмедович", "Магомедович", "Исаевич", "Адамович"]
POSITIONS = ["учитель математики", "учитель русского языка", "учитель физики", "учитель истории",
             "учитель начальных классов"]
SUBJECTS = ["математика", "русский язык, литература", "физика, астрономия", "история, обществознание",
            "окружающий мир"]
CATEGORIES = ["без категории", "соответствие занимаемой должности", "первая", "высшая"]


def staff_row(index: int) -> list[str]:
    """A believable, valid row; each index gives another person (name + date of birth)."""
    born_year = 1965 + index % 37
    experience = (index * 7) % max(1, min(40, 2025 - born_year - 22))
    return [
        LAST_NAMES[index % len(LAST_NAMES)] + ("а" if index % 2 else ""),
        FIRST_NAMES[index % len(FIRST_NAMES)],
        PATRONYMICS[index % len(PATRONYMICS)],
        f"{1 + index % 28:02d}.{1 + index % 12:02d}.{born_year}",
        POSITIONS[index % len(POSITIONS)],
        SUBJECTS[index % len(SUBJECTS)],
        str(experience),
        CATEGORIES[index % len(CATEGORIES)],
        f"01.09.{max(born_year + 22, 2025 - experience)}",
        "да" if index % 11 == 0 else "нет",
        f"teacher{index}@example.ru",
        f"+7 928 {index:03d}-00-00",
    ]


def xlsx_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, *, delimiter: str = ";",
              bom: bool = True, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data
