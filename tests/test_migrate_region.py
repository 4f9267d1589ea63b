"""Migrating a region (issue 15): only the schemas with something to apply are migrated, and the migrate run
in a schema returns at once when there is nothing to apply; a schema behind is still migrated."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connection

from tenants import migrate_command
from tenants.migrate_command import schemas_behind


def _forget(schema: str, app: str = "staff") -> None:
    """Take one recorded migration out of a schema, as if the code had a new one."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE id = '
                       f'(SELECT max(id) FROM "{schema}".django_migrations WHERE app = %s)', [app])


def test_schemas_behind_names_only_those_missing_a_migration(world):
    schemas = ["public", "school_template", "alpha", "beta"]
    assert schemas_behind(schemas) == []
    _forget("beta")
    assert schemas_behind(schemas) == ["beta"]
    assert schemas_behind(["alpha", "no_such_schema"]) == ["no_such_schema"]


def test_migrate_in_an_up_to_date_schema_does_not_run_djangos_migrate(world, monkeypatch):
    ran: list[str] = []
    # Recorded, not run: re-applying a forgotten migration would meet its own tables.
    monkeypatch.setattr(DjangoMigrate, "handle", lambda self, *a, **k: ran.append(connection.schema_name))
    call_command("migrate_schemas", schema_name="alpha", executor="standard", interactive=False, verbosity=0)
    assert ran == []
    _forget("alpha")
    call_command("migrate_schemas", schema_name="alpha", executor="standard", interactive=False, verbosity=0)
    assert ran == ["alpha"]  # a schema behind goes to Django's migrate
    connection.set_schema_to_public()


def test_the_region_executor_hands_on_only_the_schemas_behind(world, monkeypatch):
    handed: list[list[str]] = []
    monkeypatch.setattr(migrate_command.StandardExecutor, "run_migrations",
                        lambda self, tenants=None: handed.append(list(tenants or [])))
    monkeypatch.setattr(migrate_command.MultiprocessingExecutor, "run_migrations",
                        lambda self, tenants=None: handed.append(list(tenants or [])))
    call_command("migrate_schemas", executor="region", interactive=False, verbosity=0)
    assert handed == []
    _forget("beta")
    call_command("migrate_schemas", executor="region", interactive=False, verbosity=0)
    assert handed == [["beta"]]
    connection.set_schema_to_public()


def test_the_system_checks_run_for_the_first_schema_migrated_not_for_every_one(world, monkeypatch):
    """Django's migrate checks the whole project (URL patterns included) before each schema; a region's
    deploy paid that 500 times for the same answer."""
    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(DjangoMigrate, "handle",
                        lambda self, *a, **k: seen.append((connection.schema_name, k["skip_checks"])))
    monkeypatch.setattr(migrate_command, "_checked", set(), raising=False)
    _forget("alpha")
    _forget("beta")
    call_command("migrate_schemas", executor="standard", interactive=False, verbosity=0, skip_checks=False)
    assert sorted(schema for schema, _skip in seen) == ["alpha", "beta"]
    assert [skip for _schema, skip in seen] == [False, True]
    connection.set_schema_to_public()
