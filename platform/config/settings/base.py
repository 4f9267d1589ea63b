"""Settings shared by every environment, read from environment variables.

`dev`, `test` and `production` differ from this module only where they must.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE

from config import embedded_db

ROOT_DIR = Path(__file__).resolve().parents[3]
PLATFORM_DIR = ROOT_DIR / "platform"

env = environ.Env()
environ.Env.read_env(ROOT_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# The district's host: the district space lives at it, every school at <slug>.<host>.
DISTRICT_HOST = env("DISTRICT_HOST", default="localhost")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[DISTRICT_HOST, f".{DISTRICT_HOST}"])

# --- Applications: public schema (district) and school schemas ----------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "people",
    "district",
    "audit",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "api",
    "reports",
    "school",
    "roadmap_templates",
    "survey_templates",
    "regulation_templates",
    "stats",
    "districtreport",
    "exchange",
    "refresh",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "exchange_school",
    "audit",
    "staff",
    "orders",
    "consents",
    "banks",
    "mentoring",
    "roadmap",
    "surveys",
    "practices",
    "publicpage",
    "schoolreport",
    "documents",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.School"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New schools are cloned from this migrated, inactive school (design note 3).
TENANT_BASE_SCHEMA = "school_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Set search_path once per schema switch, not before every query.
TENANT_LIMIT_SET_CALLS = True
# `migrate` walks the schools with the executor named by --executor or the EXECUTOR
# environment variable (django-tenants reads it; "multiprocessing" in production).
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("TENANT_MULTIPROCESSING_MAX_PROCESSES", default=2)
# The migrate run in each schema returns at once when the schema has nothing to apply (issue 15).
TENANT_BASE_MIGRATE_COMMAND = "tenants.migrate_command.Command"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "tenants.middleware.SpaceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.APIAnswersMiddleware",  # every answer under /api/ in the API's JSON format
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "people.middleware.SpaceAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls_school"
PUBLIC_SCHEMA_URLCONF = "config.urls_district"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "people.context_processors.space",
            ],
        },
    },
]

# Form widgets drawn by Jinja2 (Django's own templates for it): half the CPU of the template language's
# include per option and attribute (issue 15: the staff list's filters were a fifth of the page).
FORM_RENDERER = "django.forms.renderers.Jinja2"

# --- Database -----------------------------------------------------------------
# DATABASE_URL always wins; without it an embedded PostgreSQL is started.
DATABASE_URL = env("DATABASE_URL", default="") or embedded_db.database_url()
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"  # django-tenants' with a cheaper table list
# Persistent connections (design note 13: connecting was a large share of a page under load). Safe with
# django-tenants: the middleware sets the school on every request and the first query of the request
# sets search_path (TENANT_LIMIT_SET_CALLS: once a request). Never behind PgBouncer in transaction mode.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Beyond one machine (issue 16): a read replica; the database being away is a 503 ------
# DATABASE_URL may name several hosts with target_session_attrs=read-write (libpq finds the
# primary after a failover). With DATABASE_REPLICA_URL, what tolerates slightly old data reads
# the standby (config/replica.py); without it nothing changes.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL), "ENGINE": DATABASES["default"]["ENGINE"],
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0), "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter", *DATABASE_ROUTERS]
    EXTRA_SET_TENANT_METHOD_PATH = "config.replica.replica_follows_tenant"

# --- Identity -----------------------------------------------------------------
AUTH_USER_MODEL = "people.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.backends.SpaceMemberBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Host-only cookies: a session made at one school's host is never sent to another.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Session limits (people.middleware): signed out after SESSION_IDLE_MINUTES without a request, and
# SESSION_ABSOLUTE_HOURS after signing in whatever the activity — a school day on a shared computer.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * SESSION_ABSOLUTE_HOURS)
# API tokens (POST /api/auth/token/) end this many hours after they were issued; also on «sign out
# everywhere», a password change and deactivation.
API_TOKEN_LIFETIME_HOURS = env.int("API_TOKEN_LIFETIME_HOURS", default=24 * 30)
# The request header carrying the client's address as the proxy saw it (production: nginx's X-Real-IP,
# which nginx overwrites); None = REMOTE_ADDR (no proxy). Never a header the client sets itself.
CLIENT_ADDRESS_HEADER: str | None = env("CLIENT_ADDRESS_HEADER", default=None)
# Proxies in front of the application, for DRF's reading of X-Forwarded-For (nginx sets it, production 1).
API_NUM_PROXIES = env.int("API_NUM_PROXIES", default=0)
# Failed sign-ins from one address, whatever the login, across every space (against spraying).
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=15)

# Login throttling (django-axes): lock a login + address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# The login as the platform matches it (case-insensitively): LOGIN, Login and login share one count.
AXES_USERNAME_CALLABLE = "people.throttle.axes_username"
# The lockout answers in the API's JSON error format on /api/, with the page elsewhere.
AXES_LOCKOUT_CALLABLE = "people.views.lockout_response"

# Second factor (django-otp, TOTP): the name authenticator apps show; recovery codes per enrolment.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Платформа наставничества")
SECOND_FACTOR_RECOVERY_CODES = 10

# --- Content Security Policy (django-csp): nothing from another host, no inline script without the
# request's nonce. Styles allow 'unsafe-inline' for the templates' style attributes and the API
# documentation's injected styles (CSS cannot run script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # ReDoc (the API's documentation) runs its search in a worker made from a blob.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Language and time --------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = ROOT_DIR / "staticfiles"
STATICFILES_DIRS = [PLATFORM_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(ROOT_DIR / ".local" / "media")))
# Upload limits: evidence and best-practice files; staff import files.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
STAFF_IMPORT_MAX_BYTES = env.int("STAFF_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# District figures: a school's change is counted this many seconds after it commits (debounced).
STATS_REFRESH_DELAY_SECONDS = env.float("STATS_REFRESH_DELAY_SECONDS", default=3.0)
# A refresh sent this long ago that has not started is taken as lost: the next change sends another.
STATS_REFRESH_STALE_SECONDS = env.float("STATS_REFRESH_STALE_SECONDS", default=600.0)
# Off only for bulk loads (benchmarks): then the nightly refresh alone brings the figures in step.
STATS_REFRESH_ON_CHANGE = env.bool("STATS_REFRESH_ON_CHANGE", default=True)

# --- Cache: keys carry the schema (design note 8) --------------------------------
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"
# Sign-in limits count across every space: the same store without the schema prefix (people.throttle).
CACHES["throttle"] = {
    key: value for key, value in CACHES["default"].items() if key not in ("KEY_FUNCTION", "REVERSE_KEY_FUNCTION")
}
# Sessions read from Redis, written through to the database (issue 15): a session key is the same in
# every schema, so its cache has no schema prefix — a session ended anywhere is ended everywhere. A
# session must be ended through Django's session store (logout, SessionStore.delete), never by
# deleting its row alone.
if REDIS_URL:
    CACHES["sessions"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "sessions"}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

# --- Celery -------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise a broker kept in files under .local/broker,
# which a real worker reads (no server needed). CELERY_BROKER_URL wins over both.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(ROOT_DIR / ".local" / "broker")))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
for _folder in ("out", "processed", "control"):
    if CELERY_BROKER_URL.startswith("filesystem"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="mentoring")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# Beat runs in the district schema; periodic school work fans out itself
# (tenants.tasks.fan_out_to_schools). The tenant-aware scheduler would send each
# entry to every School row, the template included, multiplying the fan-out.
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(ROOT_DIR / ".local" / "celerybeat-schedule")

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    # The token first: a refused or expired token answers 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.SpaceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [  # api.parsers: capped size and depth, no NUL or lone surrogates
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "api.metadata.FieldsMetadata",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # The token endpoint: per login and address, and per address whatever the login (api.authentication).
    "DEFAULT_THROTTLE_RATES": {"login": "10/min", "login_person": "5/min", "login_address": "10/min"},
    "NUM_PROXIES": API_NUM_PROXIES,
}
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1_000_000)  # a JSON body's cap (api.parsers)
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": False,
    "EXCEPTION_HANDLER_CLASS": "api.exception_handler.ExceptionHandler",  # too large: 413; database away: 503
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Платформа наставничества — API",
    "DESCRIPTION": (
        "REST API of the district platform for teacher mentoring. At a school's host the "
        "endpoints work inside that school; at the district host, inside the district space."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components: read-only fields are never listed as required input.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
        # One name per choice set of the domain (the same field name means different things).
        "SchoolStatusEnum": "tenants.models.SchoolStatus",
        "SchoolKindEnum": "tenants.models.SchoolKind",
        "SchoolRoleEnum": "people.roles.SchoolRole",
        "QualificationCategoryEnum": "staff.models.QualificationCategory",
        "OrderKindEnum": "orders.models.OrderKind",
        "OrderStatusEnum": "orders.models.OrderStatus",
        "ConsentPurposeEnum": "consents.models.ConsentPurpose",
        "DirectionEnum": "banks.models.Direction",
        "MenteeCategoryEnum": "banks.models.MenteeCategory",
        "MenteeStatusEnum": "banks.models.MenteeStatus",
        "MentorStatusEnum": "banks.models.MentorStatus",
        "RoleFormEnum": "mentoring.models.RoleForm",
        "ModeEnum": "mentoring.models.Mode",
        "PairStatusEnum": "mentoring.models.PairStatus",
        "ParticipantRoleEnum": "mentoring.models.ParticipantRole",
        "ProgrammeStatusEnum": "mentoring.models.ProgrammeStatus",
        "EarlyEndReasonEnum": "mentoring.models.EarlyEndReason",
        "ActivityStatusEnum": "mentoring.models.ActivityStatus",
        "ChangeKindEnum": "mentoring.models.ChangeKind",
        "RequestStatusEnum": "mentoring.models.RequestStatus",
        "RequestKindEnum": "mentoring.models.RequestKind",
        "RoadmapItemStatusEnum": "roadmap.models.RoadmapItemStatus",
        "ReportStatusEnum": "schoolreport.models.ReportStatus",
        "TemplateKindEnum": "regulation_templates.models.TemplateKind",
        "ExchangeRequestStatusEnum": "exchange.models.RequestStatus",
        "ProposalStatusEnum": "exchange.models.ProposalStatus",
        "DeclinedByEnum": "exchange.models.DeclinedBy",
        "RefusalCodeEnum": "api.schema.RefusalCode",
    },
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums"],
}

# --- Mail -----------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="nastavnik@localhost")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(ROOT_DIR / ".local" / "mail"))  # the file backend's folder

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s:%(domain_url)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"], "formatter": "tenant"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
    },
}
