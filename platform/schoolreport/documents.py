"""The final analytic report as PDF (reportlab) and XLSX (openpyxl), from the same sections.

The PDF is typeset like the platform's other official documents (reports.pdf): the vendored
Liberation Serif, A4, the margins of GOST R 7.0.97, pages from the second numbered at the top.
`reports.pdf.official_document` takes only text blocks, and this report needs a title page and a
chart, so it is built here with platypus directly, reusing the fonts and page geometry of reports.pdf.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
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
    date_numeric,
    register_fonts,
)
from schoolreport.content import ReportChart, ReportSection, ReportTable

TITLE = "ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ"
SUBJECT = "о реализации целевой модели наставничества педагогических работников"


def _text(value: Any) -> str:
    return escape(str(value)).replace("\n", "<br/>")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


class _Styles:
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
        self.header_cell = self.make("header-cell", parent=self.cell, fontSize=10.5, leading=12.5,
                                     alignment=TA_CENTER)

    def make(self, name: str, parent: ParagraphStyle | None = None, **overrides: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent or self.body, **overrides)


# --- PDF ---------------------------------------------------------------------------------------------------


def report_pdf(
    *, school: Any, year: str, sections: Sequence[ReportSection], authority: str, director: str, curator: str,
    built_on: dt.date,
) -> bytes:
    """The report as an A4 PDF: a title page, the numbered sections, the signatures."""
    styles = _Styles()
    story: list[Flowable] = [*_title_page(school, styles, year=year, authority=authority, director=director),
                             NextPageTemplate("later"), PageBreak()]
    for section in sections:
        story += _section(section, styles)
    story += _signatures(styles, director=director, curator=curator, built_on=built_on)

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{TITLE.capitalize()} за {year} учебный год",
        author=getattr(school, "short_name", ""), subject=SUBJECT, creator="Платформа наставничества",
        initialFontName=FONT, initialFontSize=BODY_SIZE, initialLeading=BODY_LEADING,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    place = f"{getattr(school, 'locality', '') or ''}".strip()
    footer = ", ".join(part for part in (place, str(built_on.year)) if part)

    def title_page(canvas: Any, document: Any) -> None:
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
        PageTemplate(id="title", frames=[frame], onPage=title_page),
        PageTemplate(id="later", frames=[frame], onPage=later_page),
    ])
    document.build(story)
    return buffer.getvalue()


def _title_page(school: Any, styles: _Styles, *, year: str, authority: str, director: str) -> list[Flowable]:
    name = styles.make("head-name", parent=styles.head, fontSize=12, leading=14.5)

    def column(full: str, short: str, founder: str) -> list[Flowable]:
        parts: list[Flowable] = []
        if founder:
            parts.append(Paragraph(_text(founder), styles.head))
        parts.append(Paragraph(f"<b>{_text(full)}</b>", name))
        if short and short.strip() != full.strip():
            parts.append(Paragraph(_text(f"({short})"), styles.head))
        return parts

    russian = column(school.full_name, getattr(school, "short_name", ""), authority)
    second_full = getattr(school, "full_name_second_language", "") or ""
    header: list[Flowable]
    if second_full:
        second = column(second_full, getattr(school, "short_name_second_language", "") or "", "")
        table = RLTable([[russian, second]], colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2])
        table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LINEAFTER", (0, 0), (0, 0), 0.4, colors.black),
        ]))
        header = [table]
    else:
        header = russian
    approve_style = styles.make("approve", fontSize=13, leading=16, alignment=TA_LEFT, firstLineIndent=0,
                                spaceAfter=0)
    approve = [
        Paragraph("<b>УТВЕРЖДАЮ</b>", approve_style),
        Paragraph(_text(f"Директор {getattr(school, 'short_name', '')}"), approve_style),
        Spacer(1, 4 * mm),
        Paragraph(_text(f"______________ {director}" if director else "______________ / ______________ /"),
                  approve_style),
        Paragraph("«____» ______________ 20____ г.", approve_style),
    ]
    approve_table = RLTable([["", approve]], colWidths=[TEXT_WIDTH * 0.5, TEXT_WIDTH * 0.5])
    approve_table.setStyle(RLTableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    big = styles.make("big", parent=styles.centred, fontSize=18, leading=23, spaceAfter=8)
    subject = styles.make("subject", parent=styles.centred, fontSize=15, leading=19, spaceAfter=6)
    return [
        *header, Spacer(1, 2 * mm), _DoubleRule(), Spacer(1, 10 * mm),
        approve_table, Spacer(1, 45 * mm),
        Paragraph(f"<b>{TITLE}</b>", big),
        Paragraph(_text(SUBJECT), subject),
        # The abbreviation is not declined in Russian: «в МБОУ «ООШ с. Мескеты»», as the seed writes it.
        Paragraph(_text(f"в {getattr(school, 'short_name', '') or school.full_name}"), subject),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>за {_text(year)} учебный год</b>", subject),
    ]


class _DoubleRule(Flowable):
    """The thick-and-thin rule under a letterhead (as in reports.pdf)."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 3

    def draw(self) -> None:
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 3, self.width, 3)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 0.5, self.width, 0.5)


def _section(section: ReportSection, styles: _Styles) -> list[Flowable]:
    flowables: list[Flowable] = [CondPageBreak(40 * mm),
                                 Paragraph(f"<b>{section.number}. {_text(section.title)}</b>", styles.section)]
    for item in section.items:
        if isinstance(item, ReportTable):
            flowables += _table(item, styles)
        elif isinstance(item, ReportChart):
            flowables.append(_chart(item, styles))
        else:
            flowables.append(Paragraph(_text(item), styles.body))
    return flowables


def _table(table: ReportTable, styles: _Styles) -> list[Flowable]:
    columns = len(table.header)
    fractions = list(table.widths) if table.widths else [1 / columns] * columns
    widths = [TEXT_WIDTH * fraction / sum(fractions) for fraction in fractions]
    data: list[list[Any]] = [[Paragraph(f"<b>{_text(h)}</b>", styles.header_cell) for h in table.header]]
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        bold = table.total_row and index == last
        cells = []
        for value in row:
            style = styles.number if isinstance(value, int | float) else styles.cell
            text = _text(_cell(value))
            cells.append(Paragraph(f"<b>{text}</b>" if bold else text, style))
        data.append(cells + [""] * (columns - len(cells)))
    rl_table = RLTable(data, colWidths=widths, repeatRows=1)
    rl_table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    flowables: list[Flowable] = []
    if table.caption:
        flowables.append(Paragraph(_text(table.caption), styles.caption))
    flowables += [rl_table, Spacer(1, 4 * mm)]
    return flowables


def _chart(chart: ReportChart, styles: _Styles) -> Flowable:
    """A horizontal bar chart: the categories' names are long, so they go on the left."""
    bars = len(chart.values)
    row = 9 * mm
    label_width = 62 * mm
    plot_width = TEXT_WIDTH - label_width - 12 * mm
    height = bars * row + 16 * mm
    drawing = Drawing(TEXT_WIDTH, height)
    drawing.initialFontName = FONT  # otherwise the renderer starts from Helvetica, embedding a second font
    bar_chart = HorizontalBarChart()
    bar_chart.x, bar_chart.y = label_width, 12 * mm
    bar_chart.width, bar_chart.height = plot_width, bars * row
    # Top to bottom in the order of the table above.
    bar_chart.data = [list(reversed(chart.values))]
    bar_chart.categoryAxis.categoryNames = list(reversed(chart.labels))
    bar_chart.categoryAxis.labels.fontName = FONT
    bar_chart.categoryAxis.labels.fontSize = 10.5
    bar_chart.categoryAxis.labels.boxAnchor = "e"
    bar_chart.categoryAxis.labels.dx = -3
    top = max(chart.values, default=0)
    step = max(1, -(-top // 5))
    bar_chart.valueAxis.valueMin = 0
    bar_chart.valueAxis.valueMax = max(step * 5, 1)
    bar_chart.valueAxis.valueStep = step
    bar_chart.valueAxis.labels.fontName = FONT
    bar_chart.valueAxis.labels.fontSize = 10
    bar_chart.valueAxis.visibleGrid = True
    bar_chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    bar_chart.valueAxis.gridStrokeWidth = 0.3
    bar_chart.bars[0].fillColor = colors.Color(0.18, 0.33, 0.55)
    bar_chart.bars[0].strokeColor = colors.black
    bar_chart.bars[0].strokeWidth = 0.3
    bar_chart.barLabelFormat = "%d"
    bar_chart.barLabels.fontName = FONT
    bar_chart.barLabels.fontSize = 10
    bar_chart.barLabels.boxAnchor = "w"
    bar_chart.barLabels.dx = 3
    bar_chart.barWidth = 6
    drawing.add(bar_chart)
    drawing.add(String(label_width + plot_width, 1 * mm, "количество пар и групп", fontName=FONT, fontSize=9.5,
                       textAnchor="end"))
    return KeepTogether([Spacer(1, 2 * mm), drawing,
                         Paragraph(_text(chart.caption), styles.make("figure", parent=styles.caption,
                                                                      alignment=TA_CENTER, keepWithNext=0)),
                         Spacer(1, 4 * mm)])


def _signatures(styles: _Styles, *, director: str, curator: str, built_on: dt.date) -> list[Flowable]:
    line = styles.make("sign", alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
    right = styles.make("sign-right", parent=line, alignment=TA_RIGHT)
    hint = styles.make("sign-hint", parent=line, fontSize=9, leading=10, alignment=TA_CENTER)
    rows = []
    for position, name in (("Куратор", curator), ("Директор", director)):
        rows.append([Paragraph(_text(position), line),
                     [Paragraph("_" * 18, styles.make("sign-line", parent=line, alignment=TA_CENTER)),
                      Paragraph("(подпись)", hint)],
                     Paragraph(_text(name or "______________"), right)])
    table = RLTable(rows, colWidths=[TEXT_WIDTH * 0.38, TEXT_WIDTH * 0.32, TEXT_WIDTH * 0.30])
    table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
    ]))
    return [Spacer(1, 8 * mm), KeepTogether([
        Paragraph(_text(f"Отчёт составлен {date_numeric(built_on)}."), styles.left), Spacer(1, 6 * mm), table])]


# --- XLSX -------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def report_xlsx(*, school: Any, year: str, sections: Sequence[ReportSection], built_on: dt.date) -> bytes:
    """The same sections as the PDF, one sheet each, after a title sheet; numbers stay numbers."""
    book = Workbook()
    summary = book.active
    summary.title = "Отчёт"
    for row in (
        [f"{TITLE.capitalize()} {SUBJECT}"], [school.full_name], [f"{year} учебный год"],
        [f"Составлен {date_numeric(built_on)}"], [],
        ["Раздел", "Лист"], *[[f"{s.number}. {s.title}", s.sheet] for s in sections],
    ):
        summary.append(row)
    summary["A1"].font = Font(bold=True, size=13)
    summary["A6"].font = summary["B6"].font = Font(bold=True)
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["B"].width = 24
    for section in sections:
        _sheet(book, section, school=school, year=year)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, section: ReportSection, *, school: Any, year: str) -> None:
    sheet = book.create_sheet(section.sheet[:31])
    sheet.append([f"{section.number}. {section.title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{school.short_name or school.full_name}, {year} учебный год"])
    sheet.append([])
    widths: dict[int, int] = {1: 40}
    for item in section.items:
        if isinstance(item, ReportTable):
            if item.caption:
                sheet.append([item.caption])
                sheet.cell(sheet.max_row, 1).font = Font(italic=True)
            sheet.append(list(item.header))
            head = sheet.max_row
            for column in range(1, len(item.header) + 1):
                cell = sheet.cell(head, column)
                cell.font = Font(bold=True)
                cell.border = _BORDER
                cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            for index, row in enumerate(item.rows):
                sheet.append(list(row))
                for column, value in enumerate(row, start=1):
                    cell = sheet.cell(sheet.max_row, column)
                    cell.border = _BORDER
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    if item.total_row and index == len(item.rows) - 1:
                        cell.font = Font(bold=True)
                    widths[column] = max(widths.get(column, 10), min(60, len(str(value)) + 2))
            for column, header in enumerate(item.header, start=1):
                widths[column] = max(widths.get(column, 10), min(60, len(str(header)) + 2))
            sheet.append([])
        elif isinstance(item, ReportChart):
            sheet.append([item.caption])
            sheet.cell(sheet.max_row, 1).font = Font(italic=True)
            first = sheet.max_row + 1
            for label, value in zip(item.labels, item.values, strict=True):
                sheet.append([label, value])
            last = sheet.max_row
            chart = BarChart()
            chart.type = "bar"
            chart.title = item.caption
            chart.legend = None
            chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=False)
            chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
            chart.height, chart.width = 8, 18
            sheet.add_chart(chart, f"A{last + 2}")
            for _ in range(18):
                sheet.append([])
        else:
            sheet.append([item])
            sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
            widths[1] = max(widths[1], 90 if len(item) > 60 else widths[1])
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
