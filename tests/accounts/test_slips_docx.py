"""Invitation slips as DOCX too (issue 12): the same slips as the PDF, chosen by a second submit button in the
same POST (the one-time codes exist only in that response), with the same 404s as the PDF."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from people.models import Person
from people.roles import DistrictRole
from reports.docx import CONTENT_TYPE
from reports.slips import Slip, slips_docx
from tests.accounts.helpers import CODE, LOGIN, new_staff
from tests.conftest import client_for


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _docx_slips(content: bytes) -> list[tuple[str, str]]:
    text = _docx_text(content)
    return list(zip(LOGIN.findall(text), CODE.findall(text), strict=True))


def test_slips_docx_four_to_a_page_in_tables_with_dashed_cut_lines():
    slips = [Slip(school_name="МБОУ «СОШ с. Альфа»", address="https://alpha.example/", full_name=f"Иванов {n}",
                  login=f"ivanov.{n}", code=f"abcd-efgh-jk{n}{n}") for n in range(2, 7)]
    document = Document(io.BytesIO(slips_docx(slips)))
    assert [len(table.rows) for table in document.tables] == [4, 1]
    assert all(re.search(r'w:val="dashed"', table._tbl.xml) for table in document.tables)
    text = _docx_text(slips_docx(slips))
    assert "Приглашение на платформу наставничества" in text and "Адрес: https://alpha.example/" in text
    assert "Придумайте свой пароль" in text


def test_creating_a_login_with_the_docx_button_answers_the_slip_as_docx(world):
    member = new_staff(world.school_a)
    client = client_for(world.school_a, world.people["director_a"])
    response = client.post(f"/staff/{member.pk}/account/",
                           {"action": "create", "username": "eskieva.kh", "format": "docx"})
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; ") and ".docx" in response["Content-Disposition"]
    [(login, code)] = _docx_slips(response.content)
    assert login == "eskieva.kh" and Person.objects.get(username=login).check_password(code)
    text = _docx_text(response.content)
    assert world.school_a.full_name in text and "Эскиева Хава Руслановна" in text
    # a new code for the same person, as DOCX
    again = client.post(f"/staff/{member.pk}/account/code/", {"format": "docx"})
    [(login_again, new_code)] = _docx_slips(again.content)
    assert login_again == login and new_code != code and Person.objects.get(username=login).check_password(new_code)


def test_the_bulk_step_gives_every_login_and_code_as_docx(world):
    for day in range(1, 6):
        new_staff(world.school_a, last_name=f"Мусаев{'абвгд'[day - 1]}", first_name="Ваха")
    client = client_for(world.school_a, world.people["admin_alpha"])
    assert "Скачать DOCX" in client.get("/staff/accounts/").content.decode()
    response = client.post("/staff/accounts/", {"format": "docx"})
    assert response["Content-Type"] == CONTENT_TYPE
    slips = dict(_docx_slips(response.content))
    assert len(slips) == 5
    for login, code in slips.items():
        assert login in _docx_text(response.content)
        assert Person.objects.get(username=login).check_password(code)
    assert world.school_a.full_name in _docx_text(response.content)
    assert len(Document(io.BytesIO(response.content)).tables) == 2


@pytest.mark.parametrize("key", ["curator_a", "teacher_a", "mentee_a"])
def test_the_docx_slips_are_404_without_the_right(world, key):
    member = new_staff(world.school_a)
    client = client_for(world.school_a, world.people[key])
    before = Person.objects.count()
    assert client.post(f"/staff/{member.pk}/account/", {"username": "x.y", "format": "docx"}).status_code == 404
    assert client.post(f"/staff/{member.pk}/account/code/", {"format": "docx"}).status_code == 404
    assert client.post("/staff/accounts/", {"format": "docx"}).status_code == 404
    assert Person.objects.count() == before


def test_another_schools_director_gets_the_same_404_for_the_docx(world):
    member = new_staff(world.school_a)
    client = client_for(world.school_b, world.people["director_b"])
    missing = client.post("/staff/00000000-0000-0000-0000-000000000000/account/code/", {"format": "docx"})
    other = client.post(f"/staff/{member.pk}/account/code/", {"format": "docx"})
    assert missing.status_code == other.status_code == 404
    assert client.post(f"/staff/{member.pk}/account/", {"username": "x.y", "format": "docx"}).status_code == 404


def test_the_district_administrator_gets_the_officials_slip_as_docx_and_the_analyst_404(world):
    admin = client_for(None, world.people["district_admin"])
    response = admin.post("/accounts/new/", {"last_name": "Байсултанова", "first_name": "Зарема",
                                             "patronymic": "Ахмедовна", "email": "", "role": DistrictRole.ANALYST,
                                             "username": "", "format": "docx"})
    assert response["Content-Type"] == CONTENT_TYPE
    [(login, code)] = _docx_slips(response.content)
    assert login == "baysultanova.za" and Person.objects.get(username=login).check_password(code)
    analyst = world.people["district_analyst"]
    assert client_for(None, analyst).post(f"/accounts/{analyst.pk}/code/", {"format": "docx"}).status_code == 404
    teacher = world.people["teacher_a"]
    assert admin.post(f"/accounts/{teacher.pk}/code/", {"format": "docx"}).status_code == 404


def test_the_management_command_writes_docx_slips_for_a_docx_name(world, tmp_path):
    from django.core.management import call_command

    new_staff(world.school_a)
    out = tmp_path / "slips.docx"
    call_command("create_staff_logins", "alpha", "--out", str(out))
    [(login, code)] = _docx_slips(out.read_bytes())
    assert login == "eskieva.khr" and Person.objects.get(username=login).check_password(code)
    assert "https://alpha.localhost/" in _docx_text(out.read_bytes())
