"""What a page costs apart from its own work (issue 15): a kept database connection, sessions read from
Redis when there is one, and no session query on a page then."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import client_for


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
