"""Tests: the real PostgreSQL (DATABASE_URL or the embedded one), a fast hasher."""

from config import xdist_worker

# Under `./dev test`'s two pytest-xdist workers: a Redis database and a broker folder per worker.
xdist_worker.own_services()

from .base import *  # noqa: E402, F403
from .base import INSTALLED_APPS, SHARED_APPS, env  # noqa: E402

# The demo district (manage.py seed_demo) is for development and tests, never installed in production.
SHARED_APPS = [*SHARED_APPS, "demo"]
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read mail from the outbox; a worker started by a test may be given a file backend.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

AXES_FAILURE_LIMIT = 5
# Static files straight from the source folders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The sign-in limits (people.throttle) in this process's memory, emptied before every test (tests/conftest.py).
CACHES = {**CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",  # noqa: F405
                                 "LOCATION": "sign-in-limits"}}
