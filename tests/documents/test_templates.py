"""The strict renderer and the school's own wording: an unknown placeholder is refused, nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from documents.catalogue import DocumentKind, default_text
from documents.generate import regulation_file
from documents.models import DocumentText
from documents.rendering import render, template_check
from documents.services import document_text_reset, document_text_save
from formats.dates import AcademicYear
from reports.docx import docx_text
from tests.orders.helpers import pdf_text


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_render_fills_known_placeholders():
    assert render("В {{ school.short_name }} с {{year}}", context={"school.short_name": "МБОУ", "year": "2025/2026"},
                  template="t") == "В МБОУ с 2025/2026"


@pytest.mark.parametrize(("text", "code", "named"), [
    ("Школа {{ school.nmae }}", "unknown_placeholder", "{{ school.nmae }}"),
    ("Школа {{ school.full_name! }}", "malformed_placeholder", "{{ school.full_name! }}"),
    ("Школа {{ school.full_name", "unclosed_placeholder", "line 1"),
    ("ok\nШкола }} x", "unclosed_placeholder", "line 2"),
])
def test_a_bad_placeholder_is_a_clear_error_naming_it_and_the_template(text, code, named):
    with pytest.raises(ValidationError) as caught:
        template_check(text, template="Положение (regulation)", known={"school.full_name"})
    error = caught.value.error_dict["body"][0]
    assert error.code == code
    assert named in message_of(caught.value)
    assert "Положение (regulation)" in message_of(caught.value)


def test_render_refuses_an_unknown_placeholder_instead_of_leaving_a_blank():
    with pytest.raises(ValidationError, match="school.neighbour"):
        render("{{ school.neighbour }}", context={"school.short_name": "x"}, template="t")


def test_a_template_with_an_unknown_placeholder_gets_a_clear_message_and_saves_nothing(world):
    with schema_context(world.school_a.schema_name):
        events = AuditEvent.objects.count()
        body = default_text(DocumentKind.REGULATION) + "\nПодпись: {{ director.signature }}"
        with pytest.raises(ValidationError) as caught:
            document_text_save(school=world.school_a, acting_user=world.person("curator_a"),
                               kind=DocumentKind.REGULATION, body=body)
        assert "{{ director.signature }}" in message_of(caught.value)
        assert "regulation" in message_of(caught.value)
        assert f"line {body.count(chr(10)) + 1}" in message_of(caught.value)
        assert DocumentText.objects.count() == 0
        assert AuditEvent.objects.count() == events


def test_a_table_of_another_document_is_unknown_too(world):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError, match="table.plan"):
            document_text_save(school=world.school_a, acting_user=None, kind=DocumentKind.REGULATION,
                               body="{{ table.plan }}")
        assert not DocumentText.objects.exists()


def test_a_bad_front_matter_line_and_an_empty_template_are_refused(world):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError, match="title:"):
            document_text_save(school=world.school_a, acting_user=None, kind=DocumentKind.REGULATION,
                               body="titel: ПОЛОЖЕНИЕ\n---\nтекст")
        with pytest.raises(ValidationError) as caught:
            document_text_save(school=world.school_a, acting_user=None, kind=DocumentKind.REGULATION, body="  \n ")
        assert caught.value.error_dict["body"][0].code == "required"
        with pytest.raises(ValidationError) as caught:
            document_text_save(school=world.school_a, acting_user=None, kind=DocumentKind.PAIR_ORDER, body="x")
        assert "kind" in caught.value.error_dict
        assert not DocumentText.objects.exists()


def test_the_schools_own_wording_is_used_for_that_school_only(world, school_a):
    body = default_text(DocumentKind.REGULATION).replace(
        "# 9. Заключительные положения", "# 9. Заключительные положения\nПоложение принято в {{ school.short_name }} "
        "в {{ year }} учебном году.")
    with schema_context(world.school_a.schema_name):
        document_text_save(school=world.school_a, acting_user=world.person("curator_a"),
                           kind=DocumentKind.REGULATION, body=body)
        assert AuditEvent.objects.filter(action="documents.text_saved").count() == 1
        file = regulation_file(school=world.school_a, year=AcademicYear(2025))
        assert "Положение принято в МБОУ «СОШ с. Альфа» в 2025/2026 учебном году." in pdf_text(file.pdf())
        assert "Положение принято в МБОУ «СОШ с. Альфа»" in docx_text(file.docx())
    with schema_context(world.school_b.schema_name):
        assert not DocumentText.objects.exists()
        assert "Положение принято" not in pdf_text(regulation_file(school=world.school_b).pdf())
    with schema_context(world.school_a.schema_name):
        document_text_reset(school=world.school_a, acting_user=None, kind=DocumentKind.REGULATION)
        assert not DocumentText.objects.exists()
        assert "Положение принято" not in pdf_text(regulation_file(school=world.school_a).pdf())


def test_a_value_with_markup_prints_as_written(world, school_a):
    """Data never changes the layout: a name starting with «#» or holding «{{ }}» prints as written."""
    with schema_context(world.school_a.schema_name):
        staff = world.staff("teacher_a")
        staff.position = "# учитель {{ school.full_name }} <b>"
        staff.save()
        from documents.generate import mentoring_order_file

        text = pdf_text(mentoring_order_file(school=world.school_a).pdf())
    assert "Teacher_A Т., # учитель {{ school.full_name }} <b>" in text
