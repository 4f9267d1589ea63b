"""The district's pages for its schools: list, card, edit, archive, restore — and who may reach them."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from tenants.models import School, SchoolKind, SchoolStatus
from tests.conftest import client_for
from tests.district_schools.conftest import provisioning_school


def _page(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _day(moment: dt.datetime | None) -> str:
    """A date as the pages show it: 31.08.2022, in the platform's time zone."""
    assert moment is not None
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def _card(school: School) -> str:
    return f"/schools/{school.uuid}/"


def _rows(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('class="school-row" data-slug="')[1:]]


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_the_current_schools_with_status_kind_locality_host_and_date(world, provisioning):
    School.objects.filter(pk=world.school_a.pk).update(locality="с. Альфа", kind=SchoolKind.SOSH)
    page = _page(client_for(None, world.people["district_analyst"]).get("/schools/"))
    assert sorted(_rows(page)) == ["alpha", "beta", "gamma"]
    assert "school-template" not in page
    assert '<span class="badge status-active">Действует</span>' in page
    assert '<span class="badge status-provisioning">Создаётся</span>' in page
    assert "Средняя общеобразовательная школа" in page or "(СОШ)" in page  # the kind's label
    assert "с. Альфа" in page
    assert 'href="http://alpha.localhost/"' in page  # an active school's host is a link
    assert 'href="http://gamma.localhost/"' not in page and "gamma.localhost" in page  # not served yet
    assert _day(world.school_a.created_at) in page
    assert f'href="{_card(world.school_a)}"' in page


def test_archived_schools_are_listed_only_when_asked_for(world, archive_beta):
    archive_beta()
    client = client_for(None, world.people["district_analyst"])
    assert _rows(_page(client.get("/schools/"))) == ["alpha"]
    archived = _page(client.get("/schools/?status=archived"))
    assert _rows(archived) == ["beta"]
    assert '<span class="badge status-archived">В архиве</span>' in archived
    assert 'href="http://beta.localhost/"' not in archived  # the host answers nothing: no link
    assert sorted(_rows(_page(client.get("/schools/?status=all")))) == ["alpha", "beta"]


def test_the_list_filters_by_status_and_kind_and_searches_by_name(world, provisioning):
    client = client_for(None, world.people["district_analyst"])
    assert _rows(_page(client.get("/schools/?status=provisioning"))) == ["gamma"]
    assert _rows(_page(client.get("/schools/", {"kind": SchoolKind.GYMNASIUM}))) == ["gamma"]
    assert _rows(_page(client.get("/schools/", {"q": "бета"}))) == ["beta"]
    assert _rows(_page(client.get("/schools/", {"q": "нет такой школы"}))) == []
    # An unknown filter value lists the current schools and says what is wrong on the field.
    response = client.get("/schools/", {"status": "template"})
    assert sorted(_rows(_page(response))) == ["alpha", "beta", "gamma"]
    assert response.context["filter_form"].errors["status"]


def test_the_list_costs_the_same_queries_for_more_schools(world):
    client = client_for(None, world.people["district_analyst"])
    client.get("/schools/")  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as two:
        client.get("/schools/")
    for n in range(3):
        provisioning_school(f"extra{n}", full_name=f"Школа {n}", short_name=f"Школа {n}")
    with CaptureQueriesContext(connection) as five:
        page = _page(client.get("/schools/"))
    assert len(_rows(page)) == 5
    assert len(five) == len(two)


# --- the card -----------------------------------------------------------------------------------


def test_the_card_shows_details_status_and_the_actions_for_the_administrator(world):
    page = _page(client_for(None, world.people["district_admin"]).get(_card(world.school_b)))
    assert world.school_b.full_name in page and '<span class="badge status-active">Действует</span>' in page
    assert 'href="http://beta.localhost/"' in page
    assert _day(world.school_b.created_at) in page
    assert f'href="/schools/{world.school_b.uuid}/edit/"' in page
    assert f'href="/schools/{world.school_b.uuid}/archive/"' in page
    assert f'href="/schools/{world.school_b.uuid}/restore/"' not in page


def test_the_analyst_reads_the_card_without_actions(world):
    page = _page(client_for(None, world.people["district_analyst"]).get(_card(world.school_b)))
    assert world.school_b.full_name in page
    assert "/edit/" not in page and "/archive/" not in page and "/restore/" not in page


def test_the_card_of_a_school_being_provisioned_shows_its_status_and_no_actions(world, provisioning):
    page = _page(client_for(None, world.people["district_admin"]).get(_card(provisioning)))
    assert '<span class="badge status-provisioning">Создаётся</span>' in page
    assert _day(provisioning.created_at) in page and "gamma.localhost" in page
    assert "/edit/" not in page and "/archive/" not in page


def test_the_card_of_an_archived_school_says_when_by_whom_and_why(world, archive_beta):
    school = archive_beta()
    page = _page(client_for(None, world.people["district_admin"]).get(_card(school)))
    assert '<span class="badge status-archived">В архиве</span>' in page
    assert _day(school.archived_at) in page
    assert world.people["district_admin"].get_full_name() in page
    assert "Реорганизация: присоединена к школе Альфа" in page
    assert f'href="/schools/{school.uuid}/restore/"' in page and f'href="/schools/{school.uuid}/archive/"' not in page


def test_unknown_malformed_and_template_ids_get_the_same_404(world, template_school):
    client = client_for(None, world.people["district_admin"])
    for suffix in ("", "edit/", "archive/", "restore/"):
        bodies = set()
        for school_id in (uuid.uuid4(), "not-a-uuid", template_school.uuid):
            response = client.get(f"/schools/{school_id}/{suffix}")
            assert response.status_code == 404
            # The page names its own address (the language switch) and carries a fresh CSRF token.
            body = response.content.decode().replace(str(school_id), "ID")
            bodies.add(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body))
        assert len(bodies) == 1, suffix
    assert client.post(f"/schools/{template_school.uuid}/archive/", {"reason": "x", "confirm": "on"}).status_code == 404
    assert School.objects.get(pk=template_school.pk).status == SchoolStatus.TEMPLATE


# --- edit -----------------------------------------------------------------------------------------


def _edit_form(school: School, **changes: str) -> dict[str, str]:
    data = {field: getattr(school, field) for field in (
        "full_name", "short_name", "kind", "locality", "second_language_code", "full_name_second_language",
        "short_name_second_language")}
    data.update(changes)
    return data


def test_the_administrator_edits_the_details_but_not_the_address(world):
    client = client_for(None, world.people["district_admin"])
    form_page = _page(client.get(f"/schools/{world.school_b.uuid}/edit/"))
    assert 'name="slug"' not in form_page and "beta.localhost" in form_page
    assert 'value="МБОУ «ООШ с. Бета»"' in form_page
    response = client.post(f"/schools/{world.school_b.uuid}/edit/", _edit_form(
        world.school_b, short_name="ООШ с. Бета", locality="с. Бета", slug="gamma"))
    assert response.status_code == 302 and response["Location"] == _card(world.school_b)
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.short_name, fresh.locality, fresh.slug) == ("ООШ с. Бета", "с. Бета", "beta")
    assert AuditEvent.objects.filter(school_uuid=fresh.uuid, action="school.updated").count() == 1


def test_edit_errors_are_shown_on_their_fields_and_nothing_is_saved(world):
    response = client_for(None, world.people["district_admin"]).post(
        f"/schools/{world.school_b.uuid}/edit/", _edit_form(world.school_b, full_name="", kind="колледж"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "kind"}
    assert School.objects.get(pk=world.school_b.pk).full_name == "МБОУ «ООШ с. Бета»"


def test_editing_a_school_being_provisioned_shows_the_reason(world, provisioning):
    response = client_for(None, world.people["district_admin"]).post(
        f"/schools/{provisioning.uuid}/edit/", _edit_form(provisioning, short_name="Гимназия"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert School.objects.get(pk=provisioning.pk).short_name == "Гимназия с. Гамма"


# --- archive and restore ------------------------------------------------------------------------------


def test_the_administrator_archives_a_school_with_a_reason_and_restores_it(world):
    client = client_for(None, world.people["district_admin"])
    url = f"/schools/{world.school_b.uuid}/archive/"
    assert 'name="reason"' in _page(client.get(url))
    response = client.post(url, {"reason": "Реорганизация", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == _card(world.school_b)
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.status, fresh.archive_reason, fresh.archived_by) == (
        SchoolStatus.ARCHIVED, "Реорганизация", world.people["district_admin"])

    restore = f"/schools/{world.school_b.uuid}/restore/"
    assert "<form" in _page(client.get(restore))
    response = client.post(restore)
    assert response.status_code == 302 and response["Location"] == _card(world.school_b)
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE
    actions = list(AuditEvent.objects.filter(school_uuid=fresh.uuid, action__in=["school.archived",
                                                                                  "school.restored"])
                   .order_by("at").values_list("action", flat=True))
    assert actions == ["school.archived", "school.restored"]


@pytest.mark.parametrize(("data", "field"), [
    ({"reason": "", "confirm": "on"}, "reason"),
    ({"reason": "   ", "confirm": "on"}, "reason"),
    ({"reason": "Реорганизация"}, "confirm"),
])
def test_archiving_needs_a_reason_and_the_confirmation(world, data, field):
    response = client_for(None, world.people["district_admin"]).post(
        f"/schools/{world.school_b.uuid}/archive/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE


def test_archiving_an_archived_school_shows_why_not(world, archive_beta):
    archive_beta()
    response = client_for(None, world.people["district_admin"]).post(
        f"/schools/{world.school_b.uuid}/archive/", {"reason": "ещё раз", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert School.objects.get(pk=world.school_b.pk).archive_reason == "Реорганизация: присоединена к школе Альфа"


def test_restoring_an_active_school_says_it_is_not_archived(world):
    response = client_for(None, world.people["district_admin"]).post(
        f"/schools/{world.school_b.uuid}/restore/", follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert AuditEvent.objects.filter(school_uuid=world.school_b.uuid, action="school.restored").count() == 0


# --- who may reach the pages ---------------------------------------------------------------------------


def _write_requests(school: School) -> list[tuple[str, str, dict[str, str]]]:
    return [
        ("get", f"/schools/{school.uuid}/edit/", {}),
        ("post", f"/schools/{school.uuid}/edit/", _edit_form(school, short_name="Взлом")),
        ("get", f"/schools/{school.uuid}/archive/", {}),
        ("post", f"/schools/{school.uuid}/archive/", {"reason": "взлом", "confirm": "on"}),
        ("get", f"/schools/{school.uuid}/restore/", {}),
        ("post", f"/schools/{school.uuid}/restore/", {}),
    ]


def test_the_district_analyst_cannot_write(world, archive_beta):
    client = client_for(None, world.people["district_analyst"])
    for method, url, data in _write_requests(world.school_a):
        assert getattr(client, method)(url, data).status_code == 404, url
    archive_beta()
    assert client.post(f"/schools/{world.school_b.uuid}/restore/").status_code == 404
    fresh = School.objects.get(pk=world.school_a.pk)
    assert (fresh.short_name, fresh.status) == ("МБОУ «СОШ с. Альфа»", SchoolStatus.ACTIVE)
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ARCHIVED


@pytest.mark.parametrize("key", ["director_a", "admin_alpha", "outsider"])
def test_school_people_at_the_district_host_are_sent_to_the_login(world, key):
    client = client_for(None, world.people[key])
    for url in ("/schools/", _card(world.school_a)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    for method, url, data in _write_requests(world.school_a):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE


@pytest.mark.parametrize("key", ["director_a", "admin_alpha"])
def test_school_people_at_their_school_host_find_no_district_pages(world, key):
    client = client_for(world.school_a, world.people[key])
    for url in ("/schools/", _card(world.school_a), f"/schools/{world.school_a.uuid}/archive/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/schools/{world.school_a.uuid}/archive/",
                       {"reason": "x", "confirm": "on"}).status_code == 404
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE


def test_anonymous_visitors_are_sent_to_the_login(world):
    client = client_for(None)
    for method, url, _data in [("get", "/schools/", {}), ("get", _card(world.school_a), {}),
                               *_write_requests(world.school_a)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert School.objects.get(pk=world.school_a.pk).status == SchoolStatus.ACTIVE


def test_the_district_home_links_to_the_schools(world):
    page = _page(client_for(None, world.people["district_analyst"]).get("/"))
    assert 'href="/schools/"' in page and f'href="{_card(world.school_a)}"' in page
