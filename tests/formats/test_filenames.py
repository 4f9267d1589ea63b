"""File names a clerk can file (issue 12): Cyrillic in RFC 5987, a transliterated ASCII fallback."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

from formats.filenames import ascii_filename, content_disposition, document_filename, school_label


def test_the_order_file_name_reads_like_the_order() -> None:
    name = document_filename("Приказ", number="116/1", date=dt.date(2022, 8, 31),
                             school_name="МБОУ «ООШ с. Мескеты»", extension="pdf")
    assert name == "Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf"


def test_the_header_has_rfc_5987_and_an_ascii_fallback() -> None:
    header = content_disposition("Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf", inline=True)
    plain, encoded = header.split("; filename*=UTF-8''")
    assert plain == 'inline; filename="Prikaz N 116-1 ot 31.08.2022 - OOSh s. Meskety.pdf"'
    assert unquote(encoded) == "Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf"
    assert encoded.isascii() and " " not in encoded
    assert content_disposition("report.xlsx", inline=False) == 'attachment; filename="report.xlsx"'


def test_what_a_file_system_refuses_is_replaced() -> None:
    name = document_filename('Программа «Учитель: 1/2 "года"?»', school_name="МКОУ «СОШ № 2»", extension="docx")
    assert name == "Программа «Учитель- 1-2 -года--» — СОШ № 2.docx"
    assert not any(char in name for char in '\\/:*?"<>|')
    assert ascii_filename("Щука Ёлка.pdf") == "Shchuka Elka.pdf"
    assert school_label("ГБОУ «Гимназия № 1»") == "Гимназия № 1"
