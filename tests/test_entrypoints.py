"""The real entry points start in fresh processes from the repository root (design note 1).

pytest imports the standard library's `platform` before anything else, so a suite run
in-process could pass while `manage.py`, gunicorn or the Celery worker crash on a
`platform/` that shadows it. Every test here starts its own interpreter with the
repository root as the working directory, as systemd and the Procfile do.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import World
from tests.processes import ROOT, free_port, process_env, running, wait_for_port

pytestmark = pytest.mark.slow

PLATFORM_TASKS = {"tenants.tasks.fan_out_to_schools", "staff.tasks.refresh_young_specialists"}


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def without_pythonpath(env: dict[str, str]) -> dict[str, str]:
    """The environment of an entry point that must find `platform/` by itself."""
    return {key: value for key, value in env.items() if key != "PYTHONPATH"}


def get(port: int, path: str, host: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def wait_for_log(log: Path, text: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise AssertionError(f"exited with {proc.returncode} before {text!r}:\n{log.read_text()}")
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} after {timeout}s:\n{log.read_text()}")


def test_platform_is_a_source_folder_not_a_package() -> None:
    assert (ROOT / "platform" / "config").is_dir()
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_stdlib_platform_is_imported_from_the_root_with_the_process_path() -> None:
    code = "import platform, uuid; assert hasattr(platform, 'system'); print(platform.__file__)"
    result = run([sys.executable, "-c", code], process_env())

    assert result.returncode == 0, result.stderr
    platform_file = Path(result.stdout.strip()).resolve()
    assert not platform_file.is_relative_to(ROOT), platform_file


def test_manage_py_check(db: None) -> None:
    # manage.py puts platform/ on the path itself: no PYTHONPATH given.
    result = run([sys.executable, "manage.py", "check"], without_pythonpath(process_env()))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_wsgi_application_imports(db: None) -> None:
    code = "from config.wsgi import application; print(type(application).__name__)"
    result = run([sys.executable, "-c", code], process_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


def test_celery_app_registers_the_platform_tasks(db: None) -> None:
    # What the worker does at start-up: autodiscover every installed app's tasks.
    code = (
        "from config.celery import app; app.loader.import_default_modules(); "
        "print('\\n'.join(sorted(t for t in app.tasks if not t.startswith('celery.'))))"
    )
    result = run([sys.executable, "-c", code], process_env())

    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) >= PLATFORM_TASKS


@pytest.mark.worker
def test_celery_worker_starts_with_the_platform_tasks(db: None, tmp_path: Path) -> None:
    # An in-memory broker: this worker must not take messages meant for other tests' workers.
    env = process_env(CELERY_BROKER_URL="memory://")
    log = tmp_path / "worker.log"
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "--hostname=entrypoints@%h"]
    with running(args, env, log) as proc:
        wait_for_log(log, "ready.", proc)

    banner = log.read_text()
    for task in PLATFORM_TASKS:
        assert f". {task}" in banner


def test_celery_beat_starts_with_the_settings_scheduler(db: None, tmp_path: Path) -> None:
    env = process_env(CELERY_BROKER_URL="memory://")
    log = tmp_path / "beat.log"
    args = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
            f"--schedule={tmp_path / 'celerybeat-schedule'}"]
    with running(args, env, log) as proc:
        wait_for_log(log, "beat: Starting...", proc)

    assert settings.CELERY_BEAT_SCHEDULER.replace(":", ".") in log.read_text()


def test_gunicorn_serves_the_district_and_schools_with_the_deploy_config(world: World, tmp_path: Path) -> None:
    port = free_port()
    # deploy/gunicorn.conf.py puts platform/ on the path itself: no PYTHONPATH given.
    env = without_pythonpath(process_env(GUNICORN_WORKERS="1", GUNICORN_THREADS="2"))
    args = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
            "config.wsgi:application"]
    with running(args, env, tmp_path / "gunicorn.log") as proc:
        wait_for_port(port, proc=proc)
        district = get(port, "/", settings.DISTRICT_HOST)
        school = get(port, "/", f"{world.school_a.slug}.{settings.DISTRICT_HOST}")
        unknown = get(port, "/", f"no-such-school.{settings.DISTRICT_HOST}")

    log = (tmp_path / "gunicorn.log").read_text()
    for response in (district, school):
        assert response.status == 200 or (
            response.status == 302 and response.getheader("Location", "").startswith("/login/")
        ), (response.status, response.getheader("Location"), log)
    assert unknown.status == 404, log
    assert "Using worker: gthread" in log

