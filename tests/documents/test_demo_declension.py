"""The demo's Мескеты papers read with proper cases and are named as a clerk files them (issue 12): the order
implementing the system (like № 116/1), the agreement of art. 351.8 and a consent form, text extracted from the
PDFs the pages serve."""

from __future__ import annotations

import io
import re
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context
from pypdf import PdfReader

from consents.models import ConsentPurpose
from demo.roster import person_login
from mentoring.models import Agreement
from orders.models import Order
from people.models import Person
from staff.models import StaffMember
from tenants.models import School
from tests.conftest import client_for


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def public_after():  # type: ignore[no-untyped-def]
    """The test client leaves the connection in the school's schema: give the next test the public one."""
    yield
    connection.set_schema_to_public()


def test_meskety_documents_decline_names_and_agree_with_gender(world, public_after):
    call_command("seed_demo", stdout=StringIO(), port=8123)
    school = School.objects.get(slug="meskety")
    director = Person.objects.get(username=person_login("Эскиев", "Рамзан", "Хамидович"))
    client = client_for(school, director)
    with schema_context(school.schema_name):
        agreement = Agreement.objects.select_related("mentor").get(mentor__last_name="Умарова",
                                                                   pair__participants__staff__last_name="Тазуева")
        adamova = StaffMember.objects.get(last_name="Адамова", first_name="Малика")

    order = _text(client.get("/documents/mentoring_order/pdf/"))
    assert "Назначить координатором" in order
    assert "Цугиеву М.Р., заместителя директора по УВР." in order
    assert "Эскиеву М.Р., заместителя директора по ВР, руководителя ШМО." in order
    assert "Цугиева М.Р., заместителя" not in order

    text = _text(client.get(f"/pairs/{agreement.pair_id}/agreements/{agreement.pk}.pdf"))
    assert "в лице директора Эскиева Рамзана Хамидовича, действующего на основании Устава" in text
    assert "с её письменного согласия" in text  # the mentor is a woman
    assert "в отношении: Тазуевой Лейлы Хасановны, учителя" in text
    assert "Эскиев Рамзан Хамидович," not in text

    consent = _text(client.get(f"/consents/form/{adamova.pk}/{ConsentPurpose.PROCESSING_PROGRAMME}/"))
    assert "Эскиеву Р.Х." in consent
    assert "от Адамовой Малики Умаровны" in consent
    assert "зарегистрированная по адресу" in consent
    assert "от Адамова Малика Умаровна" not in consent

    # the files are named as a clerk files them (one seeding of the demo for both checks)
    with schema_context(school.schema_name):
        order_116 = Order.objects.get(number="116/1")
    header = client.get(f"/orders/{order_116.pk}/pdf/")["Content-Disposition"]
    assert header.startswith('inline; filename="Prikaz N 116-1 ot 31.08.2022 - OOSh s. Meskety.pdf"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf"
    header = client.get("/documents/mentoring_order/docx/?year=2022/2023")["Content-Disposition"]
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.docx"
    assert header.startswith("attachment; ")
