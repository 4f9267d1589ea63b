"""One school as one archive: backed up, restored after a loss, moved to another deployment (issue 16).

`school_export` writes a gzip'd tar with

- `schema.dump` — the school's schema, `pg_dump -Fc -n <schema> --no-owner --no-privileges` in the
  same snapshot as the checksums and the public rows (`pg_export_snapshot`, `--snapshot`)
  (the newest pg_dump found that is at least the server's version: Debian's
  /usr/lib/postgresql/<major>/bin, the embedded pgserver's own, or PATH; `PG_BIN_DIR` wins);
- `public.json` — the school's rows in the public schema: the school, its domains, memberships,
  the people it needs (members and everyone its tables or these rows refer to), kept figures and
  their state, its mentor-exchange entries, requests and their proposals, its template adoptions;
- `media/` — its uploaded files (`MEDIA_ROOT/schools/<schema>/`);
- `manifest.json` — format, school, the schema's applied migrations, and per table (schema) and
  per model (public) the row count and a checksum, and the SHA-256 of every file above.

`school_import` checks the archive (files' SHA-256, format, migrations this code knows), refuses a
conflict with a clear message naming it (the school's address, schema, domain or uuid already
here; a login here belonging to another person), then adds the people that are missing, restores
the schema with pg_restore, writes the public rows (new integer ids; a school is referred to by its
uuid in the archive) and the files, migrates the schema if this code is newer, and compares every
count and checksum with the manifest. If anything fails, what it added is removed again: the
schema, the rows, the people it created, the files. Other schools are never touched.

A person new to this deployment comes without district roles or admin rights: those belong to
the district that exported them. Proposals naming a mentor's school that is not here are left out
(the import says how many); a proposal's directory entry that is not here becomes empty.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import School

FORMAT = 1
# Public models holding a school's rows, in the order they are written (people first: the schema's
# foreign keys point at them). Each is exported by `_public_querysets`.
PUBLIC_MODELS = [
    "people.Person", "tenants.School", "tenants.Domain", "people.Membership", "stats.SchoolFigures",
    "stats.FiguresState", "exchange.DirectoryEntry", "exchange.MentorRequest", "exchange.Proposal",
    "regulation_templates.TemplateAdoption",
]
# Person fields a new deployment does not take over (rights in the exporting district).
PERSON_RIGHTS = {"district_roles": [], "is_staff": False, "is_superuser": False}
LIBPQ_KEYS = {"dbname", "user", "password", "host", "hostaddr", "port", "sslmode", "sslrootcert", "sslcert",
              "sslkey", "target_session_attrs", "connect_timeout", "application_name", "options", "service"}


class TransferError(Exception):
    """Refused or failed, with a message for the person running the command."""


# --- PostgreSQL client programs ---------------------------------------------------------------------


def _tool_version(path: Path) -> int:
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def pg_tool(name: str) -> str:
    """The newest `name` (pg_dump, pg_restore) that is at least the server's major version."""
    server = connection.cursor().connection.info.server_version // 10000
    folders = [Path(os.environ["PG_BIN_DIR"])] if os.environ.get("PG_BIN_DIR") else []
    folders += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    try:
        import pgserver  # type: ignore[import-untyped]

        folders.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    on_path = shutil.which(name)
    candidates = [folder / name for folder in folders if (folder / name).exists()]
    candidates += [Path(on_path)] if on_path else []
    usable = sorted(((version, path) for path in candidates if (version := _tool_version(path)) >= server),
                    key=lambda item: item[0], reverse=True)
    if not usable:
        raise TransferError(_("No %(tool)s of version %(version)s or newer was found on this machine.")
                            % {"tool": name, "version": server})
    return str(usable[0][1])


def _conninfo() -> tuple[str, dict[str, str]]:
    """A libpq connection string for the default database, and the environment with its password."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    parts = []
    for key, value in params.items():
        if key == "password":
            env["PGPASSWORD"] = str(value)
        elif key in LIBPQ_KEYS and value not in (None, ""):
            text = str(value).replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"{key}='{text}'")
    return " ".join(parts), env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=3600, check=False)  # noqa: S603
    if result.returncode != 0:
        raise TransferError(f"{Path(args[0]).name}: {result.stderr.strip()[-2000:]}")


# --- checksums ---------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_checksums(schema: str) -> dict[str, dict[str, Any]]:
    """Per table of the schema: its row count and the MD5 of its rows in a fixed order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        sums = {}
        for table in tables:
            cursor.execute(f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "  # noqa: S608
                           f"FROM {_quote(schema)}.{_quote(table)} t")
            count, digest = cursor.fetchone()
            sums[table] = {"rows": int(count), "md5": digest}
    return sums


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def public_checksums(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    sums = {}
    for label, items in rows.items():
        lines = sorted(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items)
        sums[label] = {"rows": len(items), "sha256": hashlib.sha256("\n".join(lines).encode()).hexdigest()}
    return sums


# --- the school's public rows, portable -----------------------------------------------------------------


def _is_auto_key(model_field: models.Field[Any, Any]) -> bool:
    return bool(model_field.primary_key and isinstance(model_field, models.AutoField | models.BigAutoField))


def _points_at_school(model_field: models.Field[Any, Any]) -> bool:
    return bool(model_field.is_relation and (model_field.many_to_one or model_field.one_to_one)
                and model_field.related_model is School)


def _portable(obj: models.Model, school_uuids: dict[int, str]) -> dict[str, Any]:
    """A row as JSON values: integer ids left out, a school named by its uuid."""
    row = {}
    for model_field in obj._meta.concrete_fields:
        if _is_auto_key(model_field):
            continue
        value = getattr(obj, model_field.attname)
        if _points_at_school(model_field) and value is not None:
            value = school_uuids.get(value) or str(School.objects.get(pk=value).uuid)
        row[model_field.attname] = _canonical(value)
    return row


def _people_referenced(schema: str, public_rows: Iterable[models.Model]) -> set[str]:
    """Everyone the school's tables and its public rows refer to."""
    ids: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT cl.relname, a.attname FROM pg_constraint c
            JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
            JOIN pg_class ref ON ref.oid = c.confrelid JOIN pg_namespace rn ON rn.oid = ref.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND n.nspname = %s AND rn.nspname = %s AND ref.relname = 'people_person'
        """, [schema, get_public_schema_name()])
        for table, column in cursor.fetchall():
            cursor.execute(f"SELECT DISTINCT {_quote(column)}::text FROM {_quote(schema)}.{_quote(table)} "  # noqa: S608
                           f"WHERE {_quote(column)} IS NOT NULL")
            ids.update(row[0] for row in cursor.fetchall())
    person_model = apps.get_model(settings.AUTH_USER_MODEL)
    for obj in public_rows:
        for model_field in obj._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is person_model:
                value = getattr(obj, model_field.attname)
                if value is not None:
                    ids.add(str(value))
    return ids


def _public_querysets(school: School) -> dict[str, models.QuerySet[Any]]:
    """The school's public rows by model, people excepted (they follow from these and the schema)."""
    m = apps.get_model
    return {
        "tenants.School": m("tenants.School").objects.filter(pk=school.pk),
        "tenants.Domain": m("tenants.Domain").objects.filter(tenant=school),
        "people.Membership": m("people.Membership").objects.filter(school=school),
        "stats.SchoolFigures": m("stats.SchoolFigures").objects.filter(school=school),
        "stats.FiguresState": m("stats.FiguresState").objects.filter(school=school),
        "exchange.DirectoryEntry": m("exchange.DirectoryEntry").objects.filter(school=school),
        "exchange.MentorRequest": m("exchange.MentorRequest").objects.filter(school=school),
        "exchange.Proposal": m("exchange.Proposal").objects.filter(request__school=school),
        "regulation_templates.TemplateAdoption": m("regulation_templates.TemplateAdoption").objects.filter(
            school=school),
    }


def public_rows(school: School) -> dict[str, list[dict[str, Any]]]:
    """The school's rows in the public schema, portable (see `_portable`), ordered as PUBLIC_MODELS."""
    with schema_context(get_public_schema_name()):
        querysets = _public_querysets(school)
        objects = {label: list(queryset) for label, queryset in querysets.items()}
        person_ids = _people_referenced(school.schema_name, [obj for items in objects.values() for obj in items])
        person_ids |= {str(membership.person_id) for membership in objects["people.Membership"]}
        objects["people.Person"] = list(apps.get_model(settings.AUTH_USER_MODEL).objects.filter(pk__in=person_ids))
        school_uuids = {school.pk: str(school.uuid)}
        return {label: [_portable(obj, school_uuids) for obj in objects[label]] for label in PUBLIC_MODELS}


def _applied_migrations(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app || '.' || name FROM {_quote(schema)}.django_migrations ORDER BY 1")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _media_folder(schema: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "schools" / schema


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- export ------------------------------------------------------------------------------------------------


def school_export(*, slug: str, path: Path) -> dict[str, Any]:
    """Write the school to one archive at `path`; returns the manifest."""
    with schema_context(get_public_schema_name()):
        school = School.objects.filter(slug=slug).exclude(schema_name=settings.TENANT_BASE_SCHEMA).first()
    if school is None:
        raise TransferError(_("There is no school «%(slug)s» here.") % {"slug": slug})
    schema = school.schema_name
    conninfo, env = _conninfo()
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "schema.dump"
        tool = pg_tool("pg_dump")
        # One snapshot for everything: the checksums, the public rows and pg_dump (--snapshot) see
        # the same moment, so a school in use exports consistently.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            sums = schema_checksums(schema)
            _run([tool, "-d", conninfo, "-n", schema, "-Fc", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", "-f", str(dump)], env)
            rows = public_rows(school)
        public = json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()
        files: dict[str, bytes] = {"schema.dump": dump.read_bytes(), "public.json": public}
        media = _media_folder(schema)
        if media.is_dir():
            for item in sorted(media.rglob("*")):
                if item.is_file():
                    files[f"media/{item.relative_to(media).as_posix()}"] = item.read_bytes()
        manifest = {
            "format": FORMAT, "exported_at": timezone.now().isoformat(), "district_host": settings.DISTRICT_HOST,
            "school": {
                "slug": school.slug, "schema": schema, "uuid": str(school.uuid), "name": school.short_name},
            "migrations": _applied_migrations(schema), "schema_tables": sums,
            "public_rows": public_checksums(rows), "files": {name: _sha256(data) for name, data in files.items()},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name, data in [("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()),
                               *files.items()]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
        partial.replace(path)
    return manifest


# --- import ------------------------------------------------------------------------------------------------


@dataclass
class Imported:
    school: School
    manifest: dict[str, Any]
    people_added: int = 0
    left_out: dict[str, int] = field(default_factory=dict)


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            files = {}
            for member in archive.getmembers():
                if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise TransferError(_("The archive holds an unexpected entry «%(name)s».") % {"name": member.name})
                extracted = archive.extractfile(member)
                assert extracted is not None
                files[member.name] = extracted.read()
    except (OSError, tarfile.TarError) as error:
        raise TransferError(_("«%(path)s» is not a school archive: %(error)s")
                            % {"path": path, "error": error}) from error
    if "manifest.json" not in files:
        raise TransferError(_("«%(path)s» is not a school archive: it has no manifest.") % {"path": path})
    manifest = json.loads(files.pop("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise TransferError(_("The archive's format %(format)s is not the one this platform reads (%(ours)s).")
                            % {"format": manifest.get("format"), "ours": FORMAT})
    if set(files) != set(manifest["files"]):
        raise TransferError(_("The archive is incomplete or has files its manifest does not list."))
    for name, data in files.items():
        if _sha256(data) != manifest["files"][name]:
            raise TransferError(_("The archive is damaged: «%(name)s» does not match its checksum.") % {"name": name})
    return manifest, files


def _conflicts(manifest: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    school = manifest["school"]
    problems = []
    if School.objects.filter(slug=school["slug"]).exists():
        problems.append(_("A school with the address «%(slug)s» is already here.") % {"slug": school["slug"]})
    if School.objects.filter(schema_name=school["schema"]).exists() or _schema_exists(school["schema"]):
        problems.append(_("The schema «%(schema)s» already exists here.") % {"schema": school["schema"]})
    if School.objects.filter(uuid=school["uuid"]).exists():
        problems.append(_("A school with the uuid %(uuid)s is already here.") % {"uuid": school["uuid"]})
    domain_model = apps.get_model("tenants.Domain")
    for domain in rows["tenants.Domain"]:
        if domain_model.objects.filter(domain=domain["domain"]).exists():
            problems.append(_("The domain «%(domain)s» already belongs to a school here.")
                            % {"domain": domain["domain"]})
    person_model = apps.get_model(settings.AUTH_USER_MODEL)
    for person in rows["people.Person"]:
        other = person_model.objects.filter(username=person["username"]).exclude(pk=person["id"]).first()
        if other is not None:
            problems.append(_("The login «%(login)s» belongs to another person here.") % {"login": person["username"]})
    for label in ("people.Membership", "exchange.DirectoryEntry", "exchange.MentorRequest", "exchange.Proposal"):
        model = apps.get_model(label)
        taken = model.objects.filter(pk__in=[row["id"] for row in rows[label]]).count()
        if taken:
            problems.append(_("%(count)d rows of %(model)s with the archive's ids are already here.")
                            % {"count": taken, "model": label})
    return problems


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def _values(model: type[models.Model], row: dict[str, Any], schools: dict[str, int]) -> dict[str, Any]:
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.attname not in row:
            continue
        value = row[model_field.attname]
        if _points_at_school(model_field) and value is not None:
            value = schools[value]
        values[model_field.attname] = model_field.to_python(value) if value is not None else None
    return values


def _write_rows(label: str, rows: list[dict[str, Any]], schools: dict[str, int], school: School,
                result: Imported) -> None:
    model = apps.get_model(label)
    stamps = [f.attname for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    proposal_entries = set()
    if label == "exchange.Proposal":
        entry_ids = [row["entry_id"] for row in rows if row.get("entry_id")]
        proposal_entries = {str(pk) for pk in apps.get_model("exchange.DirectoryEntry").objects.filter(
            pk__in=entry_ids).values_list("pk", flat=True)}
    for row in rows:
        row = dict(row)
        if label == "tenants.School":
            continue  # written first, by school_import
        if label == "exchange.Proposal":
            if row["mentor_school_id"] not in schools:
                result.left_out[label] = result.left_out.get(label, 0) + 1
                continue
            if row.get("entry_id") and row["entry_id"] not in proposal_entries:
                row["entry_id"] = None
        obj = model(**_values(model, row, schools))
        obj.save(force_insert=True)
        if stamps:  # auto_now(_add) fields took "now" on save: put the archive's values back
            model._default_manager.filter(pk=obj.pk).update(**{name: _values(model, row, schools)[name]
                                                               for name in stamps if name in row})


def _add_people(rows: list[dict[str, Any]]) -> list[str]:
    """Create the people missing here (without the exporting district's rights); returns their ids."""
    person_model = apps.get_model(settings.AUTH_USER_MODEL)
    ids = [row["id"] for row in rows]
    present = {str(pk) for pk in person_model.objects.filter(pk__in=ids).values_list("pk", flat=True)}
    added = []
    for row in rows:
        if row["id"] in present:
            continue
        person = person_model(**{**_values(person_model, row, {}), **PERSON_RIGHTS})
        person.save(force_insert=True)
        added.append(row["id"])
    return added


def _mismatches(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[str]:
    return [name for name in sorted(set(expected) | set(found)) if expected.get(name) != found.get(name)]


def school_import(*, path: Path) -> Imported:
    """Restore the archived school here (see the module's docstring); all or nothing."""
    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader

    from tenants.services import school_template_ensure

    manifest, files = _read_archive(path)
    rows: dict[str, list[dict[str, Any]]] = json.loads(files["public.json"])
    schema = manifest["school"]["schema"]
    source_host = manifest.get("district_host") or settings.DISTRICT_HOST
    if source_host != settings.DISTRICT_HOST:  # moved to another cell: the school's address follows the district's
        for domain in rows["tenants.Domain"]:
            if domain["domain"].endswith(f".{source_host}"):
                domain["domain"] = domain["domain"].removesuffix(source_host) + settings.DISTRICT_HOST
        manifest["public_rows"]["tenants.Domain"] = public_checksums({"d": rows["tenants.Domain"]})["d"]
    with schema_context(get_public_schema_name()):
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        known = {f"{app}.{name}" for app, name in loader.disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise TransferError(_("The archive was made by a newer version of the platform (migrations "
                                  "%(names)s are unknown here); update this deployment first.")
                                % {"names": ", ".join(unknown[:5])})
        problems = _conflicts(manifest, rows)
        if problems:
            raise TransferError(_("Nothing was imported:") + "\n" + "\n".join(f"- {p}" for p in problems))
        added_people: list[str] = []
        written: list[Path] = []
        media = _media_folder(schema)
        try:
            with transaction.atomic():
                added_people = _add_people(rows["people.Person"])
            conninfo, env = _conninfo()
            with tempfile.TemporaryDirectory() as folder:
                dump = Path(folder) / "schema.dump"
                dump.write_bytes(files["schema.dump"])
                _run([pg_tool("pg_restore"), "-d", conninfo, "--no-owner", "--no-privileges", "--single-transaction",
                      "--exit-on-error", str(dump)], env)
            with transaction.atomic():
                school_row = rows["tenants.School"][0]
                school = School(**_values(School, school_row, {}))
                school.auto_create_schema = False  # the schema was restored above
                school.save(force_insert=True)
                School.objects.filter(pk=school.pk).update(**{
                    name: _values(School, school_row, {})[name] for name in ("created_at", "updated_at")
                    if name in school_row})
                school.refresh_from_db()
                schools = {str(s.uuid): s.pk for s in School.objects.all()}
                result = Imported(school=school, manifest=manifest, people_added=len(added_people))
                for label in PUBLIC_MODELS[2:]:
                    _write_rows(label, rows[label], schools, school, result)
            for name, data in files.items():
                if name.startswith("media/"):
                    target = media / name.removeprefix("media/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    written.append(target)
            # This code is newer than the archive? The template school is what a school of this code has
            # applied (in a fresh deployment it is made here, as the first registration would).
            school_template_ensure()
            behind = set(_applied_migrations(settings.TENANT_BASE_SCHEMA)) - set(manifest["migrations"])
            if behind:
                call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
            bad = _mismatches(manifest["schema_tables"], schema_checksums(schema))
            if behind:
                bad = [name for name in bad if name != "django_migrations"]
            imported = public_rows(school)
            expected_public = manifest["public_rows"]
            found_public = public_checksums(imported)
            for label, count in result.left_out.items():
                expected_public[label] = {**expected_public[label], "rows": expected_public[label]["rows"] - count}
                found_public[label] = {**found_public[label], "sha256": expected_public[label]["sha256"]}
            # People who were here already keep their own rows: for them, the count is compared.
            found_public["people.Person"]["sha256"] = expected_public["people.Person"]["sha256"]
            bad += [f"public {label}" for label in _mismatches(expected_public, found_public)]
            if bad:
                raise TransferError(_("The imported school does not match the archive (%(names)s); nothing was kept.")
                                    % {"names": ", ".join(bad[:10])})
            return result
        except Exception as error:
            try:
                _undo(schema, manifest["school"]["uuid"], added_people, written)
            except Exception as undo_error:  # noqa: BLE001 — the first failure is the one to report
                error.add_note(f"undoing the import failed too: {undo_error!r}")
            raise


def _undo(schema: str, school_uuid: str, added_people: list[str], written: list[Path]) -> None:
    """Remove what a failed import added: the schema, the school's public rows, the people it created, files."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {_quote(schema)} CASCADE")
        school = School.objects.filter(uuid=school_uuid).first()
        if school is not None:
            for label, queryset in reversed(list(_public_querysets(school).items())):
                if label != "tenants.School":
                    queryset.delete()
            School.objects.filter(pk=school.pk).delete()  # a QuerySet delete: never drops a schema itself
        if added_people:  # not through the ORM, which would look for the school's tables in public
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM people_person WHERE id = ANY(%s::uuid[])", [added_people])
    for path in written:
        path.unlink(missing_ok=True)
