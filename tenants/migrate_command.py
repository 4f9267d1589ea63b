"""Migrating a region: only the schemas that have something to apply are migrated.

`RegionExecutor` (`EXECUTOR=region`, or `migrate_schemas --executor region`) first reads, in one query per
hundred schemas, which schemas lack a migration of the code, and hands only those to django-tenants'
multiprocessing executor (or the standard one for a single schema or TENANT_MULTIPROCESSING_MAX_PROCESSES
of 1). django-tenants' executors open a new database connection and run Django's `migrate` for every
schema, which costs about a second a school under load even with nothing to apply.

`Command`, the `migrate` that django-tenants runs in each schema (TENANT_BASE_MIGRATE_COMMAND), returns at
once when the schema has nothing to apply (for the standard and multiprocessing executors too).

Django's `migrate` with nothing to apply still builds the project state of every migration and renders
its models, and emits post_migrate (content types and permissions, app by app): most of `migrate`'s
time per schema, which a deploy of a region multiplies by 500 schools (design note 4, issue 15). Here
the migration graph is read once per process and a schema whose recorded migrations already hold every
node of the graph is left as it is — one query. Anything else (a migration to apply, a target named on
the command line, --fake, --plan, squashed migrations, --run-syncdb) goes to Django's command unchanged,
except that the system checks Django's `migrate` runs before each schema run for the first schema a process
migrates only.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.migration_executors import MigrationExecutor as TenantsMigrationExecutor
from django_tenants.migration_executors import MultiprocessingExecutor, StandardExecutor


@cache
def _graph_nodes(alias: str) -> frozenset[tuple[str, str]] | None:
    """Every migration the code has (None when squashed migrations make the set depend on the schema)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    if loader.replacements:
        return None
    return frozenset(loader.graph.nodes)


def schema_up_to_date(alias: str = "default") -> bool:
    """Whether the connection's current schema has recorded every migration of the code."""
    nodes = _graph_nodes(alias)
    if nodes is None:
        return False
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False
    applied = {(app, name) for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name")}
    return nodes <= applied


_COUNT_SQL = ("SELECT %s, (SELECT count(DISTINCT m.app || '.' || m.name) FROM {table} m "
              "WHERE m.app || '.' || m.name = ANY(%s))")
_BATCH = 100  # schemas per query: each takes a lock on its django_migrations until the query's end


def schemas_behind(schemas: list[str], alias: str = "default") -> list[str]:
    """The schemas (in the given order) that lack a migration of the code or have no django_migrations."""
    nodes = _graph_nodes(alias)
    if nodes is None:
        return list(schemas)
    wanted = sorted(f"{app}.{name}" for app, name in nodes)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                       "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
                       [list(schemas)])
        with_table = {row[0] for row in cursor.fetchall()}
        complete: set[str] = set()
        present = [schema for schema in schemas if schema in with_table]
        quote = connection.ops.quote_name
        for start in range(0, len(present), _BATCH):
            batch = present[start:start + _BATCH]
            parts = [_COUNT_SQL.format(table=f"{quote(schema)}.django_migrations") for schema in batch]
            params: list[Any] = []
            for schema in batch:
                params += [schema, wanted]
            cursor.execute(" UNION ALL ".join(parts), params)  # noqa: S608 - schema names quoted
            complete |= {schema for schema, count in cursor.fetchall() if count == len(wanted)}
    return [schema for schema in schemas if schema not in complete]


class RegionExecutor(TenantsMigrationExecutor):
    codename = "region"

    def run_migrations(self, tenants: list[str] | None = None) -> None:
        behind = schemas_behind(list(tenants or []), self.options.get("database") or "default")
        if self.options.get("verbosity", 1) >= 1:
            sys.stdout.write(f"{len(behind)} of {len(tenants or [])} schemas have migrations to apply\n")
        if not behind:
            return
        processes = getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 2)
        inner = MultiprocessingExecutor if len(behind) > 1 and processes > 1 else StandardExecutor
        inner(self.args, self.options).run_migrations(tenants=behind)

    def run_multi_type_migrations(self, tenants: list[tuple[str, str]]) -> None:  # not used here (one type)
        StandardExecutor(self.args, self.options).run_multi_type_migrations(tenants)


# Databases whose system checks this process has run already (Command.handle).
_checked: set[str] = set()


class Command(MigrateCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        database = options.get("database") or "default"
        plain = not (options.get("app_label") or options.get("migration_name") or options.get("fake")
                     or options.get("fake_initial") or options.get("plan") or options.get("prune")
                     or options.get("run_syncdb") or options.get("check_unapplied"))
        if plain and schema_up_to_date(database):
            if options.get("verbosity", 1) >= 1:
                self.stdout.write("  No migrations to apply.")
            return
        # Django's migrate runs every system check (URL patterns included) before each schema: about a
        # third of applying one small migration to a schema. Nothing they look at depends on the schema,
        # so they run for the first schema a process migrates and not again.
        if database in _checked:
            options = {**options, "skip_checks": True}
        elif not options.get("skip_checks"):
            _checked.add(database)
        super().handle(*args, **options)
