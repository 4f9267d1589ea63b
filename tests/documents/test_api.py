"""/api/documents/: the list with links, the files, the wording; isolation and query counts."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from documents.models import DocumentText
from reports.docx import docx_text
from tests.conftest import client_for
from tests.documents.conftest import A_SHORT
from tests.orders.helpers import pdf_text
from tests.programmes import factories as f
from tests.test_api import token_client


def test_the_list_gives_links_for_every_document(world, school_a):
    response = client_for(world.school_a, world.people["curator_a"]).get("/api/documents/")
    assert response.status_code == 200
    rows = response.json()
    kinds = [row["kind"] for row in rows]
    assert kinds[:3] == ["mentoring_order", "regulation", "roadmap"]
    programme = next(row for row in rows if row["kind"] == "programme")
    assert programme["programme"] == str(school_a.programme.pk)
    assert programme["pdf"] == f"/api/documents/programme/pdf/?programme={school_a.programme.pk}"
    pair = next(row for row in rows if row["kind"] == "pair_order")
    assert pair["pair"] == str(school_a.pair.pk) and "Mentor_A" in pair["title"]
    client = client_for(world.school_a, world.people["director_a"])
    for row in rows:
        for fmt in ("pdf", "docx"):
            file = client.get(row[fmt])
            assert file.status_code == 200, row[fmt]
            text = pdf_text(file.content) if fmt == "pdf" else docx_text(file.content)
            assert A_SHORT in text and "Бета" not in text and "Новый-Замай-Юрт" not in text


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "director_b", "outsider", "admin_alpha"])
def test_everybody_else_gets_404(world, school_a, key):
    client = token_client(world.school_a, world.people[key])
    for url in ("/api/documents/", "/api/documents/regulation/pdf/", "/api/documents/templates/regulation/",
                f"/api/documents/programme/docx/?programme={school_a.programme.pk}",
                f"/api/documents/pair_order/pdf/?pair={school_a.pair.pk}"):
        assert client.get(url).status_code == 404, url
    assert client.put("/api/documents/templates/regulation/", {"body": "x"},
                      content_type="application/json").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()


def test_school_b_does_not_reach_school_a_objects(world, school_a):
    client = client_for(world.school_b, world.people["curator_b"])
    assert client.get(f"/api/documents/programme/pdf/?programme={school_a.programme.pk}").status_code == 404
    assert client.get(f"/api/documents/programme/pdf/?programme={uuid.uuid4()}").status_code == 404
    assert client.get(f"/api/documents/pair_order/pdf/?pair={school_a.pair.pk}").status_code == 404
    assert [row["kind"] for row in client.get("/api/documents/").json()] == [
        "mentoring_order", "regulation", "roadmap"]


def test_put_with_an_unknown_placeholder_is_400_naming_it_and_saves_nothing(world, school_a):
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.put("/api/documents/templates/programme/", {"body": "Программа {{ programme.titel }}"},
                          content_type="application/json")
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert [(e["attr"], e["code"]) for e in errors] == [("body", "unknown_placeholder")]
    assert "{{ programme.titel }}" in errors[0]["detail"] and "programme" in errors[0]["detail"]
    with schema_context(world.school_a.schema_name):
        assert not DocumentText.objects.exists()


def test_get_put_delete_the_wording(world, school_a):
    client = client_for(world.school_a, world.people["curator_a"])
    standard = client.get("/api/documents/templates/programme/").json()
    assert standard["own"] is False and "programme.title" in standard["placeholders"]
    body = "title: ПРОГРАММА\nheading: {{ programme.title }}\n---\n{{ table.plan }}"
    saved = client.put("/api/documents/templates/programme/", {"body": body}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["own"] is True
    text = pdf_text(client.get(f"/api/documents/programme/pdf/?programme={school_a.programme.pk}").content)
    assert "ПРОГРАММА" in text and "Посещение уроков наставника" in text
    assert client.delete("/api/documents/templates/programme/").json()["own"] is False


def test_the_list_query_count_stays_flat(world, school_a, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/api/documents/")
    with django_assert_max_num_queries(20) as small:
        client.get("/api/documents/")
    with schema_context(world.school_a.schema_name):
        for index in range(6):
            f.programme(f.pair(f.staff(f"Наставник{index}"), [f.staff(f"Наставляемый{index}")]),
                        title=f"Программа {index}")
    with django_assert_max_num_queries(20) as big:
        response = client.get("/api/documents/")
    assert len(response.json()) == 3 + 7 + 7
    assert len(big.captured_queries) == len(small.captured_queries)


def test_the_schema_documents_the_endpoints(world):
    schema = client_for(world.school_a, world.people["curator_a"]).get("/api/schema/").content.decode()
    assert "/api/documents/{kind}/{fmt}/" in schema and "/api/documents/templates/{kind}/" in schema
