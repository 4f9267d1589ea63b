#!/usr/bin/env python
"""The demo district moved school by school to a fresh deployment, and backed up whole and restored.

    python bench/transfer.py [--extra-schools N] [--json]

In throwaway databases on the server (DATABASE_URL's, else the embedded one) it

1. migrates database A and loads the demo district (`manage.py seed_demo`);
2. migrates an empty database B (a fresh deployment);
3. moves every demo school from A to B: `manage.py school_export` on A, `manage.py school_import`
   on B (which itself compares every count and checksum with the archive), timing each;
4. compares, school by school, the schema's per-table row counts and checksums and the public
   rows' checksums in A and in B, computed independently;
5. the nightly backup: `pg_dump -Fc` of the whole of A, `pg_restore` into database C, and the
   same comparison for every school of A against C; sizes and times. With `--extra-schools N`,
   N more (empty) schools are registered in A first, so the backup is timed with the catalog of
   a district of that size (a school's catalog, not its few thousand rows, is most of the cost).

Prints a table (or with --json one JSON object); the databases and files are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
EXTRA = """
import sys, django; django.setup()
from tenants.services import FirstAdministrator, school_register
for n in range(int(sys.argv[1])):
    school_register(acting_user=None, slug=f"extra{n}", full_name=f"Школа {n}", short_name=f"Школа {n}",
                    administrator=FirstAdministrator(username=f"admin_extra{n}", last_name="Админов",
                                                     first_name="Админ", password="extra-pass-123"))
"""
CHECKSUMS = """
import json, django; django.setup()
from tenants.models import School
from tenants.transfer import public_checksums, public_rows, schema_checksums
from django.conf import settings
out = {s.slug: {"schema": schema_checksums(s.schema_name), "public": public_checksums(public_rows(s))}
       for s in School.objects.exclude(schema_name=settings.TENANT_BASE_SCHEMA).order_by("slug")}
print(json.dumps(out))
"""


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _server_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    from config import embedded_db

    return embedded_db.database_url()


def _admin(server: str, sql: str) -> None:
    import psycopg

    url = urlunsplit(urlsplit(_with_database(server, "postgres"))._replace(scheme="postgresql"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev", "STATS_REFRESH_ON_CHANGE": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_BROKER_URL": "memory://", "DJANGO_DEBUG": "false"}


def _run(args: list[str], url: str) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(args, env=_env(url), cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}: {result.stdout[-2000:]}{result.stderr[-4000:]}")
    return time.monotonic() - started, result.stdout


def _manage(url: str, *args: str) -> tuple[float, str]:
    return _run([sys.executable, str(ROOT / "manage.py"), *args], url)


def _checksums(url: str) -> dict[str, Any]:
    return dict(json.loads(_run([sys.executable, "-c", CHECKSUMS], url)[1].strip().splitlines()[-1]))


def _tool(url: str, name: str) -> str:
    code = ("import django; django.setup(); from tenants.transfer import pg_tool; "
            f"print(pg_tool({name!r}))")
    return _run([sys.executable, "-c", code], url)[1].strip().splitlines()[-1]


def bench(extra: int) -> dict[str, Any]:
    server = _server_url()
    names = {key: f"mentoring_transfer_{key}_{os.getpid()}" for key in ("a", "b", "c")}
    urls = {key: _with_database(server, name) for key, name in names.items()}
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        try:
            for name in names.values():
                _admin(server, f'CREATE DATABASE "{name}"')
            result["migrate_a_s"] = round(_manage(urls["a"], "migrate", "--noinput", "-v", "0")[0], 1)
            result["seed_demo_s"] = round(_manage(urls["a"], "seed_demo")[0], 1)
            result["migrate_b_s"] = round(_manage(urls["b"], "migrate", "--noinput", "-v", "0")[0], 1)
            before = _checksums(urls["a"])
            schools = []
            for slug in before:
                archive = Path(folder) / f"{slug}.tar.gz"
                export_s, _out = _manage(urls["a"], "school_export", slug, str(archive))
                import_s, _out = _manage(urls["b"], "school_import", str(archive))
                schools.append({"school": slug, "export_s": round(export_s, 2), "import_s": round(import_s, 2),
                                "archive_kb": round(archive.stat().st_size / 1024, 1),
                                "tables": len(before[slug]["schema"]),
                                "rows": sum(t["rows"] for t in before[slug]["schema"].values())})
            moved = _checksums(urls["b"])
            result["schools"] = schools
            result["moved_equal"] = {slug: moved.get(slug) == sums for slug, sums in before.items()}

            if extra:
                result["extra_schools_s"] = round(_run([sys.executable, "-c", EXTRA, str(extra)], urls["a"])[0], 1)
                before = _checksums(urls["a"])
            result["school_count"] = len(before)
            dump = Path(folder) / "district.dump"
            pg_dump, pg_restore = _tool(urls["a"], "pg_dump"), _tool(urls["a"], "pg_restore")
            started = time.monotonic()
            subprocess.run([pg_dump, "-Fc", "-d", urlunsplit(urlsplit(urls["a"])._replace(scheme="postgresql")),  # noqa: S603
                            "-f", str(dump)], check=True, capture_output=True, timeout=3600)
            result["backup_s"] = round(time.monotonic() - started, 2)
            result["backup_mb"] = round(dump.stat().st_size / 1024 / 1024, 2)
            started = time.monotonic()
            subprocess.run([pg_restore, "--no-owner", "--exit-on-error", "-j", "2",  # noqa: S603
                            "-d", urlunsplit(urlsplit(urls["c"])._replace(scheme="postgresql")), str(dump)],
                           check=True, capture_output=True, timeout=3600)
            result["restore_s"] = round(time.monotonic() - started, 2)
            restored = _checksums(urls["c"])
            result["restored_equal"] = restored == before
        finally:
            for name in names.values():
                try:
                    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except Exception as error:  # noqa: BLE001 — report and go on dropping the others
                    print(f"could not drop {name}: {error}", file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra-schools", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = bench(args.extra_schools)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            if key == "schools":
                for school in value:
                    print("  " + "  ".join(f"{k}={v}" for k, v in school.items()))
            else:
                print(f"{key:<16} {value}")
    return 0 if all(result["moved_equal"].values()) and result["restored_equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
