"""Forming a pair as a person wants it: pickers, consents the chosen lack, recorded in place, the checklist."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django_tenants.utils import schema_context

from banks.models import Difficulty, Direction
from consents.models import Consent, ConsentPurpose
from mentoring.models import Pair
from orders.models import Order, OrderKind
from tests.conftest import client_for
from tests.pairs import factories as f
from tests.pairs.scene import build_scene

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture
def scene(world):  # type: ignore[no-untyped-def]
    return build_scene(world)


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    """A mentor with one of two places free, and a mentee lacking the consent to additional duties."""
    with schema_context(world.school_a.schema_name):
        mentor = f.mentor(last_name="Свободнова", capacity=2)
        mentor.mentor_profile.subjects = ["физика"]
        mentor.mentor_profile.directions = [Direction.TEACHING_METHODS]
        mentor.mentor_profile.save()
        f.pair([mentor], [f.mentee(last_name="Занятый")])
        mentee = f.mentee(last_name="Новенькая", consents=False)
        f.consent(mentee, ConsentPurpose.PROCESSING_PROGRAMME)
        Difficulty.objects.create(mentee=mentee.mentee_profile, direction=Direction.TEACHING_METHODS,
                                  description="дифференциация на уроке")
    return mentor, mentee


def curator(world):  # type: ignore[no-untyped-def]
    return client_for(world.school_a, world.people["curator_a"])


def choose(mentor, mentee, **extra):  # type: ignore[no-untyped-def]
    return {"role_form": "teacher_teacher", "mode": "traditional", "mentors": [str(mentor.pk)],
            "mentees": [str(mentee.pk)], "formed_on": "2025-09-01", **extra}


def test_the_pickers_show_free_places_subjects_difficulties_and_pairs(world, scene, people):
    page = curator(world).get("/pairs/new/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Свободнова" in page and "1 свободное место из 2" in page and "физика" in page
    assert "Новенькая" in page and "дифференциация на уроке" in page
    assert "уже в паре" in page  # Занятый is a mentee of an open pair
    assert 'src="/static/js/vendor/htmx-2.0.11.min.js"' in page


def test_the_search_narrows_the_list_and_keeps_the_chosen(world, scene, people):
    mentor, mentee = people
    page = curator(world).post("/pairs/new/", choose(mentor, mentee, mentee_q="Занят"), **HTMX).content.decode()
    assert page.startswith('<form method="post" id="pair-builder"')  # only the form comes back
    assert "Занятый" in page and "Новенькая" in page  # chosen, though not matching
    assert "Посторонний" not in page  # neither chosen nor matching


def test_a_missing_consent_shows_as_soon_as_chosen_and_nothing_is_saved(world, scene, people):
    mentor, mentee = people
    before = _pairs(world)
    page = curator(world).post("/pairs/new/", choose(mentor, mentee), **HTMX).content.decode()
    assert "Новенькая Иван Петрович</strong>: согласия нет — " in page
    assert f"/pairs/consent/?staff={mentee.pk}&amp;purpose=extra_duties" in page  # «Записать согласие»
    assert f"/consents/form/{mentee.pk}/extra_duties/" in page  # «Бланк»
    assert _pairs(world) == before


def test_without_the_processing_consent_the_pair_cannot_be_formed_and_says_why(world, scene, people):
    mentor, _mentee = people
    with schema_context(world.school_a.schema_name):
        bare = f.mentee(last_name="Безсогласная", consents=False)
    page = curator(world).post("/pairs/new/", choose(mentor, bare), **HTMX).content.decode()
    assert "нужно для формирования пары" in page
    assert '<button type="submit" class="primary" disabled>' in page


def test_recording_a_consent_in_the_dialog(world, scene, people):
    _mentor, mentee = people
    client = curator(world)
    url = f"/pairs/consent/?staff={mentee.pk}&purpose=extra_duties"
    dialog = client.get(url, **HTMX).content.decode()
    assert "<dialog open" in dialog and "Новенькая" in dialog
    response = client.post("/pairs/consent/", {"staff": str(mentee.pk), "purpose": "extra_duties",
                                               "given_on": "2025-09-01"}, **HTMX)
    assert response.status_code == 200 and response["HX-Trigger"] == "consent-recorded"
    with schema_context(world.school_a.schema_name):
        assert Consent.objects.filter(staff=mentee, purpose=ConsentPurpose.EXTRA_DUTIES,
                                      withdrawn_on__isnull=True).count() == 1


def test_a_bad_date_in_the_dialog_is_said_there_and_records_nothing(world, scene, people):
    _mentor, mentee = people
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = curator(world).post("/pairs/consent/", {"staff": str(mentee.pk), "purpose": "extra_duties",
                                                       "given_on": future}, **HTMX)
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert "<dialog open" in response.content.decode() and 'class="field-error"' in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not Consent.objects.filter(staff=mentee, purpose=ConsentPurpose.EXTRA_DUTIES).exists()


def test_the_dialog_is_the_same_404_for_another_school_a_missing_person_and_the_wrong_role(world, scene, people):
    _mentor, mentee = people
    with schema_context(world.school_b.schema_name):
        stranger = f.staff("Бетовская")
    data = {"purpose": "extra_duties", "given_on": "2025-09-01"}
    assert curator(world).post("/pairs/consent/", {**data, "staff": str(stranger.pk)}).status_code == 404
    assert curator(world).post("/pairs/consent/", {**data, "staff": str(uuid.uuid4())}).status_code == 404
    assert curator(world).post("/pairs/consent/", {**data, "staff": str(mentee.pk), "purpose": "x"}).status_code == 404
    for key in ("mentor_a", "teacher_a"):
        client = client_for(world.school_a, world.people[key])
        assert client.post("/pairs/consent/", {**data, "staff": str(mentee.pk)}).status_code == 404
    client = client_for(world.school_b, world.people["curator_b"])
    assert client.post("/pairs/consent/", {**data, "staff": str(mentee.pk)}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert not Consent.objects.filter(staff=mentee, purpose=ConsentPurpose.EXTRA_DUTIES).exists()


def test_the_checklist_links_each_item_and_offers_only_what_works(world, scene, people):
    mentor, mentee = people
    response = curator(world).post("/pairs/new/", choose(mentor, mentee), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    page = curator(world).get(response["Location"], HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    pair_id = response["Location"].split("/")[2]
    assert "order.pdf" not in page  # «Приказ (PDF)» only once drafted
    assert "/activate/" not in page
    assert f'href="/pairs/{pair_id}/order/">не подготовлен приказ директора о закреплении пары' in page
    assert f"/pairs/consent/?staff={mentee.pk}&amp;purpose=extra_duties" in page
    assert f"/consents/form/{mentee.pk}/extra_duties/" in page


def test_the_next_free_order_number_is_suggested(world, scene):
    with schema_context(world.school_a.schema_name):
        today = dt.date.today()
        for number in ("170", "171", "116/1"):
            Order.objects.create(number=number, date=today, year=today.year, kind=OrderKind.ASSIGN_PAIR, title="x")
    page = curator(world).get(f"/pairs/{scene.other.pk}/order/").content.decode()
    assert 'name="number" value="172"' in page


def test_the_forming_page_reads_a_fixed_number_of_queries(world, scene, people, django_assert_max_num_queries):
    mentor, mentee = people
    with schema_context(world.school_a.schema_name):
        for _ in range(10):
            f.mentor()
            f.mentee()
    client = curator(world)
    client.get("/")
    with django_assert_max_num_queries(16):
        assert client.post("/pairs/new/", choose(mentor, mentee), **HTMX).status_code == 200


def _pairs(world) -> int:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return Pair.objects.count()
