"""The editable twin of an official PDF: a DOCX filled from a real template with docxtpl.

A school edits the order or the regulation before the director signs it, so every document that
`reports.pdf.official_document` prints is also a DOCX. The letterhead, the title, the number and
the date come from a DOCX template kept in the repository (`docx_templates/official.docx`: A4,
margins 30/15/20/20 mm, Times New Roman 14 pt) — or from the district's own template of the
document kind (`district.DocxTemplate`, uploaded at `/templates/docx/`), checked so that it uses only the
placeholders below. The body (`{{p body }}`) is the same blocks as the PDF (`Para`, `Heading`,
`Items`, `Table`, `Signature`, `Addressee`, `FillLine`, `Space`) laid out with python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc

from reports.pdf import (
    Addressee,
    Block,
    FillLine,
    Heading,
    Items,
    Para,
    Signature,
    Space,
    Table,
    date_numeric,
    school_locality,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OFFICIAL_TEMPLATE = Path(__file__).resolve().parent / "docx_templates" / "official.docx"
TEXT_WIDTH_MM = 165  # A4 less the margins of 30 and 15 mm

# What a DOCX template may use, with what it stands for (the district's upload is checked against it).
PLACEHOLDERS: dict[str, str] = {
    "authority": "the education department above the school's name",
    "school_full_name": "the school's full name",
    "school_short_name": "the school's short name in brackets",
    "school_second_language": "the school's full name in the second language",
    "school_second_short_name": "the school's short name in the second language",
    "mark": "«ПРОЕКТ» on a draft",
    "title": "ПРИКАЗ, СОГЛАШЕНИЕ, СОГЛАСИЕ…",
    "number_line": "«№ 116/1 от 31.08.2022»",
    "locality": "the school's locality",
    "heading": "what the document is about",
    "body": "the text of the document, as {{p body }} alone in its paragraph",
}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


# --- the body, block by block --------------------------------------------------------------


def _paragraph(doc: Any, text: str = "", *, align: str = "justify", bold: bool = False, italic: bool = False,
               size: float | None = None, indent: bool = False, before: float = 0, after: float = 0) -> Any:
    paragraph = doc.add_paragraph()
    paragraph.alignment = _ALIGN[align]
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(before), Pt(after)
    if indent:
        form.first_line_indent = Mm(12.5)
    for number, line in enumerate(_clean(text).split("\n")):
        if number:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        run.bold, run.italic = bold or None, italic or None
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def _lines(doc: Any, text: str, **kwargs: Any) -> None:
    """A paragraph per line of `text` (a cell or a body line may hold several)."""
    for line in text.split("\n") or [""]:
        _paragraph(doc, line, **kwargs)


def _cells_table(doc: Any, widths: Sequence[float], *, grid: bool) -> Any:
    table = doc.add_table(rows=0, cols=len(widths))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(widths)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(TEXT_WIDTH_MM * width / total)
    return table


def _fill_cell(cell: Any, text: str, *, align: str = "left", bold: bool = False, size: float | None = None) -> None:
    lines = _clean(text).split("\n")
    first = cell.paragraphs[0]
    first.alignment = _ALIGN[align]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = _ALIGN[align]
        run = paragraph.add_run(line)
        run.bold = bold or None
        if size is not None:
            run.font.size = Pt(size)


def _table(doc: Any, block: Table) -> None:
    columns = len(block.header) if block.header else max((len(row) for row in block.rows), default=1)
    widths = list(block.widths) if block.widths else [1.0] * columns
    table = _cells_table(doc, widths, grid=True)
    if block.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, block.header, strict=False):
            _fill_cell(cell, str(text), align="centre", bold=True, size=block.size)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            _fill_cell(cell, str(value), size=block.size)
    _paragraph(doc, after=3)


def _block(doc: Any, block: Block) -> None:  # noqa: C901 - one branch per block kind, as in reports.pdf
    if isinstance(block, Para):
        _lines(doc, block.text, align=block.align, bold=block.bold, italic=block.italic,
               size=block.size if block.size != 14 else None, indent=block.indent)
    elif isinstance(block, Heading):
        _paragraph(doc, block.text, align=block.align, bold=True, before=6, after=4)
    elif isinstance(block, Items):
        for index, item in enumerate(block.items, start=block.start):
            text, children = (item, ()) if isinstance(item, str) else item
            _paragraph(doc, f"{index}. {text}", indent=True)
            for sub, child in enumerate(children, start=1):
                _paragraph(doc, f"{index}.{sub}. {child}", indent=True)
    elif isinstance(block, Table):
        _paragraph(doc, after=3)
        _table(doc, block)
    elif isinstance(block, Signature):
        _paragraph(doc, before=12)
        cells = _cells_table(doc, [0.38, 0.32, 0.30], grid=False).add_row().cells
        _fill_cell(cells[0], block.position)
        _fill_cell(cells[1], "__________________" + (f"\n{block.note}" if block.note else ""), align="centre")
        _fill_cell(cells[2], block.name, align="right")
    elif isinstance(block, Addressee):
        cells = _cells_table(doc, [0.45, 0.55], grid=False).add_row().cells
        _fill_cell(cells[1], "\n".join(block.lines), size=13)
        _paragraph(doc, after=6)
    elif isinstance(block, FillLine):
        _paragraph(doc, f"{block.label} {block.value or '_' * 30}".strip(), align="left")
        if block.hint:
            _paragraph(doc, block.hint, align="centre", size=9)
    elif isinstance(block, Space):
        _paragraph(doc, after=block.height_mm * 2.835)
    else:
        raise TypeError(f"not a document block: {block!r}")


def _body(template: DocxTemplate, blocks: Sequence[Block]) -> Subdoc:
    body = template.new_subdoc()
    for block in blocks:
        _block(body, block)
    return body


# --- the template ----------------------------------------------------------------------------


def template_placeholders(content: bytes) -> set[str]:
    """Every name a DOCX template uses (docxtpl's own reading of its Jinja tags)."""
    template = DocxTemplate(io.BytesIO(content))
    return set(template.get_undeclared_template_variables())


def template_check(content: bytes, *, template: str) -> None:
    """Refuse a DOCX template that is not a DOCX, uses a placeholder the documents do not know (naming it),
    or has no place for the body."""
    try:
        names = template_placeholders(content)
    except Exception as error:  # docxtpl raises zip, XML and Jinja errors alike
        raise ValidationError({"file": ValidationError(
            _("The file of the template «%(template)s» is not a DOCX template that can be read: %(error)s."),
            code="invalid_docx", params={"template": template, "error": str(error)[:200]})}) from error
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError({"file": ValidationError(
            _("Unknown placeholder «{{ %(name)s }}» in the template «%(template)s». Known placeholders: %(known)s."),
            code="unknown_placeholder",
            params={"name": unknown[0], "template": template, "known": ", ".join(sorted(PLACEHOLDERS))})})
    if "body" not in names:
        raise ValidationError({"file": ValidationError(
            _("The template «%(template)s» has no place for the text of the document: put {{p body }} alone in "
              "a paragraph."), code="no_body", params={"template": template})})


def official_docx(
    *, school: Any, title: str, blocks: Sequence[Block], number: str | None = None, date: dt.date | None = None,
    heading: str = "", locality: str | None = None, authority: str = "", with_header: bool = True,
    author: str = "", mark: str = "", template: bytes | None = None,
) -> bytes:
    """The DOCX of the document `reports.pdf.official_document` would print with the same arguments, filled into
    `template` (a checked DOCX template) or the repository's official template."""
    tpl = DocxTemplate(io.BytesIO(template) if template is not None else str(OFFICIAL_TEMPLATE))
    line = []
    if number is not None:
        line.append(f"№ {number.strip() or '________'}")
    if date is not None:
        line.append(f"от {date_numeric(date)}")
    full = school.full_name if with_header else ""
    short = (getattr(school, "short_name", "") or "") if with_header else ""
    second = (getattr(school, "full_name_second_language", "") or "") if with_header else ""
    second_short = (getattr(school, "short_name_second_language", "") or "") if with_header else ""
    context = {
        "authority": authority if with_header else "",
        "school_full_name": full,
        "school_short_name": f"({short})" if short and short.strip() != full.strip() else "",
        "school_second_language": second,
        "school_second_short_name": f"({second_short})" if second and second_short else "",
        "mark": mark,
        "title": title,
        "number_line": " ".join(line),
        "locality": school_locality(school) if locality is None else locality,
        "heading": heading,
        "body": _body(tpl, blocks),
    }
    tpl.render({key: _clean(value) if isinstance(value, str) else value for key, value in context.items()},
               autoescape=True)
    properties = tpl.docx.core_properties
    properties.title = " ".join(part for part in (title, heading) if part)
    properties.author = author or getattr(school, "short_name", "")
    properties.language = "ru-RU"
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def docx_text(content: bytes) -> str:
    """The words of a DOCX read back with python-docx: paragraphs and table cells in order, joined by spaces."""
    document = Document(io.BytesIO(content))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for cell_text in (node.text or "" for node in child.iter() if node.tag.endswith("}t")):
                parts.append(cell_text)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
