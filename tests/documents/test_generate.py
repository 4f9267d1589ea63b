"""The generated documents carry this school's name, people, numbers and dates — never a neighbour's."""

from __future__ import annotations

import io
import zipfile
from xml.dom import minidom

import pytest
from django_tenants.utils import schema_context

from documents.catalogue import SCHOOL_KINDS, TEMPLATED_KINDS, DocumentKind, default_text, placeholders_for
from documents.generate import (
    SCHOOL_FILES,
    mentoring_order_file,
    pair_order_file,
    programme_file,
    regulation_file,
    roadmap_file,
)
from documents.rendering import placeholders_in
from formats.dates import AcademicYear
from reports.docx import docx_text
from tests.documents.conftest import A_SECOND, A_SHORT, B_MARKERS
from tests.orders.helpers import pdf_text

SECTIONS = (
    "1. Общие положения",
    "2. Цель и задачи системы наставничества. Формы наставничества",
    "3. Организация системы наставничества",
    "4. Права и обязанности наставника",
    "5. Права и обязанности наставляемого",
    "6. Процесс формирования пар и групп",
    "7. Завершение персонализированной программы наставничества",
    "8. Условия публикации результатов",
    "9. Заключительные положения",
)


def every_file_of_a(world, school_a):  # type: ignore[no-untyped-def]
    files = [SCHOOL_FILES[kind](school=world.school_a) for kind in SCHOOL_KINDS]
    files.append(programme_file(school=world.school_a, programme=school_a.programme))
    files.append(pair_order_file(school=world.school_a, pair=school_a.pair))
    return files


def test_every_pdf_and_docx_of_school_a_names_school_a_and_no_other_school(world, school_a):
    with schema_context(world.school_a.schema_name):
        files = every_file_of_a(world, school_a)
        assert {file.kind for file in files} == set(DocumentKind)
        for file in files:
            for text in (pdf_text(file.pdf()), docx_text(file.docx())):
                assert A_SHORT in text, file.kind
                for marker in B_MARKERS:
                    assert marker not in text, (file.kind, marker)
                assert world.school_b.full_name not in text


def test_school_b_documents_name_school_b_only(world):
    with schema_context(world.school_b.schema_name):
        for kind in SCHOOL_KINDS:
            file = SCHOOL_FILES[kind](school=world.school_b)
            for text in (pdf_text(file.pdf()), docx_text(file.docx())):
                assert "Бета" in text
                assert "Альфа" not in text
                assert "Новый-Замай-Юрт" not in text


def test_the_standard_texts_carry_no_school_name():
    for kind in TEMPLATED_KINDS:
        text = default_text(kind)
        for marker in (*B_MARKERS, "Альфа", "МБОУ"):
            assert marker not in text, (kind, marker)
        # every placeholder of the standard wording is one the document knows
        assert {p.name for p in placeholders_in(text, template=kind)} <= set(placeholders_for(kind))


def test_the_regulation_has_all_nine_sections_with_this_schools_name(world, school_a):
    with schema_context(world.school_a.schema_name):
        file = regulation_file(school=world.school_a)
        pdf, docx = pdf_text(file.pdf()), docx_text(file.docx())
    for text in (pdf, docx):
        for section in SECTIONS:
            assert section in text, section
        assert f"о системе наставничества педагогических работников в {A_SHORT}" in text
        assert "УТВЕРЖДЕНО" in text and "от 31.08.2025 № 116/1" in text
        assert "от 3 месяцев до 1 года" in text
        assert "ходатайством о замене наставника" in text
    assert docx.count(A_SHORT) >= 8


def test_the_system_order_is_filled_from_the_schools_order_and_roles(world, school_a):
    with schema_context(world.school_a.schema_name):
        file = mentoring_order_file(school=world.school_a, year=AcademicYear(2025))
        pdf, docx = pdf_text(file.pdf()), docx_text(file.docx())
    for text in (pdf, docx):
        assert "ПРИКАЗ" in text and "№ 116/1 от 31.08.2025" in text and "с. Альфа" in text
        assert "ПРИКАЗЫВАЮ:" in text
        assert "с 01.09.2025" in text and "на 2025/2026 учебный год" in text
        assert ("координатором внедрения целевой модели наставничества в МБОУ «СОШ с. Альфа» "
                "Teacher_A Т., учителя истории") in text
        assert "куратором реализации целевой модели наставничества в МБОУ «СОШ с. Альфа» Curator_A Т." in text
        assert "руководитель рабочей группы – Curator_A Т., заместитель директора по УВР" in text
        assert "– Mentor_A Т., учитель математики;" in text and "– Both Т., учитель физики;" in text
        assert "Директор" in text and "Director_A Т." in text
        assert "ПРОЕКТ" not in text  # the order is signed
        assert "Отдел образования Ножай-Юртовского муниципального района" in text
    assert A_SECOND in pdf and A_SECOND in docx  # the bilingual letterhead


def test_without_an_order_or_roles_the_documents_print_blanks_and_a_draft_mark(world):
    with schema_context(world.school_b.schema_name):
        file = mentoring_order_file(school=world.school_b)
        text = pdf_text(file.pdf())
    assert "ПРОЕКТ" in text and "№ ________" in text
    assert "координатором внедрения целевой модели наставничества в МБОУ «ООШ с. Бета» __________, __________" in text
    assert "Director_B Т." in text  # the director comes from the membership with the director's role


def test_the_roadmap_has_the_seven_stages_in_the_schools_year(world, school_a):
    with schema_context(world.school_a.schema_name):
        file = roadmap_file(school=world.school_a, year=AcademicYear(2025))
        text = pdf_text(file.pdf())
    for stage in ("Подготовка условий", "Формирование банка наставляемых", "Формирование банка наставников",
                  "Отбор и обучение", "Организация и осуществление работы", "Завершение персонализированных",
                  "Информационная поддержка"):
        assert stage in text
    assert "на 2025/2026 учебный год" in text and "апрель – май 2026 г." in text
    assert "(Приложение 2 к приказу)" in text


def test_the_programme_document_lists_participants_plan_and_period(world, school_a):
    with schema_context(world.school_a.schema_name):
        file = programme_file(school=world.school_a, programme=school_a.programme)
        pdf, docx = pdf_text(file.pdf()), docx_text(file.docx())
    for text in (pdf, docx):
        assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text
        assert "Адаптация учителя математики" in text
        assert "Mentor_A Тест" in text and "Mentee_A Тест" in text
        assert "Посещение уроков наставника" in text and "15.10.2025" in text
        assert "предметное содержание; методика обучения и преподавания" in text
        assert "С 01.09.2025 по 31.05.2026" in text
        assert "«учитель – учитель»" in text


def test_the_pair_order_pdf_is_mentorings_and_the_docx_has_the_same_words(world, school_a):
    with schema_context(world.school_a.schema_name):
        file = pair_order_file(school=world.school_a, pair=school_a.pair)
        pdf, docx = pdf_text(file.pdf()), docx_text(file.docx())
    for text in (pdf, docx):
        assert "О закреплении наставнической пары" in text
        assert "Mentor_A Тест" in text and "Mentee_A Тест" in text
        assert "ПРИКАЗЫВАЮ:" in text and "С приказом ознакомлены:" in text


def test_every_docx_is_a_valid_package(world, school_a):
    from docx import Document

    with schema_context(world.school_a.schema_name):
        files = every_file_of_a(world, school_a)
        packages = [file.docx() for file in files]
    for content in packages:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                    "word/_rels/document.xml.rels", "docProps/core.xml"} <= names
            for name in names:
                if name.endswith((".xml", ".rels")):
                    minidom.parseString(package.read(name))  # every part is well-formed XML
            assert "{{" not in package.read("word/document.xml").decode()  # every placeholder filled
        document = Document(io.BytesIO(content))  # python-docx reads it back
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert document.styles["Normal"].font.name == "Times New Roman"
        assert document.core_properties.language == "ru-RU"


@pytest.mark.parametrize("kind", [str(kind) for kind in SCHOOL_KINDS])
def test_pdfs_are_a4_documents(world, school_a, kind):
    from pypdf import PdfReader

    with schema_context(world.school_a.schema_name):
        content = SCHOOL_FILES[kind](school=world.school_a).pdf()
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
