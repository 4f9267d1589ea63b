"""Official documents of a school as PDF (reportlab): orders, consent forms, agreements.

Every printable document of the platform goes through `official_document`, so that all of
them look like the papers a Russian school director signs: the school's official header
(with the second-language name, e.g. Chechen, when the school has one), a centred title
(«ПРИКАЗ»), the number, date and locality, the heading of the document, the body and the
signature line — typeset in Liberation Serif (metric-compatible with Times New Roman),
14 pt, A4, margins of GOST R 7.0.97 (left 30 mm, right 15 mm, top and bottom 20 mm).

The fonts are vendored in `reports/fonts/` (Liberation 1.07, GPL-2 with the font embedding
exception: embedding them does not bring the document under the GPL; see
`reports/fonts/LICENSE`); system fonts are never used, so a server without them prints the same.

Usage::

    from reports.pdf import Heading, Items, Para, Signature, Table, initials_name, official_document

    pdf: bytes = official_document(
        school=request.tenant,
        title="ПРИКАЗ",
        number="116/1",
        date=dt.date(2022, 8, 31),
        heading="О реализации целевой модели наставничества",
        blocks=[
            Para("В целях внедрения системы наставничества педагогических работников…"),
            Heading("ПРИКАЗЫВАЮ:", align="left"),
            Items(["Утвердить Положение…", ("Назначить:", ["Цугиеву М.Р. — координатором;"])]),
            Table(header=["№", "Ф. И. О.", "Должность"], rows=[["1", "Эскиев А.Р.", "заместитель директора"]],
                  widths=[0.08, 0.5, 0.42]),
            Signature(position="Директор", name=initials_name("Эскиев", "Руслан", "Хасанович")),
        ],
    )

Text passed to the blocks is plain text: it is escaped, never read as markup, so a name
with «<» or «&» prints as written. The document's words are Russian by nature (an order
is an official Russian document whatever the interface language); callers pass them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus import (
    TableStyle as RLTableStyle,
)

from formats.filenames import download_response

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "LiberationSerif"
_FACES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE = 14
BODY_LEADING = 17
INDENT = 12.5 * mm  # the first-line indent of Russian official texts

Align = Literal["left", "centre", "right", "justify"]
_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)


@cache
def register_fonts() -> str:
    """Register the vendored Liberation Serif family once; returns the family name."""
    for name, filename in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic"
    )
    return FONT


# --- helpers other documents need -------------------------------------------------------


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (inline) under the name a clerk files it by (RFC 5987, an ASCII fallback)."""
    return download_response(content, filename=filename, content_type="application/pdf", inline=True)


def initials_name(last_name: str, first_name: str = "", patronymic: str = "") -> str:
    """«Эскиев Р.Х.» — the surname and initials, as orders and signatures write a name."""
    initials = "".join(f"{part.strip()[0]}." for part in (first_name, patronymic) if part and part.strip())
    return f"{last_name.strip()} {initials}".strip()


def date_numeric(day: dt.date) -> str:
    """31.08.2022"""
    return day.strftime("%d.%m.%Y")


def date_words(day: dt.date) -> str:
    """«31» августа 2022 г. — the form of dates in the text of agreements and consents."""
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph of the body: justified with a first-line indent unless told otherwise."""

    text: str
    align: Align = "justify"
    bold: bool = False
    italic: bool = False
    indent: bool = True
    size: float = BODY_SIZE


@dataclass(frozen=True)
class Heading:
    """A bold line such as «ПРИКАЗЫВАЮ:» or a section title; centred by default."""

    text: str
    align: Align = "centre"


@dataclass(frozen=True)
class Items:
    """Numbered items «1.», «2.» …; an item may be `(text, [sub-items])`, numbered «1.1.», «1.2.»."""

    items: Sequence[str | tuple[str, Sequence[str]]]
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A ruled table; `widths` are fractions of the text width (equal columns if omitted)."""

    rows: Sequence[Sequence[str]]
    header: Sequence[str] | None = None
    widths: Sequence[float] | None = None
    size: float = 12


@dataclass(frozen=True)
class Signature:
    """«Директор ______________ Эскиев Р.Х.» — position, a line to sign on, the name."""

    position: str
    name: str
    note: str = ""  # e.g. «(подпись)» under the line, or a date line


@dataclass(frozen=True)
class Addressee:
    """The block in the top right corner of a statement: «Директору … от …»."""

    lines: Sequence[str]


@dataclass(frozen=True)
class Space:
    """Vertical space, in millimetres."""

    height_mm: float = 4


@dataclass(frozen=True)
class FillLine:
    """A label followed by a line to fill in by hand (or the value already known)."""

    label: str
    value: str = ""
    hint: str = ""  # small text under the line, e.g. «(фамилия, имя, отчество)»


Block = Para | Heading | Items | Table | Signature | Addressee | Space | FillLine


@dataclass
class _Styles:
    font: str
    body: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        self.body = ParagraphStyle(
            "body", fontName=self.font, fontSize=BODY_SIZE, leading=BODY_LEADING, alignment=TA_JUSTIFY,
            firstLineIndent=INDENT, spaceAfter=2,
        )

    def make(self, name: str, parent: ParagraphStyle | None = None, **overrides: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent or self.body, **overrides)


def _text(value: str) -> str:
    """Plain text to reportlab's markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _styled(value: str, *, bold: bool = False, italic: bool = False) -> str:
    text = _text(value)
    if bold:
        text = f"<b>{text}</b>"
    if italic:
        text = f"<i>{text}</i>"
    return text


# --- the document ------------------------------------------------------------------------


def official_document(
    *,
    school: Any,
    title: str,
    number: str | None = None,
    date: dt.date | None = None,
    blocks: Sequence[Block],
    heading: str = "",
    locality: str | None = None,
    authority: str = "",
    with_header: bool = True,
    author: str = "",
    mark: str = "",
) -> bytes:
    """Typeset an A4 official document of `school` and return the PDF bytes.

    - `school`: the School (its `full_name`, `short_name`, `full_name_second_language`,
      `short_name_second_language`, `second_language_code` and `locality` are read).
    - `title`: the kind of document in capitals, centred: «ПРИКАЗ», «СОГЛАСИЕ», «ДОГОВОР».
    - `number`, `date`: printed as «№ 116/1 от 31.08.2022» under the title (either may be
      omitted; an unnumbered draft prints «№ ____»  only when `number == ""`).
    - `heading`: the document's subject in bold under the title («О реализации …»).
    - `locality`: printed under the number (defaults to `school.locality`; "" for none).
    - `authority`: the founder's line above the school's name («МУ «Отдел образования …»»).
    - `with_header`: False for a form without the school's letterhead.
    - `mark`: a bold note at the top right above the title, e.g. «ПРОЕКТ» for a draft.
    - `blocks`: the body — `Para`, `Heading`, `Items`, `Table`, `Signature`, `Addressee`,
      `FillLine`, `Space` — in order.
    """
    font = register_fonts()
    styles = _Styles(font)
    story: list[Flowable] = []
    if with_header:
        story += _letterhead(school, styles, authority)
    if mark:
        story.append(Paragraph(_styled(mark, bold=True), styles.make("mark", alignment=TA_RIGHT, firstLineIndent=0)))
    story += _title(styles, title=title, number=number, date=date, heading=heading,
                    locality=school_locality(school) if locality is None else locality)
    for block in blocks:
        story += _render(block, styles)

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=" ".join(part for part in (title, heading) if part),
        author=author or getattr(school, "short_name", ""), creator="Платформа наставничества",
        initialFontName=font, initialFontSize=BODY_SIZE, initialLeading=BODY_LEADING,
    )
    # No frame padding: tables and paragraphs share the same left and right edges.
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([
        PageTemplate(id="first", frames=[frame], onPage=_no_page_number, autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[frame], onPage=_page_number),
    ])
    document.build(story)
    return buffer.getvalue()


def school_locality(school: Any) -> str:
    return str(getattr(school, "locality", "") or "")


def _no_page_number(canvas: Any, document: Any) -> None:
    pass


def _page_number(canvas: Any, document: Any) -> None:
    # GOST R 7.0.97: pages from the second are numbered at the top, in the middle.
    canvas.saveState()
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(document.page))
    canvas.restoreState()


def _letterhead(school: Any, styles: _Styles, authority: str) -> list[Flowable]:
    small = styles.make("head", fontSize=11.5, leading=14, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
    name = styles.make("head-name", parent=small, fontSize=12, leading=14.5)

    def column(full: str, short: str, founder: str) -> list[Flowable]:
        parts: list[Flowable] = []
        if founder:
            parts.append(Paragraph(_text(founder), small))
        parts.append(Paragraph(_styled(full, bold=True), name))
        if short and short.strip() != full.strip():
            parts.append(Paragraph(_text(f"({short})"), small))
        return parts

    russian = column(school.full_name, getattr(school, "short_name", ""), authority)
    second_full = getattr(school, "full_name_second_language", "") or ""
    flowables: list[Flowable]
    if second_full:
        second = column(second_full, getattr(school, "short_name_second_language", "") or "", "")
        half = TEXT_WIDTH / 2
        header = RLTable([[russian, second]], colWidths=[half, half])
        header.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LINEAFTER", (0, 0), (0, 0), 0.4, colors.black),
        ]))
        flowables = [header]
    else:
        flowables = list(russian)
    return [*flowables, Spacer(1, 2 * mm), _double_rule(), Spacer(1, 6 * mm)]


class _DoubleRule(Flowable):
    """The thick-and-thin rule under a letterhead."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 3

    def draw(self) -> None:
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 3, self.width, 3)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 0.5, self.width, 0.5)


def _double_rule() -> Flowable:
    return _DoubleRule()


def _title(
    styles: _Styles, *, title: str, number: str | None, date: dt.date | None, heading: str, locality: str
) -> list[Flowable]:
    centred = styles.make("centred", alignment=TA_CENTER, firstLineIndent=0)
    big = styles.make("title", parent=centred, fontSize=16, leading=20, spaceAfter=4)
    parts: list[Flowable] = [Paragraph(_styled(title, bold=True), big)]
    line = []
    if number is not None:
        line.append(f"№ {number.strip() or '________'}")
    if date is not None:
        line.append(f"от {date_numeric(date)}")
    if line:
        parts.append(Paragraph(_text(" ".join(line)), centred))
    if locality:
        parts.append(Paragraph(_text(locality), styles.make("locality", parent=centred, fontSize=12, leading=15)))
    if heading:
        parts.append(Spacer(1, 4 * mm))
        parts.append(Paragraph(_styled(heading, bold=True), centred))
    parts.append(Spacer(1, 5 * mm))
    return parts


def _render(block: Block, styles: _Styles) -> list[Flowable]:  # noqa: C901 - one branch per block kind
    if isinstance(block, Para):
        style = styles.make(
            "para", alignment=_ALIGN[block.align], firstLineIndent=INDENT if block.indent else 0,
            fontSize=block.size, leading=block.size * 1.22,
        )
        return [Paragraph(_styled(block.text, bold=block.bold, italic=block.italic), style)]
    if isinstance(block, Heading):
        style = styles.make("heading", alignment=_ALIGN[block.align], firstLineIndent=0, spaceBefore=6, spaceAfter=4)
        return [Paragraph(_styled(block.text, bold=True), style)]
    if isinstance(block, Items):
        return _items(block, styles)
    if isinstance(block, Table):
        return [Spacer(1, 2 * mm), _table(block, styles), Spacer(1, 3 * mm)]
    if isinstance(block, Signature):
        return [Spacer(1, 10 * mm), KeepTogether(_signature(block, styles))]
    if isinstance(block, Addressee):
        style = styles.make("addressee", alignment=TA_LEFT, firstLineIndent=0, fontSize=13, leading=16)
        cell = [Paragraph(_text(line), style) for line in block.lines]
        table = RLTable([["", cell]], colWidths=[TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55])
        table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [table, Spacer(1, 6 * mm)]
    if isinstance(block, FillLine):
        return [_fill_line(block, styles)]
    if isinstance(block, Space):
        return [Spacer(1, block.height_mm * mm)]
    raise TypeError(f"not a document block: {block!r}")


def _items(block: Items, styles: _Styles) -> list[Flowable]:
    style = styles.make("item", firstLineIndent=INDENT, alignment=TA_JUSTIFY)
    flowables: list[Flowable] = []
    for index, item in enumerate(block.items, start=block.start):
        text, children = (item, ()) if isinstance(item, str) else item
        flowables.append(Paragraph(f"{index}.&nbsp;{_text(text)}", style))
        for sub_index, child in enumerate(children, start=1):
            flowables.append(Paragraph(f"{index}.{sub_index}.&nbsp;{_text(child)}", style))
    return flowables


def _table(block: Table, styles: _Styles) -> Flowable:
    cell = styles.make("cell", fontSize=block.size, leading=block.size * 1.2, alignment=TA_LEFT, firstLineIndent=0,
                       spaceAfter=0)
    head = styles.make("head-cell", parent=cell, alignment=TA_CENTER)
    columns = len(block.header) if block.header else max((len(row) for row in block.rows), default=1)
    fractions = list(block.widths) if block.widths else [1 / columns] * columns
    total = sum(fractions)
    widths = [TEXT_WIDTH * fraction / total for fraction in fractions]
    data: list[list[Any]] = []
    if block.header:
        data.append([Paragraph(_styled(str(text), bold=True), head) for text in block.header])
    for row in block.rows:
        data.append([Paragraph(_text(str(value)), cell) for value in row] + [""] * (columns - len(row)))
    table = RLTable(data, colWidths=widths, repeatRows=1 if block.header else 0)
    table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _signature(block: Signature, styles: _Styles) -> list[Flowable]:
    left = styles.make("sign-left", alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
    right = styles.make("sign-right", parent=left, alignment=TA_RIGHT)
    hint = styles.make("sign-hint", parent=left, fontSize=9, leading=10, alignment=TA_CENTER)
    line_cell: list[Flowable] = [Paragraph("_" * 18, styles.make("sign-line", parent=left, alignment=TA_CENTER))]
    if block.note:
        line_cell.append(Paragraph(_text(block.note), hint))
    table = RLTable(
        [[Paragraph(_text(block.position), left), line_cell, Paragraph(_text(block.name), right)]],
        colWidths=[TEXT_WIDTH * 0.38, TEXT_WIDTH * 0.32, TEXT_WIDTH * 0.30],
    )
    table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def _fill_line(block: FillLine, styles: _Styles) -> Flowable:
    text = styles.make("fill", alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
    hint = styles.make("fill-hint", parent=text, fontSize=9, leading=10, alignment=TA_CENTER)
    label_width = pdfmetrics.stringWidth(block.label, FONT, BODY_SIZE) + 8 if block.label else 0
    value = Paragraph(_text(block.value) if block.value else "&nbsp;", text)
    if label_width > TEXT_WIDTH * 0.6:  # a long label goes above a full-width line
        return KeepTogether([Paragraph(_text(block.label), text),
                             _fill_line(FillLine("", value=block.value, hint=block.hint), styles)])
    if block.label:
        rows: list[list[Any]] = [[Paragraph(_text(block.label), text), value]]
        widths = [label_width, TEXT_WIDTH - label_width]
    else:
        rows, widths = [[value]], [TEXT_WIDTH]
    if block.hint:
        rows.append([*([""] if block.label else []), Paragraph(_text(block.hint), hint)])
    line_column = len(widths) - 1
    table = RLTable(rows, colWidths=widths)
    table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (line_column, 0), (line_column, 0), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table
