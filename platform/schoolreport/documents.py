"""The final analytic report as PDF (reportlab) and XLSX (openpyxl), from the same sections.

The sections, their tables and chart are rendered by reports.sections (shared with the district's
report); what is the school's own is here: the title page with the school's letterhead (and its
second-language name) and «УТВЕРЖДАЮ», and the signatures of the curator and the director.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

from reports.pdf import FONT, TEXT_WIDTH, date_numeric
from reports.sections import DoubleRule, ReportSection, SectionStyles, sections_pdf, sections_xlsx, text

TITLE = "ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ"
SUBJECT = "о реализации целевой модели наставничества педагогических работников"


# --- PDF ---------------------------------------------------------------------------------------------------


def report_pdf(
    *, school: Any, year: str, sections: Sequence[ReportSection], authority: str, director: str, curator: str,
    built_on: dt.date,
) -> bytes:
    """The report as an A4 PDF: a title page, the numbered sections, the signatures."""
    styles = SectionStyles()
    place = f"{getattr(school, 'locality', '') or ''}".strip()
    return sections_pdf(
        styles=styles, sections=sections,
        title_page=_title_page(school, styles, year=year, authority=authority, director=director),
        closing=_signatures(styles, director=director, curator=curator, built_on=built_on),
        title=f"{TITLE.capitalize()} за {year} учебный год", author=getattr(school, "short_name", ""),
        subject=SUBJECT, footer=", ".join(part for part in (place, str(built_on.year)) if part),
    )


def _title_page(school: Any, styles: SectionStyles, *, year: str, authority: str, director: str) -> list[Flowable]:
    name = styles.make("head-name", parent=styles.head, fontSize=12, leading=14.5)

    def column(full: str, short: str, founder: str) -> list[Flowable]:
        parts: list[Flowable] = []
        if founder:
            parts.append(Paragraph(text(founder), styles.head))
        parts.append(Paragraph(f"<b>{text(full)}</b>", name))
        if short and short.strip() != full.strip():
            parts.append(Paragraph(text(f"({short})"), styles.head))
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
        Paragraph(text(f"Директор {getattr(school, 'short_name', '')}"), approve_style),
        Spacer(1, 4 * mm),
        Paragraph(text(f"______________ {director}" if director else "______________ / ______________ /"),
                  approve_style),
        Paragraph("«____» ______________ 20____ г.", approve_style),
    ]
    approve_table = RLTable([["", approve]], colWidths=[TEXT_WIDTH * 0.5, TEXT_WIDTH * 0.5])
    approve_table.setStyle(RLTableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    big = styles.make("big", parent=styles.centred, fontSize=18, leading=23, spaceAfter=8)
    subject = styles.make("subject", parent=styles.centred, fontSize=15, leading=19, spaceAfter=6)
    return [
        *header, Spacer(1, 2 * mm), DoubleRule(), Spacer(1, 10 * mm),
        approve_table, Spacer(1, 45 * mm),
        Paragraph(f"<b>{TITLE}</b>", big),
        Paragraph(text(SUBJECT), subject),
        # The abbreviation is not declined in Russian: «в МБОУ «ООШ с. Мескеты»», as the seed writes it.
        Paragraph(text(f"в {getattr(school, 'short_name', '') or school.full_name}"), subject),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>за {text(year)} учебный год</b>", subject),
    ]


def _signatures(styles: SectionStyles, *, director: str, curator: str, built_on: dt.date) -> list[Flowable]:
    line = styles.make("sign", alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
    right = styles.make("sign-right", parent=line, alignment=TA_RIGHT)
    hint = styles.make("sign-hint", parent=line, fontSize=9, leading=10, alignment=TA_CENTER)
    rows = []
    for position, name in (("Куратор", curator), ("Директор", director)):
        rows.append([Paragraph(text(position), line),
                     [Paragraph("_" * 18, styles.make("sign-line", parent=line, alignment=TA_CENTER)),
                      Paragraph("(подпись)", hint)],
                     Paragraph(text(name or "______________"), right)])
    table = RLTable(rows, colWidths=[TEXT_WIDTH * 0.38, TEXT_WIDTH * 0.32, TEXT_WIDTH * 0.30])
    table.setStyle(RLTableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
    ]))
    return [Spacer(1, 8 * mm), KeepTogether([
        Paragraph(text(f"Отчёт составлен {date_numeric(built_on)}."), styles.left), Spacer(1, 6 * mm), table])]


# --- XLSX -------------------------------------------------------------------------------------------------


def report_xlsx(*, school: Any, year: str, sections: Sequence[ReportSection], built_on: dt.date) -> bytes:
    """The same sections as the PDF, one sheet each, after a title sheet; numbers stay numbers."""
    return sections_xlsx(
        heading=[f"{TITLE.capitalize()} {SUBJECT}", school.full_name, f"{year} учебный год",
                 f"Составлен {date_numeric(built_on)}"],
        sections=sections, subtitle=f"{school.short_name or school.full_name}, {year} учебный год")
