"""The nightly backup script: a dump of the whole database, then its restore test, on the test database."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests import processes
from tests.processes import ROOT

pytestmark = pytest.mark.worker  # reads what the session committed, from other processes


def test_nightly_backup_dumps_everything_and_its_restore_test_passes(django_db_setup, django_db_blocker,
                                                                    tmp_path: Path):
    with django_db_blocker.unblock():
        url = processes.test_database_url()
        major = connection.cursor().connection.info.server_version // 10000
    if "?" in url:
        pytest.skip("the backup script takes a plain postgresql://user@host:port/db URL (not a socket URL)")
    pg_bin = Path(f"/usr/lib/postgresql/{major}/bin")
    if not (pg_bin / "pg_dump").exists():
        pytest.skip(f"no PostgreSQL {major} client programs in {pg_bin}")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "BACKUP_DIR": str(tmp_path / "backups"),
           "PG_BIN": str(pg_bin), "MEDIA_ROOT": str(tmp_path / "media")}
    (tmp_path / "media" / "schools").mkdir(parents=True)
    result = subprocess.run([str(ROOT / "deploy" / "backup" / "mentoring-backup.sh")], env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((tmp_path / "backups").glob("mentoring-*.dump"))) == 1
    assert len(list((tmp_path / "backups").glob("media-*.tar.gz"))) == 1
    # Every school of the session (alpha, beta and the template) was restored with its schema.
    assert "restore check: 3 schools," in result.stdout, result.stdout
    scratch = subprocess.run(["psql", "-XAtq", "-d", url, "-c",  # noqa: S607
                              "SELECT count(*) FROM pg_database WHERE datname LIKE 'mentoring_restore_check_%'"],
                             capture_output=True, text=True, timeout=60, check=True, env={**env, "PATH": str(pg_bin)})
    assert scratch.stdout.strip() == "0"  # the scratch database is dropped again
