"""/api/orders/: the register, drafts, signing (roles take effect), the PDF; isolation and query counts."""

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
        signed = order_create(school=world.school_a, acting_user=None, kind=OrderKind.OTHER, number="1",
                              date=dt.date(2025, 8, 31), title="Подписанный альфы")
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=signed)
        draft = order_create(school=world.school_a, acting_user=None, kind=OrderKind.OTHER, number="2",
                             date=dt.date(2025, 9, 1), title="Черновик альфы")
    return {"signed": signed, "draft": draft}


def titles(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["title"] for row in response.json()["results"]}


def test_list_for_the_director_and_for_a_teacher(world, orders):
    assert titles(client_for(world.school_a, world.people["director_a"]).get("/api/orders/")) == {
        "Подписанный альфы", "Черновик альфы"}
    assert titles(client_for(world.school_a, world.people["teacher_a"]).get("/api/orders/")) == {"Подписанный альфы"}


def test_list_filters(world, orders):
    client = client_for(world.school_a, world.people["director_a"])
    assert titles(client.get("/api/orders/?status=draft")) == {"Черновик альфы"}
    assert titles(client.get("/api/orders/?year=2024")) == set()
    assert titles(client.get("/api/orders/?kind=other&q=Подпис")) == {"Подписанный альфы"}
    assert client.get("/api/orders/?year=abc").status_code == 400


def test_list_query_count_stays_flat(world, orders, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["director_a"])
    client.get("/api/orders/")
    with django_assert_max_num_queries(10) as small:
        client.get("/api/orders/")
    with schema_context(world.school_a.schema_name):
        for index in range(20):
            order_create(school=world.school_a, acting_user=None, kind=OrderKind.APPOINT_COORDINATOR,
                         number=f"c{index}", date=dt.date(2025, 10, 1), title=f"Приказ {index}",
                         signer=world.staff("director_a"),
                         subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])
    with django_assert_max_num_queries(10) as big:
        response = client.get("/api/orders/")
    assert response.json()["count"] == 22
    assert len(big.captured_queries) == len(small.captured_queries)


def test_retrieve_with_people(world, orders):
    with schema_context(world.school_a.schema_name):
        order = order_create(school=world.school_a, acting_user=None, kind=OrderKind.APPOINT_COORDINATOR,
                             number="3", date=dt.date(2025, 9, 2), title="Координатор",
                             subjects=[(world.staff("teacher_a"), SchoolRole.COORDINATOR)])
    body = client_for(world.school_a, world.people["curator_a"]).get(f"/api/orders/{order.pk}/").json()
    assert body["status"] == "draft" and body["subjects"][0]["role"] == "coordinator"
    assert body["subjects"][0]["staff_name"].startswith("Teacher_A")


def test_create_partial_update_and_errors(world, orders):
    client = client_for(world.school_a, world.people["curator_a"])
    teacher = world.staff("teacher_a")
    response = client.post("/api/orders/", {
        "kind": "appoint_curator", "number": "10", "date": "2025-09-10", "title": "Куратор",
        "subjects": [{"staff": str(teacher.pk), "role": "curator"}]}, content_type="application/json")
    assert response.status_code == 400
    assert "3.4" in response.content.decode() and response.json()["errors"][0]["attr"].startswith("subjects")
    response = client.post("/api/orders/", {"kind": "other", "number": "1", "date": "2025-01-10", "title": "Дубль"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "number"
    with schema_context(world.school_a.schema_name):
        assert Order.objects.count() == 2

    response = client.post("/api/orders/", {
        "kind": "appoint_coordinator", "number": "10", "date": "2025-09-10", "title": "Координатор",
        "subjects": [{"staff": str(teacher.pk), "role": "coordinator"}]}, content_type="application/json")
    assert response.status_code == 201, response.content
    order_id = response.json()["id"]
    response = client.patch(f"/api/orders/{order_id}/", {"title": "О координаторе"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == "О координаторе"
    assert response.json()["subjects"][0]["role"] == "coordinator"
    response = client.patch(f"/api/orders/{orders['signed'].pk}/", {"title": "Иначе"}, content_type="application/json")
    assert response.status_code == 400
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=orders["signed"].pk).title == "Подписанный альфы"


def test_a_curator_appointed_by_a_signed_order_opens_a_curator_only_endpoint(world, orders):
    person, staff = new_member(world.school_a, "api_deputy", position="заместитель директора по УВР")
    newcomer = client_for(world.school_a, person)
    assert newcomer.get("/api/consents/").status_code == 404
    response = client_for(world.school_a, world.people["curator_a"]).post("/api/orders/", {
        "kind": "appoint_curator", "number": "11", "date": "2025-09-10", "title": "О назначении куратора",
        "subjects": [{"staff": str(staff.pk), "role": "curator"}]}, content_type="application/json")
    order_id = response.json()["id"]
    # the draft gives nothing
    assert newcomer.get("/api/consents/").status_code == 404
    assert SchoolRole.CURATOR not in roles_of(person, world.school_a)
    # the curator drafts but does not sign
    curator = client_for(world.school_a, world.people["curator_a"])
    assert curator.post(f"/api/orders/{order_id}/sign/").status_code == 404
    response = client_for(world.school_a, world.people["director_a"]).post(f"/api/orders/{order_id}/sign/")
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert SchoolRole.CURATOR in roles_of(person, world.school_a)
    assert client_for(world.school_a, person).get("/api/consents/").status_code == 200


def test_sign_refusal_is_a_field_error_and_changes_nothing(world, orders):
    with schema_context(world.school_a.schema_name):
        order = order_create(school=world.school_a, acting_user=None, kind=OrderKind.APPOINT_MENTOR, number="12",
                             date=dt.date(2025, 9, 2), title="Наставник",
                             subjects=[(world.staff("teacher_a"), SchoolRole.MENTOR)])
    response = client_for(world.school_a, world.people["director_a"]).post(f"/api/orders/{order.pk}/sign/")
    assert response.status_code == 400 and "351.8" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.DRAFT
    assert SchoolRole.MENTOR not in roles_of(world.person("teacher_a"), world.school_a)


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "admin_alpha"])
def test_without_the_right_writes_are_404_and_change_nothing(world, orders, key):
    client = client_for(world.school_a, world.people[key])
    draft = orders["draft"]
    assert client.post("/api/orders/", {"kind": "other", "number": "99", "date": "2025-09-10", "title": "X"},
                       content_type="application/json").status_code == 404
    assert client.patch(f"/api/orders/{draft.pk}/", {"title": "X"}, content_type="application/json").status_code == 404
    assert client.post(f"/api/orders/{draft.pk}/sign/").status_code == 404
    assert client.post(f"/api/orders/{draft.pk}/cancel/").status_code == 404
    assert client.get(f"/api/orders/{draft.pk}/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=draft.pk).status == OrderStatus.DRAFT
        assert Order.objects.get(pk=draft.pk).title == "Черновик альфы"
        assert not Order.objects.filter(number="99").exists()


def test_another_school_gets_the_same_404_as_for_a_missing_order(world, orders):
    client = client_for(world.school_b, world.people["director_b"])
    for order_id in (orders["signed"].pk, orders["draft"].pk, uuid.uuid4(), "not-an-id"):
        assert client.get(f"/api/orders/{order_id}/").status_code == 404
        assert client.get(f"/api/orders/{order_id}/pdf/").status_code == 404
        assert client.post(f"/api/orders/{order_id}/sign/").status_code == 404
        assert client.patch(f"/api/orders/{order_id}/", {"title": "X"},
                            content_type="application/json").status_code == 404
    assert client.get("/api/orders/").json()["count"] == 0
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=orders["draft"].pk).status == OrderStatus.DRAFT


def test_pdf(world, orders):
    response = client_for(world.school_a, world.people["mentee_a"]).get(f"/api/orders/{orders['signed'].pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Подписанный альфы" in text and world.school_a.full_name in text and world.school_b.full_name not in text


def test_the_schema_documents_the_endpoints(world):
    schema = client_for(world.school_a, world.people["director_a"]).get("/api/schema/?format=json").json()
    for path in ("/api/orders/", "/api/orders/{id}/", "/api/orders/{id}/sign/", "/api/orders/{id}/pdf/"):
        assert path in schema["paths"], path
