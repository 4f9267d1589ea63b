"""The district's report as PDF and XLSX, from the same sections (rendered by reports.sections).

What is the district's own is here: the title page — the education department's name as the
letterhead, the title, the schools covered, the date — and the closing lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from reports.pdf import date_numeric
from reports.sections import DoubleRule, ReportSection, SectionStyles, sections_pdf, sections_xlsx, text

TITLE = "ОТЧЁТ"
SUBJECT = ("о реализации целевой модели наставничества педагогических работников "
           "в общеобразовательных организациях района")
# The title page lists the schools by name up to this many; a longer list is in section 2.
NAMES_ON_TITLE = 12


def full_title(year: str) -> str:
    """«Отчёт о реализации … района за 2025/2026 учебный год»."""
    return f"{TITLE.capitalize()} {SUBJECT} за {year} учебный год"


def coverage_line(*, all_schools: bool, names: Sequence[str]) -> str:
    """Which schools the report covers, in words."""
    count = len(names)
    if all_schools:
        return f"Охвачены все общеобразовательные организации района: {count}."
    if count <= NAMES_ON_TITLE:
        return f"Охвачены выбранные общеобразовательные организации ({count}): {', '.join(names)}."
    return f"Охвачены выбранные общеобразовательные организации: {count} (перечень — в разделе 2)."


def district_pdf(*, authority: str, year: str, sections: Sequence[ReportSection], coverage: str,
                 built_on: dt.date, as_of: dt.date | None) -> bytes:
    """The report as an A4 PDF: a title page, the numbered sections, the closing lines."""
    styles = SectionStyles()
    return sections_pdf(
        styles=styles, sections=sections,
        title_page=_title_page(styles, authority=authority, year=year, coverage=coverage, built_on=built_on),
        closing=_closing(styles, built_on=built_on, as_of=as_of),
        title=full_title(year), author=authority, subject=SUBJECT, footer=str(built_on.year),
    )


def _title_page(styles: SectionStyles, *, authority: str, year: str, coverage: str,
                built_on: dt.date) -> list[Flowable]:
    letterhead = styles.make("letterhead", parent=styles.head, fontSize=13, leading=16)
    big = styles.make("big", parent=styles.centred, fontSize=18, leading=23, spaceAfter=8)
    subject = styles.make("subject", parent=styles.centred, fontSize=15, leading=19, spaceAfter=6)
    return [
        Paragraph(f"<b>{text(authority)}</b>", letterhead), Spacer(1, 2 * mm), DoubleRule(), Spacer(1, 60 * mm),
        Paragraph(f"<b>{TITLE}</b>", big),
        Paragraph(text(SUBJECT), subject),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>за {text(year)} учебный год</b>", subject),
        Spacer(1, 20 * mm),
        Paragraph(text(coverage), styles.left),
        Paragraph(text(f"Дата составления: {date_numeric(built_on)}."), styles.left),
    ]


def _closing(styles: SectionStyles, *, built_on: dt.date, as_of: dt.date | None) -> list[Flowable]:
    line = styles.make("closing", alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0)
    source = "Отчёт составлен по сведениям, которые общеобразовательные организации ведут в платформе наставничества"
    if as_of is not None:
        source += f" (сведения подсчитаны по состоянию на {date_numeric(as_of)})"
    return [Spacer(1, 8 * mm), KeepTogether([
        Paragraph(text(f"{source}. Дата составления: {date_numeric(built_on)}."), styles.left),
        Spacer(1, 10 * mm),
        Paragraph(text("Ответственный за отчёт _______________ / _________________ /"), line),
    ])]


def district_xlsx(*, authority: str, year: str, sections: Sequence[ReportSection], coverage: str,
                  built_on: dt.date) -> bytes:
    """The same sections as the PDF, one sheet each, after a title sheet; numbers stay numbers."""
    return sections_xlsx(
        heading=[full_title(year), authority, coverage, f"Составлен {date_numeric(built_on)}"],
        sections=sections, subtitle=f"{authority}, {year} учебный год")
