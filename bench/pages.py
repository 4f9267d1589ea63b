#!/usr/bin/env python
"""Benchmark: what a school page costs under gunicorn, and its latency under an offered load.

    python bench/pages.py [--workers 2] [--requests 40] [--rates 10,25,50,100,200] [--seconds 5]

In a throwaway database: the demo district (`manage.py seed_demo`), gunicorn with `--workers` processes
on a free loopback port (DEBUG off, the settings' persistent connections and, with REDIS_URL, cached
sessions), and one session per role made directly (no login form, no password hashing in the figures).
For a fixed list of pages per role (the school's home, the staff list, a programme, the district
dashboard) it prints the server's CPU per request (user + system time of the worker processes, from
/proc, over `--requests` sequential requests), the requests per second of two clients in a loop, and
then the latency curve of a page mix under an offered load: requests are sent at a fixed rate (an open
loop, at most 64 in flight, on loopback) and each latency is counted from its scheduled time, so a
queue shows. The load generator runs on the same cores as the server: say so beside the figures.

stdout holds exactly one JSON object; progress and the server's log go to stderr.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
_spec = importlib.util.spec_from_file_location("bench_provision", BENCH_DIR / "provision.py")
assert _spec is not None and _spec.loader is not None
_provision = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _provision
_spec.loader.exec_module(_provision)

SCHOOL = "meskety"
IN_FLIGHT = 64


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0


def _sessions() -> tuple[dict[str, str], dict[str, str]]:
    """A session cookie per role (made as a login makes it) and the pages to measure per role."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string
    from django_tenants.utils import schema_context

    from mentoring.models import Programme
    from people.middleware import SESSION_SPACE_KEY
    from people.models import Membership, Person
    from people.roles import DistrictRole, SchoolRole

    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")

    def session(person: Person, space: str) -> str:
        made = store()
        made.update({SESSION_KEY: str(person.pk), BACKEND_SESSION_KEY: "people.backends.SpaceMemberBackend",
                     HASH_SESSION_KEY: person.get_session_auth_hash(), SESSION_SPACE_KEY: space})
        made.create()
        return str(made.session_key)

    cookies, pages = {}, {}
    memberships = Membership.objects.filter(school__slug=SCHOOL, is_active=True).select_related("person")
    mentor = None
    for role in (SchoolRole.DIRECTOR, SchoolRole.CURATOR, SchoolRole.MENTOR):
        member = min((m for m in memberships if role in m.roles), key=lambda m: len(m.roles))
        cookies[str(role)] = session(member.person, SCHOOL)
        mentor = member.person
    with schema_context(SCHOOL):
        # The mentor's own programme, so that every role's programme page is a page (200), not the 404.
        programmes = Programme.objects.order_by("pk")
        programme = (programmes.filter(pair__participants__staff__person=mentor, pair__participants__left_on=None)
                     .values_list("pk", flat=True).first() or programmes.values_list("pk", flat=True).first())
    analyst = Person.objects.filter(district_roles__contains=[DistrictRole.ANALYST]).first() or Person.objects.filter(
        is_superuser=True).first()
    assert analyst is not None
    cookies["district"] = session(analyst, "public")
    pages = {"home": "/", "staff": "/staff/", "programme": f"/programmes/{programme}/", "dashboard": "/stats/"}
    return cookies, pages


class Client:
    """Keep-alive HTTP/1.1 to the server, one connection per thread."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host = port, host
        self.local = threading.local()

    def get(self, path: str, cookie: str, host: str) -> int:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": host, "Cookie": f"sessionid={cookie}"})
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.local.connection = None
            connection.close()
            return 599


def _cpu_ms(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return 1000 * total / ticks


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _measure_pages(client: Client, workers: list[int], plan: list[tuple[str, str, str, str]],
                   requests: int) -> list[dict[str, Any]]:
    # Every worker warm on every page before anything is measured (templates compiled, the section bar
    # kept): requests in parallel, so that each worker takes some; sequential ones may all reach one.
    with ThreadPoolExecutor(2 * len(workers)) as pool:
        list(pool.map(lambda step: client.get(step[1], step[2], step[3]), plan * 4 * len(workers)))
    results = []
    for label, path, cookie, host in plan:
        for _ in range(6):
            client.get(path, cookie, host)
        before, started = _cpu_ms(workers), time.perf_counter()
        statuses = [client.get(path, cookie, host) for _ in range(requests)]
        cpu = (_cpu_ms(workers) - before) / requests
        sequential_ms = 1000 * (time.perf_counter() - started) / requests
        with ThreadPoolExecutor(2) as pool:  # two clients in a loop
            started = time.perf_counter()
            list(pool.map(client.get, [path] * requests, [cookie] * requests, [host] * requests))
            rate = requests / (time.perf_counter() - started)
        results.append({"page": label, "status": max(set(statuses), key=statuses.count),
                        "cpu_ms": round(cpu, 1), "sequential_ms": round(sequential_ms, 1),
                        "req_per_s_2_clients": round(rate, 1)})
    return results


def _offered(client: Client, plan: list[tuple[str, str, str, str]], rate: float, seconds: float) -> dict[str, Any]:
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def one(index: int) -> None:
        nonlocal errors
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        _label, path, cookie, host = plan[index % len(plan)]
        status = client.get(path, cookie, host)
        with lock:
            latencies.append(1000 * (time.perf_counter() - due))
            errors += status != 200

    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - start
    return {"offered_per_s": rate, "achieved_per_s": round(total / elapsed, 1), "p50_ms": round(_percentile(
        latencies, 0.5), 1), "p95_ms": round(_percentile(latencies, 0.95), 1), "errors": errors}


def run(workers: int, requests: int, rates: list[float], seconds: float) -> dict[str, Any]:
    _provision._paths_setup()
    server_url, _source = _provision._server_url()
    result: dict[str, Any] = {"workers": workers, "load_before": [round(v, 2) for v in os.getloadavg()]}
    with _provision.throwaway_database(server_url) as bench_url:
        os.environ["DATABASE_URL"] = bench_url
        os.environ["DJANGO_DEBUG"] = "false"
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=sys.stderr)
        cookies, pages = _sessions()
        connections.close_all()
        port = _provision_free_port()
        env = {**os.environ, "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}", "STATS_REFRESH_ON_CHANGE": "false"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"], cwd=ROOT, env=env, stdout=sys.stderr,
            stderr=sys.stderr)
        try:
            school_host = f"{SCHOOL}.{settings.DISTRICT_HOST}"
            client = Client(port, school_host)
            deadline = time.time() + 60
            while client.get("/", "", school_host) == 599 and time.time() < deadline:
                time.sleep(0.5)
            time.sleep(1)
            plan = [(f"{role} {name}", path, cookies[role], school_host) for role in ("director", "curator", "mentor")
                    for name, path in pages.items() if name != "dashboard"]
            plan.append(("district dashboard", pages["dashboard"], cookies["district"], settings.DISTRICT_HOST))
            result["pages"] = _measure_pages(client, _workers(server.pid), plan, requests)
            answered = {row["page"] for row in result["pages"] if row["status"] == 200}
            mix = [step for step in plan if step[0] in answered]  # a mentor's staff list is a 404 by design
            result["latency_curve"] = [_offered(client, mix, rate, seconds) for rate in rates]
        finally:
            server.terminate()
            server.wait(timeout=30)
    result["load_after"] = [round(v, 2) for v in os.getloadavg()]
    result["note"] = "client and server share the machine's cores"
    return result


def _provision_free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rates", default="10,25,50,100,200")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    rates = [float(rate) for rate in args.rates.split(",")]
    print(json.dumps(run(args.workers, args.requests, rates, args.seconds), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
