#!/usr/bin/env python
"""Benchmark: building the district's report (PDF, XLSX) from the kept figures of 100 schools.

    python bench/district_report.py [--schools 100] [--repeat 3] [--json]

Standalone, it works in a throwaway database (like bench/provision.py, dropped at the end): it
creates N School rows *without schemas* (the report reads only the figures kept in the public
schema, never a school's schema) and one row of kept figures for each (stats.models.SchoolFigures,
varied numbers, some schools under the surveys' small-numbers threshold), then times the build
`--repeat` times and reports the slowest run. Target: the PDF under 5 s.

`bench/district.py` (the whole district office over real schools) imports
`build_district_report_seconds(year)` from here and calls it after refreshing the kept figures.

What is timed, exactly as the task does it (districtreport.services) minus saving the files:
* PDF: reading the kept figures (stats.selectors.dashboard), making the sections
  (districtreport.content) and typesetting the PDF (districtreport.documents, reportlab);
* XLSX: writing the workbook from the same sections (openpyxl).
Each run checks its output (a PDF with the schools counted in row 01, an XLSX with a sheet per
section), so a no-op cannot pass as fast.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from provision import _paths_setup, _server_url, throwaway_database  # noqa: E402

# bench/district.py would otherwise shadow the platform's `district` package.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

TARGET_PDF_S = 5.0


class BenchError(RuntimeError):
    pass


def build_district_report_seconds(year: Any) -> tuple[float, float]:
    """(PDF seconds, XLSX seconds) of the district's report for `year` over every school with kept figures."""
    times = build_district_report_times(year)
    return times["pdf_s"], times["xlsx_s"]


def build_district_report_times(year: Any) -> dict[str, float]:
    """Wall and CPU seconds of the PDF and the XLSX of the district's report for `year` (`pdf_s`, `pdf_cpu_s`,
    `xlsx_s`, `xlsx_cpu_s`): the CPU time of this process follows the machine's load much less."""
    from django.utils import timezone, translation

    from district.selectors import district_settings
    from districtreport.content import district_sections
    from districtreport.documents import coverage_line, district_pdf, district_xlsx
    from stats.selectors import dashboard

    started, started_cpu = time.perf_counter(), time.process_time()
    board = dashboard(year)
    names = sorted(row.school.short_name for row in board.rows)
    authority = district_settings().name
    today = timezone.localdate()
    with translation.override("ru"):
        sections = district_sections(board, as_of=today)
        coverage = coverage_line(all_schools=True, names=names)
        pdf = district_pdf(authority=authority, year=str(year), sections=sections, coverage=coverage,
                           built_on=today, as_of=today)
        pdf_s, pdf_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        xlsx = district_xlsx(authority=authority, year=str(year), sections=sections, coverage=coverage,
                             built_on=today)
        xlsx_s, xlsx_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu
    _check(pdf, xlsx, schools=board.schools)
    return {"pdf_s": pdf_s, "pdf_cpu_s": pdf_cpu_s, "xlsx_s": xlsx_s, "xlsx_cpu_s": xlsx_cpu_s}


def build_district_pdf_seconds(year: Any) -> float:
    """Seconds to build the district's PDF for `year` (reading the kept figures included)."""
    return build_district_report_seconds(year)[0]


def _check(pdf: bytes, xlsx: bytes, *, schools: int) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    if not pdf.startswith(b"%PDF"):
        raise BenchError("the PDF is not a PDF")
    first_pages = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:3])
    if f"01 {schools}" not in " ".join(first_pages.split()):
        raise BenchError(f"row 01 of the statistical table does not count {schools} schools")
    book = load_workbook(io.BytesIO(xlsx))
    if len(book.sheetnames) != 7:
        raise BenchError(f"the XLSX has the sheets {book.sheetnames}")


def _fill(schools: int, year: Any) -> None:
    """N schools without schemas and one row of kept figures each."""
    from django.utils import timezone

    from stats.models import SchoolFigures
    from tenants.models import School, SchoolStatus

    rng = random.Random(2026)
    rows = []
    for index in range(schools):
        school = School(schema_name=f"bench{index:03d}", slug=f"bench{index:03d}", status=SchoolStatus.ACTIVE,
                        full_name=f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {index + 1}»",
                        short_name=f"МБОУ «СОШ № {index + 1} с. Населённый-{index}»")
        school.save()
        staff = rng.randint(20, 90)
        young = rng.randint(0, staff // 5)
        covered = rng.randint(0, young)
        pairs = rng.randint(0, 15)
        groups = rng.randint(0, pairs // 3)
        completed = rng.randint(0, pairs // 2)
        early = rng.randint(0, pairs - completed)
        answers = {audience: rng.randint(0, 8) for audience in ("mentors", "mentees", "curator")}
        rows.append(SchoolFigures(
            school=school, year=year.start, staff=staff, young_specialists=young, young_covered=covered,
            young_without_mentor=young - covered, mentors=rng.randint(0, 10), guest_mentors=rng.randint(0, 2),
            mentees=pairs + groups, pairs_active=pairs - completed - early, pairs_completed=completed,
            pairs_ended_early=early, pairs_total=pairs, groups_total=groups, cross_school_pairs=rng.randint(0, 2),
            overdue_activities=rng.randint(0, 6), roadmap_items=20, roadmap_done=rng.randint(0, 20),
            has_curator=rng.random() < 0.9, regulation_approved=rng.random() < 0.85,
            roadmap_approved=rng.random() < 0.75, survey_respondents=sum(answers.values()),
            computed_at=timezone.now(),
            detail={
                "by_form": {"teacher_teacher": {"pairs": pairs - groups, "groups": groups,
                                                "active": pairs - completed - early, "completed": completed,
                                                "ended_early": early}},
                "by_mode": {rng.choice(["traditional", "virtual", "reverse"]): {
                    "pairs": pairs - groups, "groups": 0, "active": 0, "completed": completed, "ended_early": early},
                    "group": {"pairs": 0, "groups": groups, "active": 0, "completed": 0, "ended_early": 0}},
                "consents": {"processing_programme": staff, "processing_exchange": rng.randint(0, staff // 4)},
                "surveys": {audience: {"respondents": n, "scale_answers": 3 * n,
                                       "scale_percent_sum": round(3 * n * rng.uniform(40, 95), 4)}
                            for audience, n in answers.items()},
            }))
    SchoolFigures.objects.bulk_create(rows)


def run(schools: int, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from stats.selectors import current_year

    if not str(settings.DATABASES["default"]["NAME"]).startswith("mentoring_bench_"):
        raise BenchError(f"Django is not pointed at the throwaway database but at {settings.DATABASES['default']}")
    call_command("migrate_schemas", "--shared", verbosity=0)
    year = current_year()
    _fill(schools, year)
    runs = [build_district_report_seconds(year) for _ in range(repeat)]
    pdf_s = max(run[0] for run in runs)
    return {
        "schools": schools, "year": str(year), "runs": repeat,
        "pdf_s": [round(run[0], 3) for run in runs], "xlsx_s": [round(run[1], 3) for run in runs],
        "pdf_max_s": round(pdf_s, 3), "xlsx_max_s": round(max(run[1] for run in runs), 3),
        "target_pdf_s": TARGET_PDF_S, "target_met": pdf_s < TARGET_PDF_S,
        "cpus": os.cpu_count(), "load_1m": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _paths_setup()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    server_url, _source = _server_url()
    try:
        with throwaway_database(server_url) as bench_url:
            os.environ["DATABASE_URL"] = bench_url
            result = run(args.schools, max(1, args.repeat))
    except BenchError as error:
        print(f"district report benchmark failed: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"District report: {result['schools']} schools of kept figures, year {result['year']}, "
          f"{result['cpus']} CPUs, load {result['load_1m']}")
    print(f"  PDF  (read + sections + typeset)  {' / '.join(f'{s:.3f}' for s in result['pdf_s'])} s  "
          f"(slowest {result['pdf_max_s']} s; target < {TARGET_PDF_S:g} s: "
          f"{'MET' if result['target_met'] else 'NOT MET'})")
    print(f"  XLSX (from the same sections)     {' / '.join(f'{s:.3f}' for s in result['xlsx_s'])} s")
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
