"""Pages of consents: one's own, the school's list, give and withdraw, the forms; isolation and query counts."""

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
                              purpose=P.PROCESSING_PROGRAMME, given_on=dt.date(2025, 9, 1), note="бумага в деле")
        mentor = consent_give(school=world.school_a, acting_user=None, staff=world.staff("mentor_a"),
                              purpose=P.PUBLICATION, given_on=dt.date(2025, 9, 1))
    with schema_context(world.school_b.schema_name):
        beta = consent_give(school=world.school_b, acting_user=None, staff=world.staff("teacher_b", world.school_b),
                            purpose=P.PUBLICATION, given_on=dt.date(2025, 9, 1))
    return {"mentee": mentee, "mentor": mentor, "beta": beta}


# --- one's own ---------------------------------------------------------------------------


def test_a_member_sees_their_own_consents_only(world, consents):
    page = client_for(world.school_a, world.people["mentee_a"]).get("/consents/mine/").content.decode()
    assert page.count('class="badge status-active"') == 1  # the mentee's one consent, not the mentor's
    other = client_for(world.school_a, world.people["teacher_a"]).get("/consents/mine/").content.decode()
    assert 'class="badge status-active"' not in other
    assert "бумага" not in page  # the school's note is not shown on the person's page
    with schema_context(world.school_a.schema_name):
        mentee_staff = world.staff("mentee_a")
    assert f"/consents/form/{mentee_staff.pk}/processing_programme/" in page
    assert f"/consents/form/{world.staff('mentor_a').pk}/" not in page


def test_a_member_without_a_staff_record_sees_an_empty_page(world):
    response = client_for(world.school_a, world.people["admin_alpha"]).get("/consents/mine/")
    assert response.status_code == 200


@pytest.mark.parametrize("purpose", P.values)
def test_a_person_prints_their_own_form_for_each_purpose(world, purpose):
    staff = world.staff("mentee_a")
    response = client_for(world.school_a, world.people["mentee_a"]).get(f"/consents/form/{staff.pk}/{purpose}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "СОГЛАСИЕ" in text and staff.full_name in text and world.school_a.short_name in text
    assert world.school_b.short_name not in text and world.school_b.full_name not in text
    assert "Director_A Т." in text  # addressed to the school's director
    if purpose in (P.PROCESSING_PROGRAMME, P.PROCESSING_EXCHANGE, P.PUBLICATION):
        assert "152-ФЗ" in text and "Цель обработки" in text and "Перечень персональных данных" in text
        assert "Срок действия согласия" in text and "отозвано" in text
        assert world.school_a.full_name in text
    if purpose == P.PUBLICATION:
        assert "10.1" in text and "распространения" in text
    if purpose == P.MENTOR_APPOINTMENT:
        assert "351.8" in text and "наставником" in text
    if purpose == P.EXTRA_DUTIES:
        assert "дополнительных обязанностей" in text


def test_forms_of_others_are_404_for_a_member_and_open_for_the_curator(world):
    mentor = world.staff("mentor_a")
    url = f"/consents/form/{mentor.pk}/processing_programme/"
    assert client_for(world.school_a, world.people["mentee_a"]).get(url).status_code == 404
    assert client_for(world.school_a, world.people["curator_a"]).get(url).status_code == 200
    missing = f"/consents/form/{uuid.uuid4()}/processing_programme/"
    assert client_for(world.school_a, world.people["curator_a"]).get(missing).status_code == 404
    bad = f"/consents/form/{mentor.pk}/nonsense/"
    assert client_for(world.school_a, world.people["curator_a"]).get(bad).status_code == 404


def test_another_school_cannot_print_school_a_forms(world):
    url = f"/consents/form/{world.staff('mentor_a').pk}/processing_programme/"
    assert client_for(world.school_b, world.people["director_b"]).get(url).status_code == 404
    assert client_for(world.school_b, world.people["curator_b"]).get(url).status_code == 404


# --- the school's list -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["director_a", "curator_a", "admin_alpha"])
def test_the_list_for_those_with_the_right(world, consents, key):
    page = client_for(world.school_a, world.people[key]).get("/consents/").content.decode()
    assert "Mentee_A" in page and "Mentor_A" in page and "Teacher_B" not in page


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a"])
def test_the_list_and_the_writes_are_404_without_the_right(world, consents, key):
    client = client_for(world.school_a, world.people[key])
    assert client.get("/consents/").status_code == 404
    assert client.get("/consents/give/").status_code == 404
    staff = world.staff(key)
    assert client.post("/consents/give/", {"staff": str(staff.pk), "purpose": "publication",
                                           "given_on": "2025-09-01"}).status_code == 404
    assert client.get(f"/consents/{consents['mentor'].pk}/withdraw/").status_code == 404
    assert client.post(f"/consents/{consents['mentor'].pk}/withdraw/",
                       {"withdrawn_on": timezone.localdate().isoformat()}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.count() == 2 and Consent.objects.get(pk=consents["mentor"].pk).in_force


def test_list_filters(world, consents):
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get("/consents/?purpose=publication").content.decode()
    assert "Mentor_A" in page and "Mentee_A" not in page
    page = client.get("/consents/?q=mentee").content.decode()
    assert "Mentee_A" in page and "Mentor_A" not in page
    page = client.get("/consents/?state=withdrawn").content.decode()
    assert "Mentee_A" not in page and "Mentor_A" not in page


def test_list_query_count_stays_flat(world, consents, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/consents/")
    with django_assert_max_num_queries(10) as small:
        client.get("/consents/")
    for index in range(15):
        _person, staff = new_member(world.school_a, f"consent_{index}", position="учитель", last_name=f"Учитель{index}")
        with schema_context(world.school_a.schema_name):
            consent_give(school=world.school_a, acting_user=None, staff=staff, purpose=P.PROCESSING_PROGRAMME,
                         given_on=dt.date(2025, 9, 1))
    with django_assert_max_num_queries(10) as big:
        response = client.get("/consents/")
    assert "Учитель14" in response.content.decode()
    assert len(big.captured_queries) == len(small.captured_queries)


def test_another_school_gets_the_same_404_as_for_a_missing_consent(world, consents):
    client = client_for(world.school_b, world.people["director_b"])
    for consent_id in (consents["mentor"].pk, uuid.uuid4()):
        assert client.get(f"/consents/{consent_id}/withdraw/").status_code == 404
        assert client.post(f"/consents/{consent_id}/withdraw/",
                           {"withdrawn_on": timezone.localdate().isoformat()}).status_code == 404
    page = client.get("/consents/").content.decode()
    assert "Teacher_B" in page and "Mentor_A" not in page
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.get(pk=consents["mentor"].pk).in_force


# --- give and withdraw -------------------------------------------------------------------


def test_give_and_withdraw_through_the_pages(world, consents):
    client = client_for(world.school_a, world.people["curator_a"])
    teacher = world.staff("teacher_a")
    assert client.get("/consents/give/").status_code == 200
    response = client.post("/consents/give/", {"staff": str(teacher.pk), "purpose": "mentor_appointment",
                                               "given_on": "2025-09-01", "note": ""})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        consent = Consent.objects.get(staff=teacher)
        assert has_consent(teacher, P.MENTOR_APPOINTMENT)
    # a second one in force is refused with the message on the form
    response = client.post("/consents/give/", {"staff": str(teacher.pk), "purpose": "mentor_appointment",
                                               "given_on": "2025-09-02"})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    # a future date too
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post("/consents/give/", {"staff": str(teacher.pk), "purpose": "publication",
                                               "given_on": future})
    assert response.status_code == 200
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.filter(staff=teacher).count() == 1

    assert client.get(f"/consents/{consent.pk}/withdraw/").status_code == 200
    response = client.post(f"/consents/{consent.pk}/withdraw/", {"withdrawn_on": "2025-08-01"})
    assert response.status_code == 200  # before it was given
    with schema_context(world.school_a.schema_name):
        assert has_consent(teacher, P.MENTOR_APPOINTMENT)
    response = client.post(f"/consents/{consent.pk}/withdraw/", {"withdrawn_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert not has_consent(teacher, P.MENTOR_APPOINTMENT)
