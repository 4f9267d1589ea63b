"""/api/consents/: list with filters, record, withdraw (effect at once), own consents, forms; isolation."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from consents.models import Consent, ConsentPurpose
from consents.selectors import has_consent
from consents.services import consent_give
from tests.conftest import client_for
from tests.orders.helpers import new_member, pdf_text

P = ConsentPurpose


@pytest.fixture
def consents(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        mentee = consent_give(school=world.school_a, acting_user=None, staff=world.staff("mentee_a"),
                              purpose=P.PROCESSING_PROGRAMME, given_on=dt.date(2025, 9, 1))
        mentor = consent_give(school=world.school_a, acting_user=None, staff=world.staff("mentor_a"),
                              purpose=P.PROCESSING_EXCHANGE, given_on=dt.date(2025, 9, 1))
    return {"mentee": mentee, "mentor": mentor}


def names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["staff_name"].split()[0] for row in response.json()["results"]}


def test_list_and_filters(world, consents):
    client = client_for(world.school_a, world.people["curator_a"])
    assert names(client.get("/api/consents/")) == {"Mentee_A", "Mentor_A"}
    assert names(client.get("/api/consents/?purpose=processing_exchange")) == {"Mentor_A"}
    assert names(client.get(f"/api/consents/?staff={world.staff('mentee_a').pk}")) == {"Mentee_A"}
    assert names(client.get("/api/consents/?in_force=false")) == set()
    assert names(client.get("/api/consents/?in_force=true")) == {"Mentee_A", "Mentor_A"}
    assert client.get("/api/consents/?purpose=nonsense").status_code == 400


def test_list_query_count_stays_flat(world, consents, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/api/consents/")
    with django_assert_max_num_queries(10) as small:
        client.get("/api/consents/")
    for index in range(12):
        _person, staff = new_member(world.school_a, f"api_consent_{index}", position="учитель")
        with schema_context(world.school_a.schema_name):
            consent_give(school=world.school_a, acting_user=None, staff=staff, purpose=P.PUBLICATION,
                         given_on=dt.date(2025, 9, 1))
    with django_assert_max_num_queries(10) as big:
        assert client.get("/api/consents/").json()["count"] == 14
    assert len(big.captured_queries) == len(small.captured_queries)


def test_create_and_withdraw(world, consents):
    client = client_for(world.school_a, world.people["curator_a"])
    teacher = world.staff("teacher_a")
    response = client.post("/api/consents/", {"staff": str(teacher.pk), "purpose": "extra_duties",
                                              "given_on": "2025-09-01"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["in_force"] is True
    consent_id = response.json()["id"]
    with schema_context(world.school_a.schema_name):
        assert has_consent(teacher, P.EXTRA_DUTIES)

    response = client.post("/api/consents/", {"staff": str(teacher.pk), "purpose": "extra_duties",
                                              "given_on": "2025-09-02"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "purpose"
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post("/api/consents/", {"staff": str(teacher.pk), "purpose": "publication",
                                              "given_on": future}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "given_on"

    response = client.post(f"/api/consents/{consent_id}/withdraw/", {"withdrawn_on": "2025-08-01"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "withdrawn_on"
    response = client.post(f"/api/consents/{consent_id}/withdraw/",
                           {"withdrawn_on": timezone.localdate().isoformat()}, content_type="application/json")
    assert response.status_code == 200 and response.json()["in_force"] is False
    with schema_context(world.school_a.schema_name):
        assert not has_consent(teacher, P.EXTRA_DUTIES)
        assert Consent.objects.filter(staff=teacher).count() == 1


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a"])
def test_without_the_right_list_and_writes_are_404_and_change_nothing(world, consents, key):
    client = client_for(world.school_a, world.people[key])
    assert client.get("/api/consents/").status_code == 404
    response = client.post("/api/consents/", {"staff": str(world.staff(key).pk), "purpose": "publication",
                                              "given_on": "2025-09-01"}, content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"/api/consents/{consents['mentee'].pk}/withdraw/",
                           {"withdrawn_on": timezone.localdate().isoformat()}, content_type="application/json")
    assert response.status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.count() == 2 and Consent.objects.get(pk=consents["mentee"].pk).in_force


def test_another_school_gets_the_same_404_as_for_a_missing_consent(world, consents):
    client = client_for(world.school_b, world.people["director_b"])
    for consent_id in (consents["mentee"].pk, uuid.uuid4(), "nope"):
        response = client.post(f"/api/consents/{consent_id}/withdraw/",
                               {"withdrawn_on": timezone.localdate().isoformat()}, content_type="application/json")
        assert response.status_code == 404
    assert client.get("/api/consents/").json()["count"] == 0
    mentee = world.staff("mentee_a")
    assert client.get(f"/api/consents/form/?staff={mentee.pk}&purpose=publication").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.get(pk=consents["mentee"].pk).in_force


def test_mine(world, consents):
    body = client_for(world.school_a, world.people["mentee_a"]).get("/api/consents/mine/").json()
    assert [row["purpose"] for row in body] == ["processing_programme"]
    assert client_for(world.school_a, world.people["teacher_a"]).get("/api/consents/mine/").json() == []


def test_form(world):
    mentee, mentor = world.staff("mentee_a"), world.staff("mentor_a")
    own = client_for(world.school_a, world.people["mentee_a"])
    response = own.get(f"/api/consents/form/?staff={mentee.pk}&purpose=processing_programme")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert mentee.full_name in text and world.school_a.full_name in text and world.school_b.full_name not in text
    assert own.get(f"/api/consents/form/?staff={mentor.pk}&purpose=processing_programme").status_code == 404
    assert own.get("/api/consents/form/?staff=garbage&purpose=publication").status_code == 404
    assert own.get(f"/api/consents/form/?staff={uuid.uuid4()}&purpose=publication").status_code == 404
    assert own.get(f"/api/consents/form/?staff={mentee.pk}&purpose=nonsense").status_code == 400
    curator = client_for(world.school_a, world.people["curator_a"])
    assert curator.get(f"/api/consents/form/?staff={mentor.pk}&purpose=mentor_appointment").status_code == 200


def test_the_schema_documents_the_endpoints(world):
    schema = client_for(world.school_a, world.people["director_a"]).get("/api/schema/?format=json").json()
    for path in ("/api/consents/", "/api/consents/{id}/withdraw/", "/api/consents/form/", "/api/consents/mine/"):
        assert path in schema["paths"], path
