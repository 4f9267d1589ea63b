#!/usr/bin/env python
"""Soak: simulated users of two schools against gunicorn for minutes; every answer checked for its school.

    python bench/soak.py [--schools 2] [--users 50] [--minutes 10] [--think 2.0] [--json]

In a throwaway database on the server (DATABASE_URL's, else the embedded one; dropped at the end)
it migrates, registers the schools, gives each `--users` signed-in people (teachers in the
school's working group, each with a session of their own) and a staff member whose surname is the
school's marker, then serves the platform with gunicorn on a free loopback port (`--workers`,
`--threads`). Every simulated user loops, pausing `--think` seconds on average (uniform 0.5–1.5×)
between requests, over the school's home page, the staff list page and the staff API — each
answer must be 200, name the user's own school and its marker, and name no other school and no
other marker (a «wrong-school» answer otherwise). The loop stops by itself after `--minutes`.

Prints requests, requests per second, wrong-school answers (target 0), errors by kind, latency
p50 / p95 / p99 / max, and the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/staff/", "/api/staff/"]
SETUP = """
import json, sys, django; django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_tenants.utils import schema_context
from people.middleware import SESSION_SPACE_KEY
from people.roles import SchoolRole
from people.services import membership_grant, person_create
from staff.models import StaffMember
from tenants.services import FirstAdministrator, school_register
count, users = int(sys.argv[1]), int(sys.argv[2])
letters = "абвгдежзиклмнопрстуфхцчшщэюя"
out = []
for index in range(count):
    slug = f"soak{index}"
    name, marker = f"Школа нагрузки {letters[index].upper()}", f"Маркеров{letters[index]}"
    school = school_register(acting_user=None, slug=slug, full_name=name, short_name=name,
                             administrator=FirstAdministrator(username=f"admin_{slug}", last_name="Админов",
                                                              first_name="Админ", password="soak-pass-123")).school
    with schema_context(school.schema_name):
        StaffMember.objects.create(last_name=marker, first_name="Тест", position="учитель")
    sessions = []
    for number in range(users):
        person = person_create(acting_user=None, username=f"{slug}_user{number}", last_name="Нагрузкин",
                               first_name="Тест", password="soak-pass-123")
        membership_grant(acting_user=None, school=school, person=person,
                         roles=[SchoolRole.TEACHER, SchoolRole.WORKING_GROUP_MEMBER])
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "people.backends.SpaceMemberBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session[SESSION_SPACE_KEY] = school.schema_name
        session.create()
        sessions.append(session.session_key)
    out.append({"slug": slug, "name": name, "marker": marker, "sessions": sessions})
print(json.dumps(out, ensure_ascii=False))
"""


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(_with_database(server, "postgres"))._replace(scheme="postgresql")),
                         autocommit=True) as conn:
        conn.execute(sql)


def _server_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    from config import embedded_db

    return embedded_db.database_url()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.requests = 0
        self.wrong_school = 0
        self.errors: Counter[str] = Counter()
        self.examples: list[str] = []


def user(port: int, school: dict[str, Any], others: list[dict[str, Any]], session: str, until: float,
         think: float, tally: Tally) -> None:
    host = f"{school['slug']}.localhost"
    rng = random.Random(session)  # noqa: S311 — load, not security
    time.sleep(rng.uniform(0, max(0.0, min(think, until - time.monotonic()))))  # users arrive spread out
    while time.monotonic() < until:
        path = rng.choice(PAGES)
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={
            "Host": host, "Cookie": f"sessionid={session}", "Accept-Language": "ru"})
        started = time.monotonic()
        status, body = 0, ""
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            status, body = 0, type(error).__name__
        elapsed = time.monotonic() - started
        # The home page names the school; the staff page and API list its marker staff member too.
        own = (path == "/" or school["marker"] in body) and (path.startswith("/api/") or school["name"] in body)
        foreign = any(other["marker"] in body or other["name"] in body for other in others)
        with tally.lock:
            tally.requests += 1
            tally.latencies.append(elapsed)
            if status != 200:
                tally.errors[f"{status} {path}" if status else f"{body} {path}"] += 1
            elif foreign or not own:
                tally.wrong_school += 1
                if len(tally.examples) < 5:
                    tally.examples.append(f"{host}{path}: own={own} foreign={foreign}")
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def soak(args: argparse.Namespace) -> dict[str, Any]:
    server = _server_url()
    name = f"mentoring_soak_{os.getpid()}"
    url = _with_database(server, name)
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
           "DJANGO_SETTINGS_MODULE": "config.settings.test", "DJANGO_DEBUG": "false", "DISTRICT_HOST": "localhost",
           "STATS_REFRESH_ON_CHANGE": "false", "CELERY_BROKER_URL": "memory://", "LOG_LEVEL": "WARNING",
           "DATABASE_CONN_MAX_AGE": str(args.conn_max_age)}
    _admin(server, f'CREATE DATABASE "{name}"')
    server_proc = None
    try:
        print("migrating and preparing the schools…", file=sys.stderr)
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], env=env,  # noqa: S603
                       cwd=ROOT, check=True, timeout=1800)
        setup = subprocess.run([sys.executable, "-c", SETUP, str(args.schools), str(args.users)], env=env,  # noqa: S603
                               cwd=ROOT, check=True, capture_output=True, text=True, timeout=1800)
        schools = json.loads(setup.stdout.strip().splitlines()[-1])
        port = _free_port()
        log = tempfile.NamedTemporaryFile(prefix="soak-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        server_proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads), "--no-control-socket"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            if time.monotonic() > deadline or server_proc.poll() is not None:
                raise RuntimeError(f"gunicorn did not start; see {log.name}")
            time.sleep(0.2)
        # Warm up (imports, templates, connections) before the clock starts; not counted.
        warm = Tally()
        for school in schools:
            user(port, school, [], school["sessions"][0], time.monotonic() + 3 * args.workers, 0.01, warm)
        tally = Tally()
        load_before = os.getloadavg()
        started = time.monotonic()
        until = started + args.minutes * 60
        threads = [threading.Thread(target=user, daemon=True, args=(
            port, school, [other for other in schools if other is not school], session, until, args.think, tally))
            for school in schools for session in school["sessions"]]
        print(f"{len(threads)} users for {args.minutes} min…", file=sys.stderr)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.minutes * 60 + 120)
        duration = time.monotonic() - started
        load_after = os.getloadavg()
        return {
            "schools": len(schools), "users": len(threads), "minutes": args.minutes, "think_s": args.think,
            "gunicorn": f"{args.workers} workers × {args.threads} threads", "conn_max_age": args.conn_max_age,
            "requests": tally.requests, "requests_per_s": round(tally.requests / duration, 1),
            "wrong_school": tally.wrong_school, "wrong_examples": tally.examples,
            "errors": sum(tally.errors.values()), "errors_by_kind": dict(tally.errors.most_common(10)),
            "p50_ms": round(1000 * _percentile(tally.latencies, 0.50), 1),
            "p95_ms": round(1000 * _percentile(tally.latencies, 0.95), 1),
            "p99_ms": round(1000 * _percentile(tally.latencies, 0.99), 1),
            "max_ms": round(1000 * max(tally.latencies, default=0), 1),
            "mean_ms": round(1000 * statistics.fmean(tally.latencies), 1) if tally.latencies else 0,
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
        }
    finally:
        if server_proc is not None:
            server_proc.terminate()
            try:
                server_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server_proc.kill()
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=2)
    parser.add_argument("--users", type=int, default=50, help="simulated users per school")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a user's requests, s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for gunicorn")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = soak(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:<16} {value}")
    return 0 if result["wrong_school"] == 0 and result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
