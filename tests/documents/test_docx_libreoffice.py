"""A DOCX of every kind read back with python-docx, and opened by LibreOffice (converted to PDF) where it is
installed (issue 12). Running as root, the session installs Debian's `libreoffice-writer-nogui` when it is
missing, as `./dev` installs chromium for the browser test; otherwise the conversion is skipped, saying why."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from docx import Document
from pypdf import PdfReader

from consents.documents import consent_form_document
from consents.models import ConsentPurpose
from documents.catalogue import DocumentKind
from documents.generate import SCHOOL_FILES, pair_order_file, programme_file
from mentoring.documents import agreement_document
from mentoring.services.pairs import agreement_create
from reports.docx import official_docx
from reports.slips import Slip, slips_docx
from tests.conftest import client_for
from tests.documents.conftest import docx_with

INSTALL_TIMEOUT = 900
CONVERT_TIMEOUT = 240


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, timeout=INSTALL_TIMEOUT,
                           env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer-nogui"],
                           check=True, capture_output=True, timeout=INSTALL_TIMEOUT, env=env)
        except (subprocess.SubprocessError, OSError) as error:
            pytest.skip(f"LibreOffice is not installed and installing libreoffice-writer-nogui failed: {error}")
        found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed, and it can be installed only by root with apt-get")
    return found


def _every_kind(world, school_a) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """One DOCX of each kind of school A: its three documents, a programme, a pair order, an agreement, a consent."""
    with schema_context(world.school_a.schema_name):
        files = {str(kind): SCHOOL_FILES[kind](school=world.school_a).docx() for kind in SCHOOL_FILES}
        files[DocumentKind.PROGRAMME] = programme_file(school=world.school_a, programme=school_a.programme).docx()
        files[DocumentKind.PAIR_ORDER] = pair_order_file(school=world.school_a, pair=school_a.pair).docx()
        today = timezone.localdate()
        agreement = agreement_create(
            school=world.school_a, acting_user=None, pair=school_a.pair, mentor=world.staff("mentor_a"),
            content="Адаптация молодого учителя", starts_on=today, ends_on=today + dt.timedelta(days=200),
            form="традиционная", payment="доплата 10 %")
        files["agreement"] = official_docx(**agreement_document(school=world.school_a, agreement=agreement))  # type: ignore[arg-type]
        files["consent"] = official_docx(**consent_form_document(  # type: ignore[arg-type]
            school=world.school_a, staff=world.staff("mentee_a"), purpose=ConsentPurpose.PROCESSING_PROGRAMME,
            director=world.staff("director_a")))
    files["slips"] = slips_docx([Slip(school_name=world.school_a.short_name, address="https://alpha.localhost/",
                                      full_name="Эскиева Хава Руслановна", login="eskieva.khr",
                                      code="abcd-efgh-jkmn")])
    return files


MARKERS = {
    "mentoring_order": "ПРИКАЗЫВАЮ", "regulation": "Общие положения", "roadmap": "Дорожная карта",
    "programme": "Посещение уроков наставника", "pair_order": "О закреплении наставнической пары",
    "agreement": "Адаптация молодого учителя", "consent": "152-ФЗ", "slips": "Одноразовый код",
}


def test_every_kind_reads_back_with_python_docx(world, school_a):
    files = _every_kind(world, school_a)
    assert set(files) == set(MARKERS)
    for kind, content in files.items():
        document = Document(io.BytesIO(content))
        text = " ".join([p.text for p in document.paragraphs]
                        + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
        assert MARKERS[kind].lower() in text.lower(), kind
        assert "{{" not in text and "МБОУ «СОШ с. Альфа»" in text, kind


def test_every_kind_opens_in_libreoffice(world, school_a, soffice, tmp_path: Path):
    files = _every_kind(world, school_a)
    for kind, content in files.items():
        (tmp_path / f"{kind}.docx").write_bytes(content)
    profile = tmp_path / "profile"
    # one soffice call for every kind: LibreOffice starts once (bounded by CONVERT_TIMEOUT)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *(str(tmp_path / f"{kind}.docx") for kind in files)],
                   check=True, capture_output=True, timeout=CONVERT_TIMEOUT)
    for kind in files:
        reader = PdfReader(tmp_path / "pdf" / f"{kind}.pdf")
        text = " ".join(page.extract_text() for page in reader.pages)
        assert MARKERS[kind].lower() in " ".join(text.split()).lower(), kind


def test_the_agreement_and_the_consent_form_as_docx_pages(world, school_a):
    with schema_context(world.school_a.schema_name):
        today = timezone.localdate()
        agreement = agreement_create(
            school=world.school_a, acting_user=None, pair=school_a.pair, mentor=world.staff("mentor_a"),
            content="Адаптация", starts_on=today, ends_on=today + dt.timedelta(days=200), form="традиционная",
            payment="без оплаты")
    connection.set_schema_to_public()
    client = client_for(world.school_a, world.people["curator_a"])
    response = client.get(f"/pairs/{school_a.pair.pk}/agreements/{agreement.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Soglashenie o nastavnichestve - ')
    assert "СОГЛАШЕНИЕ" in " ".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    staff = world.staff("mentee_a")
    response = client.get(f"/consents/form/{staff.pk}/{ConsentPurpose.PROCESSING_PROGRAMME}/docx/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment; ")
    assert client.get(f"/consents/form/{staff.pk}/{ConsentPurpose.PROCESSING_PROGRAMME}/odt/").status_code == 404
    # another school's curator: the same 404 as for a missing agreement
    other = client_for(world.school_b, world.people["curator_b"])
    assert other.get(f"/pairs/{school_a.pair.pk}/agreements/{agreement.pk}.docx").status_code == 404
    connection.set_schema_to_public()


def test_a_docx_template_with_an_unknown_placeholder_is_refused_naming_it():
    from django.core.exceptions import ValidationError

    from reports.docx import template_check

    template_check(docx_with("{{ school_full_name }}", "{{ title }} {{ number_line }}", "{{p body }}"),
                   template="Приказ")
    with pytest.raises(ValidationError) as caught:
        template_check(docx_with("{{ school.director }}", "{{p body }}"), template="Приказ")
    message = caught.value.message_dict["file"][0]
    assert message.startswith("Unknown placeholder «{{ school }}» in the template «Приказ»")
    with pytest.raises(ValidationError) as caught:
        template_check(docx_with("{{ title }}"), template="Приказ")
    assert caught.value.error_dict["file"][0].code == "no_body"
    with pytest.raises(ValidationError) as caught:
        template_check(b"not a zip", template="Приказ")
    assert caught.value.error_dict["file"][0].code == "invalid_docx"


def test_a_checked_template_is_what_the_document_is_filled_into(world, school_a):
    template = docx_with("ШАБЛОН РАЙОНА {{ school_full_name }}", "{{ title }} {{ number_line }}", "{{p body }}")
    with schema_context(world.school_a.schema_name):
        document = SCHOOL_FILES[DocumentKind.MENTORING_ORDER](school=world.school_a)
        content = official_docx(school=world.school_a, title="ПРИКАЗ", number="1", blocks=document.blocks,
                                template=template)
    text = " ".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "ШАБЛОН РАЙОНА Муниципальное бюджетное" in text and "ПРИКАЗ № 1" in text and "ПРИКАЗЫВАЮ" in text
