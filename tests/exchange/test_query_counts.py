"""The exchange's list pages cost the same number of queries for one row or several (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.client import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for

from .factories import new_mentee
from .xfactories import listed_mentor, open_request, proposed

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    client.get(url)  # sessions, the language and the district's settings are read once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _flat(client: Client, url: str, add_one: Callable[[], object]) -> None:
    add_one()
    one = _queries(client, url)
    for _ in range(3):
        add_one()
    assert _queries(client, url) == one, url


def test_the_district_directory_and_requests_are_flat(world):  # type: ignore[no-untyped-def]
    analyst = client_for(None, world.person("district_analyst"))
    _flat(analyst, "/exchange/", lambda: listed_mentor(world.school_b, world.person("curator_b")))
    _flat(analyst, "/exchange/requests/",
          lambda: open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a)))


def test_the_schools_requests_and_proposals_pages_are_flat(world):  # type: ignore[no-untyped-def]
    curator_a = client_for(world.school_a, world.person("curator_a"))
    _flat(curator_a, "/exchange/",
          lambda: open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a)))
    curator_b = client_for(world.school_b, world.person("curator_b"))
    _flat(curator_b, "/exchange/mentors/", lambda: proposed(
        open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a)),
        listed_mentor(world.school_b, world.person("curator_b")), world.person("curator_a")))
