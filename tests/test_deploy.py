"""The production settings and the files in deploy/, checked in fresh processes.

`config.settings.production` is never imported into the test process: each test
starts an interpreter with the environment a deployment would give it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port, process_env, running, wait_for_port

DEPLOY = ROOT / "deploy"
DISTRICT_HOST = "nozhay-yurt.example"


def production_env(**extra: str) -> dict[str, str]:
    """A deployment's environment: production settings, a real secret, the test database."""
    env = {
        key: value
        for key, value in process_env().items()
        # Nothing the developer's shell sets for Django or mail leaks into the check.
        if not key.startswith(("DJANGO_", "EMAIL_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DISTRICT_HOST=DISTRICT_HOST,
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
        EMAIL_HOST="smtp.nozhay-yurt.example",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_reports_no_issues(db: None) -> None:
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("secret", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(db: None, secret: str | None) -> None:
    env = production_env()
    if secret is None:
        del env["DJANGO_SECRET_KEY"]
    else:
        env["DJANGO_SECRET_KEY"] = secret

    result = run([sys.executable, "manage.py", "check"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set for production settings" in result.stderr


def test_production_refuses_to_start_without_the_district_host(db: None) -> None:
    env = production_env()
    del env["DISTRICT_HOST"]

    result = run([sys.executable, "manage.py", "check"], env)

    assert result.returncode != 0
    assert "DISTRICT_HOST must be set for production settings" in result.stderr


def test_production_settings(db: None) -> None:
    code = """
import json
import django
from django.conf import settings
from django.test import RequestFactory

django.setup()
request = RequestFactory().get("/", HTTP_X_REAL_IP="203.0.113.7", REMOTE_ADDR="")
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SESSION_COOKIE_DOMAIN": settings.SESSION_COOKIE_DOMAIN,
    "CSRF_COOKIE_DOMAIN": settings.CSRF_COOKIE_DOMAIN,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "SECURE_PROXY_SSL_HEADER": list(settings.SECURE_PROXY_SSL_HEADER),
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "log_stream": settings.LOGGING["handlers"]["console"]["stream"],
    "client_ip": settings.AXES_CLIENT_IP_CALLABLE(request),
}))
"""
    result = run([sys.executable, "-c", code], production_env())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        # Host-only cookies: a school's session never reaches another school (design note 8).
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_TRUSTED_ORIGINS": [f"https://{DISTRICT_HOST}", f"https://*.{DISTRICT_HOST}"],
        "ALLOWED_HOSTS": [DISTRICT_HOST, f".{DISTRICT_HOST}"],
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.nozhay-yurt.example",
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "log_stream": "ext://sys.stdout",
        "client_ip": "203.0.113.7",
    }


@pytest.mark.slow
def test_production_behind_nginx_headers(db: None, tmp_path: Path) -> None:
    """HTTP is sent to HTTPS; what nginx marks as HTTPS is served, with HSTS."""
    port = free_port()
    env = production_env(GUNICORN_WORKERS="1")
    del env["PYTHONPATH"]
    args = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
            "config.wsgi:application"]
    with running(args, env, tmp_path / "gunicorn.log") as proc:
        wait_for_port(port, proc=proc)
        plain = get(port, "/", {"Host": DISTRICT_HOST})
        proxied = get(port, "/", {"Host": DISTRICT_HOST, "X-Forwarded-Proto": "https"})

    log = (tmp_path / "gunicorn.log").read_text()
    assert plain.status == 301, log
    assert plain.getheader("Location") == f"https://{DISTRICT_HOST}/"
    assert proxied.status == 302, log
    assert proxied.getheader("Location", "").startswith("/login/")
    assert proxied.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"


def test_collectstatic_with_the_production_storage(db: None, tmp_path: Path) -> None:
    """Every static file post-processes (a CSS url() to a missing file would fail the deploy)."""
    code = """
import sys
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
settings.STATIC_ROOT = sys.argv[1]  # not the checkout's staticfiles/
call_command("collectstatic", "--noinput", verbosity=0)
"""
    result = run([sys.executable, "-c", code, str(tmp_path)], production_env())

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    assert "css/app.css" in manifest["paths"]
    assert (tmp_path / manifest["paths"]["css/app.css"]).with_suffix(".css.gz").exists()


def test_env_example_lists_every_variable_the_settings_read() -> None:
    read = set()
    for path in [*sorted((ROOT / "platform" / "config" / "settings").glob("*.py")), DEPLOY / "gunicorn.conf.py"]:
        text = path.read_text()
        read |= set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
        read |= set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
        read |= set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", (DEPLOY / "env.example").read_text(), re.MULTILINE))

    assert {"DJANGO_SECRET_KEY", "DISTRICT_HOST", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - listed == set()


def test_units_run_from_the_root_with_platform_on_the_path() -> None:
    for name in ("mentoring-web", "mentoring-worker", "mentoring-beat"):
        unit = (DEPLOY / "systemd" / f"{name}.service").read_text()
        assert "WorkingDirectory=/srv/mentoring\n" in unit
        assert "Environment=PYTHONPATH=/srv/mentoring/platform:/srv/mentoring\n" in unit
        assert "Environment=DJANGO_SETTINGS_MODULE=config.settings.production\n" in unit
    assert "celery -A config beat " in (DEPLOY / "systemd" / "mentoring-beat.service").read_text()
    assert "--scheduler" not in (DEPLOY / "systemd" / "mentoring-beat.service").read_text()


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")), reason="needs nginx and openssl")
def test_nginx_site_is_valid(tmp_path: Path) -> None:
    site = (DEPLOY / "nginx" / "mentoring.conf").read_text()
    assert "server_name district.example *.district.example;" in site
    for header in ("Host $host", "X-Forwarded-Proto $scheme", "X-Real-IP $remote_addr"):
        assert f"proxy_set_header {header};" in site

    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=district.example",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )
    site = site.replace("/etc/letsencrypt/live/district.example/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/district.example/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )

    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True,
                            check=False)

    assert result.returncode == 0, result.stderr


def get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def test_production_has_no_demo(db: None) -> None:
    """The demo district (manage.py seed_demo) exists in development and tests only."""
    script = "import django; django.setup(); from django.apps import apps; print(apps.is_installed('demo'))"
    result = run([sys.executable, "-c", script], {**production_env(), "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    dev = run([sys.executable, "-c", script], {**production_env(), "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
                                                "DJANGO_SETTINGS_MODULE": "config.settings.dev"})
    assert dev.stdout.strip() == "True", dev.stderr
