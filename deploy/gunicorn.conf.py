"""gunicorn settings for the platform: WSGI only, sync or threaded workers (design note 8).

    gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

`platform/` is a source folder put on the import path, never a package: importing it
as `platform` would shadow the standard library's module (design note 1).
"""

import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

chdir = str(ROOT)
# Inserted in turn at the front of sys.path: the repository root, then platform/ before it.
pythonpath = f"{ROOT},{ROOT / 'platform'}"
wsgi_app = "config.wsgi:application"

# nginx proxies to this socket (deploy/nginx/mentoring.conf); systemd creates /run/mentoring.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/mentoring/gunicorn.sock")
# The socket is readable by the service's group, which nginx's user is added to.
umask = 0o007

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# No async workers: the tenant is held per thread and would be lost across awaits.
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Load the URL configurations, then freeze what is loaded (Django, the apps, the URLs) out of the
    cyclic garbage collector's sight: its full collections then scan only what a request made, which
    took the p95 of ranking a mentor request from ~115 ms to ~60 ms (bench/matching.py --database)."""
    import gc

    from django.urls import get_resolver

    for urlconf in ("config.urls_school", "config.urls_district"):
        get_resolver(urlconf).url_patterns  # noqa: B018 - imported for its side effect
    gc.freeze()
