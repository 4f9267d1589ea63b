"""The failover drill in short (bench/failover.py --fast): the primary killed under load loses nothing committed.

A pg_auto_failover monitor and two PostgreSQL 15 nodes with synchronous replication, the platform
(gunicorn and a worker) on a multi-host URL with target_session_attrs=read-write, three clients
writing and reading through the API; the primary is killed with SIGKILL. Debian's
postgresql-15-auto-failover is installed here when missing and the test runs as root.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import pg_cluster
from tests.processes import ROOT

pytestmark = pytest.mark.skipif(pg_cluster.skip_reason() is not None, reason=pg_cluster.skip_reason() or "")


def test_killing_the_primary_loses_no_acknowledged_write_and_answers_503_meanwhile():
    reason = pg_cluster.ensure_debian_package("postgresql-15-auto-failover", "/usr/bin/pg_autoctl")
    if reason:
        pytest.skip(reason)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "bench/failover.py", "--fast", "--clients", "3", "--before", "4", "--after", "6",
         "--max-wait", "90", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    drill = json.loads(result.stdout.strip().splitlines()[-1])

    assert drill["acknowledged_before_kill"] > 0, drill
    assert drill["lost_acknowledged_rows"] == 0, drill
    # Writes came back on the promoted standby, through the same multi-host URL.
    assert drill["writes_resumed_after_s"] is not None and drill["writes_resumed_after_s"] < 60, drill
    assert drill["writes_acknowledged"] > drill["acknowledged_before_kill"], drill
    # Meanwhile: a clear Russian 503, never a 500, never a traceback.
    assert drill["answers_500"] == 0 and drill["answers_with_traceback"] == 0, drill
    for answer in drill["failed_answers"]:
        assert answer.startswith("503 База данных временно недоступна"), drill
    # The worker went on working after the failover (its task retried while the database was away).
    assert drill["worker_ran_after_failover"] is True, drill
