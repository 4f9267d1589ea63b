"""The database being away (a failover) is a clear Russian 503 with Retry-After, never a 500 with a traceback."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from drf_standardized_errors.handler import exception_handler as api_exception_handler
from rest_framework.test import APIRequestFactory

from tests.processes import free_port, process_env, running, wait_for_port


def _get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    """At a school's host: finding the school is the first read of every request there."""
    host = f"alpha.{settings.DISTRICT_HOST}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_server_without_its_database_answers_503_in_russian(tmp_path: Path):
    """gunicorn with a database URL where nothing listens: every page and endpoint is a 503."""
    port, dead = free_port(), free_port()
    env = process_env(DATABASE_URL=f"postgresql://postgres@127.0.0.1:{dead}/mentoring?connect_timeout=2")
    args = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--no-control-socket"]
    with running(args, env, tmp_path / "server.log") as proc:
        wait_for_port(port, proc=proc)
        status, headers, body = _get(port, "/staff/")
        assert status == 503, body
        assert headers["Retry-After"] == "5"
        assert "База данных временно недоступна" in body and "Traceback" not in body

        status, headers, body = _get(port, "/api/staff/")
        assert status == 503, body
        assert headers["Content-Type"] == "application/json"
        error = json.loads(body)
        assert error["errors"][0]["code"] == "database_unavailable"
        assert error["errors"][0]["detail"].startswith("База данных временно недоступна")


def test_the_api_handler_turns_a_lost_connection_into_503():
    request = APIRequestFactory().get("/api/district/figures/")
    lost = (OperationalError("server closed the connection unexpectedly"), InterfaceError("connection already closed"))
    for exc in lost:
        response = api_exception_handler(exc, {"request": request, "view": None})
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert response.data["errors"][0]["code"] == "database_unavailable"
    response = api_exception_handler(ValueError("a bug"), {"request": request, "view": None})
    assert response.status_code == 500  # anything else stays a server error
