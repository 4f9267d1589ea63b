"""Pages of the register of orders: who sees what, drafts, signing, the PDF; isolation and query counts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django_tenants.utils import schema_context

from orders.models import Order, OrderKind, OrderStatus
from orders.services import order_create, order_sign
from people.roles import SchoolRole
from tests.conftest import client_for
from tests.orders.helpers import new_member, pdf_text, roles_of


@pytest.fixture
def orders(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        signed = order_create(school=world.school_a, acting_user=None, kind=OrderKind.MENTORING_SYSTEM,
                              number="116/1", date=dt.date(2025, 8, 31), title="Подписанный приказ альфы",
                              subjects=[(world.staff("teacher_a"), "")])
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=signed)
        draft = order_create(school=world.school_a, acting_user=None, kind=OrderKind.OTHER, number="117",
                             date=dt.date(2025, 9, 1), title="Черновик приказа альфы")
    with schema_context(world.school_b.schema_name):
        beta = order_create(school=world.school_b, acting_user=None, kind=OrderKind.OTHER, number="1",
                            date=dt.date(2025, 9, 1), title="Приказ школы Бета")
    return {"signed": signed, "draft": draft, "beta": beta}


def many_orders(world, count: int, start: int = 1000) -> None:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        for index in range(start, start + count):
            order_create(school=world.school_a, acting_user=None, kind=OrderKind.APPOINT_COORDINATOR,
                         number=str(index), date=dt.date(2025, 10, 1), title=f"Приказ {index}",
                         signer=world.staff("director_a"),
                         subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])


# --- the register ------------------------------------------------------------------------


def test_the_director_sees_drafts_and_signed_orders(world, orders):
    page = client_for(world.school_a, world.people["director_a"]).get("/orders/").content.decode()
    assert "Подписанный приказ альфы" in page and "Черновик приказа альфы" in page
    assert "Приказ школы Бета" not in page


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_other_members_read_only_signed_orders(world, orders, key):
    client = client_for(world.school_a, world.people[key])
    page = client.get("/orders/").content.decode()
    assert "Подписанный приказ альфы" in page and "Черновик приказа альфы" not in page
    assert client.get(f"/orders/{orders['signed'].pk}/").status_code == 200
    assert client.get(f"/orders/{orders['draft'].pk}/").status_code == 404
    assert client.get(f"/orders/{orders['draft'].pk}/pdf/").status_code == 404


def test_register_filters(world, orders):
    client = client_for(world.school_a, world.people["director_a"])
    page = client.get("/orders/?status=draft").content.decode()
    assert "Черновик приказа альфы" in page and "Подписанный приказ альфы" not in page
    page = client.get("/orders/?kind=mentoring_system&year=2025").content.decode()
    assert "Подписанный приказ альфы" in page and "Черновик приказа альфы" not in page
    page = client.get("/orders/?q=116").content.decode()
    assert "Подписанный приказ альфы" in page and "Черновик" not in page
    assert "Черновик" not in client.get("/orders/?year=2024").content.decode()


def test_register_query_count_stays_flat(world, orders, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["director_a"])
    many_orders(world, 3)
    client.get("/orders/")
    with django_assert_max_num_queries(10) as small:
        client.get("/orders/")
    many_orders(world, 30, start=2000)
    with django_assert_max_num_queries(10) as big:
        response = client.get("/orders/")
    assert response.status_code == 200 and "Приказ 2029" in response.content.decode()
    assert len(big.captured_queries) == len(small.captured_queries)


# --- isolation ---------------------------------------------------------------------------


def test_another_school_gets_the_same_404_as_for_a_missing_order(world, orders):
    client = client_for(world.school_b, world.people["director_b"])
    missing = uuid.uuid4()
    for suffix in ("", "edit/", "pdf/"):
        assert client.get(f"/orders/{orders['signed'].pk}/{suffix}").status_code == 404
        assert client.get(f"/orders/{missing}/{suffix}").status_code == 404
    assert client.post(f"/orders/{orders['draft'].pk}/sign/").status_code == 404
    assert client.post(f"/orders/{orders['draft'].pk}/cancel/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=orders["draft"].pk).status == OrderStatus.DRAFT
    page = client.get("/orders/").content.decode()
    assert "Приказ школы Бета" in page and "альфы" not in page


def test_a_person_of_school_b_is_not_let_into_school_a(world, orders):
    response = client_for(world.school_a, world.people["director_b"]).get(f"/orders/{orders['signed'].pk}/")
    assert response.status_code == 302
    assert "альфы" not in response.content.decode()


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha"])
def test_without_the_right_to_draft_or_sign_every_write_is_404_and_changes_nothing(world, orders, key):
    client = client_for(world.school_a, world.people[key])
    draft = orders["draft"]
    assert client.get("/orders/new/").status_code == 404
    assert client.post("/orders/new/", {"kind": "other", "number": "500", "date": "2025-09-01",
                                        "title": "Чужой", "subjects-TOTAL_FORMS": "0",
                                        "subjects-INITIAL_FORMS": "0"}).status_code == 404
    assert client.get(f"/orders/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/orders/{draft.pk}/sign/").status_code == 404
    assert client.post(f"/orders/{draft.pk}/cancel/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=draft.pk).status == OrderStatus.DRAFT
        assert not Order.objects.filter(number="500").exists()


def test_the_curator_drafts_but_cannot_sign(world, orders):
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.post(f"/orders/{orders['draft'].pk}/sign/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=orders["draft"].pk).status == OrderStatus.DRAFT


# --- drafting and signing through the pages ----------------------------------------------


def form_data(world, **overrides):  # type: ignore[no-untyped-def]
    data = {"kind": "appoint_curator", "number": "120", "date": "2025-09-05", "title": "О назначении куратора",
            "text": "", "signer": "", "subjects-TOTAL_FORMS": "3", "subjects-INITIAL_FORMS": "0",
            "subjects-MIN_NUM_FORMS": "0", "subjects-MAX_NUM_FORMS": "60"}
    data.update(overrides)
    return data


def test_curator_drafts_and_director_signs_through_the_pages(world, orders):
    person, staff = new_member(world.school_a, "page_deputy", position="заместитель директора по ВР")
    curator = client_for(world.school_a, world.people["curator_a"])
    assert curator.get("/orders/new/").status_code == 200
    response = curator.post("/orders/new/", form_data(world, **{"subjects-0-staff": str(staff.pk),
                                                                "subjects-0-role": "curator"}))
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        order = Order.objects.get(number="120")
        assert order.status == OrderStatus.DRAFT and order.created_by_id == world.people["curator_a"].pk
    assert curator.get(f"/orders/{order.pk}/edit/").status_code == 200
    assert SchoolRole.CURATOR not in roles_of(person, world.school_a)

    director = client_for(world.school_a, world.people["director_a"])
    assert director.post(f"/orders/{order.pk}/sign/").status_code == 302
    with schema_context(world.school_a.schema_name):
        order.refresh_from_db()
        assert order.status == OrderStatus.SIGNED and order.signer == world.staff("director_a")
    assert SchoolRole.CURATOR in roles_of(person, world.school_a)
    # a signed order is not edited any more
    assert director.get(f"/orders/{order.pk}/edit/").status_code == 302


def test_a_rule_broken_in_the_form_is_shown_and_nothing_saved(world, orders):
    curator = client_for(world.school_a, world.people["curator_a"])
    teacher = world.staff("teacher_a")
    response = curator.post("/orders/new/", form_data(world, **{"subjects-0-staff": str(teacher.pk),
                                                                "subjects-0-role": "curator"}))
    assert response.status_code == 200
    assert "3.4" in response.content.decode()
    response = curator.post("/orders/new/", form_data(world, number="116/1", date="2025-01-10", kind="other"))
    assert response.status_code == 200 and "116/1" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not Order.objects.filter(number="120").exists()
        assert Order.objects.filter(number="116/1").count() == 1


def test_cancel_a_draft(world, orders):
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.post(f"/orders/{orders['draft'].pk}/cancel/").status_code == 302
    assert client.get(f"/orders/{orders['draft'].pk}/cancel/").status_code == 405
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=orders["draft"].pk).status == OrderStatus.CANCELLED


# --- the PDF -----------------------------------------------------------------------------


def test_the_order_prints_on_the_schools_letterhead(world, orders):
    response = client_for(world.school_a, world.people["teacher_a"]).get(f"/orders/{orders['signed'].pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert world.school_a.full_name in text and world.school_b.full_name not in text
    assert "ПРИКАЗ" in text and "№ 116/1 от 31.08.2022".replace("2022", "2025") in text
    assert "Подписанный приказ альфы" in text and "Teacher_A" in text
    assert "Директор" in text and "Director_A Т." in text


def test_a_draft_prints_marked_as_draft_with_its_appointments(world, orders):
    with schema_context(world.school_a.schema_name):
        order = order_create(school=world.school_a, acting_user=None, kind=OrderKind.APPOINT_COORDINATOR,
                             number="130", date=dt.date(2025, 9, 3), title="О назначении координатора",
                             subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])
    response = client_for(world.school_a, world.people["director_a"]).get(f"/orders/{order.pk}/pdf/")
    text = pdf_text(response.content)
    assert "ПРОЕКТ" in text and "ПРИКАЗЫВАЮ" in text and "Назначить Teacher_A Т." in text
    assert "координатор" in text.lower()
