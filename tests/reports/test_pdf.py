"""The PDF foundation: Cyrillic round-trips, the letterhead, vendored fonts, plain text stays plain."""

from __future__ import annotations

import datetime as dt
import io
import re
import types

from pypdf import PdfReader

from reports.pdf import (
    FONTS_DIR,
    Addressee,
    FillLine,
    Heading,
    Items,
    Para,
    Signature,
    Table,
    date_words,
    initials_name,
    official_document,
)

SCHOOL = types.SimpleNamespace(
    full_name="Муниципальное бюджетное общеобразовательное учреждение «Основная общеобразовательная школа с. Мескеты»",
    short_name="МБОУ «ООШ с. Мескеты»",
    full_name_second_language="Муниципальни бюджетни юкъарадешаран учреждени «Мескита-юьртан КЮШ»",
    short_name_second_language="МБЮУ «Мескита-юьртан КЮШ»",
    locality="с. Мескеты",
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def order(**overrides):  # type: ignore[no-untyped-def]
    arguments = {
        "school": SCHOOL, "title": "ПРИКАЗ", "number": "116/1", "date": dt.date(2022, 8, 31),
        "heading": "О реализации целевой модели наставничества",
        "blocks": [
            Para("В целях внедрения системы наставничества педагогических работников"),
            Heading("ПРИКАЗЫВАЮ:", align="left"),
            Items(["Утвердить Положение о системе наставничества;", ("Назначить:", ["Цугиеву М.Р. — координатором"])]),
            Table(header=["№", "Ф. И. О."], rows=[["1", "Эскиев Аслан Русланович"]]),
            Signature(position="Директор", name=initials_name("Эскиев", "Руслан", "Хасанович")),
        ],
    }
    arguments.update(overrides)
    return official_document(**arguments)


def test_cyrillic_round_trips_with_the_letterhead_and_the_signature():
    pdf = order()
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert SCHOOL.full_name in text
    assert SCHOOL.full_name_second_language in text
    assert "ПРИКАЗ" in text and "№ 116/1 от 31.08.2022" in text and "с. Мескеты" in text
    assert "О реализации целевой модели наставничества" in text
    assert "ПРИКАЗЫВАЮ:" in text and "2.1. Цугиеву М.Р. — координатором" in text
    assert "Эскиев Аслан Русланович" in text
    assert "Директор" in text and "Эскиев Р.Х." in text


def test_the_vendored_fonts_are_embedded_and_licensed():
    pdf = order()
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("LiberationSerif" in name for name in fonts)
    assert any("Bold" in name for name in fonts)
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (FONTS_DIR / f"LiberationSerif-{face}.ttf").is_file()
    assert "GNU General Public License" in (FONTS_DIR / "LICENSE").read_text()


def test_text_is_printed_as_written_never_read_as_markup():
    text = text_of(order(blocks=[Para("Ковальчук <b>А.А.</b> & «Ко»")]))
    assert "Ковальчук <b>А.А.</b> & «Ко»" in text


def test_no_second_language_no_second_column_and_forms_blocks():
    school = types.SimpleNamespace(full_name="МБОУ «СОШ с. Альфа»", short_name="МБОУ «СОШ с. Альфа»", locality="")
    text = text_of(official_document(
        school=school, title="СОГЛАСИЕ", heading="на обработку персональных данных", blocks=[
            Addressee(["Директору МБОУ «СОШ с. Альфа»", "Иванову И.И."]),
            FillLine("зарегистрированный(ая) по адресу:", hint="(адрес регистрации)"),
            FillLine("", value="Петров Пётр Петрович"),
        ]))
    assert "МБОУ «СОШ с. Альфа»" in text and "(МБОУ" not in text
    assert "Директору МБОУ «СОШ с. Альфа»" in text and "(адрес регистрации)" in text and "Петров Пётр Петрович" in text


def test_a_long_document_runs_over_pages_with_page_numbers():
    rows = [[str(i), f"Сотрудник {i}"] for i in range(1, 80)]
    reader = PdfReader(io.BytesIO(order(blocks=[Table(header=["№", "Ф. И. О."], rows=rows)])))
    assert len(reader.pages) >= 2
    assert "Сотрудник 79" in reader.pages[-1].extract_text()
    assert reader.pages[1].extract_text().strip().startswith("2")


def test_helpers():
    assert initials_name("Эскиев", "Руслан", "Хасанович") == "Эскиев Р.Х."
    assert initials_name("Эскиев", "Руслан") == "Эскиев Р."
    assert date_words(dt.date(2022, 9, 1)) == "«01» сентября 2022 г."
