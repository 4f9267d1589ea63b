#!/usr/bin/env python
"""Failover drill: kill the primary under load and count what was lost (target: nothing committed).

    python bench/failover.py [--clients 4] [--before 10] [--after 20] [--max-wait 180] [--fast] [--json]

Starts, in a temporary folder and on free loopback ports, a pg_auto_failover monitor and two
PostgreSQL 15 nodes with synchronous replication (Debian's `postgresql-15-auto-failover`, run as
the `postgres` user when started by root), migrates the platform into the formation and registers
one school, then runs the platform — gunicorn and a Celery worker — with a multi-host database URL
and `target_session_attrs=read-write`. Clients write (POST /api/staff/, a staff member each time)
and read (GET /api/staff/<id>/) through the API with a token, for `--before` seconds; then the
primary node is killed (SIGKILL to its pg_auto_failover keeper and its postmaster: a lost machine)
and the clients go on until writes succeed again (at most `--max-wait` seconds), then `--after`
seconds more. It prints:

- **writes_resumed_after_s**: seconds from the kill to the first write that succeeded again;
- **failed**: the requests that failed meanwhile, by answer (status and message), and whether any
  was a 500 or carried a traceback (the platform answers 503 with a Russian message);
- **lost**: rows whose write was acknowledged (201) that are missing on the new primary — every
  acknowledged write is looked up at the end (target 0);
- whether the worker still ran tasks after the failover (the kept figures of the school refreshed).

`--fast` lowers the monitor's health-check timings (1 s checks, unhealthy after 3 s) so the drill
fits in a test; without it the monitor's production defaults apply (unhealthy after 20 s). Only
loopback addresses are used; every process started here is stopped and the folder removed at the
end. Broker: REDIS_URL when set, else the file broker in the temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("PG_SERVER_BIN", "/usr/lib/postgresql/15/bin"))
PG_AUTOCTL = shutil.which("pg_autoctl") or "/usr/bin/pg_autoctl"
SERVICE_USER = "postgres"
DATABASE = "mentoring"
SCHOOL = "drill"
PASSWORD = "drill-" + secrets.token_hex(8)
FAST_MONITOR = {  # the monitor's health checks, in milliseconds (--fast)
    "pgautofailover.health_check_period": 1000, "pgautofailover.health_check_timeout": 1000,
    "pgautofailover.health_check_max_retries": 1, "pgautofailover.health_check_retry_delay": 500,
    "pgautofailover.node_considered_unhealthy_timeout": 3000, "pgautofailover.primary_demote_timeout": 5000,
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def skip_reason() -> str | None:
    if not Path(PG_AUTOCTL).exists():
        return "pg_autoctl not installed (Debian: apt-get install postgresql-15-auto-failover)"
    if not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return f"running as root without a '{SERVICE_USER}' user"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on {port} after {timeout}s")


def stop_group(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM to a process group we started, SIGKILL if it has not ended in time."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Formation:
    """A pg_auto_failover monitor and two nodes in `base`, each keeper a process group of its own."""

    def __init__(self, base: Path, fast: bool) -> None:
        self.base = base
        self.fast = fast
        self.monitor_port = free_port()
        self.nodes = {"node1": free_port(), "node2": free_port()}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.env = {
            "PATH": f"{PG_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}", "HOME": str(base),
            "XDG_CONFIG_HOME": str(base / "config"), "XDG_DATA_HOME": str(base / "share"),
            "XDG_RUNTIME_DIR": str(base / "run"), "PG_CONFIG": str(PG_BIN / "pg_config"), "LANG": "C.UTF-8",
        }

    def _cmd(self, args: list[str]) -> list[str]:
        return ["runuser", "-u", SERVICE_USER, "--", *args] if os.geteuid() == 0 else args

    def _start(self, name: str, args: list[str]) -> None:
        out = open(self.base / f"{name}.log", "ab")  # noqa: SIM115 — kept open for the process's life
        self.procs[name] = subprocess.Popen(self._cmd(args), env=self.env, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                                            start_new_session=True)

    def monitor_url(self) -> str:
        return f"postgres://autoctl_node@127.0.0.1:{self.monitor_port}/pg_auto_failover?sslmode=disable"

    def monitor_sql(self, sql: str) -> str:
        return self._psql(self.monitor_port, "pg_auto_failover", sql)

    def node_sql(self, name: str, sql: str) -> str:
        return self._psql(self.nodes[name], DATABASE, sql)

    def _psql(self, port: int, database: str, sql: str) -> str:
        result = subprocess.run(self._cmd([str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port),  # noqa: S603
                                           "-U", "postgres", "-d", database, "-XAtqc", sql]),
                                capture_output=True, text=True, timeout=30, check=False)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout.strip()

    def states(self) -> dict[str, tuple[str, str]]:
        rows = self.monitor_sql("SELECT nodename, reportedstate, goalstate FROM pgautofailover.node")
        return {name: (reported, goal) for name, reported, goal in
                (line.split("|") for line in rows.splitlines() if line)}

    def wait_states(self, wanted: dict[str, str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                states = self.states()
            except RuntimeError:
                states = {}
            if all(states.get(name, ("", ""))[0] == state == states[name][1] for name, state in wanted.items()):
                return
            for name, proc in self.procs.items():
                if proc.poll() is not None and name in wanted:
                    raise RuntimeError(f"{name} exited: {(self.base / f'{name}.log').read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"formation states {states}, wanted {wanted}")
            time.sleep(0.5)

    def start(self) -> None:
        self._start("monitor", [PG_AUTOCTL, "create", "monitor", "--pgdata", str(self.base / "monitor"),
                                "--pgport", str(self.monitor_port), "--hostname", "127.0.0.1", "--auth", "trust",
                                "--no-ssl", "--run"])
        wait_for_port(self.monitor_port, 90)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.monitor_sql("SELECT 1 FROM pgautofailover.node LIMIT 1")
                break
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        if self.fast:
            for name, value in FAST_MONITOR.items():
                self.monitor_sql(f"ALTER SYSTEM SET {name} = {value}")
            self.monitor_sql("SELECT pg_reload_conf()")
        for name, port in self.nodes.items():
            self._start(name, [PG_AUTOCTL, "create", "postgres", "--pgdata", str(self.base / name),
                               "--pgport", str(port), "--hostname", "127.0.0.1", "--name", name,
                               "--dbname", DATABASE, "--auth", "trust", "--no-ssl", "--monitor", self.monitor_url(),
                               "--run"])
            if name == "node1":
                self.wait_states({"node1": "single"}, 120)
        # node2's pg_basebackup waits for a spread checkpoint (minutes); an explicit CHECKPOINT ends it.
        deadline = time.monotonic() + 180
        while self.states().get("node2", ("", ""))[0] in ("", "init", "wait_standby", "catchingup"):
            self.node_sql("node1", "CHECKPOINT")
            if time.monotonic() > deadline:
                raise TimeoutError("node2 did not catch up")
            time.sleep(1)
        self.wait_states({"node1": "primary", "node2": "secondary"}, 180)

    def primary(self) -> str:
        return next(name for name, (reported, _goal) in self.states().items()
                    if reported in ("primary", "wait_primary", "single"))

    def database_url(self) -> str:
        hosts = ",".join("127.0.0.1" for _ in self.nodes)
        ports = ",".join(str(port) for port in self.nodes.values())
        return (f"postgresql://postgres@/{DATABASE}?host={hosts}&port={ports}"
                "&target_session_attrs=read-write&connect_timeout=2")

    def kill(self, name: str) -> None:
        """A lost machine: the keeper's whole process group and the postmaster, SIGKILL."""
        pid_file = self.base / name / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0]) if pid_file.exists() else None
        try:
            os.killpg(self.procs[name].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if postmaster:
            try:
                os.kill(postmaster, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        for name in ("node2", "node1", "monitor"):
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is None:
                stop_group(proc, 30)
        # Anything of ours still holding a data folder (a postmaster after its keeper died).
        for name in ("node1", "node2", "monitor"):
            pid_file = self.base / name / "postmaster.pid"
            if pid_file.exists():
                try:
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass


@dataclass
class Tally:
    """What the clients saw (shared by the client threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: list[str] = field(default_factory=list)
    acknowledged_before_kill: int = 0
    requests: int = 0
    writes_ok: int = 0
    reads_ok: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    failed_in_window: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    tracebacks: int = 0
    first_write_after_kill: float | None = None


class Client(threading.Thread):
    def __init__(self, number: int, port: int, tally: Tally, until: float, killed_at: list[float]) -> None:
        super().__init__(daemon=True)
        self.number, self.port, self.tally, self.until, self.killed_at = number, port, tally, until, killed_at
        self.host = f"{SCHOOL}.localhost"
        self.token = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, str]:
        headers = {"Host": self.host, "Content-Type": "application/json", "Accept-Language": "ru"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 — loopback only
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError as error:
            return 0, f"{type(error).__name__}: {error}"

    def sign_in(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.token:
            status, body = self.call("POST", "/api/auth/token/", {"username": f"admin_{SCHOOL}", "password": PASSWORD})
            if status == 200:
                self.token = json.loads(body)["token"]
            elif time.monotonic() > deadline:
                raise RuntimeError(f"no token: {status} {body[:500]}")
            else:
                time.sleep(0.5)

    def run(self) -> None:
        serial = 0
        while time.monotonic() < self.until:
            serial += 1
            # A surname is letters only: the client's number and the serial spelled in letters.
            spelled = "".join("абвгдежзик"[int(digit)] for digit in f"{self.number}0{serial}")
            started = time.monotonic()
            status, body = self.call("POST", "/api/staff/", {"last_name": f"Учебный{spelled}",
                                                             "first_name": "Тест", "position": "учитель"})
            self.record(status, body, write=True, started=started)
            if status == 201:
                started = time.monotonic()
                status, body = self.call("GET", f"/api/staff/{json.loads(body)['id']}/")
                self.record(status, body, write=False, started=started)
            else:
                time.sleep(0.2)

    def record(self, status: int, body: str, write: bool, started: float) -> None:
        now = time.monotonic()
        killed = self.killed_at[0] if self.killed_at else None
        with self.tally.lock:
            self.tally.requests += 1
            self.tally.statuses[status] += 1
            if "Traceback" in body:
                self.tally.tracebacks += 1
            ok = status == 201 if write else status == 200
            if ok and write:
                self.tally.writes_ok += 1
                self.tally.acknowledged.append(str(json.loads(body)["id"]))
                if killed is None or started < killed:
                    self.tally.acknowledged_before_kill += 1
                elif self.tally.first_write_after_kill is None:  # the first write begun after the kill
                    self.tally.first_write_after_kill = now - killed
            elif ok:
                self.tally.reads_ok += 1
            else:
                detail = body
                try:
                    detail = json.loads(body)["errors"][0]["detail"]
                except (ValueError, KeyError, IndexError, TypeError):
                    pass
                self.tally.failed[f"{status} {detail[:160]}"] += 1
                if killed is not None:
                    self.tally.failed_in_window += 1


def platform_env(base: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}", "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DEBUG": "false", "DATABASE_URL": database_url, "DISTRICT_HOST": "localhost",
        "MEDIA_ROOT": str(base / "media"), "PYTHONUNBUFFERED": "1", "STATS_REFRESH_DELAY_SECONDS": "0.5",
        "CELERY_QUEUE": f"drill-{os.getpid()}", "CELERY_BROKER_DIR": str(base / "broker"), "LOG_LEVEL": "WARNING",
    })
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,  # noqa: S603
                            capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed: {result.stdout[-2000:]}{result.stderr[-4000:]}")


def lookup(env: dict[str, str], ids: list[str]) -> tuple[set[str], float | None]:
    """The acknowledged ids present on the primary now, and the figures' last refresh."""
    code = (
        "import django,json,sys; django.setup()\n"
        "from django_tenants.utils import schema_context\n"
        "from staff.models import StaffMember\nfrom stats.models import SchoolFigures\n"
        f"ids = json.load(sys.stdin)\nwith schema_context({SCHOOL!r}):\n"
        "    found = list(StaffMember.objects.filter(pk__in=ids).values_list('pk', flat=True))\n"
        "last = SchoolFigures.objects.order_by('-computed_at').values_list('computed_at', flat=True).first()\n"
        "print(json.dumps({'found': [str(pk) for pk in found], 'figures': last.timestamp() if last else None}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], input=json.dumps(ids), env=env, cwd=ROOT,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return set(answer["found"]), answer["figures"]


def drill(args: argparse.Namespace) -> dict[str, Any]:
    base = Path(tempfile.mkdtemp(prefix="mentoring-failover-"))
    os.chmod(base, 0o755)
    if os.geteuid() == 0:
        shutil.chown(base, SERVICE_USER)
    formation = Formation(base, fast=args.fast)
    services: list[subprocess.Popen[bytes]] = []
    started = time.monotonic()
    try:
        log("starting the monitor and two nodes")
        formation.start()
        env = platform_env(base, formation.database_url())
        for folder in ("out", "processed", "control"):
            (base / "broker" / folder).mkdir(parents=True, exist_ok=True)
        log("migrating the platform and registering a school")
        # Setting up need not wait for the standby at every commit of every migration.
        setup_env = {**env, "PGOPTIONS": "-c synchronous_commit=local"}
        manage(setup_env, "migrate", "--noinput", "-v", "0")
        manage(setup_env, "create_school", SCHOOL, "--full-name", "Учебная школа", "--short-name", "Учебная школа",
               "--admin-username", f"admin_{SCHOOL}", "--admin-password", PASSWORD,
               "--admin-last-name", "Учебный", "--admin-first-name", "Админ")
        setup_s = time.monotonic() - started
        port = free_port()
        logs = {name: open(base / f"{name}.out", "wb") for name in ("gunicorn", "worker")}  # noqa: SIM115
        services.append(subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--timeout", "60", "--no-control-socket"],
            cwd=ROOT, env=env, stdout=logs["gunicorn"], stderr=subprocess.STDOUT, start_new_session=True))
        services.append(subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT, start_new_session=True))
        wait_for_port(port, 60)

        tally = Tally()
        killed_at: list[float] = []
        clients = [Client(number, port, tally, time.monotonic() + 3600, killed_at) for number in range(args.clients)]
        for client in clients:
            client.sign_in()
        log(f"{args.clients} clients writing and reading for {args.before} s")
        for client in clients:
            client.start()
        time.sleep(args.before)
        victim = formation.primary()
        log(f"killing the primary {victim}")
        killed_at.append(time.monotonic())
        killed_wall = time.time()
        formation.kill(victim)
        # Load goes on until writes succeed again (at most --max-wait s), then --after s more.
        deadline = time.monotonic() + args.max_wait
        while tally.first_write_after_kill is None and time.monotonic() < deadline:
            time.sleep(0.2)
        log(f"writes back after {tally.first_write_after_kill} s; {args.after} s more")
        for client in clients:
            client.until = time.monotonic() + args.after
        for client in clients:
            client.join(timeout=args.after + 60)
        survivor = next(name for name in formation.nodes if name != victim)
        states = formation.states()
        found, figures_at = lookup(env, tally.acknowledged)
        lost = sorted(set(tally.acknowledged) - found)
        return {
            "clients": args.clients, "fast_monitor": args.fast, "setup_s": round(setup_s, 1),
            "killed": victim, "new_primary": survivor, "states_after": {k: "/".join(v) for k, v in states.items()},
            "requests": tally.requests, "writes_acknowledged": len(tally.acknowledged),
            "acknowledged_before_kill": tally.acknowledged_before_kill, "reads_ok": tally.reads_ok,
            "writes_resumed_after_s": (round(tally.first_write_after_kill, 2)
                                       if tally.first_write_after_kill is not None else None),
            "failed_requests": sum(tally.failed.values()), "failed_after_kill": tally.failed_in_window,
            "failed_answers": dict(tally.failed.most_common()),
            "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
            "answers_500": tally.statuses.get(500, 0), "answers_with_traceback": tally.tracebacks,
            "lost_acknowledged_rows": len(lost), "lost_ids": lost[:20],
            # The worker's own work after the failover: the school's kept figures counted again.
            "worker_ran_after_failover": figures_at is not None and figures_at > killed_wall,
        }
    finally:
        for proc in services:
            stop_group(proc, 20)
        formation.stop()
        if args.keep:
            log(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the kill")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after writes are back")
    parser.add_argument("--max-wait", type=float, default=180, help="at most this long for writes to come back")
    parser.add_argument("--fast", action="store_true", help="short health-check timings on the monitor")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reason = skip_reason()
    if reason:
        print(json.dumps({"skipped": reason}) if args.json else f"skipped: {reason}")
        return 2
    result = drill(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        width = max(len(key) for key in result)
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
