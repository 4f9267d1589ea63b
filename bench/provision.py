#!/usr/bin/env python
"""Benchmark: how long does registering one school take, by cloning and by migrations?

    python bench/provision.py [--schools 20] [--json]

Runs against a throwaway database (`mentoring_bench_<pid>`) created on the server of
DATABASE_URL, or of the embedded PostgreSQL when DATABASE_URL is not set, and dropped at
the end (also on error). In it:

1. `migrate` (django-tenants' migrate_schemas): the shared apps in the public schema;
2. the first `school_template_ensure()`: the one-off cost of preparing the template;
3. N schools through `tenants.services.school_register` as configured: the new schema is
   a clone of the template and the migrations are recorded as applied (design note 3);
4. N more schools through the same service with TENANT_CREATION_FAKES_MIGRATIONS=False:
   the service then makes an empty schema and really runs every migration.

After each school the schema is checked (its tables exist, its migrations are recorded,
the clone or the migrations really happened) and one school of each path is compared
column by column and index by index with the template, so a no-op cannot pass as fast.

All schools share one existing first administrator, so the timings measure the schema,
the domain, the membership and the audit record, not password hashing.

Everything Django or PostgreSQL prints goes to stderr; stdout holds only the table, or
with --json exactly one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_DIR = ROOT / "platform"
TARGET_S = 1.0
# A table of the `staff` app (TENANT_APPS): it exists in a school's schema only if the
# school's migrations ran or its schema was cloned from a migrated template.
PROBE_TABLE = "staff_staffmember"
ADMIN_USERNAME = "bench-administrator"


def _paths_setup() -> None:
    # platform/ is a source folder, never a package: it goes on the path itself so that
    # `config`, `people`, `staff`… import, and the standard `platform` stays the standard
    # one (design note 1). The repository root holds `tenants`, `api` and `reports`.
    for path in (str(ROOT), str(PLATFORM_DIR)):
        if path not in sys.path:
            sys.path.insert(1, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


# --- The throwaway database -------------------------------------------------------------


def _libpq_url(url: str) -> str:
    """A URL psycopg accepts (django-environ also knows postgres://, pgsql://, psql://)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _server_label(url: str) -> str:
    """Where the server is, without user or password."""
    parts = urlsplit(url)
    if parts.hostname:
        return f"{parts.hostname}:{parts.port or 5432}"
    socket = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("host", "")
    return f"unix socket {socket}" if socket else "local socket"


def _server_url() -> tuple[str, str]:
    """(URL of a database on the server to use, where it came from)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url, "DATABASE_URL"
    from config import embedded_db

    return embedded_db.database_url(), "embedded pgserver"


def _admin_execute(server_url: str, sql: str) -> None:
    """Run one statement outside any transaction, from a database other than the bench one."""
    import psycopg

    errors = []
    for url in (server_url, _with_database(server_url, "postgres")):
        try:
            with psycopg.connect(_libpq_url(url), autocommit=True) as conn:
                conn.execute(sql)
                return
        except psycopg.OperationalError as error:  # that database may not exist or admit us
            errors.append(error)
    raise errors[-1]


@contextlib.contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    name = f"mentoring_bench_{os.getpid()}"
    _admin_execute(server_url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin_execute(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url, name)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        _admin_execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"Dropped the throwaway database {name}.", file=sys.stderr)


# --- Measuring ----------------------------------------------------------------------------


@dataclass
class Probe:
    """What happened inside one school_register call."""

    clone_calls: int = 0
    applied: Counter = field(default_factory=Counter)  # "real" / "fake" -> migrations
    schema_s: float = 0.0
    schema_steps: int = 0

    def reset(self) -> None:
        self.clone_calls = 0
        self.applied.clear()
        self.schema_s = 0.0
        self.schema_steps = 0


def _schema_step() -> tuple[Any, str]:
    """(owner, attribute) of the step of school_register that makes the schema.

    The service has its own `_create_school_schema` (clone or migrations, in its
    transaction); older versions called the model's `create_schema`.
    """
    from tenants import services
    from tenants.models import School

    if hasattr(services, "_create_school_schema"):
        return services, "_create_school_schema"
    return School, "create_schema"


@contextlib.contextmanager
def probed(probe: Probe) -> Iterator[None]:
    """Count clones and applied migrations, and time the schema step, without changing them."""
    from django.db.migrations.executor import MigrationExecutor
    from django_tenants.clone import CloneSchema

    clone_original = CloneSchema.clone_schema
    apply_original = MigrationExecutor.apply_migration
    step_owner, step_name = _schema_step()
    step_original = getattr(step_owner, step_name)

    def clone_schema(self: Any, *args: Any, **kwargs: Any) -> Any:
        probe.clone_calls += 1
        return clone_original(self, *args, **kwargs)

    def apply_migration(self: Any, state: Any, migration: Any, fake: bool = False, fake_initial: bool = False) -> Any:
        probe.applied["fake" if fake else "real"] += 1
        return apply_original(self, state, migration, fake=fake, fake_initial=fake_initial)

    def schema_step(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return step_original(*args, **kwargs)
        finally:
            probe.schema_s += time.perf_counter() - started
            probe.schema_steps += 1

    from tenants import services

    def fast_clone(*args: Any, **kwargs: Any) -> Any:  # tenants.clone.schema_clone (issue 15)
        probe.clone_calls += 1
        return fast_original(*args, **kwargs)

    fast_original = getattr(services, "schema_clone", None)
    with (
        mock.patch.object(services, "schema_clone", fast_clone) if fast_original else contextlib.nullcontext(),
        mock.patch.object(CloneSchema, "clone_schema", clone_schema),
        mock.patch.object(MigrationExecutor, "apply_migration", apply_migration),
        mock.patch.object(step_owner, step_name, schema_step),
    ):
        yield


def _tables(schema: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def _recorded_migrations(schema: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{schema}".django_migrations')
        return cursor.fetchone()[0]


def _shape(schema: str) -> dict[str, list]:
    """The schema's columns, indexes and constraints, without the schema's name.

    Index and constraint definitions are compared without their names, which are kept
    apart: django-tenants' clone function recreates UNIQUE constraints without their
    names (PostgreSQL then names them `<table>_<columns>_key`).
    """
    from django.db import connection

    def strip(text: str) -> str:
        return text.replace(f'"{schema}".', "").replace(f"{schema}.", "")

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, column_default
               FROM information_schema.columns WHERE table_schema = %s""",
            [schema],
        )
        columns = sorted((*row[:5], strip(row[5] or "")) for row in cursor.fetchall())
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s", [schema])
        rows = cursor.fetchall()
        indexes = sorted(strip(definition).replace(f"INDEX {name} ON", "INDEX ON", 1) for _t, name, definition in rows)
        names = {f"{table}.{name}" for table, name, _d in rows}
        cursor.execute(
            """SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
               FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
               JOIN pg_namespace n ON n.oid = rel.relnamespace WHERE n.nspname = %s""",
            [schema],
        )
        rows = cursor.fetchall()
        constraints = sorted((table, kind, strip(definition)) for table, _n, kind, definition in rows)
        names |= {f"{table}.{name}" for table, name, _k, _d in rows}
    return {"columns": columns, "indexes": indexes, "constraints": constraints, "names": sorted(names)}


def _shape_difference(expected: dict[str, list], actual: dict[str, list]) -> str:
    parts = []
    for label in ("columns", "indexes", "constraints"):
        missing = sorted(set(expected[label]) - set(actual[label]))
        extra = sorted(set(actual[label]) - set(expected[label]))
        if missing or extra:
            parts.append(f"{label} missing {missing[:5]}, extra {extra[:5]}")
    return "; ".join(parts)


def _lost_names(expected: dict[str, list], actual: dict[str, list]) -> list[str]:
    """Index or constraint names of the template that the school lacks (same definitions)."""
    return sorted(set(expected["names"]) - set(actual["names"]))


class BenchError(RuntimeError):
    pass


def _verify_school(schema: str, path: str, probe: Probe, expected_migrations: int) -> int:
    tables = _tables(schema)
    if PROBE_TABLE not in tables or "django_migrations" not in tables:
        raise BenchError(f"{path}: schema {schema} lacks {PROBE_TABLE} or django_migrations: {sorted(tables)}")
    recorded = _recorded_migrations(schema)
    if recorded != expected_migrations:
        raise BenchError(f"{path}: schema {schema} records {recorded} migrations, the template {expected_migrations}")
    if probe.schema_steps != 1:
        raise BenchError(f"{path}: the schema step ran {probe.schema_steps}× for {schema}: the probe missed it")
    if path == "clone" and (probe.clone_calls != 1 or probe.applied["real"]):
        raise BenchError(f"clone: {schema} was cloned {probe.clone_calls}× and ran {probe.applied['real']} migrations")
    if path == "migrate" and (probe.clone_calls or probe.applied["real"] != expected_migrations):
        raise BenchError(
            f"migrate: {schema} was cloned {probe.clone_calls}× and ran {probe.applied['real']} migrations "
            f"instead of {expected_migrations}"
        )
    return len(tables)


def _stats(values: list[float]) -> dict[str, float]:
    if len(values) > 1:
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
    else:
        p95 = values[0]
    return {
        "mean": statistics.fmean(values),
        "median": statistics.median(values),
        "p95": p95,
        "min": min(values),
        "max": max(values),
    }


def run(schools: int, server_url: str, source: str) -> dict[str, Any]:
    import django

    load_before = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    django.setup()
    setup_s = time.perf_counter() - started

    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from people.models import Person
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    dsn = settings.DATABASES["default"]
    if not str(dsn["NAME"]).startswith("mentoring_bench_"):
        raise BenchError(f"Django is not pointed at the throwaway database but at {dsn['NAME']!r}")

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr, stderr=sys.stderr)
    public_migrate_s = time.perf_counter() - started

    started = time.perf_counter()
    school_template_ensure()
    template_prepare_s = time.perf_counter() - started
    template = settings.TENANT_BASE_SCHEMA
    if PROBE_TABLE not in _tables(template):
        raise BenchError(f"the template schema {template} lacks {PROBE_TABLE}")
    template_migrations = _recorded_migrations(template)
    tenant_labels = [apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.TENANT_APPS]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{template}".django_migrations WHERE app = ANY(%s)', [tenant_labels])
        tenant_app_migrations = cursor.fetchone()[0]
    template_shape = _shape(template)

    Person.objects.create_user(ADMIN_USERNAME, password=None, last_name="Бенчмарков", first_name="Админ")
    administrator = FirstAdministrator(username=ADMIN_USERNAME)

    probe = Probe()
    times: dict[str, list[float]] = {"clone": [], "migrate": []}
    schema_times: dict[str, list[float]] = {"clone": [], "migrate": []}
    tables_per_school: set[int] = set()
    shapes_match: dict[str, bool] = {}
    lost_names: dict[str, list[str]] = {}
    with probed(probe):
        for path in ("clone", "migrate"):
            settings_override = (
                override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False)
                if path == "migrate"
                else contextlib.nullcontext()
            )
            with settings_override:
                for index in range(1, schools + 1):
                    slug = f"bench-{path}-{index:03d}"
                    probe.reset()
                    started = time.perf_counter()
                    registered = school_register(
                        acting_user=None, slug=slug, full_name=f"Школа {slug}", short_name=slug,
                        administrator=administrator,
                    )
                    elapsed = time.perf_counter() - started
                    schema = registered.school.schema_name
                    tables_per_school.add(_verify_school(schema, path, probe, template_migrations))
                    if index == 1:
                        shape = _shape(schema)
                        difference = _shape_difference(template_shape, shape)
                        if difference:
                            raise BenchError(f"{path}: schema {schema} differs from the template: {difference}")
                        shapes_match[path] = True
                        lost_names[path] = _lost_names(template_shape, shape)
                    times[path].append(elapsed)
                    schema_times[path].append(probe.schema_s)
                    print(f"{path:8} {slug:20} {elapsed:7.3f} s (schema {probe.schema_s:.3f} s)",
                          file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]

    clone, migrate = _stats(times["clone"]), _stats(times["migrate"])
    clone_schema, migrate_schema = _stats(schema_times["clone"]), _stats(schema_times["migrate"])
    result: dict[str, Any] = {"schools": schools}
    for name, figures in (("clone", clone), ("migrate", migrate)):
        for key, value in figures.items():
            result[f"{name}_{key}_s"] = round(value, 4)
    result.update({
        "ratio_migrate_over_clone": round(migrate["mean"] / clone["mean"], 2),
        "clone_schema_step_mean_s": round(clone_schema["mean"], 4),
        "migrate_schema_step_mean_s": round(migrate_schema["mean"], 4),
        "template_prepare_s": round(template_prepare_s, 4),
        "public_migrate_s": round(public_migrate_s, 4),
        "django_setup_s": round(setup_s, 4),
        "migrations_per_school": template_migrations,
        "tenant_app_migrations_per_school": tenant_app_migrations,
        "tables_per_school": sorted(tables_per_school)[0] if len(tables_per_school) == 1 else sorted(tables_per_school),
        "schemas_match_template": all(shapes_match.values()),
        "clone_lost_names": lost_names["clone"],
        "migrate_lost_names": lost_names["migrate"],
        "target_s": TARGET_S,
        "target_basis": "clone_p95_s",
        "target_met": clone["p95"] < TARGET_S,
        "database_server": _server_label(server_url),
        "database_source": source,
        "postgres_version": server_version,
        "cpus": os.cpu_count(),
        # Other work on the machine shows up in the figures: the load before and after.
        "load_1m_before": load_before,
        "load_1m_after": round(os.getloadavg()[0], 2),
    })
    return result


# --- Output ---------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    def row(label: str, text: str) -> str:
        return f"{label:34}{text}"

    lines = [
        f"School provisioning: {result['schools']} schools per path, PostgreSQL {result['postgres_version']} "
        f"({result['database_source']}, {result['database_server']})",
        f"{result['cpus']} CPUs, load average {result['load_1m_before']} before, {result['load_1m_after']} after",
        "",
        row("per school, seconds", f"{'mean':>7} {'median':>7} {'p95':>7} {'max':>7}"),
    ]
    for label, name in (("clone of the template", "clone"), ("plain migrations", "migrate")):
        figures = (result[f"{name}_{key}_s"] for key in ("mean", "median", "p95", "max"))
        lines.append(row(label, " ".join(f"{value:7.3f}" for value in figures)))
    lines += [
        "",
        row("of which the schema step (mean)", f"clone {result['clone_schema_step_mean_s']:.3f} s, "
            f"migrations {result['migrate_schema_step_mean_s']:.3f} s"),
        row("ratio migrations / clone (mean)", f"{result['ratio_migrate_over_clone']:.2f}×"),
        row("migrations per school", f"{result['migrations_per_school']} recorded, "
            f"{result['tenant_app_migrations_per_school']} of them of school apps "
            f"({result['tables_per_school']} tables)"),
        row("first school of each path", "same columns, indexes and constraints as the template"
            if result["schemas_match_template"] else "DIFFERS from the template"),
        row("names the clone lost", ", ".join(result["clone_lost_names"]) or "none"),
        row("template preparation (one-off)", f"{result['template_prepare_s']:.3f} s"),
        row("public schema migrate (one-off)", f"{result['public_migrate_s']:.3f} s"),
        row(f"target: under {result['target_s']:g} s per school", f"{'MET' if result['target_met'] else 'NOT MET'} "
            f"(clone p95 {result['clone_p95_s']:.3f} s)"),
    ]
    return "\n".join(lines)


@contextlib.contextmanager
def stdout_reserved() -> Iterator[TextIO]:
    """Point file descriptor 1 at stderr for everything else; yield the real stdout."""
    sys.stdout.flush()
    real = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        yield real
    finally:
        real.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=20, help="schools per path (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    args = parser.parse_args(argv)
    if args.schools < 1:
        parser.error("--schools must be at least 1")

    _paths_setup()
    with stdout_reserved() as out:
        try:
            server_url, source = _server_url()
            with throwaway_database(server_url) as bench_url:
                os.environ["DATABASE_URL"] = bench_url
                result = run(args.schools, server_url, source)
        except BenchError as error:
            print(f"provision benchmark failed: {error}", file=sys.stderr)
            return 1
        if args.json:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            out.write(table(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
