"""What a page costs apart from its own work (issue 15): a kept database connection, sessions read from
Redis when there is one, and no session query on a page then."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import SESSION_READ, client_for


def test_database_connections_are_kept_between_requests():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(not settings.REDIS_URL, reason="sessions are cached only when REDIS_URL is set")
def test_with_redis_a_page_reads_the_session_from_the_cache_not_the_database(world):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    # The session's cache has no schema prefix: one session key, one entry, whichever schema asks.
    assert "KEY_FUNCTION" not in settings.CACHES[settings.SESSION_CACHE_ALIAS]
    client = client_for(world.school_a, world.people["director_a"])
    client.get("/")
    seen: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get("/staff/").status_code == 200
    assert seen and not [sql for sql in seen if "django_session" in sql]
    client.logout()  # ended through the session store: gone from the cache and the table
    assert client.get("/staff/").status_code == 302


def _statements(client, url: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    client.get(url)  # warm: the section bar and the templates are kept after the first page
    seen: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(url).status_code
    return status, [sql for sql in seen if not sql.startswith("SET ")]


def test_before_the_view_a_school_page_reads_the_school_and_the_person_with_their_membership_once(world):
    """Issue 15: what every school page reads before its view — the school by its host, then the session's
    person together with their membership (one statement, not two) — and nothing else. The mentor's staff
    list is refused before the view reads anything, so these are all its queries."""
    status, seen = _statements(client_for(world.school_a, world.people["mentor_a"]), "/staff/")
    assert status == 404
    assert len(seen) == 2 + SESSION_READ, seen
    assert "tenants_domain" in seen[0]
    assert "people_person" in seen[-1] and "people_membership" in seen[-1]
    # The membership is not read again: by no other query, on no page.
    for key, url in (("curator_a", "/"), ("curator_a", "/staff/"), ("director_a", "/")):
        _status, seen = _statements(client_for(world.school_a, world.people[key]), url)
        assert len([sql for sql in seen if 'FROM "people_membership"' in sql]) <= 1, (key, url)


def test_the_membership_read_with_the_person_is_the_one_of_this_school(world):
    """The session's person read with their membership: another school's membership is not taken for this one,
    and an ended membership ends the session (people.middleware), as when the two were read apart."""
    from django_tenants.utils import schema_context

    from people.models import Membership

    both = world.people["both"]
    client = client_for(world.school_a, both)
    assert client.get("/").status_code == 200
    assert client.get("/").context["membership"].school_id == world.school_a.pk
    with schema_context("public"):
        Membership.objects.filter(person=both, school=world.school_a).update(is_active=False)
    assert client.get("/").status_code == 302
    assert client_for(world.school_b, both).get("/").context["membership"].school_id == world.school_b.pk
