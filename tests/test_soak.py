"""A short soak (bench/soak.py's users) against gunicorn: many users of two schools at once, never the other school.

Two gunicorn workers × 4 threads with persistent database connections (the school's search_path is
set per request on a connection that served the other school a moment before); users of schools A
and B loop over the home page, the staff page and the staff API, each answer checked for its own
school's name and marker and for the absence of the other's.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from people.middleware import SESSION_SPACE_KEY
from people.models import Person
from tenants.models import School
from tests.processes import ROOT, free_port, process_env, running, wait_for_port

pytestmark = pytest.mark.worker

spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
assert spec is not None and spec.loader is not None
soak: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(soak)

# People with the right to the staff list in each school, and a staff surname only that school has.
USERS = {"alpha": ("director_a", "curator_a", "Mentee_A"), "beta": ("director_b", "curator_b", "Teacher_B")}
SESSIONS_PER_PERSON = 4


@pytest.fixture
def sessions(django_db_setup, django_db_blocker) -> Iterator[list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        schools, keys = [], []
        for slug, (*people, marker) in USERS.items():
            school = School.objects.get(slug=slug)
            mine = []
            for username in people:
                person = Person.objects.get(username=username)
                for _ in range(SESSIONS_PER_PERSON):
                    session = SessionStore()
                    session.update({SESSION_KEY: str(person.pk), HASH_SESSION_KEY: person.get_session_auth_hash(),
                                    BACKEND_SESSION_KEY: "people.backends.SpaceMemberBackend",
                                    SESSION_SPACE_KEY: school.schema_name})
                    session.create()
                    mine.append(session.session_key)
            keys += mine
            schools.append({"slug": slug, "name": school.short_name, "marker": marker, "sessions": mine})
        try:
            yield schools
        finally:
            Session.objects.filter(session_key__in=keys).delete()


def test_two_schools_at_once_never_see_each_other(sessions, tmp_path: Path):
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "4", "--no-control-socket"]
    env = process_env(DATABASE_CONN_MAX_AGE="60", DJANGO_DEBUG="false")
    with running(args, env, tmp_path / "server.log") as proc:
        wait_for_port(port, proc=proc)
        warm = soak.Tally()  # imports, templates, connections: not what is measured
        for school in sessions:
            soak.user(port, school, [], school["sessions"][0], time.monotonic() + 4, 0.01, warm)
        tally = soak.Tally()
        until = time.monotonic() + 15
        threads = [threading.Thread(target=soak.user, args=(
            port, school, [other for other in sessions if other is not school], key, until, 0.05, tally))
            for school in sessions for key in school["sessions"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert tally.requests > 40, (tally.requests, tmp_path.joinpath("server.log").read_text()[-3000:])
    assert dict(tally.errors) == {}
    assert tally.wrong_school == 0, tally.examples
