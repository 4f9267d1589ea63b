"""A real primary and hot standby: what tolerates slightly old data reads the standby, in the right school.

The test starts its own PostgreSQL 15 primary and a standby made with pg_basebackup (tests/pg_cluster.py),
then runs the platform in fresh processes pointed at them (DATABASE_URL, DATABASE_REPLICA_URL):
tests/replica_probe.py migrates, registers two schools with a marker each, and records which
connection ran every query of the district dashboard, the district figures API and the two report
builds, and what a school's read on the standby sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import pg_cluster
from tests.processes import ROOT, process_env

pytestmark = pytest.mark.skipif(pg_cluster.skip_reason() is not None, reason=pg_cluster.skip_reason() or "")


def probe(env: dict[str, str], *args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "tests.replica_probe", *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with pg_cluster.primary_and_standby("mentoring") as (primary, standby):
        env = process_env(DATABASE_URL=primary.url("mentoring"), DATABASE_REPLICA_URL=standby.url("mentoring"),
                          CELERY_BROKER_URL="memory://", CELERY_RESULT_BACKEND="cache+memory://",
                          MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), REDIS_URL="",
                          STATS_REFRESH_ON_CHANGE="false")
        probe(env, "setup")
        yield env


@pytest.mark.parametrize("limit_set_calls", ["on", "off"])
def test_district_reads_use_the_standby_and_a_school_sees_only_its_schema(replicated, limit_set_calls):
    seen = probe(replicated, "check", limit_set_calls)
    assert seen["default_in_recovery"] is False and seen["replica_in_recovery"] is True

    # The dashboard and the figures API: the kept figures from the standby; the session and the
    # person (read by the middleware before the view) from the primary; nothing written to the standby.
    for name in ("dashboard", "figures_api"):
        page = seen[name]
        assert page["status"] == 200 and page["marker"] is True, page
        assert "stats_schoolfigures" in page["tables"]["replica"], page
        assert "stats_schoolfigures" not in page["tables"]["default"], page
        assert "django_session" in page["tables"]["default"] and "django_session" not in page["tables"]["replica"]
        assert page["tables"]["writes_replica"] == []

    # The report builds: figures read on the standby; the job's claim, progress and result on the primary.
    district = seen["district_report"]
    assert district["status"] == "ready", district
    assert "stats_schoolfigures" in district["tables"]["replica"]
    assert "districtreport_districtreport" in district["tables"]["writes_default"]
    assert district["tables"]["writes_replica"] == []
    school = seen["school_report"]
    assert school["status"] == "ready", school
    assert "staff_staffmember" in school["tables"]["replica"], school
    assert "staff_staffmember" not in school["tables"]["default"], school
    assert "schoolreport_schoolreport" in school["tables"]["writes_default"]
    assert school["tables"]["writes_replica"] == []

    # A school's read on the standby sees that school's rows and no other's, switching back and forth.
    alpha, beta, alpha_again = seen["reads"]
    assert alpha["names"] == ["Альфова"] and alpha_again["names"] == ["Альфова"]
    assert beta["names"] == ["Бетова"]
    assert alpha["search_path"] == "alpha, public" and beta["search_path"] == "beta, public"
    for read in seen["reads"]:
        assert read["tables"]["replica"] == ["staff_staffmember"] and read["tables"]["default"] == []
    assert seen["replica_search_path_after"] == "public"
    # Without replica_reads() the same read is the primary's.
    assert seen["primary_read"]["default"] == ["staff_staffmember"] and seen["primary_read"]["replica"] == []


def test_without_the_variable_nothing_changes(tmp_path: Path):
    code = ("import django; django.setup(); from django.conf import settings; from django.db import connections;"
            "from config.replica import replica_reads, reading_alias;\n"
            "with replica_reads(): alias = reading_alias()\n"
            "print(list(connections.settings), settings.DATABASE_ROUTERS, "
            "getattr(settings, 'EXTRA_SET_TENANT_METHOD_PATH', None), alias)")
    env = process_env(DATABASE_REPLICA_URL="")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                            timeout=60, check=True)
    assert result.stdout.strip() == "['default'] ['django_tenants.routers.TenantSyncRouter'] None default"
