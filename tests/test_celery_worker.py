"""A real Celery worker: each task runs in its school's schema, and the schema never leaks.

The worker is a separate process on the configured broker (Redis when REDIS_URL
is set, the file broker otherwise) with its own queue, reading the test database.
It sees only committed data, so these tests write in autocommit mode and clean up.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from config.celery import app
from staff.models import StaffMember
from tests.processes import process_env, running

pytestmark = pytest.mark.worker


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield


@contextmanager
def celery_worker(tmp_path: Path, **extra_env: str) -> Iterator[str]:
    """A real worker on its own queue, against the test database; yields the queue name."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    extra = {"CELERY_QUEUE": queue, **extra_env}
    saved = {key: app.conf[key] for key in ("task_default_queue", "broker_transport_options")}
    app.conf.task_default_queue = queue
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        folder = tmp_path / "broker"
        extra["CELERY_BROKER_DIR"] = str(folder)
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "out"), "data_folder_out": str(folder / "out"),
            "processed_folder": str(folder / "processed"), "control_folder": str(folder / "control"),
            "store_processed": False, "polling_interval": 0.5,
        }
        for sub in ("out", "processed", "control"):
            (folder / sub).mkdir(parents=True)
    _reset_connections()
    log = tmp_path / "worker.log"
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "-I", "tests.celery_probe", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    try:
        with running(args, process_env(**extra), log) as proc:
            deadline = time.monotonic() + 60
            while "ready." not in log.read_text(errors="replace"):
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            yield queue
    finally:
        app.conf.update(saved)
        _reset_connections()


@pytest.fixture
def worker(committed, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with celery_worker(tmp_path) as queue:
        yield queue


def _reset_connections() -> None:
    """Drop pooled broker connections so the next message uses the current broker options."""
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition: Callable[[], bool], timeout: float = 45.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not do it in time"
        time.sleep(0.2)


def send(task_name: str, *args: object, schema: str | None = None, **options: object) -> None:
    headers = {"_schema_name": schema} if schema else None
    app.send_task(task_name, args=args, headers=headers, **options)


def probe_events(schema: str, label: str) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(action=f"probe:{label}"))


def test_a_school_task_reads_and_writes_only_its_school(world_committed, worker):
    a, b = world_committed
    young = {"last_name": "Молодова", "first_name": "Мадина", "position": "учитель", "teaching_experience_years": 1,
             "birth_date": dt.date.today().replace(year=dt.date.today().year - 24), "is_young_specialist": False}
    ids = {}
    try:
        for school in (a, b):
            with schema_context(school.schema_name):
                ids[school.schema_name] = StaffMember.objects.create(**young).pk

        def flag(school) -> bool:  # type: ignore[no-untyped-def]
            with schema_context(school.schema_name):
                return StaffMember.objects.get(pk=ids[school.schema_name]).is_young_specialist

        send("staff.tasks.refresh_young_specialists", schema=a.schema_name)
        wait_for(lambda: flag(a))
        # A later task has run, so B's turn would have come already: B is untouched.
        label = uuid.uuid4().hex
        send("tests.probe.record_district", label)
        wait_for(lambda: bool(probe_events("public", label)))
        assert flag(b) is False

        send("staff.tasks.refresh_young_specialists", schema=b.schema_name)
        wait_for(lambda: flag(b))
    finally:
        for school in (a, b):
            with schema_context(school.schema_name):
                StaffMember.objects.filter(pk__in=ids.values()).delete()
                AuditEvent.objects.filter(action="staff.young_specialists_refreshed").delete()


def test_the_schema_never_leaks_to_the_next_task(world_committed, worker):
    a, b = world_committed
    first, second, third, orphan = (uuid.uuid4().hex for _ in range(4))
    try:
        send("tests.probe.record_school", first, schema=a.schema_name)
        send("tests.probe.record_district", second)  # sent from the district: must run in public
        send("tests.probe.record_school", orphan)  # a school task sent without a school: refused
        send("tests.probe.record_school", third, schema=b.schema_name)
        wait_for(lambda: bool(probe_events(b.schema_name, third)))

        assert [e.details["schema"] for e in probe_events(a.schema_name, first)] == [a.schema_name]
        assert [e.details["schema"] for e in probe_events("public", second)] == ["public"]
        assert probe_events(a.schema_name, second) == [] and probe_events(b.schema_name, second) == []
        assert [e.details["schema"] for e in probe_events(b.schema_name, third)] == [b.schema_name]
        assert probe_events(a.schema_name, third) == [] and probe_events("public", third) == []
        for schema in ("public", a.schema_name, b.schema_name):
            assert probe_events(schema, orphan) == []
    finally:
        for schema in ("public", a.schema_name, b.schema_name):
            with schema_context(schema):
                AuditEvent.objects.filter(action__startswith="probe:").delete()


def test_periodic_work_fans_out_once_to_every_active_school(world_committed, worker):
    a, b = world_committed
    label = uuid.uuid4().hex
    try:
        send("tenants.tasks.fan_out_to_schools", "tests.probe.record_school", [label], 0)
        wait_for(lambda: bool(probe_events(a.schema_name, label)) and bool(probe_events(b.schema_name, label)))
        time.sleep(1)
        assert [e.details["schema"] for e in probe_events(a.schema_name, label)] == [a.schema_name]
        assert [e.details["schema"] for e in probe_events(b.schema_name, label)] == [b.schema_name]
        assert probe_events("public", label) == []
        assert probe_events(settings.TENANT_BASE_SCHEMA, label) == []
    finally:
        for schema in ("public", a.schema_name, b.schema_name):
            with schema_context(schema):
                AuditEvent.objects.filter(action__startswith="probe:").delete()


@pytest.fixture
def world_committed(committed):  # type: ignore[no-untyped-def]
    from tenants.models import School

    return School.objects.get(slug="alpha"), School.objects.get(slug="beta")
