"""The embedded PostgreSQL used when no DATABASE_URL is given (design note 10).

A fresh machine with only Python gets a real PostgreSQL 16 from the `pgserver`
wheel, with its data in `.local/pgdata` (ignored by git). The server is left
running between processes so that the web server, the worker and the tests
share it; `./dev stop-db` stops it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = ROOT / ".local" / "pgdata"
DATABASE_NAME = "mentoring"


def database_url(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return a URL to the platform's database."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / ".local" / "run"))
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    runtime.mkdir(parents=True, exist_ok=True)
    if runtime.is_relative_to(ROOT):
        runtime.chmod(0o700)  # what the XDG specification asks of a runtime folder
    try:
        import pgserver
    except ImportError as exc:  # pragma: no cover - only without dev requirements
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL (pgserver) is not installed: "
            "install requirements/dev.txt or set DATABASE_URL."
        ) from exc
    import psycopg

    path = data_dir or Path(os.environ.get("EMBEDDED_PGDATA", DEFAULT_DATA_DIR))
    path.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(path, cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return str(server.get_uri(DATABASE_NAME))
