"""The editable twin of an official PDF: a minimal, valid DOCX written with the standard library.

A school edits the order or the regulation before the director signs it, so every document
that `reports.pdf.official_document` prints is also written as Office Open XML
(ECMA-376, transitional): a zip of `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
`word/styles.xml`, `word/_rels/document.xml.rels` and `docProps/core.xml`. It takes the same
blocks (`Para`, `Heading`, `Items`, `Table`, `Signature`, `Addressee`, `FillLine`, `Space`) and
lays them out like the PDF: A4, margins 30/15/20/20 mm, Times New Roman 14 pt, justified
paragraphs with a 12.5 mm first-line indent, the school's letterhead (with the second
language in a second column), ruled tables with a repeated header row.

(python-docx would do the same with less code; the project's requirements do not have it.)
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Twentieths of a point: A4 and the GOST R 7.0.97 margins of reports.pdf.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 1701, 850, 1134, 1134
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
INDENT = 709  # 12.5 mm
BODY_HALF_POINTS = 28  # 14 pt

_JC = {"left": "left", "centre": "center", "right": "right", "justify": "both"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    return escape(_INVALID_XML.sub("", value))


def _run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if size is not None:
        half = round(size * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = text.split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(part)}</w:t>' for part in parts)
    return f"<w:r>{rpr}{body}</w:r>"


def paragraph(
    text: str = "", *, align: str = "justify", bold: bool = False, italic: bool = False, size: float | None = None,
    indent: bool = False, before: int = 0, after: int = 0, border_below: bool = False, keep_next: bool = False,
) -> str:
    props = []
    if keep_next:
        props.append("<w:keepNext/>")
    if border_below:
        props.append('<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="12" w:space="1" w:color="auto"/></w:pBdr>')
    props.append(f'<w:spacing w:before="{before}" w:after="{after}"/>')
    if indent:
        props.append(f'<w:ind w:firstLine="{INDENT}"/>')
    props.append(f'<w:jc w:val="{_JC[align]}"/>')
    run = _run(text, bold=bold, italic=italic, size=size) if text else ""
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{run}</w:p>"


def _borders(kind: str) -> str:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    if kind == "none":
        return "<w:tblBorders>" + "".join(f'<w:{side} w:val="nil"/>' for side in sides) + "</w:tblBorders>"
    return "<w:tblBorders>" + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in sides) + "</w:tblBorders>"


def table(
    rows: Sequence[Sequence[str | Sequence[str]]], *, widths: Sequence[float], header_rows: int = 0,
    ruled: bool = True, size: float = 12,
) -> str:
    """A table; a cell holds text or a list of lines (each its own paragraph)."""
    total = sum(widths) or 1
    twips = [round(TEXT_W * width / total) for width in widths]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
    margins = '<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>{_borders("single" if ruled else "none")}'
           f'<w:tblLayout w:type="fixed"/>{margins}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for index, row in enumerate(rows):
        is_header = index < header_rows
        cells = list(row) + [""] * (len(twips) - len(row))
        header = "<w:tblHeader/>" if is_header else ""
        out.append(f"<w:tr><w:trPr>{header}<w:cantSplit/></w:trPr>")
        for width, cell in zip(twips, cells, strict=False):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            lines = [cell] if isinstance(cell, str) else list(cell) or [""]
            for line in lines:
                out.append(paragraph(str(line), align="centre" if is_header else "left", bold=is_header, size=size))
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# --- the parts of an official document --------------------------------------------------


def _letterhead(school: Any, authority: str) -> list[str]:
    def column(full: str, short: str, founder: str) -> list[str]:
        lines = []
        if founder:
            lines.append(paragraph(founder, align="centre", size=11.5))
        lines.append(paragraph(full, align="centre", bold=True, size=12))
        if short and short.strip() != full.strip():
            lines.append(paragraph(f"({short})", align="centre", size=11.5))
        return lines

    russian = column(school.full_name, getattr(school, "short_name", "") or "", authority)
    second_full = getattr(school, "full_name_second_language", "") or ""
    parts: list[str]
    if second_full:
        second = column(second_full, getattr(school, "short_name_second_language", "") or "", "")
        parts = [_raw_cells_table([russian, second], widths=[0.5, 0.5], rule=True)]
    else:
        parts = russian
    return [*parts, paragraph("", border_below=True, after=240, size=4)]


def _raw_cells_table(cells: Sequence[list[str]], *, widths: Sequence[float], rule: bool = False) -> str:
    """A borderless one-row table whose cells hold ready paragraphs (a rule between the columns)."""
    total = sum(widths)
    twips = [round(TEXT_W * width / total) for width in widths]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>{_borders("none")}'
           f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid><w:tr>']
    for index, (width, content) in enumerate(zip(twips, cells, strict=True)):
        border = ('<w:tcBorders><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>'
                if rule and index == 0 else "")
        inner = "".join(content) or paragraph()
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{border}</w:tcPr>{inner}</w:tc>')
    out.append("</w:tr></w:tbl>")
    return "".join(out)


def _title(*, title: str, number: str | None, date: dt.date | None, heading: str, locality: str) -> list[str]:
    parts = []
    if title:
        parts.append(paragraph(title, align="centre", bold=True, size=16, after=80))
    line = []
    if number is not None:
        line.append(f"№ {number.strip() or '________'}")
    if date is not None:
        line.append(f"от {date_numeric(date)}")
    if line:
        parts.append(paragraph(" ".join(line), align="centre"))
    if locality:
        parts.append(paragraph(locality, align="centre", size=12))
    if heading:
        parts.append(paragraph(heading, align="centre", bold=True, before=240))
    parts.append(paragraph("", after=120))
    return parts


def _block(block: Block) -> list[str]:  # noqa: C901 - one branch per block kind, as in reports.pdf
    if isinstance(block, Para):
        return [paragraph(block.text, align=block.align, bold=block.bold, italic=block.italic,
                          size=block.size if block.size != BODY_HALF_POINTS / 2 else None, indent=block.indent)]
    if isinstance(block, Heading):
        return [paragraph(block.text, align=block.align, bold=True, before=120, after=80, keep_next=True)]
    if isinstance(block, Items):
        out = []
        for index, item in enumerate(block.items, start=block.start):
            text, children = (item, ()) if isinstance(item, str) else item
            out.append(paragraph(f"{index}. {text}", indent=True))
            out += [paragraph(f"{index}.{sub}. {child}", indent=True) for sub, child in enumerate(children, start=1)]
        return out
    if isinstance(block, Table):
        columns = len(block.header) if block.header else max((len(row) for row in block.rows), default=1)
        widths = list(block.widths) if block.widths else [1.0] * columns
        rows = ([list(block.header)] if block.header else []) + [[str(value) for value in row] for row in block.rows]
        return [paragraph("", after=60), table(rows, widths=widths, header_rows=1 if block.header else 0,
                                               size=block.size), paragraph("", after=60)]
    if isinstance(block, Signature):
        line = ["__________________", *([block.note] if block.note else [])]
        return [paragraph("", before=240), _raw_cells_table(
            [[paragraph(block.position, align="left")],
             [paragraph(line[0], align="centre"), *[paragraph(note, align="centre", size=9) for note in line[1:]]],
             [paragraph(block.name, align="right")]],
            widths=[0.38, 0.32, 0.30])]
    if isinstance(block, Addressee):
        return [_raw_cells_table([[paragraph()], [paragraph(line, align="left", size=13) for line in block.lines]],
                                 widths=[0.45, 0.55]),
                paragraph("", after=120)]
    if isinstance(block, FillLine):
        value = block.value or "_" * 30
        out = [paragraph(f"{block.label} {value}".strip(), align="left")]
        if block.hint:
            out.append(paragraph(block.hint, align="centre", size=9))
        return out
    if isinstance(block, Space):
        return [paragraph("", after=round(block.height_mm * 56.7))]
    raise TypeError(f"not a document block: {block!r}")


def document_xml(
    *, school: Any, title: str, blocks: Iterable[Block], number: str | None = None, date: dt.date | None = None,
    heading: str = "", locality: str | None = None, authority: str = "", with_header: bool = True, mark: str = "",
) -> str:
    body: list[str] = []
    if with_header:
        body += _letterhead(school, authority)
    if mark:
        body.append(paragraph(mark, align="right", bold=True))
    body += _title(title=title, number=number, date=date, heading=heading,
                   locality=school_locality(school) if locality is None else locality)
    for block in blocks:
        body += _block(block)
    body.append(paragraph())
    section = (f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
               f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
               f'w:left="{MARGIN_LEFT}" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}{section}</w:body></w:document>')


_PKG = "http://schemas.openxmlformats.org/package/2006"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OOXML = "application/vnd.openxmlformats"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = "".join([
    _XML_HEAD, f'<Types xmlns="{_PKG}/content-types">',
    f'<Default Extension="rels" ContentType="{_OOXML}-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    '<Override PartName="/word/document.xml" '
    f'ContentType="{_OOXML}-officedocument.wordprocessingml.document.main+xml"/>',
    f'<Override PartName="/word/styles.xml" ContentType="{_OOXML}-officedocument.wordprocessingml.styles+xml"/>',
    f'<Override PartName="/docProps/core.xml" ContentType="{_OOXML}-package.core-properties+xml"/>',
    "</Types>",
])

_PACKAGE_RELS = "".join([
    _XML_HEAD, f'<Relationships xmlns="{_PKG}/relationships">',
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/officeDocument" Target="word/document.xml"/>',
    f'<Relationship Id="rId2" Type="{_PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>',
    "</Relationships>",
])

_DOCUMENT_RELS = "".join([
    _XML_HEAD, f'<Relationships xmlns="{_PKG}/relationships">',
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/styles" Target="styles.xml"/>',
    "</Relationships>",
])

_FONT = "Times New Roman"
_STYLES = "".join([
    _XML_HEAD, f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>',
    f'<w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:eastAsia="{_FONT}" w:cs="{_FONT}"/>',
    f'<w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/>',
    '<w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>',
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>',
    "</w:docDefaults>",
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>',
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>',
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>',
    "</w:tblCellMar></w:tblPr></w:style></w:styles>",
])


def _core(title: str, author: str) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (_XML_HEAD + f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(title)}</dc:title><dc:creator>{_text(author)}</dc:creator><dc:language>ru-RU</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created></cp:coreProperties>')


def official_docx(
    *, school: Any, title: str, blocks: Sequence[Block], number: str | None = None, date: dt.date | None = None,
    heading: str = "", locality: str | None = None, authority: str = "", with_header: bool = True,
    author: str = "", mark: str = "",
) -> bytes:
    """The DOCX of the document `reports.pdf.official_document` would print with the same arguments."""
    document = document_xml(school=school, title=title, blocks=blocks, number=number, date=date, heading=heading,
                            locality=locality, authority=authority, with_header=with_header, mark=mark)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("word/document.xml", document)
        package.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        package.writestr("word/styles.xml", _STYLES)
        package.writestr("docProps/core.xml", _core(" ".join(p for p in (title, heading) if p),
                                                    author or getattr(school, "short_name", "")))
    return buffer.getvalue()


def docx_text(content: bytes) -> str:
    """The words of a DOCX, paragraphs joined by spaces (for tests and search)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", " ", xml)
    xml = re.sub(r"<w:br/>", " ", xml)
    text = re.sub(r"<[^>]+>", "", xml)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


