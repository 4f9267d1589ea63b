#!/usr/bin/env python
"""Benchmark: importing a 500-row staff file (XLSX and CSV) into one school.

    python bench/import_staff.py [--rows 500] [--json]

Runs in a throwaway database (`mentoring_bench_<pid>`, made and dropped the way
bench/provision.py does it) with one throwaway school. In the school's schema:

1. the XLSX file with 3 bad rows: refused, exactly those 3 rows reported, nothing saved;
2. the corrected XLSX file: every row created (the figure with the 5 s target);
3. the same XLSX again: every row matched and updated, none duplicated;
4. a CSV (UTF-8 with BOM, `;`) of other people: every row created.

Each step goes through the real service `staff.services.staff_import` (reading, every
check of every row, the writes, the audit record) and is verified by counting rows in the
database afterwards, so a no-op cannot pass as fast.

stdout holds only the table, or with --json exactly one JSON object; everything else
goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import provision  # noqa: E402  (the sibling script: throwaway database, paths, stdout)

# This folder must not stay on the path: its `district.py` would hide the platform's `district` app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

TARGET_S = 5.0
SCHOOL_SLUG = "bench-staff"
BAD_ROWS = (41, 250, 498)  # indexes of rows spoilt in the first file (spreadsheet rows 43, 252, 500)


class BenchError(RuntimeError):
    pass


def _files(rows: int) -> dict[str, Any]:
    from tests.staff.files import csv_bytes, staff_row, xlsx_bytes

    good = [staff_row(i) for i in range(rows)]
    bad = [list(r) for r in good]
    spoilt = [i for i in BAD_ROWS if i < rows]
    for index, column, value in zip(spoilt, (3, 6, 4), ("1985-13-40", "-3", ""), strict=False):
        bad[index][column] = value
    others = [staff_row(i) for i in range(rows, 2 * rows)]
    return {
        "bad_xlsx": xlsx_bytes(bad), "good_xlsx": xlsx_bytes(good), "csv": csv_bytes(others),
        "bad_rows": {index + 2 for index in spoilt},
    }


def run(rows: int) -> dict[str, Any]:
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from people.models import Person
    from staff.models import StaffMember
    from staff.services import StaffImportError, staff_import
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    if not str(settings.DATABASES["default"]["NAME"]).startswith("mentoring_bench_"):
        raise BenchError(f"Django is not pointed at the throwaway database but at {settings.DATABASES['default']}")
    call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr, stderr=sys.stderr)
    school_template_ensure()
    admin = Person.objects.create_user(provision.ADMIN_USERNAME, password=None, last_name="Бенчмарков",
                                       first_name="Админ")
    school = school_register(acting_user=None, slug=SCHOOL_SLUG, full_name="Школа для замеров",
                             short_name=SCHOOL_SLUG, administrator=FirstAdministrator(username=admin.username)).school
    files = _files(rows)

    def timed(name: str, content: bytes) -> tuple[float, Any]:
        started = time.perf_counter()
        try:
            outcome: Any = staff_import(school=school, acting_user=admin, file_name=name, content=content)
        except StaffImportError as error:
            outcome = error
        elapsed = time.perf_counter() - started
        print(f"{name:24} {elapsed:7.3f} s", file=sys.stderr)
        return elapsed, outcome

    with schema_context(school.schema_name):
        bad_s, refused = timed("staff-3-bad-rows.xlsx", files["bad_xlsx"])
        if not isinstance(refused, StaffImportError):
            raise BenchError("the file with bad rows was imported")
        reported = {p.row for p in refused.problems}
        if reported != files["bad_rows"] or len(refused.problems) != len(files["bad_rows"]):
            raise BenchError(f"reported rows {sorted(reported)} instead of {sorted(files['bad_rows'])}")
        if StaffMember.objects.exists():
            raise BenchError("the refused file saved something")

        xlsx_s, created = timed("staff.xlsx", files["good_xlsx"])
        if isinstance(created, StaffImportError):
            raise BenchError(f"the corrected file was refused: {created.messages[:3]}")
        if created.created != rows or StaffMember.objects.count() != rows:
            raise BenchError(f"the corrected file created {created.created}, the table holds "
                             f"{StaffMember.objects.count()}, expected {rows}")

        again_s, updated = timed("staff.xlsx (again)", files["good_xlsx"])
        if isinstance(updated, StaffImportError) or updated.updated != rows or StaffMember.objects.count() != rows:
            raise BenchError("importing the same file again did not update every row in place")

        csv_s, from_csv = timed("staff.csv", files["csv"])
        if isinstance(from_csv, StaffImportError) or from_csv.created != rows:
            raise BenchError("the CSV file did not create every row")
        if StaffMember.objects.count() != 2 * rows:
            raise BenchError("the table does not hold both files' rows")
        young = StaffMember.objects.filter(is_young_specialist=True).count()

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "rows": rows,
        "bad_rows_reported": sorted(reported),
        "refused_xlsx_s": round(bad_s, 4),
        "xlsx_create_s": round(xlsx_s, 4),
        "xlsx_update_s": round(again_s, 4),
        "csv_create_s": round(csv_s, 4),
        "xlsx_bytes": len(files["good_xlsx"]),
        "csv_bytes": len(files["csv"]),
        "young_specialists": young,
        "target_s": TARGET_S,
        "target_basis": "xlsx_create_s",
        "target_met": xlsx_s < TARGET_S,
        "postgres_version": server_version,
        "cpus": os.cpu_count(),
        "load_1m": round(os.getloadavg()[0], 2),
    }


def table(result: dict[str, Any]) -> str:
    rows = result["rows"]
    target_label = f"target: under {result['target_s']:g} s (corrected XLSX)"
    lines = [
        f"Staff import: {rows} rows, PostgreSQL {result['postgres_version']}, {result['cpus']} CPUs, "
        f"load {result['load_1m']}",
        "",
        f"{'file with 3 bad rows (refused)':40}{result['refused_xlsx_s']:7.3f} s  rows reported: "
        f"{', '.join(map(str, result['bad_rows_reported']))}",
        f"{'corrected XLSX, all created':40}{result['xlsx_create_s']:7.3f} s  ({result['xlsx_bytes']} bytes)",
        f"{'same XLSX again, all updated':40}{result['xlsx_update_s']:7.3f} s",
        f"{'CSV (UTF-8 BOM, ;), all created':40}{result['csv_create_s']:7.3f} s  ({result['csv_bytes']} bytes)",
        "",
        f"{target_label:40}{'MET' if result['target_met'] else 'NOT MET'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500, help="rows per file (default 500)")
    parser.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    provision._paths_setup()
    with provision.stdout_reserved() as out:
        try:
            server_url, _source = provision._server_url()
            with provision.throwaway_database(server_url) as bench_url:
                os.environ["DATABASE_URL"] = bench_url
                result = run(args.rows)
        except BenchError as error:
            print(f"staff import benchmark failed: {error}", file=sys.stderr)
            return 1
        out.write((json.dumps(result, ensure_ascii=False) if args.json else table(result)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
