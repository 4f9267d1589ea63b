"""The README's first Quick start command works with the embedded defaults.

`./dev demo` is started with no DATABASE_URL, REDIS_URL or CELERY_BROKER_URL in its
environment: it must bring up the embedded PostgreSQL, load the demo district and
serve the district's and a school's login pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port

pytestmark = pytest.mark.slow


def _get(port: int, host: str, path: str = "/login/") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


def test_dev_demo_serves_the_district_and_schools_with_embedded_defaults(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "CELERY_QUEUE"}}
    env.update({"PORT": str(port), "HOST": "127.0.0.1"})
    log = tmp_path / "demo.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(["./dev", "demo"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-4000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-4000:]
            try:
                status, page = _get(port, "localhost")
                break
            except OSError:
                time.sleep(1)
        assert status == 200 and 'name="password"' in page
        status, page = _get(port, "meskety.localhost")
        assert status == 200 and "Мескеты" in page
        # issue 12: the demo runs with DEBUG off — the Russian 404, never Django's English debug page; assets served
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(port, "meskety.localhost", "/no-such-page/")
        assert missing.value.code == 404
        missing_page = missing.value.read().decode()
        assert "Страница не найдена" in missing_page and "Page not found" not in missing_page
        assert _get(port, "localhost", "/static/css/app.css")[0] == 200
        output = log.read_text(errors="replace")
        assert "meskety.localhost" in output  # the logins were printed
        assert (ROOT / ".local" / "pgdata" / "PG_VERSION").exists()  # the embedded server holds the data
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
