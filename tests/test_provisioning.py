"""Registering a school: schema, domain and first administrator, all or nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from audit.models import AuditEvent
from people.models import Membership, Person
from people.roles import SchoolRole
from tenants import services
from tenants.models import Domain, School, SchoolStatus
from tenants.services import FirstAdministrator, school_register


def _register(slug: str, username: str = "new_admin", **extra: object):  # type: ignore[no-untyped-def]
    return school_register(
        acting_user=None, slug=slug, full_name="МБОУ «СОШ с. Гамма»", short_name="СОШ с. Гамма",
        administrator=FirstAdministrator(username=username, last_name="Гаммаев", first_name="Гамзат"),
        **extra,
    )


def _snapshot() -> tuple[int, int, int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata")
        schemas = cursor.fetchone()[0]
    return (School.objects.count(), Domain.objects.count(), Person.objects.count(),
            Membership.objects.count(), schemas)


def test_register_creates_schema_domain_and_administrator(world):
    registered = _register("gamma")
    school = registered.school
    assert school.status == SchoolStatus.ACTIVE
    assert schema_exists("gamma")
    assert registered.domain.domain == "gamma.localhost"
    assert registered.domain.is_primary
    membership = Membership.objects.get(school=school, person=registered.administrator)
    assert membership.roles == [SchoolRole.SYSADMIN]
    assert registered.generated_password and registered.administrator.check_password(registered.generated_password)
    assert AuditEvent.objects.filter(action="school.registered", school_uuid=school.uuid).exists()
    with schema_context("gamma"):
        from staff.models import StaffMember

        assert StaffMember.objects.count() == 0  # the table is there, and empty


def test_existing_person_becomes_first_administrator_of_a_second_school(world):
    teacher = world.people["teacher_b"]
    registered = _register("gamma", username="TEACHER_B")
    assert registered.administrator == teacher
    assert registered.generated_password is None
    assert set(Membership.objects.filter(person=teacher).values_list("school__slug", flat=True)) == {"beta", "gamma"}


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("Bad Slug", "invalid"), ("1school", "invalid"), ("ab", "invalid"), ("a_b_c", "invalid"),
        ("-abc", "invalid"), ("abc-", "invalid"), ("a--b", "invalid"), ("школа", "invalid"),
        ("x" * 51, "invalid"), ("public", "reserved"), ("www", "reserved"), ("admin", "reserved"),
        ("api", "reserved"), ("static", "reserved"), ("pg-temp", "reserved"), ("alpha", "duplicate"),
        ("school-template", "reserved"),
    ],
)
def test_bad_slug_is_refused_and_creates_nothing(world, slug, code):
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        _register(slug)
    assert list(caught.value.message_dict) == ["slug"]
    assert caught.value.error_dict["slug"][0].code == code
    assert caught.value.message_dict["slug"][0]  # a message a person can read
    assert _snapshot() == before


def test_failure_midway_leaves_no_schema_domain_or_person(world, monkeypatch):
    before = _snapshot()

    def explode(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit store is down")

    monkeypatch.setattr(services, "audit_record", explode)
    with pytest.raises(RuntimeError):
        _register("delta")
    assert not schema_exists("delta")
    assert not Person.objects.filter(username="new_admin").exists()
    assert not Domain.objects.filter(domain="delta.localhost").exists()
    assert _snapshot() == before


def test_school_created_after_a_new_migration_is_complete(world):
    """Design note 3: a clone of a stale template would record migrations without their tables."""
    # Make the template stale: take the staff app's migration out of it, as if it were new.
    call_command("migrate_schemas", "staff", "zero", schema_name="school_template", executor="standard",
                 interactive=False, verbosity=0)
    connection.set_schema_to_public()
    assert "staff.0001_initial" in services.template_pending_migrations()

    _register("epsilon")

    with schema_context("epsilon"):
        from staff.models import StaffMember

        assert StaffMember.objects.count() == 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_schema = 'epsilon' AND table_name = 'staff_staffmember'"
            )
            assert cursor.fetchone()[0] > 10
    assert services.template_pending_migrations() == []


def test_create_school_command(world):
    out = StringIO()
    call_command("create_school", "zeta", "--full-name", "МБОУ «ООШ с. Зета»", "--short-name", "ООШ с. Зета",
                 "--kind", "ООШ", "--admin-username", "zeta_admin", "--admin-last-name", "Зетаев",
                 "--admin-first-name", "Зелимхан", stdout=out)
    assert "zeta.localhost" in out.getvalue()
    assert "One-time password" in out.getvalue()
    assert School.objects.get(slug="zeta").kind == "ООШ"


def test_create_school_command_bad_slug_says_why_and_creates_nothing(world):
    before = _snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("create_school", "www", "--full-name", "X", "--short-name", "X", "--admin-username", "x_admin",
                     "--admin-last-name", "X", "--admin-first-name", "X")
    assert "slug" in str(caught.value)
    assert _snapshot() == before


def test_missing_administrator_names_are_reported_per_field(world):
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        school_register(acting_user=None, slug="eta", full_name="Школа", short_name="Школа",
                        administrator=FirstAdministrator(username="eta_admin"))
    assert set(caught.value.message_dict) == {"admin_last_name", "admin_first_name"}
    assert _snapshot() == before


def _constraints(schema: str) -> set[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(services._CONSTRAINTS_SQL, [schema])
        return {tuple(row) for row in cursor.fetchall()}  # type: ignore[misc]


def test_a_cloned_school_has_the_templates_constraints_under_the_same_names(world):
    _register("iota")
    assert _constraints("iota") == _constraints("school_template")


_INTO_ANOTHER_SCHEMA_SQL = """
    SELECT cls.relname || '.' || con.conname || ' -> ' || target_ns.nspname || '.' || target.relname
      FROM pg_constraint con
      JOIN pg_class cls ON cls.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cls.relnamespace
      JOIN pg_class target ON target.oid = con.confrelid
      JOIN pg_namespace target_ns ON target_ns.oid = target.relnamespace
     WHERE con.contype = 'f' AND ns.nspname = %s AND target_ns.nspname <> ns.nspname
"""


def test_no_school_table_has_a_foreign_key_into_public(world):
    """A constraint into a shared table (people_person above all) puts triggers on that table for every
    school, so registering the next school and every write to it costs more as the district grows
    (issue 15): a school's references to public rows are `db_constraint=False`."""
    _register("rho")
    with connection.cursor() as cursor:
        for schema in ("school_template", "alpha", "rho"):
            cursor.execute(_INTO_ANOTHER_SCHEMA_SQL, [schema])
            assert [row[0] for row in cursor.fetchall()] == [], schema
        cursor.execute("SELECT count(*) FROM pg_constraint con JOIN pg_class cls ON cls.oid = con.conrelid "
                       "JOIN pg_namespace ns ON ns.oid = cls.relnamespace "
                       "WHERE con.contype = 'f' AND ns.nspname = 'rho'")
        assert cursor.fetchone()[0] > 30  # the school's own foreign keys are all there


def test_a_new_school_starts_its_year_from_the_district_roadmap(world):
    from roadmap.models import Roadmap, RoadmapStage

    _register("lambda")
    with schema_context("lambda"):
        roadmap = Roadmap.objects.get()
        assert RoadmapStage.objects.filter(roadmap=roadmap).count() == 7


def test_a_cloned_school_has_every_migration_recorded(world):
    from django.db.migrations.executor import MigrationExecutor

    _register("muon")
    with schema_context("muon"):
        executor = MigrationExecutor(connection)
        assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    connection.set_schema_to_public()


def test_a_duplicate_that_slips_past_the_check_is_still_a_message_on_the_slug(world, monkeypatch):
    """Two district officials registering the same address at the same moment: the database decides."""
    monkeypatch.setattr(services, "_validate_slug", lambda slug: None)
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        _register("alpha", username="late_admin")
    assert caught.value.error_dict["slug"][0].code == "duplicate"
    assert _snapshot() == before


def test_a_duplicate_that_reaches_the_database_is_still_a_message_on_the_slug(world, monkeypatch):
    """When both checks were passed at once, the unique index refuses the second row."""
    monkeypatch.setattr(services, "_validate_slug", lambda slug: None)
    monkeypatch.setattr(School, "_check_schema_name_is_unique", lambda self: None, raising=False)
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        _register("beta", username="late_admin")
    assert caught.value.error_dict["slug"][0].code == "duplicate"
    assert _snapshot() == before


# --- The clone (tenants.clone): the template's structure, read once per migration state ----------


def _outline(schema: str) -> dict[str, set[tuple[object, ...]]]:
    """Every column, index, sequence and key of a schema, with the schema's name taken out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
            "a.attgenerated, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped", [schema])
        columns = {tuple(row) for row in cursor.fetchall()}
        cursor.execute("SELECT indexname, replace(indexdef, %s, '') FROM pg_indexes WHERE schemaname = %s",
                       [f" ON {schema}.", schema])
        indexes = {tuple(row) for row in cursor.fetchall()}
        cursor.execute("SELECT sequencename, data_type, start_value, increment_by, min_value, max_value, cache_size, "
                       "cycle, last_value FROM pg_sequences WHERE schemaname = %s", [schema])
        sequences = {tuple(row) for row in cursor.fetchall()}
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        migrations = {tuple(row) for row in cursor.fetchall()}
    return {"columns": columns, "indexes": indexes, "sequences": sequences, "migrations": migrations,
            "constraints": _constraints(schema)}


def test_a_cloned_school_is_the_template_column_by_column_and_index_by_index(world):
    _register("kappa")
    template, clone = _outline("school_template"), _outline("kappa")
    assert len(template["columns"]) > 300 and len(template["indexes"]) > 100 and template["migrations"]
    for part in template:
        assert clone[part] == template[part], part


def test_the_clone_is_not_django_tenants_catalog_walk_and_the_script_is_read_once(world, monkeypatch):
    from django_tenants.clone import CloneSchema

    from tenants import clone

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("django-tenants' clone_schema was called")

    monkeypatch.setattr(CloneSchema, "clone_schema", refuse)
    reads = []
    original = clone._read_script
    monkeypatch.setattr(clone, "_read_script", lambda *a: reads.append(a) or original(*a))
    monkeypatch.setattr(clone, "_cache", {})
    _register("nuu", username="nu_admin")
    _register("xii", username="xi_admin")
    assert len(reads) == 1
    # A migration of the template (here: one taken back) is a new state: the script is read again.
    call_command("migrate_schemas", "staff", "zero", schema_name="school_template", executor="standard",
                 interactive=False, verbosity=0)
    connection.set_schema_to_public()
    _register("omicron", username="omicron_admin")
    assert len(reads) == 2
    assert _outline("omicron") == _outline("school_template")


def test_the_clone_leaves_the_connection_in_the_schema_it_found(world):
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        before = cursor.fetchone()[0]
    _register("pii", username="pi_admin")
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == before
