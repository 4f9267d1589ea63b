"""Pages of pairs and requests: who sees what, the same 404 for «not yours» and «missing»."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from mentoring.models import Agreement, Pair, PairRequest, PairStatus, RequestStatus
from orders.models import Order
from tests.conftest import client_for
from tests.pairs import factories as f
from tests.pairs.scene import build_scene, more_pairs


@pytest.fixture
def scene(world):  # type: ignore[no-untyped-def]
    return build_scene(world)


def get(world, key, url, school=None):  # type: ignore[no-untyped-def]
    return client_for(school or world.school_a, world.people[key]).get(url)


def post(world, key, url, data=None, school=None):  # type: ignore[no-untyped-def]
    return client_for(school or world.school_a, world.people[key]).post(url, data or {})


def counts(world) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return (Pair.objects.count(), Order.objects.count(), PairRequest.objects.count(), Agreement.objects.count(),
                PairRequest.objects.filter(status=RequestStatus.PENDING).count(),
                Pair.objects.filter(status=PairStatus.ACTIVE).count())


# --- the list ----------------------------------------------------------------------------------


def test_the_curator_sees_every_pair_of_the_school(world, scene):
    page = get(world, "curator_a", "/pairs/").content.decode()
    assert "Mentor_A" in page and "Чужакова" in page and "Бетова" not in page


@pytest.mark.parametrize("key", ["mentor_a", "mentee_a"])
def test_a_participant_sees_only_their_own_pairs(world, scene, key):
    page = get(world, key, "/pairs/").content.decode()
    assert "Mentee_A" in page and "Mentor_A" in page and "Чужакова" not in page and "Посторонний" not in page


def test_a_teacher_outside_pairs_sees_none(world, scene):
    response = get(world, "teacher_a", "/pairs/")
    page = response.content.decode()
    assert response.status_code == 200 and "Mentor_A" not in page and "Чужакова" not in page


def test_the_other_school_sees_only_its_own(world, scene):
    page = get(world, "director_b", "/pairs/", school=world.school_b).content.decode()
    assert "Бетова" in page and "Mentor_A" not in page and "Чужакова" not in page


def test_filters(world, scene):
    page = get(world, "curator_a", "/pairs/?status=active").content.decode()
    assert "Mentor_A" in page and "Чужакова" not in page
    page = get(world, "curator_a", "/pairs/?q=Чужак").content.decode()
    assert "Mentor_A" not in page and "Чужакова" in page
    page = get(world, "curator_a", "/pairs/?mode=group").content.decode()
    assert "Mentor_A" not in page and "Чужакова" not in page


def test_the_list_query_count_stays_flat(world, scene, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    client.get("/pairs/")
    with django_assert_max_num_queries(12):
        assert client.get("/pairs/").status_code == 200
    more_pairs(world, 15)
    with django_assert_max_num_queries(12):
        page = client.get("/pairs/").content.decode()
    assert page.count('href="/pairs/') >= 17


def test_anonymous_is_sent_to_log_in(world, scene):
    from django.test import Client

    from tests.conftest import host_of

    response = Client(HTTP_HOST=host_of(world.school_a)).get(f"/pairs/{scene.own.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


# --- the card and its documents ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["curator_a", "director_a", "mentor_a", "mentee_a"])
def test_the_card_of_a_pair(world, scene, key):
    response = get(world, key, f"/pairs/{scene.own.pk}/")
    assert response.status_code == 200
    assert "Mentee_A" in response.content.decode()


def test_the_card_shows_consents_to_the_curator_only(world, scene):
    curator = get(world, "curator_a", f"/pairs/{scene.own.pk}/").content.decode()
    mentee = get(world, "mentee_a", f"/pairs/{scene.own.pk}/").content.decode()
    assert "✓" in curator and "✓" not in mentee


def test_the_mentors_petition_stays_hidden_from_the_mentor(world, scene):
    assert "Секретная причина" in get(world, "mentee_a", f"/pairs/{scene.own.pk}/").content.decode()
    assert "Секретная причина" in get(world, "curator_a", f"/pairs/{scene.own.pk}/").content.decode()
    assert "Секретная причина" not in get(world, "mentor_a", f"/pairs/{scene.own.pk}/").content.decode()


PAIR_URLS = ["/pairs/{pk}/", "/pairs/{pk}/order.pdf"]


@pytest.mark.parametrize("url", PAIR_URLS)
def test_the_same_404_for_not_yours_and_missing(world, scene, url):
    missing = url.format(pk=uuid.uuid4())
    assert get(world, "curator_a", missing).status_code == 404
    assert get(world, "teacher_a", url.format(pk=scene.own.pk)).status_code == 404
    assert get(world, "mentor_a", url.format(pk=scene.other.pk)).status_code == 404
    assert get(world, "mentee_a", url.format(pk=scene.other.pk)).status_code == 404
    for key in ("curator_b", "director_b", "both"):
        assert get(world, key, url.format(pk=scene.own.pk), school=world.school_b).status_code == 404
    assert get(world, "curator_b", url.format(pk=scene.pair_b.pk)).status_code == 302  # B's session is not A's


@pytest.mark.parametrize("key", ["curator_a", "mentor_a", "mentee_a"])
def test_the_order_prints(world, scene, key):
    response = get(world, key, f"/pairs/{scene.own.pk}/order.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_agreement_prints_for_its_mentor_and_the_leadership_only(world, scene):
    url = f"/pairs/{scene.own.pk}/agreements/{scene.agreement.pk}.pdf"
    for key in ("curator_a", "director_a", "mentor_a"):
        response = get(world, key, url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), key
    for key in ("mentee_a", "teacher_a"):
        assert get(world, key, url).status_code == 404
    assert get(world, "curator_a", f"/pairs/{scene.own.pk}/agreements/{uuid.uuid4()}.pdf").status_code == 404
    assert get(world, "curator_a", f"/pairs/{scene.other.pk}/agreements/{scene.agreement.pk}.pdf").status_code == 404
    assert get(world, "curator_b", url, school=world.school_b).status_code == 404


# --- forming, the order, activation, the agreement ----------------------------------------------


@pytest.mark.parametrize("url", ["/pairs/new/", "/pairs/{pk}/order/", "/pairs/{pk}/agreements/new/"])
def test_forming_pages_need_the_right(world, scene, url):
    assert get(world, "curator_a", url.format(pk=scene.other.pk)).status_code == 200
    before = counts(world)
    for key in ("director_a", "mentor_a", "mentee_a", "teacher_a"):
        assert get(world, key, url.format(pk=scene.other.pk)).status_code == 404
        assert post(world, key, url.format(pk=scene.other.pk), {"number": "1", "date": "2025-09-01"}).status_code == 404
    if "{pk}" in url:
        assert get(world, "curator_b", url.format(pk=scene.other.pk), school=world.school_b).status_code == 404
        assert get(world, "curator_a", url.format(pk=uuid.uuid4())).status_code == 404
    assert counts(world) == before


def test_the_curator_forms_a_pair(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor, mentee = f.mentor(last_name="Формова"), f.mentee(last_name="Формин")
    response = post(world, "curator_a", "/pairs/new/", {
        "role_form": "teacher_teacher", "mode": "traditional", "mentors": [mentor.pk], "mentees": [mentee.pk],
        "formed_on": "2025-09-01"})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        pair = Pair.objects.get(participants__staff=mentee)
    assert response["Location"] == f"/pairs/{pair.pk}/"


def test_a_group_of_one_is_refused_on_the_page_and_saves_nothing(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor, mentee = f.mentor(), f.mentee()
    before = counts(world)
    response = client_for(world.school_a, world.people["curator_a"]).post("/pairs/new/", {
        "role_form": "teacher_teacher", "mode": "group", "mentors": [mentor.pk], "mentees": [mentee.pk],
        "formed_on": "2025-09-01"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert counts(world) == before


def test_the_curator_drafts_the_order_and_activates(world, scene):
    with schema_context(world.school_a.schema_name):
        for participant in scene.other.participants.all():
            f.consent(participant.staff)
    response = post(world, "curator_a", f"/pairs/{scene.other.pk}/order/", {"number": "44", "date": "2025-09-02"})
    assert response.status_code == 302
    post(world, "curator_a", f"/pairs/{scene.other.pk}/activate/")
    with schema_context(world.school_a.schema_name):
        pair = Pair.objects.select_related("order").get(pk=scene.other.pk)
        assert pair.order.number == "44" and pair.status == PairStatus.FORMING  # the order is not signed yet
        f.sign(pair.order)
    page = client_for(world.school_a, world.people["curator_a"]).post(
        f"/pairs/{scene.other.pk}/activate/", follow=True).content.decode()
    assert page.count("status-active") >= 1
    with schema_context(world.school_a.schema_name):
        assert Pair.objects.get(pk=scene.other.pk).status == PairStatus.ACTIVE


@pytest.mark.parametrize("key", ["director_a", "mentor_a", "teacher_a"])
def test_activation_needs_the_right(world, scene, key):
    before = counts(world)
    assert post(world, key, f"/pairs/{scene.other.pk}/activate/").status_code == 404
    assert counts(world) == before


def test_the_curator_records_an_agreement(world, scene):
    with schema_context(world.school_a.schema_name):
        mentor = scene.own.participants.get(role="mentor").staff
    response = post(world, "curator_a", f"/pairs/{scene.own.pk}/agreements/new/", {
        "mentor": mentor.pk, "content": "Сопровождение", "starts_on": "2025-09-01", "ends_on": "2026-05-31",
        "form": "очная", "payment": "без оплаты"})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert Agreement.objects.filter(pair=scene.own, payment="без оплаты").exists()


# --- requests ----------------------------------------------------------------------------------


def test_a_mentee_petitions_and_the_mentor_asks_release(world, scene):
    with schema_context(world.school_a.schema_name):
        PairRequest.objects.all().delete()
    url = f"/pairs/{scene.own.pk}/requests/new/"
    assert get(world, "mentee_a", url).status_code == 200
    assert post(world, "mentee_a", url, {"kind": "replace_mentor", "reason": "Причина"}).status_code == 302
    assert post(world, "mentor_a", url, {"kind": "release_mentor", "reason": "Переезд"}).status_code == 302
    with schema_context(world.school_a.schema_name):
        assert set(PairRequest.objects.values_list("kind", flat=True)) == {"replace_mentor", "release_mentor"}


def test_a_mentor_cannot_petition_against_themselves_on_the_page(world, scene):
    before = counts(world)
    response = post(world, "mentor_a", f"/pairs/{scene.own.pk}/requests/new/",
                    {"kind": "replace_mentor", "reason": "x"})
    assert response.status_code == 200  # the choice is not offered
    assert counts(world) == before


def test_requests_only_from_the_pairs_participants(world, scene):
    before = counts(world)
    for key, pk in (("teacher_a", scene.own.pk), ("curator_a", scene.own.pk), ("mentor_a", scene.other.pk),
                    ("mentee_a", scene.other.pk), ("mentee_a", uuid.uuid4())):
        url = f"/pairs/{pk}/requests/new/"
        assert get(world, key, url).status_code == 404
        assert post(world, key, url, {"kind": "replace_mentor", "reason": "x"}).status_code == 404
    assert post(world, "both", f"/pairs/{scene.own.pk}/requests/new/", {"kind": "replace_mentor", "reason": "x"},
                school=world.school_b).status_code == 404
    assert counts(world) == before


def test_the_curator_decides(world, scene):
    url = f"/pairs/requests/{scene.petition.pk}/decide/"
    assert get(world, "curator_a", url).status_code == 200
    assert post(world, "curator_a", url, {"grant": "refuse", "decision": "Оснований нет"}).status_code == 302
    with schema_context(world.school_a.schema_name):
        petition = PairRequest.objects.get(pk=scene.petition.pk)
    assert petition.status == RequestStatus.REFUSED and petition.decision == "Оснований нет"


def test_a_refusal_without_reason_is_refused_on_the_page(world, scene):
    before = counts(world)
    response = post(world, "director_a", f"/pairs/requests/{scene.petition.pk}/decide/", {"grant": "refuse"})
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert counts(world) == before


def test_deciding_needs_the_right(world, scene):
    url = f"/pairs/requests/{scene.petition.pk}/decide/"
    before = counts(world)
    for key in ("mentor_a", "mentee_a", "teacher_a"):
        assert get(world, key, url).status_code == 404
        assert post(world, key, url, {"grant": "refuse", "decision": "x"}).status_code == 404
    assert get(world, "curator_b", url, school=world.school_b).status_code == 404
    assert get(world, "curator_a", f"/pairs/requests/{uuid.uuid4()}/decide/").status_code == 404
    assert counts(world) == before


def test_the_requests_page(world, scene, django_assert_max_num_queries):
    assert "Секретная причина" in get(world, "curator_a", "/pairs/requests/").content.decode()
    assert "Секретная причина" in get(world, "mentee_a", "/pairs/requests/").content.decode()
    for key in ("mentor_a", "teacher_a"):
        assert "Секретная причина" not in get(world, key, "/pairs/requests/").content.decode()
    assert "Секретная причина" not in get(world, "curator_b", "/pairs/requests/", school=world.school_b
                                          ).content.decode()
    client = client_for(world.school_a, world.people["curator_a"])
    with django_assert_max_num_queries(10):
        client.get("/pairs/requests/")
    with schema_context(world.school_a.schema_name):
        for index in range(10):
            pair = f.pair([f.mentor()], [f.mentee()])
            PairRequest.objects.create(pair=pair, kind="replace_mentor", submitted_by=pair.participants.last().staff,
                                       reason=f"r{index}", submitted_on=f.GIVEN)
    with django_assert_max_num_queries(10):
        client.get("/pairs/requests/")
