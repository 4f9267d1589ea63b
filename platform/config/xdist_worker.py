"""A test process of pytest-xdist gets services of its own (read by config/settings/test.py before base).

`./dev test` runs the suite on two pytest-xdist workers. pytest-django gives each a test database of
its own (its name suffixed with the worker's id); this gives each a Redis database of its own (the
given one plus the worker's number, modulo Redis's 16) and a file broker folder of its own: a worker
empties its caches at the start, and both workers' schools have the same schema names, so the same
cache keys. A process started by a test (a Celery worker, a server) inherits the moved values and
must not move them again.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ


def own_services() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or os.environ.get("TEST_XDIST_WORKER") == worker:
        return
    os.environ["TEST_XDIST_WORKER"] = worker
    root = Path(__file__).resolve().parents[2]
    environ.Env.read_env(root / ".env", overwrite=False)  # what base reads, so that a REDIS_URL from .env moves too
    index = int(worker.removeprefix("gw"))
    if redis_url := os.environ.get("REDIS_URL", ""):
        parts = urlsplit(redis_url)
        database = (int(parts.path.strip("/") or 0) + index) % 16
        os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    os.environ.setdefault("CELERY_BROKER_DIR", str(root / ".local" / "broker" / worker))
