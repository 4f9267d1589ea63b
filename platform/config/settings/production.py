"""Production: behind nginx with TLS, served by gunicorn (WSGI), secrets only from the environment.

Differs from `base` only where production must: no debug, a required secret key and
hosts, HTTPS-only cookies and HSTS, SMTP mail, hashed static files, the client's
address taken from nginx, logs on stdout. Session and CSRF cookies stay host-only
(`SESSION_COOKIE_DOMAIN = None` in `base`): a school's cookie is never sent to
another school (design note 8).
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from .base import *  # noqa: F403
from .base import LOGGING, env


def _required(name: str, hint: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for production settings: {hint}")
    return value


DEBUG = False

SECRET_KEY = _required(
    "DJANGO_SECRET_KEY",
    "a long random value, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(64))'`",
)
DISTRICT_HOST = _required("DISTRICT_HOST", "the district's host name, e.g. nastavnik.example.ru")
# Several gunicorn workers and Celery need one shared cache (login throttling) and a real broker.
_required("REDIS_URL", "the Redis used as the shared cache and the Celery broker, e.g. redis://127.0.0.1:6379/0")

# --- HTTPS: nginx terminates TLS and sets X-Forwarded-Proto ---------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Every school is a subdomain served under the district's wildcard certificate, so
# HSTS covers the subdomains too. Start lower (e.g. 3600) on a first deploy if unsure.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only consent to browsers' preload lists; nothing is listed until someone submits the domain.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{DISTRICT_HOST}", f"https://*.{DISTRICT_HOST}"]
X_FRAME_OPTIONS = "DENY"


def _client_address(request: HttpRequest) -> str | None:
    """The client's address as nginx saw it.

    gunicorn listens on a unix socket, so REMOTE_ADDR is empty for every request and
    django-axes would lock a username out for everyone. nginx overwrites X-Real-IP
    with the connecting address (deploy/nginx/mentoring.conf); only nginx reaches gunicorn.
    """
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


AXES_CLIENT_IP_CALLABLE = _client_address
# The same address for the sign-in limits of the pages and the API (people.throttle, api.authentication);
# nginx sets X-Forwarded-For to the connecting address (not appended), so DRF reads one proxy.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", default="HTTP_X_REAL_IP")
API_NUM_PROXIES = env.int("API_NUM_PROXIES", default=1)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": API_NUM_PROXIES}  # noqa: F405

# --- Mail ----------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"nastavnik@{DISTRICT_HOST}")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Static files: hashed names, compressed, served by WhiteNoise after collectstatic ---
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Logs: stdout, collected by journald (systemd) or the platform running the Procfile ---
LOGGING = {
    **LOGGING,
    "handlers": {
        **LOGGING["handlers"],
        "console": {**LOGGING["handlers"]["console"], "stream": "ext://sys.stdout"},
    },
}
