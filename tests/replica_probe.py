"""Run by tests/test_replica.py in a fresh process pointed at a real primary and standby.

    python -m tests.replica_probe setup        migrate, two schools with a marker each, figures
    python -m tests.replica_probe check on|off  which connection each read used (TENANT_LIMIT_SET_CALLS on/off)

`check` prints one JSON object on its last line. Every query is recorded with the alias of the
connection that ran it (Django's execute_wrapper on both connections).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

PASSWORD = "probe-pass-123"  # noqa: S105
MARKERS = {"alpha": "Альфова", "beta": "Бетова"}
TABLE = re.compile(r'(?:FROM|UPDATE|INTO)\s+"([a-z_]+)"')


def setup() -> None:
    from django.core.management import call_command

    from people.roles import DistrictRole
    from people.services import person_create
    from staff.models import StaffMember
    from stats.services import figures_refresh_all
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    call_command("migrate", interactive=False, verbosity=0)
    school_template_ensure()
    for slug, marker in MARKERS.items():
        school = school_register(
            acting_user=None, slug=slug, full_name=f"Школа {slug}", short_name=f"Школа {slug}",
            administrator=FirstAdministrator(username=f"admin_{slug}", last_name="Админов", first_name="Админ",
                                             password=PASSWORD)).school
        with schema_context(school.schema_name):
            StaffMember.objects.create(last_name=marker, first_name="Тест", position="учитель")
    person_create(acting_user=None, username="analyst", last_name="Аналитиков", first_name="Тест",
                  password=PASSWORD, district_roles=[DistrictRole.ADMIN, DistrictRole.ANALYST])
    figures_refresh_all()


@contextmanager
def recorded() -> Iterator[list[tuple[str, str]]]:
    """(alias, SQL) of every query run inside the block, on either connection."""
    queries: list[tuple[str, str]] = []

    def wrapper_for(alias: str) -> Callable[..., Any]:
        def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            queries.append((alias, sql))
            return execute(sql, params, many, context)
        return wrapper

    with ExitStack() as stack:
        for alias in ("default", "replica"):
            stack.enter_context(connections[alias].execute_wrapper(wrapper_for(alias)))
        yield queries


def tables(queries: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The tables each connection read or wrote, and the statements that wrote."""
    out: dict[str, set[str]] = {"default": set(), "replica": set(), "writes_default": set(), "writes_replica": set()}
    for alias, sql in queries:
        found = TABLE.findall(sql)
        out[alias].update(found)
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            out[f"writes_{alias}"].update(found)
    return {key: sorted(value) for key, value in out.items()}


def school_read(slug: str) -> dict[str, Any]:
    from config.replica import replica_reads
    from staff.models import StaffMember
    from tenants.models import School

    school = School.objects.get(slug=slug)
    with schema_context(school.schema_name), replica_reads(), recorded() as queries:
        names = sorted(StaffMember.objects.values_list("last_name", flat=True))
        with connections["replica"].cursor() as cursor:
            cursor.execute("SHOW search_path")
            search_path = cursor.fetchone()[0]
    return {"names": names, "search_path": search_path, "tables": tables(queries)}


def check(limit_set_calls: bool) -> dict[str, Any]:
    from django.test import Client
    from django.utils import timezone

    from districtreport.build import district_report_build
    from districtreport.models import DistrictReport
    from formats.dates import AcademicYear
    from people.middleware import SESSION_SPACE_KEY
    from people.models import Person
    from schoolreport.build import report_build
    from schoolreport.models import ReportStatus, SchoolReport
    from staff.models import StaffMember
    from stats.selectors import current_year
    from tenants.models import School

    settings.TENANT_LIMIT_SET_CALLS = limit_set_calls
    result: dict[str, Any] = {}
    for alias in ("default", "replica"):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            result[f"{alias}_in_recovery"] = cursor.fetchone()[0]

    analyst = Person.objects.get(username="analyst")
    client = Client(HTTP_HOST=settings.DISTRICT_HOST)
    client.force_login(analyst, backend="people.backends.SpaceMemberBackend")
    session = client.session
    session[SESSION_SPACE_KEY] = "public"
    session.save()
    for name, url in (("dashboard", "/stats/"), ("figures_api", "/api/district/figures/")):
        with recorded() as queries:
            response = client.get(url)
        result[name] = {"status": response.status_code, "tables": tables(queries),
                        "marker": "Школа alpha" in response.content.decode()}

    year: AcademicYear = current_year()
    report = DistrictReport.objects.create(year=year.start, schools=[], school_names=[], requested_by=analyst,
                                           requested_at=timezone.now())
    with recorded() as queries:
        status = district_report_build(report_id=report.pk)
    result["district_report"] = {"status": status, "tables": tables(queries)}

    alpha = School.objects.get(slug="alpha")
    with schema_context(alpha.schema_name):
        SchoolReport.objects.filter(year=year.start).delete()  # the other run's
        school_report = SchoolReport.objects.create(year=year.start, status=ReportStatus.QUEUED,
                                                    requested_at=timezone.now())
        with recorded() as queries:
            status = report_build(school=alpha, report_id=school_report.pk)
    result["school_report"] = {"status": status, "tables": tables(queries)}

    # A school's read on the replica, one school after the other and back.
    result["reads"] = [school_read(slug) for slug in ("alpha", "beta", "alpha")]
    with connections["replica"].cursor() as cursor:
        cursor.execute("SHOW search_path")
        result["replica_search_path_after"] = cursor.fetchone()[0]
    # Outside replica_reads() the same read is the primary's.
    with schema_context(alpha.schema_name), recorded() as queries:
        list(StaffMember.objects.values_list("last_name", flat=True))
    result["primary_read"] = tables(queries)
    return result


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup()
        print(json.dumps({"ok": True}))
    else:
        print(json.dumps(check(sys.argv[2] == "on"), ensure_ascii=False, default=str))
