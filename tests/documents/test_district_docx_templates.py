"""The district's own DOCX template per document kind (issue 12): checked when uploaded (an unknown placeholder
is refused, named), then every school's DOCX of that kind is filled into it."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from docx import Document

from audit.models import AuditEvent
from district.models import DocxTemplate
from tests.conftest import client_for
from tests.documents.conftest import docx_with


def _upload(client, kind: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post("/templates/docx/", {"kind": kind, "file": SimpleUploadedFile("blank.docx", content)},
                       HTTP_ACCEPT_LANGUAGE="ru")


def test_the_administrator_uploads_a_template_and_school_docx_is_filled_into_it(world, school_a):
    admin = client_for(None, world.people["district_admin"])
    assert "Шаблоны DOCX документов" in admin.get("/templates/docx/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    response = _upload(admin, "mentoring_order", docx_with("БЛАНК РАЙОНА {{ school_full_name }}",
                                                       "{{ title }} {{ number_line }}", "{{p body }}"))
    assert response.status_code == 302
    assert DocxTemplate.objects.get(kind="mentoring_order").file_name == "blank.docx"
    assert AuditEvent.objects.filter(action="documents.docx_template_uploaded").count() == 1
    connection.set_schema_to_public()
    school = client_for(world.school_a, world.people["curator_a"])
    content = school.get("/documents/mentoring_order/docx/?year=2025/2026").content
    text = " ".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "БЛАНК РАЙОНА Муниципальное бюджетное" in text and "ПРИКАЗ № 116/1" in text and "ПРИКАЗЫВАЮ" in text
    other = " ".join(p.text for p in Document(io.BytesIO(school.get("/documents/regulation/docx/").content)).paragraphs)
    assert "БЛАНК РАЙОНА" not in other  # another kind keeps the platform's template
    connection.set_schema_to_public()
    assert admin.post("/templates/docx/", {"remove": "mentoring_order"}).status_code == 302
    assert not DocxTemplate.objects.exists()


def test_an_unknown_placeholder_is_refused_naming_it_and_nothing_is_saved(world):
    admin = client_for(None, world.people["district_admin"])
    response = _upload(admin, "agreement", docx_with("{{ director_secret }}", "{{p body }}"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Неизвестная подстановка «{{ director_secret }}»" in page
    response = _upload(admin, "agreement", docx_with("{{ title }}"))
    assert "нет места для текста документа" in response.content.decode()
    response = _upload(admin, "agreement", b"PK not really a docx")
    assert "не читается как шаблон DOCX" in response.content.decode()
    assert not DocxTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.docx_template_uploaded").exists()


def test_only_the_district_administrator_and_only_at_the_district(world):
    content = docx_with("{{p body }}")
    for client in (client_for(None, world.people["district_analyst"]),
                   client_for(world.school_a, world.people["director_a"])):
        assert client.get("/templates/docx/").status_code == 404
        assert _upload(client, "agreement", content).status_code == 404
        connection.set_schema_to_public()
    assert not DocxTemplate.objects.exists()
