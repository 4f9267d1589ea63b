"""Real PostgreSQL servers started by a test: a primary and a hot standby in a temporary folder.

Debian's PostgreSQL 15 server binaries (`/usr/lib/postgresql/15/bin`), run as the `postgres`
user through `runuser` when the test runs as root (PostgreSQL refuses to run as root), on free
loopback ports, with the sockets in the temporary folder. Everything is stopped and removed
at the end. `skip_reason()` says why such a test cannot run here, or None.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.processes import free_port

PG_BIN = Path(os.environ.get("PG_SERVER_BIN", "/usr/lib/postgresql/15/bin"))
SERVICE_USER = "postgres"


def skip_reason() -> str | None:
    if os.environ.get("CI") and not os.environ.get("DATABASE_URL"):
        # .ci/run runs the suite twice; these tests start their own servers, so the second pass
        # (the embedded database) would only repeat the first.
        return "starts its own PostgreSQL servers: run once, in the CI pass with DATABASE_URL"
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_basebackup").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN} (Debian's postgresql-15)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return f"running as root without a '{SERVICE_USER}' user to run PostgreSQL as"
        if not shutil.which("runuser"):
            return "running as root without runuser"
    return None


def ensure_debian_package(package: str, program: str) -> str | None:
    """Install a Debian package for a test when `program` is missing and we are root; else the reason to skip."""
    if shutil.which(program) or Path(program).exists():
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"{program} is missing and only root installs Debian's {package}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300, check=False)  # noqa: S607
    result = subprocess.run(["apt-get", "install", "-y", "-qq", package], env=env, capture_output=True,  # noqa: S607
                            text=True, timeout=600, check=False)
    if result.returncode != 0:
        return f"apt-get install {package} failed: {result.stderr[-500:]}"
    return None


def as_service_user(args: list[str]) -> list[str]:
    """PostgreSQL's programs as the service user when we are root, as ourselves otherwise."""
    return ["runuser", "-u", SERVICE_USER, "--", *args] if os.geteuid() == 0 else args


def run_pg(args: list[str], timeout: float = 120) -> str:
    result = subprocess.run(as_service_user(args), capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class Server:
    data: Path
    port: int
    socket_dir: Path

    def url(self, database: str) -> str:
        return f"postgresql://{SERVICE_USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        return run_pg([str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", SERVICE_USER,
                       "-d", database, "-XAtqc", statement]).strip()

    def start(self) -> None:
        run_pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "server.log"), "-w",
                "-t", "60", "start"])

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(as_service_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",  # noqa: S603
                                            "-t", "30", "stop"]), capture_output=True, timeout=60, check=False)


def _settings(port: int, socket_dir: Path) -> str:
    return "\n".join([
        f"port = {port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{socket_dir}'",
        "wal_level = replica", "max_wal_senders = 5", "hot_standby = on", "fsync = off",
        "full_page_writes = off", "shared_buffers = 32MB", "max_connections = 40", "",
    ])


@contextmanager
def primary_and_standby(database: str) -> Iterator[tuple[Server, Server]]:
    """A primary with `database` and a hot standby streaming from it; commits wait until the
    standby has applied them (synchronous_commit = remote_apply), so a read right after a write
    sees it on the standby too."""
    base = Path(tempfile.mkdtemp(prefix="mentoring-replica-"))
    os.chmod(base, 0o755)
    if os.geteuid() == 0:
        shutil.chown(base, SERVICE_USER)
    primary = Server(base / "primary", free_port(), base)
    standby = Server(base / "standby", free_port(), base)
    try:
        run_pg([str(PG_BIN / "initdb"), "-D", str(primary.data), "-U", SERVICE_USER, "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        with open(primary.data / "postgresql.conf", "a") as conf:
            conf.write(_settings(primary.port, base))
        primary.start()
        primary.sql(f'CREATE DATABASE "{database}"')
        run_pg([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", SERVICE_USER,
                "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast", "--no-sync"])
        with open(standby.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {standby.port}\n")
        standby.start()
        primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        primary.sql("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
        primary.sql("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 30
        while primary.sql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") != "1":
            assert time.monotonic() < deadline, "the standby did not become synchronous"
            time.sleep(0.2)
        yield primary, standby
    finally:
        standby.stop("immediate")
        primary.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)
