#!/usr/bin/env python
"""Benchmark: a region on one machine — N schools registered, filled and read by the district.

    python bench/region.py [--schools 500] [--quick] [--requests 100]

In a throwaway database (`mentoring_bench_<pid>`, dropped at the end): N schools registered one
after another through the real service (`tenants.services.school_register`, the clone), each
filled in bulk with a year of data (30–45 staff, pairs and groups in every outcome, programmes
with activities, consents, signed orders, a survey campaign with answers; the roadmap comes
from registering). Then: every school's kept figures recounted, the district dashboard as a
district analyst (p50 / p95 and the page's size), the district report's PDF and XLSX, `migrate`
with nothing to apply with the standard, the multiprocessing and the region executors (in fresh
processes, as a deploy runs them), `migrate` with ONE new migration for every school (a throwaway
app in a temporary folder adds a column to each school's staff table; `EXECUTOR=region`), the
database's size and catalog rows per school, and the load average before and after. `--quick` is
20 schools and a few requests (the test suite runs it).

stdout holds exactly one JSON object; progress and Django's logging go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# This folder must not shadow the platform's `district` app: off the path, siblings loaded by file.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]


def _sibling(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_provision = _sibling("provision")
_district = _sibling("district")

TARGETS = {"register_s": 0.3, "dashboard_p95_ms_500": 50, "dashboard_p95_ms_1000": 100, "page_kb": 300,
           "report_s_1000": 2.0, "migrate_noop_s_500": 30}


def _load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _fill_surveys(rng: random.Random, start: dt.date) -> None:
    """One closed campaign of the mentees' questionnaire with answers (as the survey service stores them)."""
    from mentoring.models import Participant, ParticipantRole
    from surveys.models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response

    mentees = list(Participant.objects.filter(role=ParticipantRole.MENTEE).values_list("staff_id", flat=True))
    questionnaire = Questionnaire.objects.create(title="Удовлетворённость наставляемого", audience="mentee")
    questions = Question.objects.bulk_create([
        Question(questionnaire=questionnaire, order=n, text=f"Вопрос {n}", kind="scale", scale_max=5)
        for n in range(1, 4)])
    campaign = Campaign.objects.create(questionnaire=questionnaire, title="Мониторинг", opens_on=start,
                                       closes_on=start + dt.timedelta(days=30), for_mentees=True,
                                       status=CampaignStatus.CLOSED)
    invitations = Invitation.objects.bulk_create([
        Invitation(campaign=campaign, staff_id=staff, role="mentee", answered=True) for staff in mentees])
    responses = Response.objects.bulk_create([Response(campaign=campaign, invitation=i) for i in invitations])
    Answer.objects.bulk_create([Answer(response=r, question=q, scale_value=rng.randint(3, 5))
                                for r in responses for q in questions])


def _backend_cpu_s() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (None when the server's /proc is not ours)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _register_and_fill(count: int) -> tuple[list[Any], list[float], list[float]]:
    from django.db import connection
    from django_tenants.utils import schema_context

    from formats.dates import AcademicYear
    from people.models import Person
    from people.roles import DistrictRole
    from people.services import person_create
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    school_template_ensure()
    admin = person_create(acting_user=None, username="bench-administrator", last_name="Бенчев", first_name="Админ",
                          password="bench-pass-123")
    person_create(acting_user=None, username="bench-analyst", last_name="Аналитиков", first_name="Аналитик",
                  password="bench-pass-123", district_roles=[DistrictRole.ANALYST])
    assert Person.objects.filter(username=admin.username).exists()
    rng = random.Random(2026)
    today = dt.date.today()
    year = AcademicYear.of(today)
    schools, seconds, cpu = [], [], []  # wall; CPU of this process and of its backend (the machine is shared)
    for index in range(count):
        # Each registration on a connection of its own, as a district official's request or `manage.py
        # create_school` has: a backend that has itself cloned and filled hundreds of schools pays for every
        # cache invalidation of the next clone in proportion to what it has cached (perf at 375 schools: 61 % of
        # its CPU in LocalExecuteInvalidationMessage, registration CPU 0.13 s -> 0.53 s), which is this
        # script's doing, not the district's size: a fresh connection at 370 schools costs what the first did.
        connection.close()
        backend_before = _backend_cpu_s()
        started, cpu_started = time.perf_counter(), time.process_time()
        school = school_register(
            acting_user=None, slug=f"school{index:04d}", full_name=f"МБОУ «СОШ № {index + 1}»",
            short_name=f"СОШ № {index + 1}", kind=rng.choice(["СОШ", "ООШ", "НОШ", "гимназия"]),
            administrator=FirstAdministrator(username=admin.username),
        ).school
        seconds.append(time.perf_counter() - started)
        backend_after = _backend_cpu_s()
        backend = backend_after - backend_before if backend_before is not None and backend_after is not None else 0.0
        cpu.append(time.process_time() - cpu_started + backend)
        with schema_context(school.schema_name):
            _district._fill_school(rng, rng.randint(30, 45), year, today)
            _fill_surveys(rng, year.first_day)
        schools.append(school)
        if (index + 1) % 25 == 0:
            print(f"  {index + 1} schools, last registration {seconds[-1]:.3f} s, CPU {cpu[-1]:.3f} s", file=sys.stderr)
    return schools, seconds, cpu


def _blocks(seconds: list[float], cpu: list[float], size: int) -> list[dict[str, Any]]:
    """Per block: wall time (median, p95) and CPU time of the bench process plus its PostgreSQL backend
    (median), which a loaded machine does not inflate the way it inflates the wall time."""
    return [{"schools": f"{start + 1}-{start + len(part)}", "median_s": round(statistics.median(part), 3),
             "p95_s": round(_percentile(part, 0.95), 3),
             "cpu_median_s": round(statistics.median(cpu[start:start + size]), 3)}
            for start in range(0, len(seconds), size) for part in [seconds[start:start + size]]]


def _dashboard(requests: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from people.middleware import SESSION_SPACE_KEY
    from people.models import Person
    from stats.models import SchoolFigures

    client = Client(HTTP_HOST=settings.DISTRICT_HOST)
    client.force_login(Person.objects.get(username="bench-analyst"), backend="people.backends.SpaceMemberBackend")
    session = client.session
    session[SESSION_SPACE_KEY] = "public"
    session.save()
    timings, cpu, sizes = [], [], []
    for index in range(requests + 5):
        started, started_cpu = time.perf_counter(), time.process_time()
        sort = ["school", "coverage", "pairs_total", "lags", "satisfaction"][index % 5]
        response = client.get("/stats/", {"sort": sort})
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        assert response.status_code == 200, response.status_code
        sizes.append(len(response.content))
        if index >= 5:
            timings.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
    # The first request after a school's refresh counts the kept summary again and draws the charts.
    after_refresh = []
    for _ in range(5):
        SchoolFigures.objects.filter(pk=SchoolFigures.objects.order_by("?").values("pk")[:1]).update(
            computed_at=timezone.now())
        started = time.perf_counter()
        assert client.get("/stats/").status_code == 200
        after_refresh.append((time.perf_counter() - started) * 1000)
    # CPU of this process (the page's Python; PostgreSQL's share is in the wall time): on a shared machine
    # the wall time follows the load, the CPU time much less.
    return {"dashboard_p50_ms": round(_percentile(timings, 0.5), 1),
            "dashboard_p95_ms": round(_percentile(timings, 0.95), 1),
            "dashboard_cpu_p50_ms": round(_percentile(cpu, 0.5), 1),
            "dashboard_cpu_p95_ms": round(_percentile(cpu, 0.95), 1),
            "dashboard_after_refresh_ms": round(statistics.median(after_refresh), 1),
            "dashboard_page_kb": round(max(sizes) / 1024, 1)}


def _migrate_noop(database_url: str, executor: str) -> float:
    env = {**os.environ, "DATABASE_URL": database_url, "EXECUTOR": executor,
           "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}"}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate_schemas", "--noinput", "-v", "0"],
                   env=env, check=True, stdout=sys.stderr)
    return round(time.perf_counter() - started, 2)


_PROBE_MIGRATION = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("staff", "{staff_leaf}")]
    operations = [migrations.RunSQL("ALTER TABLE staff_staffmember ADD COLUMN bench_probe integer NULL",
                                    "ALTER TABLE staff_staffmember DROP COLUMN bench_probe")]
"""


def _migrate_one_new(database_url: str, executor: str, expected_schemas: int) -> dict[str, Any]:
    """`migrate` with ONE new migration for every school: a throwaway school app (`bench_probe`, in a temporary
    folder, never in the repository) whose migration adds a nullable column to each school's staff table, run
    as a deploy runs it; then every school schema is checked to have the column."""
    import tempfile

    from django.db import connection

    staff_leaf = max(path.stem for path in (ROOT / "platform" / "staff" / "migrations").glob("0*.py"))
    with tempfile.TemporaryDirectory(prefix="bench_probe_") as folder:
        app = Path(folder) / "bench_probe"
        (app / "migrations").mkdir(parents=True)
        (app / "__init__.py").write_text("")
        (app / "migrations" / "__init__.py").write_text("")
        (app / "migrations" / "0001_probe_column.py").write_text(_PROBE_MIGRATION.format(staff_leaf=staff_leaf))
        (Path(folder) / "bench_probe_settings.py").write_text(
            "from config.settings.dev import *  # noqa: F403\n"
            "TENANT_APPS = [*TENANT_APPS, 'bench_probe']  # noqa: F405\n"
            "INSTALLED_APPS = [*INSTALLED_APPS, 'bench_probe']  # noqa: F405\n")
        env = {**os.environ, "DATABASE_URL": database_url, "EXECUTOR": executor,
               "DJANGO_SETTINGS_MODULE": "bench_probe_settings",
               "PYTHONPATH": f"{folder}:{ROOT / 'platform'}:{ROOT}"}
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate_schemas", "--noinput", "-v", "0"],
                       env=env, check=True, stdout=sys.stderr)
        seconds = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.columns "
                       "WHERE table_name = 'staff_staffmember' AND column_name = 'bench_probe'")
        migrated = cursor.fetchone()[0]
    connection.close()
    assert migrated == expected_schemas, (migrated, expected_schemas)
    return {"migrate_one_new_s": seconds, "migrate_one_new_executor": executor, "migrate_one_new_schemas": migrated}


def _catalog(schools: int) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), (SELECT count(*) FROM pg_class)")
        size, relations = cursor.fetchone()
    return {"database_mb": round(size / 2**20, 1), "pg_class_rows": relations,
            "pg_class_rows_per_school": round(relations / max(1, schools), 1)}


def run(count: int, requests: int) -> dict[str, Any]:
    _provision._paths_setup()
    server_url, _source = _provision._server_url()
    os.environ["STATS_REFRESH_ON_CHANGE"] = "false"  # a bulk load: nothing is sent to a broker
    result: dict[str, Any] = {"schools": count, "load_before": _load()}
    started_all = time.perf_counter()
    with _provision.throwaway_database(server_url) as bench_url:
        os.environ["DATABASE_URL"] = bench_url
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from formats.dates import AcademicYear
        from stats.services import figures_refresh_all

        call_command("migrate_schemas", "--shared", verbosity=0)
        print(f"Building {count} schools…", file=sys.stderr)
        started = time.perf_counter()
        schools, seconds, cpu = _register_and_fill(count)
        result["build_s"] = round(time.perf_counter() - started, 1)
        result["register_blocks"] = _blocks(seconds, cpu, 100 if count >= 200 else max(1, count // 4))
        result["register_first_s"] = round(seconds[0], 3)
        result["register_median_s"] = round(statistics.median(seconds), 3)
        year = AcademicYear.of(timezone.localdate())
        started = time.perf_counter()
        figures_refresh_all(years=[year])
        result["refresh_all_s"] = round(time.perf_counter() - started, 2)
        result.update(_dashboard(requests))
        for name, seconds in _district._sibling("district_report").build_district_report_times(year).items():
            result[f"district_{name}"] = round(seconds, 2)
        result.update(_catalog(len(schools)))
        connection.close()
        result["migrate_noop_standard_s"] = _migrate_noop(bench_url, "standard")
        result["migrate_noop_multiprocessing_s"] = _migrate_noop(bench_url, "multiprocessing")
        result["migrate_noop_region_s"] = _migrate_noop(bench_url, "region")
        result.update(_migrate_one_new(bench_url, "region", expected_schemas=len(schools) + 1))  # + the template
    result["total_s"] = round(time.perf_counter() - started_all, 1)
    result["load_after"] = _load()
    result["cpus"] = os.cpu_count()
    result["targets"] = TARGETS
    return result


def run_figures_only(count: int, requests: int) -> dict[str, Any]:
    """The district office alone at `count` schools: School rows without schemas and one row of kept
    figures each (bench/district_report.py's), then the dashboard and the district report — what the
    district reads never touches a school's schema, so this is its cost at any size (1,000 in a minute)."""
    _provision._paths_setup()
    server_url, _source = _provision._server_url()
    result: dict[str, Any] = {"schools": count, "figures_only": True, "load_before": _load()}
    report = _district._sibling("district_report")
    with _provision.throwaway_database(server_url) as bench_url:
        os.environ["DATABASE_URL"] = bench_url
        import django

        django.setup()
        from django.core.management import call_command

        from people.roles import DistrictRole
        from people.services import person_create
        from stats.selectors import current_year

        call_command("migrate_schemas", "--shared", verbosity=0)
        person_create(acting_user=None, username="bench-analyst", last_name="Аналитиков", first_name="Аналитик",
                      password="bench-pass-123", district_roles=[DistrictRole.ANALYST])
        year = current_year()
        report._fill(count, year)
        result.update(_dashboard(requests))
        for name, seconds in report.build_district_report_times(year).items():
            result[f"district_{name}"] = round(seconds, 2)
    result["load_after"] = _load()
    result["targets"] = TARGETS
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="20 schools, 10 requests (CI)")
    parser.add_argument("--figures-only", action="store_true",
                        help="only the district's reads: schools without schemas, kept figures, dashboard, report")
    args = parser.parse_args()
    schools, requests = (20, 10) if args.quick else (args.schools, args.requests)
    measure = run_figures_only if args.figures_only else run
    print(json.dumps(measure(schools, requests), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
