"""The audit record page: the director and the curator read their school's record, nobody else — in Russian,
with labels, verbose names, values as the interface shows them and no internal ids (issue 12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.catalogue import ACTION_LABELS
from audit.models import AuditEvent
from audit.services import audit_record
from tests.conftest import client_for

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def events(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        staff = world.staff("mentee_a")
        for index in range(30):
            audit_record(actor=world.people["curator_a"], action="staff.updated", school=world.school_a,
                         target=staff, details={"fields": ["position", "new_to_position"], "young_specialist": True,
                                                "number": f"A-{index}"})
        audit_record(actor=world.people["director_a"], action="order.signed", school=world.school_a,
                     details={"number": "116/1", "date": "2022-08-31", "signer": str(staff.pk)})
        audit_record(actor=world.people["curator_a"], action="banks.mentee_difficulties_set", school=world.school_a,
                     details={"directions": ["teaching_methods"], "mentors": ["Mentor_A Тест"], "count": 2})
    with schema_context(world.school_b.schema_name):
        audit_record(actor=world.people["curator_b"], action="order.signed", school=world.school_b,
                     details={"number": "beta-secret"})
    return staff


@pytest.mark.parametrize("key", ["director_a", "curator_a"])
def test_director_and_curator_read_the_schools_record(world, events, key, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people[key])
    client.get("/audit/")
    # 31 events: the filter's people and kinds (2 queries), the names of the page's objects (one per model)
    with django_assert_max_num_queries(14):
        response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="ru")
    page = response.content.decode()
    assert response.status_code == 200
    assert "A-29" in page and "beta-secret" not in page


def test_the_record_reads_in_russian_without_codes_or_ids(world, events):
    page = client_for(world.school_a, world.people["director_a"]).get("/audit/").content.decode()
    table = page[page.index("<tbody>"):]
    row = table[table.index("Изменены сведения о сотруднике"):]
    row = row[:row.index("</tr>")]
    assert "Сотрудник: Mentee_A Тест" in row  # the object by its kind and name
    assert "Изменено: должность, впервые на должности" in row  # the fields by their verbose names
    assert "Молодой специалист: да" in row  # a yes/no as the interface says it
    assert "Приказ подписан" in page and "31.08.2022" in page  # a date as 31.08.2022
    assert "Направления: Методика преподавания" in page and "Наставники: Mentor_A Тест" in page  # choices by label
    body = page[page.index("<table"):page.index("</table>")]  # (the filter's option values are codes)
    assert "staff.updated" not in body and "staff.StaffMember" not in body and "True" not in body
    assert not UUID.search(body)  # never an internal id


def test_every_action_the_services_write_has_a_label():
    import pathlib

    written = set()
    for path in pathlib.Path(__file__).resolve().parents[2].joinpath("platform").rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written and written <= set(ACTION_LABELS), sorted(written - set(ACTION_LABELS))


def test_filters_by_kind_person_and_date(world, events):
    client = client_for(world.school_a, world.people["director_a"])
    page = client.get("/audit/?action=order.signed").content.decode()
    assert "Приказ подписан" in page and "Изменены сведения о сотруднике</td>" not in page
    page = client.get(f"/audit/?actor={world.people['curator_a'].pk}").content.decode()
    assert "Изменены сведения о сотруднике" in page and "Приказ подписан</td>" not in page
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        AuditEvent.objects.filter(action="order.signed").update(at=timezone.now() - dt.timedelta(days=10))
    page = client.get(f"/audit/?date_from={today:%Y-%m-%d}").content.decode()
    assert "Изменены сведения о сотруднике" in page and "Приказ подписан</td>" not in page
    page = client.get(f"/audit/?date_to={today - dt.timedelta(days=5):%Y-%m-%d}").content.decode()
    assert "Приказ подписан</td>" in page and "Изменены сведения о сотруднике</td>" not in page
    # the filter offers the kinds and the people of this record by their names
    assert "<option value=\"order.signed\">Приказ подписан</option>" in page
    assert f"<option value=\"{world.people['curator_a'].pk}\">" in page


def test_a_wrong_filter_value_is_not_applied_and_is_not_an_error(world, events):
    client = client_for(world.school_a, world.people["director_a"])
    response = client.get("/audit/?date_from=31.31.2022&actor=nobody")
    assert response.status_code == 200 and "A-29" in response.content.decode()


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha"])
def test_other_roles_get_404(world, events, key):
    assert client_for(world.school_a, world.people[key]).get("/audit/").status_code == 404


def test_other_school_gets_its_own_record_only(world, events):
    response = client_for(world.school_b, world.people["director_b"]).get("/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "beta-secret" in page and "A-29" not in page
    assert client_for(world.school_b, world.people["director_a"]).get("/audit/").status_code == 302


def test_audit_api_for_the_curator_with_flat_query_count(world, events, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/api/audit/")
    with django_assert_max_num_queries(12):  # 30 events: no query per row
        response = client.get("/api/audit/?action=staff.updated", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["action"] for row in rows} == {"staff.updated"}
    row = rows[0]
    assert row["action_label"] == "Изменены сведения о сотруднике"
    assert row["object_kind"] == "сотрудник" and row["object_name"] == "Mentee_A Тест"
    assert {"label": "изменено", "value": "должность, впервые на должности"} in row["details_shown"]


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "admin_alpha"])
def test_audit_api_answers_404_without_the_right(world, events, key):
    assert client_for(world.school_a, world.people[key]).get("/api/audit/").status_code == 404


def test_audit_api_of_another_school_with_a_token_is_404(world, events):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=world.people["director_b"])
    from django.test import Client

    client = Client(HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/audit/").status_code == 404
