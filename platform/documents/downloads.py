"""A generated document as an HTTP download, for the pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

from documents import selectors
from documents.catalogue import DocumentKind
from documents.generate import SCHOOL_FILES, OfficialFile, pair_order_file, programme_file, roadmap_file
from formats.filenames import download_response
from people.models import Membership, Person
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from tenants.models import School

FORMATS = ("pdf", "docx")


def school_file_for(
    *, membership: Membership | None, person: Person, school: School, kind: str, programme_id: Any = None,
    pair_id: Any = None, year: str | None = None,
) -> OfficialFile:
    """The document of `kind` for the school (its programme or pair looked up for the person), of the academic
    year chosen (`year` as «2026/2027»; the current one when not given); 404 otherwise."""
    if not selectors.may_generate(membership) or kind not in DocumentKind.values:
        raise Http404
    academic_year = selectors.document_year(year)
    if kind == DocumentKind.PROGRAMME:
        if not programme_id:
            raise Http404
        programme = selectors.programme_for_documents(membership=membership, programme_id=programme_id)
        return programme_file(school=school, programme=programme, year=academic_year)
    if kind == DocumentKind.PAIR_ORDER:
        if not pair_id:
            raise Http404
        pair = selectors.pair_for_documents(membership=membership, person=person, pair_id=pair_id)
        return pair_order_file(school=school, pair=pair)
    if kind == DocumentKind.ROADMAP:
        return roadmap_file(school=school, membership=membership, year=academic_year)
    return SCHOOL_FILES[kind](school=school, year=academic_year)


def file_response(document: OfficialFile, fmt: str) -> HttpResponse:
    """The document as a download: PDF inline, DOCX as an attachment, under a name a clerk can file
    («Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf», RFC 5987 with an ASCII fallback)."""
    if fmt == "pdf":
        return download_response(document.pdf(), filename=document.file_name("pdf"), content_type="application/pdf",
                                 inline=True)
    return download_response(document.docx(), filename=document.file_name("docx"), content_type=DOCX_CONTENT_TYPE,
                             inline=False)
