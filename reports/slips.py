"""Invitation slips (приглашения): a login and a one-time code on paper, four to an A4 page with cut lines.

Village teachers often have no e-mail: the slip is the main way in. Each slip names the school,
the address of its space, the person, the login, the one-time code and how to sign in — in
Russian, whatever the interface language, like every printed document of the platform. The code
exists only on the slip (the platform keeps its hash, as a password).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reports.pdf import register_fonts

SLIPS_PER_PAGE = 4
_MARGIN = 15 * mm
_STEPS = (
    "1. Откройте в браузере адрес школы (указан выше).",
    "2. Введите логин и одноразовый код вместо пароля, нажмите «Войти».",
    "3. Придумайте свой пароль: не короче 8 символов, не только цифры.",
    "Код действует для одного входа. Не передавайте его другим людям.",
)


@dataclass(frozen=True)
class Slip:
    school_name: str
    address: str
    full_name: str
    login: str
    code: str


def slips_pdf(slips: Sequence[Slip]) -> bytes:
    """The slips, four to a page, separated by dashed cut lines."""
    font = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Приглашения на платформу наставничества")
    canvas.setCreator("Платформа наставничества")
    width, height = A4
    slot = height / SLIPS_PER_PAGE
    for index, slip in enumerate(slips):
        place = index % SLIPS_PER_PAGE
        if index and place == 0:
            canvas.showPage()
        top = height - place * slot
        if place:
            _cut_line(canvas, font, top, width)
        _slip(canvas, font, slip, top - 9 * mm, width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cut_line(canvas: Canvas, font: str, y: float, width: float) -> None:
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.line(8 * mm, y, width - 8 * mm, y)
    canvas.setFont(font, 7)
    canvas.drawString(8 * mm, y + 1.5 * mm, "линия отреза")
    canvas.restoreState()


def _slip(canvas: Canvas, font: str, slip: Slip, y: float, width: float) -> None:
    left = _MARGIN
    canvas.setFont(f"{font}-Bold", 13)
    canvas.drawString(left, y, "Приглашение на платформу наставничества")
    y -= 6 * mm
    canvas.setFont(font, 11)
    canvas.drawString(left, y, _fit(slip.school_name, 95))
    y -= 5.5 * mm
    canvas.drawString(left, y, f"Адрес: {slip.address}")
    y -= 5.5 * mm
    canvas.drawString(left, y, f"Кому: {_fit(slip.full_name, 85)}")
    y -= 8 * mm
    canvas.setFont(font, 12)
    canvas.drawString(left, y, "Логин:")
    canvas.setFont(f"{font}-Bold", 14)
    canvas.drawString(left + 42 * mm, y, slip.login)
    y -= 7 * mm
    canvas.setFont(font, 12)
    canvas.drawString(left, y, "Одноразовый код:")
    canvas.setFont(f"{font}-Bold", 14)
    canvas.drawString(left + 42 * mm, y, slip.code)
    y -= 8 * mm
    canvas.setFont(font, 10)
    for step in _STEPS:
        canvas.drawString(left, y, step)
        y -= 4.6 * mm
    canvas.setLineWidth(0.3)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the same slips as DOCX (issue 12): a one-column table per page, its borders dashed cut lines ---------------


def slips_docx(slips: Sequence[Slip]) -> bytes:
    """The slips as an editable DOCX: four to an A4 page, each in a cell of a table with dashed borders."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(10)
    section.top_margin = section.bottom_margin = Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(11)
    style.paragraph_format.space_after = Pt(0)
    properties = document.core_properties
    properties.title, properties.author, properties.language = (
        "Приглашения на платформу наставничества", "Платформа наставничества", "ru-RU")
    first = True
    for start in range(0, len(slips), SLIPS_PER_PAGE):
        if not first:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        table = document.add_table(rows=0, cols=1)
        _dashed_borders(table)
        for slip in slips[start:start + SLIPS_PER_PAGE]:
            row = table.add_row()
            row.height = Mm(68)
            _docx_slip(row.cells[0], slip)
    if not slips:
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _dashed_borders(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "dashed")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _docx_slip(cell: object, slip: Slip) -> None:
    lines: list[tuple[str, str, float, bool]] = [
        ("Приглашение на платформу наставничества", "", 13, True),
        (slip.school_name, "", 11, False),
        (f"Адрес: {slip.address}", "", 11, False),
        (f"Кому: {slip.full_name}", "", 11, False),
        ("Логин: ", slip.login, 12, False),
        ("Одноразовый код: ", slip.code, 12, False),
        *((step, "", 10, False) for step in _STEPS),
    ]
    for index, (text, bold_tail, size, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        if index in (4, 6):
            paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(_docx_clean(text))
        run.bold, run.font.size = bold or None, Pt(size)
        if bold_tail:
            tail = paragraph.add_run(_docx_clean(bold_tail))
            tail.bold, tail.font.size = True, Pt(14)


def _docx_clean(text: str) -> str:
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 32)
