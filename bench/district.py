#!/usr/bin/env python
"""Benchmark: the district office over 100 schools × 60 staff with a year of programme data.

    python bench/district.py [--schools 100] [--staff 60] [--requests 200] [--json]

Runs in a throwaway database (like bench/provision.py, dropped at the end). It registers the
schools through the real service (cloned schemas), fills each with a year of data (staff,
pairs and groups in every outcome, programmes, activities with some overdue, consents, signed
orders) and then measures:

1. **refresh**: recounting every school's kept figures (stats.services.figures_refresh_all —
   the work the debounced and nightly tasks do, here in one process), target < 10 s;
2. **live**: the same figures counted live across every schema (stats.selectors.figures_live)
   — what a dashboard would cost without the kept figures — and the ratio to reading them;
3. **dashboard**: GET /stats/ at the district host as a district analyst (the whole page:
   totals, 100 rows, charts), `--requests` times: p50 / p95, target p95 < 150 ms; and the
   read of the kept figures alone (stats.selectors.dashboard);
4. **district PDF**: building the district report's PDF (and XLSX) from the kept figures,
   target < 5 s.

stdout holds the table, or with --json exactly one JSON object; the rest goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
# This file's own folder must not shadow the platform's `district` app: take it off the path
# and load the sibling bench modules by file.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]


def _sibling(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_provision = _sibling("provision")
_paths_setup, _server_url, throwaway_database = (
    _provision._paths_setup, _provision._server_url, _provision.throwaway_database)

TARGET_DASHBOARD_P95_MS = 150
TARGET_REFRESH_S = 10
TARGET_PDF_S = 5


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _fill_school(rng: random.Random, staff_count: int, year: Any, today: dt.date) -> None:
    """A year of one school's data, written in bulk (the bench measures reading, not writing)."""
    from consents.models import Consent, ConsentPurpose
    from mentoring.models import (
        Activity,
        ActivityStatus,
        EarlyEndReason,
        Mode,
        Pair,
        PairStatus,
        Participant,
        ParticipantRole,
        Programme,
        ProgrammeStatus,
        RoleForm,
    )
    from orders.models import Order, OrderKind, OrderStatus
    from staff.models import StaffMember

    start = year.first_day
    staff = StaffMember.objects.bulk_create([
        StaffMember(last_name=f"Учитель{i}", first_name="Имя", position="учитель",
                    is_young_specialist=rng.random() < 0.2, teaching_experience_years=rng.randint(0, 35))
        for i in range(staff_count)])
    young = [s for s in staff if s.is_young_specialist]
    seniors = [s for s in staff if not s.is_young_specialist]
    pairs, participants, programmes, activities = [], [], [], []
    for index, mentee in enumerate(young + seniors[: staff_count // 6]):
        mentor = seniors[index % max(1, len(seniors) // 2)]
        if mentor.pk == mentee.pk:
            continue
        outcome = rng.choice(["active", "active", "completed", "ended_early"])
        ended = outcome != "active"
        end_day = min(today, start + dt.timedelta(days=rng.randint(30, 80)))
        pair = Pair(role_form=rng.choice(RoleForm.values), mode=rng.choice(Mode.values),
                    status=PairStatus.ENDED if ended else PairStatus.ACTIVE, formed_on=start, activated_on=start,
                    ended_on=end_day if ended else None)
        pairs.append(pair)
        participants += [Participant(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=start),
                         Participant(pair=pair, staff=mentee, role=ParticipantRole.MENTEE, joined_on=start)]
        programme = Programme(
            pair=pair, title="Программа", goals="Цели", starts_on=start, ends_on=start + dt.timedelta(days=270),
            status={"active": ProgrammeStatus.ACTIVE, "completed": ProgrammeStatus.COMPLETED,
                    "ended_early": ProgrammeStatus.ENDED_EARLY}[outcome],
            finished_on=end_day if ended else None,
            end_reason=EarlyEndReason.MUTUAL if outcome == "ended_early" else "")
        programmes.append(programme)
        for n in range(6):
            deadline = start + dt.timedelta(days=20 * (n + 1))
            activities.append(Activity(programme=programme, title=f"Мероприятие {n + 1}", responsible=mentor,
                                       deadline=deadline, status=ActivityStatus.DONE if deadline < today and
                                       rng.random() < 0.8 else ActivityStatus.PLANNED))
    Pair.objects.bulk_create(pairs)
    Participant.objects.bulk_create(participants)
    Programme.objects.bulk_create(programmes)
    Activity.objects.bulk_create(activities)
    Consent.objects.bulk_create([Consent(staff=s, purpose=ConsentPurpose.PROCESSING_PROGRAMME, given_on=start)
                                 for s in staff])
    Order.objects.bulk_create([
        Order(number=f"{n}", date=start, year=start.year, kind=kind, title="Приказ", status=OrderStatus.SIGNED)
        for n, kind in enumerate((OrderKind.APPROVE_REGULATION, OrderKind.APPROVE_ROADMAP), start=1)
        if rng.random() < 0.85])


def _build(schools: int, staff: int) -> list[Any]:
    from django_tenants.utils import schema_context

    from formats.dates import AcademicYear
    from people.models import Person
    from people.roles import DistrictRole
    from people.services import person_create
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    school_template_ensure()
    admin = Person.objects.filter(username="bench-administrator").first() or person_create(
        acting_user=None, username="bench-administrator", last_name="Бенчев", first_name="Админ",
        password="bench-pass-123")
    person_create(acting_user=None, username="bench-analyst", last_name="Аналитиков", first_name="Аналитик",
                  password="bench-pass-123", district_roles=[DistrictRole.ANALYST])
    rng = random.Random(2026)
    today = dt.date.today()
    year = AcademicYear.of(today)
    made = []
    for index in range(schools):
        school = school_register(
            acting_user=None, slug=f"school{index:03d}", full_name=f"МБОУ «СОШ № {index + 1}»",
            short_name=f"СОШ № {index + 1}", kind=rng.choice(["СОШ", "ООШ", "НОШ"]),
            administrator=FirstAdministrator(username=admin.username, last_name="", first_name=""),
        ).school
        with schema_context(school.schema_name):
            _fill_school(rng, staff, year, today)
        made.append(school)
        if (index + 1) % 10 == 0:
            print(f"  {index + 1} schools built", file=sys.stderr)
    return made


def _measure(schools: list[Any], requests: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from formats.dates import AcademicYear
    from people.middleware import SESSION_SPACE_KEY
    from people.models import Person
    from stats.models import SchoolFigures
    from stats.selectors import dashboard, figures_live
    from stats.services import figures_refresh_all

    year = AcademicYear.of(timezone.localdate())
    started = time.perf_counter()
    figures_refresh_all(years=[year])
    refresh_s = time.perf_counter() - started
    kept_rows = SchoolFigures.objects.filter(year=year.start).count()

    started = time.perf_counter()
    live = figures_live(year)
    live_s = time.perf_counter() - started
    read = []
    for _ in range(20):
        started = time.perf_counter()
        board = dashboard(year)
        read.append(time.perf_counter() - started)
    kept_read_s = statistics.median(read)
    assert board.schools == len(live) == len(schools), (board.schools, len(live))
    assert board.totals["pairs_total"] == sum(f["pairs_total"] for f in live.values())

    client = Client(HTTP_HOST=settings.DISTRICT_HOST)
    client.force_login(Person.objects.get(username="bench-analyst"), backend="people.backends.SpaceMemberBackend")
    session = client.session
    session[SESSION_SPACE_KEY] = "public"
    session.save()
    timings = []
    for index in range(requests + 5):
        started = time.perf_counter()
        response = client.get("/stats/", {"year": str(year), "sort": ["school", "coverage", "pairs_total"][index % 3]})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if index >= 5:  # warm-up
            timings.append(elapsed * 1000)

    pdf_s = xlsx_s = None
    pdf_s, xlsx_s = _sibling("district_report").build_district_report_seconds(year)
    return {
        "schools": len(schools), "year": str(year), "kept_rows": kept_rows,
        "refresh_all_s": round(refresh_s, 3), "refresh_per_school_ms": round(1000 * refresh_s / len(schools), 1),
        "live_all_s": round(live_s, 3), "kept_read_ms": round(kept_read_s * 1000, 2),
        "live_to_kept_ratio": round(live_s / kept_read_s, 1),
        "dashboard_requests": len(timings), "dashboard_p50_ms": round(_percentile(timings, 0.5), 1),
        "dashboard_p95_ms": round(_percentile(timings, 0.95), 1), "dashboard_max_ms": round(max(timings), 1),
        "district_pdf_s": None if pdf_s is None else round(pdf_s, 3),
        "district_xlsx_s": None if xlsx_s is None else round(xlsx_s, 3),
        "targets": {"dashboard_p95_ms": TARGET_DASHBOARD_P95_MS, "refresh_all_s": TARGET_REFRESH_S,
                    "district_pdf_s": TARGET_PDF_S},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--staff", type=int, default=60)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _paths_setup()
    server_url, _source = _server_url()
    os.environ["STATS_REFRESH_ON_CHANGE"] = "false"  # a bulk load: nothing is sent to a broker
    with throwaway_database(server_url) as bench_url:
        os.environ["DATABASE_URL"] = bench_url
        import django

        django.setup()
        from django.core.management import call_command
        call_command("migrate_schemas", "--shared", verbosity=0)
        print(f"Building {args.schools} schools × {args.staff} staff…", file=sys.stderr)
        started = time.perf_counter()
        schools = _build(args.schools, args.staff)
        build_s = time.perf_counter() - started
        result = _measure(schools, args.requests)
        result["build_s"] = round(build_s, 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"District benchmark: {result['schools']} schools × {args.staff} staff, year {result['year']} "
          f"(built in {result['build_s']} s)")
    print(f"  refresh every school's kept figures  {result['refresh_all_s']:8.3f} s   "
          f"({result['refresh_per_school_ms']} ms a school; target < {TARGET_REFRESH_S} s)")
    print(f"  the same figures live, all schemas   {result['live_all_s']:8.3f} s")
    print(f"  reading the kept figures             {result['kept_read_ms']:8.2f} ms  "
          f"(live is {result['live_to_kept_ratio']}× slower)")
    print(f"  dashboard page p50 / p95 / max       {result['dashboard_p50_ms']} / {result['dashboard_p95_ms']} / "
          f"{result['dashboard_max_ms']} ms over {result['dashboard_requests']} requests "
          f"(target p95 < {TARGET_DASHBOARD_P95_MS} ms)")
    if result["district_pdf_s"] is not None:
        print(f"  district report PDF / XLSX           {result['district_pdf_s']} s / {result['district_xlsx_s']} s "
              f"(target PDF < {TARGET_PDF_S} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
