"""Pages of the school's roadmap: any member reads, the editors (ORDERS_DRAFT) change; isolation; queries."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from people.roles import SchoolRole
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


def _is_not_found(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 404 and "404.html" in [t.name for t in response.templates]


def _posts(r) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    year = current_year()
    inside = year.first_day + dt.timedelta(days=40)
    return [
        (f"/roadmap/stages/{r['stage'].pk}/items/add/", {"title": "Взлом", "deadline": inside.strftime("%d.%m.%Y"),
                                                        "responsible_role": "curator"}),
        (f"/roadmap/items/{r['item'].pk}/edit/", {"title": "Взлом", "deadline": inside.strftime("%d.%m.%Y"),
                                                  "responsible_role": "curator", "status": "in_progress"}),
        (f"/roadmap/items/{r['item'].pk}/done/", {"evidence": "Взлом"}),
        (f"/roadmap/items/{r['item'].pk}/remove/", {}),
        ("/roadmap/create/", {"year": str(year.start + 5) + "/" + str(year.start + 6)}),
    ]


def _counts(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return snapshot(), Roadmap.objects.count()


@pytest.mark.parametrize("key", ["curator_a", "director_a"])
def test_editors_see_the_roadmap_with_progress_and_edit_links(world, roadmap_a, key):
    page = client_for(world.school_a, world.people[key]).get("/roadmap/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Формирование банка наставников" in html and "roadmap-progress" in html
    assert f"/roadmap/items/{roadmap_a['item'].pk}/edit/" in html
    assert f"/roadmap/stages/{roadmap_a['stage'].pk}/items/add/" in html


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_any_member_reads_but_cannot_change(world, roadmap_a, key):
    client = client_for(world.school_a, world.people[key])
    html = client.get("/roadmap/").content.decode()
    assert "Формирование банка наставников" in html
    assert "/edit/" not in html and "/items/add/" not in html
    before = _counts(world)
    for url, data in _posts(roadmap_a):
        assert _is_not_found(client.get(url)) or client.get(url).status_code == 405, url
        assert _is_not_found(client.post(url, data)), url
    assert _counts(world) == before


@pytest.mark.parametrize("key", ["director_b", "curator_b", "teacher_b", "outsider"])
def test_other_schools_people_get_nothing_of_school_a(world, roadmap_a, key):
    """School B's people are not members of A: the login page, nothing of A's roadmap."""
    client = client_for(world.school_a, world.people[key])
    before = _counts(world)
    response = client.get("/roadmap/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    for url, data in _posts(roadmap_a):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert "Взлом" not in response.content.decode()
    assert _counts(world) == before


def test_school_b_curator_gets_404_for_school_a_items_at_school_b(world, roadmap_a):
    """The ids of school A's activities do not exist in school B: the same 404 as for a random id."""
    client = client_for(world.school_b, world.people["curator_b"])
    missing = client.get(f"/roadmap/items/{uuid.uuid4()}/edit/")
    foreign = client.get(f"/roadmap/items/{roadmap_a['item'].pk}/edit/")
    assert _is_not_found(missing) and _is_not_found(foreign)
    assert _is_not_found(client.post(f"/roadmap/items/{roadmap_a['item'].pk}/done/", {"evidence": "Взлом"}))
    # School B's own roadmap page is B's: nothing of A's.
    html = client.get("/roadmap/").content.decode()
    assert str(roadmap_a["item"].pk) not in html


def test_district_people_get_nothing_of_a_school_roadmap(world, roadmap_a):
    for key in ("district_admin", "district_analyst"):
        client = client_for(world.school_a, world.people[key])
        response = client.get("/roadmap/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client.get("/api/roadmap/").status_code == 401
        # At the district host there is no school roadmap page.
        assert client_for(None, world.people[key]).get("/roadmap/").status_code == 404


def test_anonymous_is_sent_to_login(world, roadmap_a):
    response = client_for(world.school_a).get("/roadmap/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_page_creates_the_current_year_from_the_template_when_missing(world):
    with tenant_context(world.school_a):
        assert not Roadmap.objects.exists()
    response = client_for(world.school_a, world.people["teacher_a"]).get("/roadmap/")
    assert response.status_code == 200
    with tenant_context(world.school_a):
        roadmap = Roadmap.objects.get()
        assert roadmap.year == current_year() and roadmap.stages.count() == 7


def test_another_year_without_a_roadmap_offers_to_create_it(world):
    year = current_year()
    later = f"{year.start + 2}/{year.start + 3}"
    curator = client_for(world.school_a, world.people["curator_a"])
    html = curator.get(f"/roadmap/?year={later}").content.decode()
    assert 'action="/roadmap/create/"' in html
    with tenant_context(world.school_a):
        assert not Roadmap.objects.filter(year_start=year.start + 2).exists()
    response = curator.post("/roadmap/create/", {"year": later})
    assert response.status_code == 302
    with tenant_context(world.school_a):
        assert Roadmap.objects.filter(year_start=year.start + 2).exists()
    teacher_html = client_for(world.school_a, world.people["teacher_a"]).get(
        f"/roadmap/?year={year.start + 4}/{year.start + 5}").content.decode()
    assert "/roadmap/create/" not in teacher_html


def test_overdue_activities_are_highlighted(world, roadmap_a):
    today = timezone.localdate()
    with tenant_context(world.school_a):
        RoadmapItem.objects.filter(pk=roadmap_a["item"].pk).update(deadline=max(today - dt.timedelta(days=1),
                                                                                current_year().first_day))
    html = client_for(world.school_a, world.people["teacher_a"]).get("/roadmap/").content.decode()
    if roadmap_a["item"].deadline != today:  # (on 1 September nothing of this year can be overdue yet)
        assert 'class="overdue"' in html and 'badge overdue' in html


def test_adding_an_activity_outside_the_year_shows_the_error_and_saves_nothing(world, roadmap_a):
    year = current_year()
    curator = client_for(world.school_a, world.people["curator_a"])
    before = _counts(world)
    outside = (year.last_day + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    response = curator.post(f"/roadmap/stages/{roadmap_a['stage'].pk}/items/add/",
                            {"title": "Новое", "deadline": outside, "responsible_role": "curator"})
    assert response.status_code == 200
    assert "outside the academic year" in response.content.decode() or "вне учебного года" in response.content.decode()
    assert response.context["form"].errors["deadline"]
    assert _counts(world) == before
    inside = (year.first_day + dt.timedelta(days=40)).strftime("%d.%m.%Y")
    response = curator.post(f"/roadmap/stages/{roadmap_a['stage'].pk}/items/add/",
                            {"title": "Новое", "deadline": inside, "responsible_role": SchoolRole.SYSADMIN})
    assert response.status_code == 302
    with tenant_context(world.school_a):
        assert RoadmapItem.objects.filter(title="Новое", stage=roadmap_a["stage"]).exists()


def test_edit_mark_done_and_remove_from_the_pages(world, roadmap_a):
    curator = client_for(world.school_a, world.people["curator_a"])
    item = roadmap_a["item"]
    assert curator.get(f"/roadmap/items/{item.pk}/edit/").status_code == 200
    response = curator.post(f"/roadmap/items/{item.pk}/edit/", {
        "title": "Приказ о положении", "deadline": item.deadline.strftime("%d.%m.%Y"),
        "responsible_role": "director", "responsible_staff": str(world.staff("director_a").pk),
        "status": "in_progress"})
    assert response.status_code == 302
    response = curator.post(f"/roadmap/items/{item.pk}/done/", {"evidence": "Приказ № 116/1",
                                                                "evidence_link": "https://school.example/116"})
    assert response.status_code == 302
    with tenant_context(world.school_a):
        item = RoadmapItem.objects.get(pk=item.pk)
        assert (item.title, item.status, item.evidence) == ("Приказ о положении", RoadmapItemStatus.DONE,
                                                            "Приказ № 116/1")
    html = curator.get("/roadmap/").content.decode()
    assert "https://school.example/116" in html
    assert curator.post(f"/roadmap/items/{item.pk}/remove/").status_code == 302
    with tenant_context(world.school_a):
        assert not RoadmapItem.objects.filter(pk=item.pk).exists()


def test_the_roadmap_page_query_count_is_flat(world, roadmap_a, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["teacher_a"])
    client.get("/roadmap/")
    with django_assert_max_num_queries(11):  # 10, and the one that reads the approving order
        assert client.get("/roadmap/").status_code == 200
    with tenant_context(world.school_a):
        staff = world.staff("curator_a")
        for stage in RoadmapStage.objects.filter(roadmap=roadmap_a["roadmap"]):
            for n in range(5):
                RoadmapItem.objects.create(stage=stage, title=f"Доп. {n}", deadline=current_year().last_day,
                                           responsible_staff=staff, responsible_role="curator")
    with django_assert_max_num_queries(11):
        assert client.get("/roadmap/").status_code == 200
