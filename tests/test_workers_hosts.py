"""Celery workers on two hosts, one broker: a worker lost mid-task loses nothing and doubles nothing.

The two hosts are network namespaces made by the test (tests/netns.py), each joined to this one by
a veth link on a private /30; the workers reach the database and RabbitMQ only through relays on
their link's far end — nothing leaves the machine. Tasks are `acks_late` (the message stays with
the broker until the task ends) and the probe task's body is idempotent (each step claimed by a row
and its e-mail sent in one transaction). One worker is killed with SIGKILL while it runs the task;
RabbitMQ gives the message to the other, which finishes it: every step's row and e-mail exactly once,
all in the school the task was sent for.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from config.celery import app
from tests import netns
from tests.processes import process_env

AMQP = os.environ.get("TEST_AMQP_HOST", "127.0.0.1"), 5672
STEPS = 6


def _rabbitmq_missing() -> str | None:
    with socket.socket() as sock:
        sock.settimeout(2)
        if sock.connect_ex(AMQP) != 0:
            return f"RabbitMQ is not listening on {AMQP[0]}:{AMQP[1]}"
    return None


pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(netns.skip_reason() is not None, reason=netns.skip_reason() or ""),
    pytest.mark.skipif(_rabbitmq_missing() is not None, reason=_rabbitmq_missing() or ""),
]


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield


def _database_upstream() -> tuple[tuple[str, int] | str, str, str]:
    """Where the test database is here (TCP or unix socket), its user and name."""
    params = connection.get_connection_params()
    host, port = params.get("host") or "127.0.0.1", int(params.get("port") or 5432)
    upstream: tuple[str, int] | str = f"{host}/.s.PGSQL.{port}" if host.startswith("/") else (host, port)
    return upstream, params.get("user") or "postgres", str(connection.settings_dict["NAME"])


def _rows(schema: str, label: str) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(action__startswith=f"probe:{label}:").order_by("at", "id"))


def _wait(condition, timeout: float, logs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
        time.sleep(0.2)


def test_a_worker_lost_mid_task_is_replaced_by_the_other_host_without_doubles(committed, tmp_path: Path):
    upstream, user, database = _database_upstream()
    queue, label = f"hosts-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex[:12]
    mail = tmp_path / "mail"
    relays: list[netns.Relay] = []
    workers: dict[str, subprocess.Popen[bytes]] = {}
    logs: list[Path] = []
    try:
        with netns.hosts(2) as hosts:
            for host in hosts:
                db, broker = netns.Relay(host.gateway, upstream), netns.Relay(host.gateway, AMQP)
                relays += [db, broker]
                # A host sees only its link: the machine's own loopback services are out of its reach.
                probe = subprocess.run(host.command([sys.executable, "-c", (
                    "import socket; s = socket.socket(); s.settimeout(2); "
                    f"print(s.connect_ex(('127.0.0.1', {AMQP[1]})) != 0)")]),
                    capture_output=True, text=True, timeout=30, check=True)
                assert probe.stdout.strip() == "True"
                env = process_env(
                    DATABASE_URL=f"postgresql://{user}@{host.gateway}:{db.port}/{database}",
                    CELERY_BROKER_URL=f"amqp://guest:guest@{host.gateway}:{broker.port}//",
                    REDIS_URL="", CELERY_RESULT_BACKEND="", CELERY_QUEUE=queue, WORKER_NAME=host.name,
                    EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail))
                log = tmp_path / f"{host.name}.log"
                logs.append(log)
                workers[host.name] = subprocess.Popen(  # noqa: S603
                    host.command([sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                                  "-n", f"{host.name}@%h", "--loglevel=INFO", "-I", "tests.celery_probe",
                                  "--without-gossip", "--without-mingle", "--without-heartbeat"]),
                    cwd=Path(__file__).resolve().parents[1], env=env, stdout=log.open("wb"),
                    stderr=subprocess.STDOUT, start_new_session=True)
            _wait(lambda: all("ready." in log.read_text(errors="replace") for log in logs), 90, logs)

            with app.connection_for_write(f"amqp://guest:guest@{AMQP[0]}:{AMQP[1]}//") as conn:
                app.send_task("tests.probe.mail_in_steps", args=(label, STEPS, 1.5), queue=queue,
                              headers={"_schema_name": "alpha"}, connection=conn)
            # Kill whichever worker took it, once it is in the middle (two steps done).
            _wait(lambda: len(_rows("alpha", label)) >= 2, 60, logs)
            victim = _rows("alpha", label)[0].details["worker"]
            os.killpg(workers[victim].pid, signal.SIGKILL)
            workers[victim].wait(timeout=30)
            survivor = next(name for name in workers if name != victim)
            _wait(lambda: any(row.action.endswith(":done") for row in _rows("alpha", label)), 90, logs)

        rows = _rows("alpha", label)
        steps = [row.action for row in rows if not row.action.endswith(":done")]
        assert sorted(steps) == sorted(f"probe:{label}:{step}" for step in range(STEPS))  # each once
        assert all(row.details["schema"] == "alpha" for row in rows)
        by = [row.details["worker"] for row in rows]
        assert by[:2] == [victim, victim] and by[-1] == survivor and set(by) == {victim, survivor}
        assert _rows("beta", label) == [] and _rows("public", label) == []
        sent = "".join(path.read_text(errors="replace") for path in mail.glob("*"))
        for step in range(STEPS):
            assert sent.count(f"Subject: probe {label} step {step}\n") == 1, sent
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        for relay in relays:
            relay.close()
        for schema in ("public", "alpha", "beta"):
            with schema_context(schema):
                AuditEvent.objects.filter(action__startswith=f"probe:{label}:").delete()
