"""The roadmap endpoints: /api/roadmap/, /api/roadmap-items/ — rules, isolation, query counts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django_tenants.utils import tenant_context

from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from tests.conftest import client_for
from tests.roadmap.factories import current_year, items_of, make_roadmap, snapshot


@pytest.fixture
def roadmap_a(world):  # type: ignore[no-untyped-def]
    roadmap = make_roadmap(world)
    with tenant_context(world.school_a):
        item = items_of(roadmap)[0]
        stage = RoadmapStage.objects.get(roadmap=roadmap, number=7)
    return {"roadmap": roadmap, "item": item, "stage": stage}


def _state(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return snapshot(), Roadmap.objects.count()


def _writes(r) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    inside = (current_year().first_day + dt.timedelta(days=40)).isoformat()
    i = r["item"].pk
    return [
        ("post", "/api/roadmap-items/", {"stage": str(r["stage"].pk), "title": "Взлом", "deadline": inside,
                                         "responsible_role": "curator"}),
        ("get", f"/api/roadmap-items/{i}/", {}),
        ("patch", f"/api/roadmap-items/{i}/", {"title": "Взлом"}),
        ("post", f"/api/roadmap-items/{i}/done/", {"evidence": "Взлом"}),
        ("delete", f"/api/roadmap-items/{i}/", {}),
        ("post", "/api/roadmap/", {"year": f"{current_year().start + 3}/{current_year().start + 4}"}),
    ]


def _call(client, method: str, url: str, data: dict):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, data, content_type="application/json") if data or method in (
        "post", "patch") else getattr(client, method)(url)


def test_any_member_reads_the_roadmap_with_progress(world, roadmap_a):
    response = client_for(world.school_a, world.people["teacher_a"]).get(f"/api/roadmap/?year={current_year()}")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == str(current_year()) and len(body["stages"]) == 7
    assert body["total"] == 19 and body["done"] == 0 and body["percent"] == 0
    stage = body["stages"][1]
    assert {"done", "total", "percent", "overdue", "items"} <= set(stage)
    assert {"deadline", "status", "is_overdue", "responsible_role"} <= set(stage["items"][0])


def test_a_bad_or_missing_year(world, roadmap_a):
    client = client_for(world.school_a, world.people["teacher_a"])
    response = client.get("/api/roadmap/?year=2026-2027")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "year"
    assert client.get(f"/api/roadmap/?year={current_year().start + 7}/{current_year().start + 8}").status_code == 404


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a"])
def test_members_without_the_right_get_404_on_writes_and_nothing_changes(world, roadmap_a, key):
    client = client_for(world.school_a, world.people[key])
    before = _state(world)
    for method, url, data in _writes(roadmap_a):
        assert _call(client, method, url, data).status_code == 404, (method, url)
    assert _state(world) == before


@pytest.mark.parametrize("key", ["curator_b", "director_b", "outsider"])
def test_other_schools_people_get_nothing(world, roadmap_a, key):
    client = client_for(world.school_a, world.people[key])
    before = _state(world)
    assert client.get("/api/roadmap/").status_code == 401
    for method, url, data in _writes(roadmap_a):
        assert _call(client, method, url, data).status_code == 401, (method, url)
    assert _state(world) == before


def test_school_a_ids_at_school_b_are_404_like_missing_ones(world, roadmap_a):
    client = client_for(world.school_b, world.people["curator_b"])
    foreign = client.patch(f"/api/roadmap-items/{roadmap_a['item'].pk}/", {"title": "Взлом"},
                           content_type="application/json")
    missing = client.patch(f"/api/roadmap-items/{uuid.uuid4()}/", {"title": "Взлом"}, content_type="application/json")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    response = client.post("/api/roadmap-items/", {"stage": str(roadmap_a["stage"].pk), "title": "Взлом",
                                                   "deadline": current_year().first_day.isoformat(),
                                                   "responsible_role": "curator"}, content_type="application/json")
    assert response.status_code == 404
    assert _state(world)[0] == _state(world)[0]
    with tenant_context(world.school_b):
        assert not RoadmapItem.objects.filter(title="Взлом").exists()


def test_the_curator_adds_adapts_and_marks_done(world, roadmap_a):
    client = client_for(world.school_a, world.people["curator_a"])
    year = current_year()
    response = client.post("/api/roadmap-items/", {
        "stage": str(roadmap_a["stage"].pk), "title": "Публикация на сайте", "deadline": year.last_day.isoformat(),
        "responsible_staff": str(world.staff("curator_a").pk)}, content_type="application/json")
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    response = client.patch(f"/api/roadmap-items/{item_id}/", {"status": "in_progress"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert response.json()["title"] == "Публикация на сайте"
    response = client.post(f"/api/roadmap-items/{item_id}/done/", {"evidence": "Страница опубликована",
                                                                   "evidence_link": "https://alpha.example/n"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done" and response.json()["done_on"]
    body = client.get("/api/roadmap/").json()
    stage7 = body["stages"][6]
    assert (stage7["done"], stage7["total"], stage7["percent"]) == (1, 2, 50)
    assert client.delete(f"/api/roadmap-items/{item_id}/").status_code == 204


def test_a_deadline_outside_the_year_is_refused_on_the_deadline_field_and_nothing_saved(world, roadmap_a):
    client = client_for(world.school_a, world.people["curator_a"])
    year = current_year()
    before = _state(world)
    outside = (year.first_day - dt.timedelta(days=1)).isoformat()
    response = client.post("/api/roadmap-items/", {"stage": str(roadmap_a["stage"].pk), "title": "Вне года",
                                                   "deadline": outside, "responsible_role": "curator"},
                           content_type="application/json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == "deadline" and error["code"] == "outside_year" and str(year) in error["detail"]
    response = client.patch(f"/api/roadmap-items/{roadmap_a['item'].pk}/", {"deadline": outside, "title": "Другое"},
                            content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "deadline"
    assert _state(world) == before


def test_done_needs_evidence(world, roadmap_a):
    client = client_for(world.school_a, world.people["curator_a"])
    before = _state(world)
    response = client.post(f"/api/roadmap-items/{roadmap_a['item'].pk}/done/", {"evidence": " "},
                           content_type="application/json")
    assert response.status_code == 400
    response = client.patch(f"/api/roadmap-items/{roadmap_a['item'].pk}/", {"status": "done"},
                            content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "status"
    assert _state(world) == before
    with tenant_context(world.school_a):
        assert RoadmapItem.objects.get(pk=roadmap_a["item"].pk).status == RoadmapItemStatus.PLANNED


def test_the_editor_creates_another_year_once(world):
    client = client_for(world.school_a, world.people["curator_a"])
    later = f"{current_year().start + 1}/{current_year().start + 2}"
    response = client.post("/api/roadmap/", {"year": later}, content_type="application/json")
    assert response.status_code == 201 and response.json()["total"] == 19
    again = client.post("/api/roadmap/", {"year": later}, content_type="application/json")
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "exists"


def test_the_roadmap_endpoint_query_count_is_flat(world, roadmap_a, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["teacher_a"])
    client.get("/api/roadmap/")
    with django_assert_max_num_queries(10):
        assert client.get("/api/roadmap/").status_code == 200
    with tenant_context(world.school_a):
        staff = world.staff("curator_a")
        for stage in RoadmapStage.objects.filter(roadmap=roadmap_a["roadmap"]):
            for n in range(5):
                RoadmapItem.objects.create(stage=stage, title=f"Доп. {n}", deadline=current_year().last_day,
                                           responsible_staff=staff)
    with django_assert_max_num_queries(10):
        assert client.get("/api/roadmap/").status_code == 200


def test_the_schema_documents_the_roadmap_endpoints(world):
    client = client_for(world.school_a, world.people["curator_a"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/roadmap/", "/api/roadmap-items/", "/api/roadmap-items/{id}/done/"):
        assert path in schema, path
