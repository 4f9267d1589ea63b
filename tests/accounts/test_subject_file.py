"""The subject's file (152-ФЗ art. 14): the person's data from every school and the district, nothing of anyone else."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from consents.services import consent_give
from tests.conftest import client_for, host_of


def _consent(world, school, key: str, note: str) -> None:  # type: ignore[no-untyped-def]
    with schema_context(school.schema_name):
        consent_give(school=school, acting_user=world.people["curator_a"], staff=world.staff(key, school),
                     purpose="processing_programme", given_on=dt.date(2025, 9, 1), note=note)


def _file(client: Client) -> dict:  # type: ignore[type-arg]
    response = client.get("/profile/my-data.json")
    assert response.status_code == 200
    login = response.wsgi_request.user.username
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{login}.json"'
    return json.loads(response.content)


def test_the_file_holds_my_data_from_both_schools_and_nothing_of_anyone_else(world):
    _consent(world, world.school_a, "both", "согласие Both в Альфе")
    _consent(world, world.school_b, "both", "согласие Both в Бете")
    _consent(world, world.school_a, "teacher_a", "согласие чужого человека")
    file = _file(client_for(world.school_b, world.people["both"]))
    text = json.dumps(file, ensure_ascii=False)
    schools = file["Школы"]
    assert set(schools) == {"МБОУ «СОШ с. Альфа»", "МБОУ «ООШ с. Бета»"}
    for name, position_note in (("МБОУ «СОШ с. Альфа»", "согласие Both в Альфе"),
                                ("МБОУ «ООШ с. Бета»", "согласие Both в Бете")):
        [staff] = schools[name]["сотрудники"]
        assert staff["фамилия"] == "Both" and staff["должность"] == "учитель физики"
        assert [c["примечание"] for c in schools[name]["согласия"]] == [position_note]
    account = file["Район"]["пользователи"]
    assert [row["логин"] for row in account] == ["both"]
    assert "пароль" not in account[0] and "password" not in text
    memberships = file["Район"]["членство в школах"]
    assert {row["school"] for row in memberships} == {str(world.school_a), str(world.school_b)}
    assert sorted(role for row in memberships for role in row["roles"]) == ["Наставник", "Педагог"]
    # Nothing of anyone else: not the other teacher, not the curator who recorded the consents.
    for other in ("Teacher_A", "teacher_a", "согласие чужого человека", "Curator_A", "curator_a", "Director"):
        assert other not in text, other
    assert str(world.people["curator_a"].pk) not in text


def test_the_other_person_gets_only_their_own_file(world):
    _consent(world, world.school_a, "both", "согласие Both в Альфе")
    file = _file(client_for(world.school_a, world.people["teacher_a"]))
    text = json.dumps(file, ensure_ascii=False)
    assert set(file["Школы"]) == {"МБОУ «СОШ с. Альфа»"}
    assert "Teacher_A" in text and "Both" not in text and "согласие Both" not in text


def test_the_download_is_recorded_and_refused_to_a_stranger(world):
    client = client_for(world.school_a, world.people["mentee_a"])
    _file(client)
    assert AuditEvent.objects.filter(action="person.subject_file_downloaded",
                                     target_id=str(world.people["mentee_a"].pk)).exists()
    for stranger in (Client(HTTP_HOST=host_of(world.school_a)), client_for(world.school_a, world.people["teacher_b"])):
        response = stranger.get("/profile/my-data.json")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_my_profile_lists_my_consents_in_each_school_and_no_one_elses(world):
    _consent(world, world.school_a, "both", "согласие Both в Альфе")
    _consent(world, world.school_a, "teacher_a", "согласие чужого человека")
    page = client_for(world.school_b, world.people["both"]).get("/profile/")
    consents = dict(page.context["consents"])
    assert [c.note for c in consents["МБОУ «СОШ с. Альфа»"]] == ["согласие Both в Альфе"]
    assert consents["МБОУ «ООШ с. Бета»"] == []
    assert "дано 01.09.2025" in page.content.decode()
