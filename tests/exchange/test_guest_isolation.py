"""A guest mentor reaches their one programme of the host school and nothing else (issue 6).

Every URL pattern of a school's host (pages, API, files — enumerated from the URL configuration,
so a page added later is covered too) is requested as the guest, its path parameters filled
with ids of the host's own objects (another programme, another pair, a staff record, an order,
an activity, the guest's own pair and programme) and a random id: everything answers 404, except
the allow-list (people.access.GUEST_PAGES) for the guest's own programme and pair.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_tenants.utils import schema_context

from people.access import GUEST_PAGES
from staff.models import StaffMember
from tests.conftest import client_for
from tests.exchange.factories import CrossSchoolPair, cross_school_pair
from tests.pairs import factories as pf
from tests.programmes import factories as gf

URLCONF = "config.urls_school"
# Pages of the allow-list that answer the guest with their own objects (the rest of GUEST_PAGES act on
# activities and evidence, or are the space's own pages, and are checked below).
OWN_PAGES = {"programmes:detail", "programmes:list", "pairs:detail", "home"}


def _leaves(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        route = _route_of(entry)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _leaves(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + route, name.lstrip(":"), entry.callback


def _route_of(entry: Any) -> str:
    pattern = entry.pattern
    if hasattr(pattern, "_route"):
        return str(pattern._route)
    regex = pattern.regex.pattern
    return regex.removeprefix("^").removesuffix("$")


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def _fill(route: str, ident: str) -> str:
    def converter(match: re.Match[str]) -> str:
        return {"int": "1", "str": "x", "slug": "x", "path": "x"}.get(match.group(1) or "str", ident) \
            if match.group(1) != "uuid" else ident

    def group(match: re.Match[str]) -> str:
        return "json" if match.group(1) == "format" else ident

    path = _GROUP.sub(group, route)
    path = _CONVERTER.sub(converter, path)
    path = path.replace("\\.", ".").replace("/?", "/")
    return "/" + path


def school_routes() -> list[tuple[str, str, Any]]:
    return list(_leaves(get_resolver(URLCONF).url_patterns))


@pytest.fixture
def scene(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    pair = cross_school_pair(world.school_a, world.school_b, host_curator=world.person("curator_a"),
                             home_decider=world.person("director_b"))
    with schema_context(world.school_a.schema_name):
        other = gf.pair(StaffMember.objects.get(person=world.people["mentor_a"]),
                        [StaffMember.objects.get(person=world.people["mentee_a"])])
        other_programme = gf.programme(other)
        activity = gf.activity(other_programme, StaffMember.objects.get(person=world.people["mentor_a"]))
        order = pf.signed_order()
    ids = [uuid.uuid4(), other.pk, other_programme.pk, activity.pk, order.pk, pair.mentee.pk, pair.guest.pk,
           pair.pair.pk, pair.programme.pk, world.staff("teacher_a").pk]
    return {"x": pair, "ids": [str(i) for i in ids], "other_programme": other_programme}


def _assert_closed(client: Any, path: str, name: str) -> None:
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    assert response.status_code == 404, (name, path, response.status_code)


def test_every_route_of_the_host_answers_the_guest_404_outside_their_programme(scene, world):  # type: ignore[no-untyped-def]
    x: CrossSchoolPair = scene["x"]
    guest = client_for(world.school_a, x.mentor.person)
    routes = school_routes()
    assert len(routes) > 100  # the whole school space, with the API
    unresolved = []
    checked = 0
    for route, name, callback in routes:
        idents = scene["ids"] if ("<" in route or "(?P<" in route) else [""]
        for ident in idents:
            path = _fill(route, ident)
            try:
                match = resolve(path, URLCONF)
            except Exception:  # noqa: BLE001
                unresolved.append((name, path))
                continue
            if match.func is not callback and getattr(match.func, "cls", 1) is not getattr(callback, "cls", 2):
                continue  # the same address is served by an earlier pattern: checked there
            own = ident in (str(x.programme.pk), str(x.pair.pk), "") and name in GUEST_PAGES
            if own:
                continue  # the allow-list with the guest's own objects: below
            if name in GUEST_PAGES and name.startswith("publicpage:"):
                continue  # the public section: open to anyone, without logging in
            _assert_closed(guest, path, name)
            checked += 1
    assert not unresolved, unresolved
    assert checked > 300


def test_the_guest_opens_their_programme_and_its_pair(scene, world):  # type: ignore[no-untyped-def]
    x: CrossSchoolPair = scene["x"]
    guest = client_for(world.school_a, x.mentor.person)
    page = guest.get(f"/programmes/{x.programme.pk}/")
    assert page.status_code == 200
    assert guest.get(f"/pairs/{x.pair.pk}/").status_code == 200
    listing = guest.get("/programmes/")
    assert listing.status_code == 200
    assert x.programme.title in listing.content.decode()
    assert str(scene["other_programme"].pk) not in listing.content.decode()
    home = guest.get("/")
    assert home.status_code == 200
    assert "/staff/" not in home.content.decode() and "/orders/" not in home.content.decode()
    assert guest.get(f"/programmes/{scene['other_programme'].pk}/").status_code == 404
    assert guest.post("/logout/").status_code == 302


def test_every_allowed_page_is_in_the_url_configuration() -> None:
    names = {name for _route, name, _callback in school_routes()}
    assert GUEST_PAGES <= names | {"set_language"}, GUEST_PAGES - names


def test_the_guest_membership_keeps_ordinary_rights_at_home_and_none_elsewhere(scene, world):  # type: ignore[no-untyped-def]
    x: CrossSchoolPair = scene["x"]
    at_home = client_for(world.school_b, x.mentor.person)
    assert at_home.get("/").status_code == 200
    assert at_home.get("/orders/").status_code == 200  # every member of the school reads its orders
    assert at_home.get("/programmes/").status_code == 200
    assert at_home.get(f"/programmes/{x.programme.pk}/").status_code == 404  # that programme lives in A


def test_a_guest_of_another_school_gets_nothing_here(scene, world):  # type: ignore[no-untyped-def]
    x: CrossSchoolPair = scene["x"]
    # The guest membership is A's: its programme asked at B is nothing (404), and a session of A
    # carried to B by hand is ended (login redirect).
    at_b = client_for(world.school_b, x.mentor.person)
    assert at_b.get(f"/programmes/{x.programme.pk}/").status_code == 404
    assert at_b.get(f"/pairs/{x.pair.pk}/").status_code == 404
    carried = client_for(world.school_b, x.mentor.person, bind_to=world.school_a)
    assert carried.get(f"/programmes/{x.programme.pk}/").status_code == 302
    # A guest of A only (no membership at B at all) gets nothing at B.
    teacher_b_is_not_guest_here = client_for(world.school_b, world.person("mentee_a"))
    assert teacher_b_is_not_guest_here.get(f"/programmes/{x.programme.pk}/").status_code == 302


def test_the_api_answers_a_guest_404_also_with_a_token(scene, world):  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    x: CrossSchoolPair = scene["x"]
    client = APIClient(HTTP_HOST=f"{world.school_a.slug}.{settings.DISTRICT_HOST}")
    client.force_authenticate(user=x.mentor.person)
    assert client.get("/api/me/").status_code == 404
    assert client.get("/api/staff/").status_code == 404
    assert client.get(f"/api/programmes/{x.programme.pk}/").status_code == 404


def test_the_guest_record_is_not_in_the_host_staff_lists(scene, world):  # type: ignore[no-untyped-def]
    x: CrossSchoolPair = scene["x"]
    curator = client_for(world.school_a, world.person("curator_a"))
    assert x.guest.last_name not in curator.get("/staff/").content.decode()
    assert x.guest.last_name not in curator.get("/banks/mentors/").content.decode()
    api = curator.get("/api/staff/?page_size=500")
    assert str(x.guest.pk) not in api.content.decode()
    public = client_for(world.school_a).get("/nastavnichestvo/")
    assert x.guest.last_name not in public.content.decode()
