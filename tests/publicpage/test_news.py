"""News and announcements: kept by BANKS_MANAGE holders (curator, sysadmin, ШМО); pages, API, isolation."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from publicpage import services
from publicpage.models import NewsItem
from tests.conftest import client_for

DAY = dt.date(2025, 9, 1)


@pytest.fixture
def item(world, in_a):  # type: ignore[no-untyped-def]
    return services.news_create(school=world.school_a, acting_user=world.people["curator_a"], title="Семинар",
                                text="Текст", published_on=DAY)


def _state(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return list(NewsItem.objects.values_list("pk", "title", "text", "published").order_by("pk"))


@pytest.mark.parametrize("who", ["curator_a", "admin_alpha"])
def test_keepers_write_and_publish(world, in_a, who):
    item = services.news_create(school=world.school_a, acting_user=world.people[who], title="Новость", text="Т",
                                published_on=DAY)
    assert not item.published
    item = services.news_publish(school=world.school_a, acting_user=world.people[who], item=item)
    assert NewsItem.objects.get(pk=item.pk).published
    assert AuditEvent.objects.filter(action="publicpage.news_published", target_id=str(item.pk)).exists()


@pytest.mark.parametrize("who", ["teacher_a", "director_a", "mentor_a"])
def test_others_may_not(world, item, who):
    before = NewsItem.objects.count()
    with pytest.raises(PermissionDenied):
        services.news_create(school=world.school_a, acting_user=world.people[who], title="Н", text="Т",
                             published_on=DAY)
    with pytest.raises(PermissionDenied):
        services.news_publish(school=world.school_a, acting_user=world.people[who], item=item)
    assert NewsItem.objects.count() == before and not NewsItem.objects.get(pk=item.pk).published


def test_bad_input_is_named_and_nothing_saved(world, item):
    with pytest.raises(ValidationError) as caught:
        services.news_update(school=world.school_a, acting_user=world.people["curator_a"], item=item, title=" ",
                             text="", published_on=None, is_announcement=True)
    assert set(caught.value.error_dict) == {"title", "text", "published_on", "event_on"}
    assert NewsItem.objects.get(pk=item.pk).title == "Семинар"


def test_pages_for_the_curator(world, item):
    client = client_for(world.school_a, world.people["curator_a"])
    assert "Семинар" in client.get("/nastavnichestvo/news/").content.decode()
    response = client.post(f"/nastavnichestvo/news/{item.pk}/edit/", {
        "title": "Семинар наставников", "text": "Текст", "published_on": "2025-09-01",
        "is_announcement": "on", "event_on": "2025-10-01"})
    assert response.status_code == 302
    client.post(f"/nastavnichestvo/news/{item.pk}/publish/")
    with schema_context(world.school_a.schema_name):
        saved = NewsItem.objects.get(pk=item.pk)
    assert saved.published and saved.is_announcement and saved.title == "Семинар наставников"
    response = client.post("/nastavnichestvo/news/new/", {"title": "", "text": "", "published_on": ""})
    assert response.status_code == 200 and NewsItem.objects.count() == 1


def _pages(item) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("get", "/nastavnichestvo/news/"), ("get", "/nastavnichestvo/news/new/"),
            ("get", f"/nastavnichestvo/news/{item.pk}/edit/"), ("post", f"/nastavnichestvo/news/{item.pk}/publish/"),
            ("post", f"/nastavnichestvo/news/{item.pk}/unpublish/")]


@pytest.mark.parametrize(("school", "key"), [("a", "teacher_a"), ("a", "director_a"), ("b", "curator_b")])
def test_isolation_of_the_pages(world, item, school, key):
    before = _state(world)
    client = client_for(world.school_a if school == "a" else world.school_b, world.people[key])
    for method, url in _pages(item):
        if school == "b" and url.endswith(("/news/", "/new/")):
            continue  # school B's curator keeps school B's news
        assert getattr(client, method)(url).status_code == 404, url
        assert getattr(client, method)(url.replace(str(item.pk), str(uuid.uuid4()))).status_code == 404, url
    if school == "b":
        assert "Семинар" not in client.get("/nastavnichestvo/news/").content.decode()
    assert _state(world) == before


def test_anonymous_is_sent_to_login(world, item):
    for method, url in _pages(item):
        response = getattr(client_for(world.school_a), method)(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_api(world, item):
    client = client_for(world.school_a, world.people["curator_a"])
    assert [row["title"] for row in client.get("/api/news/").json()["results"]] == ["Семинар"]
    response = client.post("/api/news/", {"title": "Из API", "text": "Т", "published_on": "2025-09-02"},
                           content_type="application/json")
    assert response.status_code == 201
    assert client.post(f"/api/news/{response.json()['id']}/publish/").json()["published"] is True
    response = client.post("/api/news/", {"title": "", "text": "Т", "published_on": "2025-09-02",
                                          "is_announcement": True}, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(("school", "key"), [("a", "teacher_a"), ("b", "curator_b")])
def test_api_isolation(world, item, school, key, django_assert_max_num_queries):
    before = _state(world)
    client = client_for(world.school_a if school == "a" else world.school_b, world.people[key])
    assert client.get(f"/api/news/{item.pk}/").status_code == 404
    assert client.post(f"/api/news/{item.pk}/publish/").status_code == 404
    assert client.put(f"/api/news/{item.pk}/", {"title": "В", "text": "В", "published_on": "2025-09-01"},
                      content_type="application/json").status_code == 404
    if school == "b":
        assert client.get("/api/news/").json()["results"] == []
    assert _state(world) == before


def test_list_query_counts_stay_flat(world, item, django_assert_max_num_queries):
    with schema_context(world.school_a.schema_name):
        NewsItem.objects.bulk_create([NewsItem(title=f"Н{n}", text="т", published_on=DAY) for n in range(30)])
    client = client_for(world.school_a, world.people["curator_a"])
    with django_assert_max_num_queries(10):
        assert client.get("/nastavnichestvo/news/").status_code == 200
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/news/").json()["results"]) == 31
