"""The staff member's gender (issue 12): suggested from the patronymic, set by hand where it cannot tell."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context

from staff import services
from staff.models import Gender, StaffMember
from tests.conftest import client_for
from tests.staff.files import HEADERS, xlsx_bytes

TODAY = dt.date(2026, 11, 24)
GENDER = "Пол (м/ж; пусто — по отчеству)"


def _create(world, **values):  # type: ignore[no-untyped-def]
    return services.staff_create(school=world.school_a, acting_user=world.people["curator_a"],
                                 position="учитель", today=TODAY, **values)


def test_the_gender_is_suggested_from_the_patronymic(world):
    with schema_context(world.school_a.schema_name):
        assert _create(world, last_name="Тазуева", first_name="Лейла", patronymic="Хасановна").gender == Gender.FEMALE
        assert _create(world, last_name="Эскиев", first_name="Рамзан", patronymic="Хамидович").gender == Gender.MALE
        # Хава without a patronymic: no rule can tell, and nothing is guessed
        assert _create(world, last_name="Садулаева", first_name="Хава").gender == ""


def test_a_gender_set_by_hand_wins_and_stays_on_update(world):
    with schema_context(world.school_a.schema_name):
        member = _create(world, last_name="Умаров", first_name="Лема", gender=Gender.MALE)
        assert member.gender == Gender.MALE
        member = services.staff_update(school=world.school_a, acting_user=None, member=member,
                                       changes={"position": "учитель истории"}, today=TODAY)
        assert StaffMember.objects.get(pk=member.pk).gender == Gender.MALE
        member = services.staff_update(school=world.school_a, acting_user=None, member=member,
                                       changes={"gender": Gender.FEMALE}, today=TODAY)
        assert StaffMember.objects.get(pk=member.pk).gender == Gender.FEMALE


def test_an_unknown_gender_is_refused_and_nothing_is_saved(world):
    with schema_context(world.school_a.schema_name):
        before = StaffMember.objects.count()
        with pytest.raises(ValidationError) as caught:
            _create(world, last_name="Иванов", first_name="Иван", gender="x")
        assert caught.value.message_dict.keys() == {"gender"}
        assert StaffMember.objects.count() == before


def test_the_import_reads_the_gender_column_and_suggests_when_empty(world):
    rows = [["Умаров", "Лема", "", "", "учитель", "", "", "", "", "", "", "", "м"],
            ["Садулаева", "Хава", "", "", "учитель", "", "", "", "", "", "", "", "ж"],
            ["Тазуева", "Лейла", "Хасановна", "", "учитель", "", "", "", "", "", "", "", ""]]
    with schema_context(world.school_a.schema_name):
        services.staff_import(school=world.school_a, acting_user=None, file_name="staff.xlsx",
                              content=xlsx_bytes(rows, headers=[*HEADERS, GENDER]), today=TODAY)
        genders = dict(StaffMember.objects.filter(last_name__in=["Умаров", "Садулаева", "Тазуева"])
                       .values_list("last_name", "gender"))
        assert genders == {"Умаров": Gender.MALE, "Садулаева": Gender.FEMALE, "Тазуева": Gender.FEMALE}


def test_the_import_names_a_bad_gender_cell(world):
    rows = [["Умаров", "Лема", "", "", "учитель", "", "", "", "", "", "", "", "мальчик"]]
    with schema_context(world.school_a.schema_name), translation.override("ru"):
        before = StaffMember.objects.count()
        with pytest.raises(services.StaffImportError) as caught:
            services.staff_import(school=world.school_a, acting_user=None, file_name="staff.xlsx",
                                  content=xlsx_bytes(rows, headers=[*HEADERS, GENDER]), today=TODAY)
        problem = caught.value.problems[0]
        assert (problem.row, problem.column) == (2, GENDER)
        assert problem.message == "«мальчик» — не пол: напишите «м» или «ж» либо оставьте ячейку пустой."
        assert StaffMember.objects.count() == before


def test_the_staff_form_offers_the_gender_and_the_detail_page_shows_it(world):
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        member = _create(world, last_name="Тазуева", first_name="Лейла", patronymic="Хасановна")
    page = client.get(f"/staff/{member.pk}/edit/")
    assert page.status_code == 200
    assert 'name="gender"' in page.content.decode()
    detail = client.get(f"/staff/{member.pk}/").content.decode()
    assert "женский" in detail


@pytest.mark.parametrize(("gender", "word"), [(Gender.FEMALE, "включена"), (Gender.MALE, "включён")])
def test_the_banks_message_agrees_with_the_gender(world, gender, word):
    client = client_for(world.school_a, world.people["curator_a"])
    with schema_context(world.school_a.schema_name):
        staff = _create(world, last_name="Умарова", first_name="Лема", gender=gender)
    response = client.post("/banks/mentees/add/", {"staff": str(staff.pk), "category": "new_to_school",
                                                   "requests": "Методика"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="ru")
    page = response.content.decode()
    assert f"Умарова Лема: {word} в базу наставляемых." in page, re.findall(r"role=\"alert\".{0,300}", page)
