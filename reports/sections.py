"""Reports made of numbered sections — paragraphs, tables, bar charts — as PDF and as XLSX.

A report (the school's final analytic report, the district's report) is a list of
`ReportSection`s. The same list feeds both files: the PDF (reportlab, typeset like the platform's
other official documents in reports.pdf: the vendored Liberation Serif, A4, the margins of
GOST R 7.0.97, pages from the second numbered at the top) and the XLSX (openpyxl, a title sheet
and one sheet per section, numbers kept as numbers), so the two files cannot differ.

What is particular to a report — its title page, its closing lines (signatures) — is made by the
report's own module from `SectionStyles` and passed to `sections_pdf`; the sections, tables and
charts are rendered here.

The words are Russian: these are official documents whatever the interface language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

from reports.pdf import (
    BODY_LEADING,
    BODY_SIZE,
    FONT,
    INDENT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    TEXT_WIDTH,
    register_fonts,
)

Cell = str | int | float

NO_DATA = "Нет данных"

# A chart taller than a page cannot be typeset: longer charts are drawn in parts of this many bars.
CHART_BARS_PER_PART = 25
# A table longer than this is not kept on one page with its caption (see table_flowables).
LONG_TABLE_ROWS = 12


@dataclass(frozen=True)
class ReportTable:
    kind: ClassVar[str] = "table"  # for templates, which cannot ask isinstance
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] | None = None  # fractions of the text width
    total_row: bool = False  # the last row is «Итого»
    caption: str = ""
    compact: bool = False  # smaller type, for tables of many columns


@dataclass(frozen=True)
class ReportChart:
    """A bar chart of values by category (counts by default; percentages with `percent`)."""

    kind: ClassVar[str] = "chart"

    caption: str
    labels: Sequence[str]
    values: Sequence[int | float]
    axis: str = "количество пар и групп"  # what the values are, printed under the axis
    percent: bool = False  # the axis runs to 100 and the values keep one decimal


Item = str | ReportTable | ReportChart


@dataclass(frozen=True)
class ReportSection:
    number: int
    title: str
    sheet: str  # the XLSX sheet's name (≤ 31 characters)
    items: Sequence[Item] = field(default_factory=list)
    no_data: bool = False


def text(value: Any) -> str:
    """Plain text as reportlab markup: escaped, line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def plain(value: str) -> str:
    """A column head without its soft hyphens (for the XLSX and the web page)."""
    return value.replace("\xad", "")


def cell_text(value: Any) -> str:
    """A cell as printed: a float with one decimal and a decimal comma."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


class SectionStyles:
    """The paragraph styles of a sectioned report (Liberation Serif, the body at 14 pt)."""

    def __init__(self) -> None:
        font = register_fonts()
        self.body = ParagraphStyle("body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING,
                                   alignment=TA_JUSTIFY, firstLineIndent=INDENT, spaceAfter=3)
        self.centred = self.make("centred", alignment=TA_CENTER, firstLineIndent=0)
        self.left = self.make("left", alignment=TA_LEFT, firstLineIndent=0)
        self.right = self.make("right", alignment=TA_RIGHT, firstLineIndent=0)
        self.head = self.make("head", fontSize=11.5, leading=14, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
        self.section = self.make("section", alignment=TA_LEFT, firstLineIndent=0, spaceBefore=10, spaceAfter=6,
                                 keepWithNext=1)
        self.caption = self.make("caption", fontSize=12, leading=14.5, alignment=TA_LEFT, firstLineIndent=0,
                                 spaceBefore=4, spaceAfter=2, keepWithNext=1)
        self.cell = self.make("cell", fontSize=11.5, leading=13.5, alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
        self.number = self.make("number", parent=self.cell, alignment=TA_CENTER)
        # Column heads may carry soft hyphens (\xad) where a long word may break in a narrow column.
        self.header_cell = self.make("header-cell", parent=self.cell, fontSize=10.5, leading=12.5,
                                     alignment=TA_CENTER, embeddedHyphenation=1)
        self.compact_cell = self.make("compact-cell", parent=self.cell, fontSize=9.5, leading=11)
        self.compact_number = self.make("compact-number", parent=self.compact_cell, alignment=TA_CENTER)
        self.compact_header = self.make("compact-header", parent=self.compact_cell, fontSize=8.5, leading=10,
                                        alignment=TA_CENTER, embeddedHyphenation=1)
        self.loose_caption = self.make("loose-caption", parent=self.caption, keepWithNext=0)
        self.figure = self.make("figure", parent=self.caption, alignment=TA_CENTER, keepWithNext=0)

    def make(self, name: str, parent: ParagraphStyle | None = None, **overrides: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent or self.body, **overrides)


class DoubleRule(Flowable):
    """The thick-and-thin rule under a letterhead (as in reports.pdf)."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 3

    def draw(self) -> None:
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 3, self.width, 3)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 0.5, self.width, 0.5)


# --- PDF ---------------------------------------------------------------------------------------------------


def sections_pdf(
    *, styles: SectionStyles, title_page: Sequence[Flowable], sections: Sequence[ReportSection],
    closing: Sequence[Flowable] = (), title: str, author: str, subject: str, footer: str,
) -> bytes:
    """An A4 PDF: the title page (`footer` printed at its bottom), the numbered sections, the closing lines."""
    story: list[Flowable] = [*title_page, NextPageTemplate("later"), PageBreak()]
    for section in sections:
        story += section_flowables(section, styles)
    story += list(closing)

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=author, subject=subject, creator="Платформа наставничества",
        initialFontName=FONT, initialFontSize=BODY_SIZE, initialLeading=BODY_LEADING,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def first_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, BODY_SIZE)
        canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, MARGIN_BOTTOM + 4 * mm, footer)
        canvas.restoreState()

    def later_page(canvas: Any, document: Any) -> None:
        # GOST R 7.0.97: pages from the second are numbered at the top, in the middle.
        canvas.saveState()
        canvas.setFont(FONT, 12)
        canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(document.page))
        canvas.restoreState()

    document.addPageTemplates([
        PageTemplate(id="title", frames=[frame], onPage=first_page),
        PageTemplate(id="later", frames=[frame], onPage=later_page),
    ])
    document.build(story)
    return buffer.getvalue()


def section_flowables(section: ReportSection, styles: SectionStyles) -> list[Flowable]:
    flowables: list[Flowable] = [CondPageBreak(40 * mm),
                                 Paragraph(f"<b>{section.number}. {text(section.title)}</b>", styles.section)]
    for item in section.items:
        if isinstance(item, ReportTable):
            flowables += table_flowables(item, styles)
        elif isinstance(item, ReportChart):
            flowables += chart_flowables(item, styles)
        else:
            flowables.append(Paragraph(text(item), styles.body))
    return flowables


def table_flowables(table: ReportTable, styles: SectionStyles) -> list[Flowable]:
    columns = len(table.header)
    fractions = list(table.widths) if table.widths else [1 / columns] * columns
    widths = [TEXT_WIDTH * fraction / sum(fractions) for fraction in fractions]
    header_style = styles.compact_header if table.compact else styles.header_cell
    cell_style = styles.compact_cell if table.compact else styles.cell
    number_style = styles.compact_number if table.compact else styles.number
    assert number_style.fontSize == cell_style.fontSize  # plain strings take one size for the whole table
    data: list[list[Any]] = [[Paragraph(f"<b>{text(h)}</b>", header_style) for h in table.header]]
    last = len(table.rows) - 1
    padding = 2.5 if table.compact else 4
    room = [width - 2 * padding - 1 for width in widths]
    # Plain strings: numbers centred (as the number style), mostly-text columns to the left (as the cell style).
    text_columns = [
        column for column in range(columns)
        if 2 * sum(isinstance(row[column], str) for row in table.rows if column < len(row)) > len(table.rows)]
    wrapped_left: list[tuple[int, int]] = []  # wrapped text in a column of numbers: to the left, as a paragraph was
    for index, row in enumerate(table.rows):
        face = f"{FONT}-Bold" if table.total_row and index == last else FONT
        cells: list[Any] = []
        for column, value in enumerate(row):
            # Every cell is a plain string, broken into lines here the way a paragraph breaks them (at spaces):
            # a paragraph per cell was most of a district PDF's time at 1,000 schools (issue 15).
            printed = cell_text(value)
            width = room[min(column, columns - 1)]
            if isinstance(value, str) and ("\n" in printed or stringWidth(printed, face, cell_style.fontSize) > width):
                lines = simpleSplit(printed, face, cell_style.fontSize, width)
                if len(lines) > 1 and column not in text_columns:
                    wrapped_left.append((column, index + 1))
                printed = "\n".join(lines)
            cells.append(printed)  # a number is one word: never broken, as in a paragraph
        data.append(cells + [""] * (columns - len(cells)))
    # LongTable: column widths are fixed here, so reportlab need not measure every row again per page.
    rl_table = (LongTable if len(table.rows) > LONG_TABLE_ROWS else RLTable)(data, colWidths=widths, repeatRows=1)
    rl_table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), number_style.fontSize), ("LEADING", (0, 1), (-1, -1), number_style.leading),
        ("ALIGN", (0, 1), (-1, -1), "CENTER"),
        *[("ALIGN", (column, 1), (column, -1), "LEFT") for column in text_columns],
        *[("ALIGN", cell, cell, "LEFT") for cell in wrapped_left],
        *([("FONTNAME", (0, last + 1), (-1, last + 1), f"{FONT}-Bold")] if table.total_row and last >= 0 else []),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    flowables: list[Flowable] = []
    if table.caption and len(table.rows) > LONG_TABLE_ROWS:
        # Kept with a long table, the caption would push it whole to the next page, leaving a gap:
        # the caption only needs room for itself and the table's first rows.
        flowables += [CondPageBreak(35 * mm), Paragraph(text(table.caption), styles.loose_caption)]
    elif table.caption:
        flowables.append(Paragraph(text(table.caption), styles.caption))
    flowables += [rl_table, Spacer(1, 4 * mm)]
    return flowables


def _fit(label: str, width: float, size: float) -> str:
    """The label, shortened with «…» to fit `width` points."""
    if stringWidth(label, FONT, size) <= width:
        return label
    while label and stringWidth(f"{label}…", FONT, size) > width:
        label = label[:-1]
    return f"{label.rstrip()}…"


def chart_flowables(chart: ReportChart, styles: SectionStyles) -> list[Flowable]:
    """A horizontal bar chart (the categories' names are long, so they go on the left); a chart of more
    than CHART_BARS_PER_PART bars is drawn in parts on the same scale, the caption under each part."""
    top = max(chart.values, default=0)
    if chart.percent:
        scale_max, step = 100.0, 20.0
    else:
        whole_step = max(1, -(-int(top) // 5))
        scale_max, step = float(max(whole_step * 5, 1)), float(whole_step)
    parts = [range(start, min(start + CHART_BARS_PER_PART, len(chart.values)))
             for start in range(0, max(len(chart.values), 1), CHART_BARS_PER_PART)]
    flowables: list[Flowable] = []
    for number, part in enumerate(parts):
        caption = chart.caption if number == 0 else f"{chart.caption} (продолжение)"
        drawing = HorizontalBars(chart, list(part), scale_max=scale_max, step=step)
        flowables.append(KeepTogether([Spacer(1, 2 * mm), drawing, Paragraph(text(caption), styles.figure),
                                       Spacer(1, 4 * mm)]))
    return flowables


_GRID = colors.Color(0.8, 0.8, 0.8)
_BAR = colors.Color(0.18, 0.33, 0.55)


class HorizontalBars(Flowable):
    """Some bars of a chart, drawn straight on the page: names on the left (shortened with «…»), a bar
    and its value per category top to bottom in the order of the table above, a value axis with a grid
    under them and what the values are under the axis.

    Drawn with the canvas's own lines, rectangles and strings rather than reportlab's chart widgets,
    whose per-attribute checks made most of a district PDF's time at 1,000 schools (issue 15); the
    geometry is the one the widgets drew (a bar takes 6/11 of its row, ticks of 5 pt)."""

    LABEL_WIDTH = 62 * mm
    PLOT_BOTTOM = 12 * mm
    TICK = 5

    def __init__(self, chart: ReportChart, indexes: list[int], *, scale_max: float, step: float) -> None:
        super().__init__()
        bars = max(len(indexes), 1)
        self.row = 9 * mm if bars <= 10 else 7 * mm
        self.label_size = 10.5 if bars <= 10 else 9.5
        self.value_size = 10 if bars <= 10 else 9
        self.plot_width = TEXT_WIDTH - self.LABEL_WIDTH - 12 * mm
        self.bars = bars
        self.width, self.height = TEXT_WIDTH, bars * self.row + 16 * mm
        self.scale_max, self.step, self.axis = scale_max, step, chart.axis
        self.labels = [_fit(chart.labels[i], self.LABEL_WIDTH - 6, self.label_size) for i in indexes]
        self.values = [chart.values[i] for i in indexes]
        self.value_texts = [cell_text(value) if chart.percent else str(int(value)) for value in self.values]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, left, bottom = self.canv, self.LABEL_WIDTH, self.PLOT_BOTTOM
        top = bottom + self.bars * self.row
        ticks = [self.step * n for n in range(int(round(self.scale_max / self.step)) + 1)]
        scale = self.plot_width / self.scale_max
        canvas.saveState()
        canvas.setStrokeColor(_GRID)
        canvas.setLineWidth(0.3)
        for tick in ticks:
            canvas.line(left + tick * scale, bottom, left + tick * scale, top)
        thickness = self.row * 6 / 11
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(_BAR)
        for index, value in enumerate(self.values):  # the first category at the top
            if value:
                y = top - (index + 1) * self.row + self.row * 2.5 / 11
                canvas.rect(left, y, min(value, self.scale_max) * scale, thickness, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, self.value_size)
        for index, (value, printed) in enumerate(zip(self.values, self.value_texts, strict=True)):
            middle = top - (index + 0.5) * self.row
            canvas.drawString(left + min(value, self.scale_max) * scale + 3, middle - 0.4 * self.value_size,
                              printed)
        canvas.setLineWidth(1)
        canvas.line(left, bottom, left, top)
        canvas.line(left, bottom, left + self.plot_width, bottom)
        canvas.setFont(FONT, self.label_size)
        for index, label in enumerate(self.labels):
            middle = top - (index + 0.5) * self.row
            canvas.drawRightString(left - 3, middle - 0.4 * self.label_size, label)
        for index in range(self.bars + 1):
            canvas.line(left, bottom + index * self.row, left - self.TICK, bottom + index * self.row)
        canvas.setFont(FONT, 10)
        for tick in ticks:
            canvas.line(left + tick * scale, bottom, left + tick * scale, bottom - self.TICK)
            canvas.drawCentredString(left + tick * scale, bottom - self.TICK - 10, str(int(tick)))
        canvas.setFont(FONT, 9.5)
        canvas.drawRightString(left + self.plot_width, 1 * mm, self.axis)
        canvas.restoreState()


# --- XLSX -------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def sections_xlsx(*, heading: Sequence[str], sections: Sequence[ReportSection], subtitle: str) -> bytes:
    """A title sheet «Отчёт» (the `heading` lines, then the list of sections) and one sheet per section,
    each under its title and `subtitle`; numbers stay numbers. Written by openpyxl's write-only mode: rows
    are streamed out as they are appended, not kept as a grid of cell objects (issue 15)."""
    book = Workbook(write_only=True)
    summary = _Sheet(book, "Отчёт", {1: 70, 2: 24})
    for index, line in enumerate(heading):
        summary.row([line], font=Font(bold=True, size=13) if index == 0 else None)
    summary.row([])
    summary.row(["Раздел", "Лист"], font=Font(bold=True))
    for section in sections:
        summary.row([f"{section.number}. {section.title}", section.sheet])
    for section in sections:
        section_sheet(book, section, subtitle=subtitle)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Sheet:
    """A write-only sheet that counts its rows (charts refer to them) and styles cells as they go."""

    def __init__(self, book: Workbook, title: str, widths: dict[int, int]) -> None:
        self.sheet = book.create_sheet(title[:31])
        for column, width in widths.items():  # before any row: a streamed sheet writes them first
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        self.rows = 0
        self.styles: dict[tuple[int, ...], tuple[Any, tuple[Any, ...]]] = {}

    def row(self, values: Sequence[Any], *, font: Font | None = None, border: Border | None = None,
            alignment: Alignment | None = None) -> int:
        self.rows += 1
        if font is None and border is None and alignment is None:
            self.sheet.append(list(values))
            return self.rows
        # Keyed on the style objects themselves (kept alive beside, so an id is never reused): hashing an
        # openpyxl style walks all its fields, and a table of 1,000 schools asked for a style per row.
        key = (id(font), id(border), id(alignment))
        kept = self.styles.get(key)
        if kept is None:  # openpyxl registers a style by hashing it: once per kind of cell, not per cell
            probe = WriteOnlyCell(self.sheet)
            if font is not None:
                probe.font = font
            if border is not None:
                probe.border = border
            if alignment is not None:
                probe.alignment = alignment
            kept = self.styles[key] = (probe._style, (font, border, alignment))
        style = kept[0]
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell._style = copy(style)
            cells.append(cell)
        self.sheet.append(cells)
        return self.rows


def _widths(section: ReportSection) -> dict[int, int]:
    """Column widths from the section's content (a write-only sheet takes them before its rows)."""
    widths: dict[int, int] = {1: 40}
    for item in section.items:
        if isinstance(item, ReportTable):
            for row in item.rows:
                for column, value in enumerate(row, start=1):
                    widths[column] = max(widths.get(column, 10), min(60, len(str(value)) + 2))
            for column, header in enumerate(item.header, start=1):
                widths[column] = max(widths.get(column, 10), min(60, len(plain(header)) + 2))
        elif not isinstance(item, ReportChart) and len(item) > 60:
            widths[1] = max(widths[1], 90)
    return widths


def section_sheet(book: Workbook, section: ReportSection, *, subtitle: str) -> None:
    """One section as a sheet: paragraphs in column A, tables ruled, charts with their data."""
    sheet = _Sheet(book, section.sheet, _widths(section))
    sheet.row([f"{section.number}. {section.title}"], font=Font(bold=True, size=13))
    sheet.row([subtitle])
    sheet.row([])
    for item in section.items:
        if isinstance(item, ReportTable):
            _sheet_table(sheet, item)
        elif isinstance(item, ReportChart):
            _sheet_chart(sheet, item)
        else:
            sheet.row([item], alignment=Alignment(wrap_text=True, vertical="top"))


def _sheet_table(sheet: _Sheet, item: ReportTable) -> None:
    if item.caption:
        sheet.row([item.caption], font=Font(italic=True))
    bold = Font(bold=True)
    sheet.row([plain(header) for header in item.header], font=bold, border=_BORDER,
              alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
    alignment = Alignment(wrap_text=True, vertical="top")  # one object for every row (see _Sheet.row)
    for index, row in enumerate(item.rows):
        total = item.total_row and index == len(item.rows) - 1
        sheet.row(list(row), font=bold if total else None, border=_BORDER, alignment=alignment)
    sheet.row([])


def _sheet_chart(sheet: _Sheet, item: ReportChart) -> None:
    sheet.row([item.caption], font=Font(italic=True))
    first = sheet.rows + 1
    for label, value in zip(item.labels, item.values, strict=True):
        sheet.row([label, value])
    last = sheet.rows
    if last < first:  # nothing to draw
        sheet.row([NO_DATA])
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = item.caption
    chart.legend = None
    chart.add_data(Reference(sheet.sheet, min_col=2, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(sheet.sheet, min_col=1, min_row=first, max_row=last))
    height = max(8.0, 0.5 * (last - first + 1))  # centimetres: half a centimetre a bar for long charts
    chart.height, chart.width = height, 18
    sheet.sheet.add_chart(chart, f"A{last + 2}")
    for _ in range(int(height * 2.25)):  # room for the chart (rows of about 0.45 cm)
        sheet.row([])
