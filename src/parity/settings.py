"""Django settings, read once from the environment.

Every variable Parity reads is listed in docs/reference/settings.md; a test fails if one is
missing there. Nothing secret has a default: in development the secret key is generated
into PARITY_HOME and kept there, never in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None


def _secret_key(home: Path) -> str:
    if key := os.environ.get("PARITY_SECRET_KEY"):
        return key
    path = home / "secret_key"
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


BASE_DIR = Path(__file__).resolve().parent
PARITY_HOME = Path(os.environ.get("PARITY_HOME", "var")).resolve()
WAREHOUSE_DIR = PARITY_HOME / "warehouse"
RAW_DIR = PARITY_HOME / "raw"

DEBUG = _bool("PARITY_DEBUG", False)
SECRET_KEY = _secret_key(PARITY_HOME)
ALLOWED_HOSTS = _list("PARITY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("PARITY_CSRF_TRUSTED_ORIGINS", "")

# Production hardening: on behind HTTPS (PARITY_SECURE=true), off for the local demo.
SECURE = _bool("PARITY_SECURE", False)
# Protect the tables of nested and overlapping periods (a year and its months) against each
# other (decision 10): financial years keep their figures; periods made of months hide a
# group small in any month in all of them. Off by default until its cold cost falls (decision
# 10, revision): off, each period's tables are protected alone.
PROTECT_ACROSS_PERIODS = _bool("PARITY_PROTECT_ACROSS_PERIODS", False)
# Work out the protection of the forces an import changed straight after the import, and
# keep it beside the warehouse, so the first request after an import does not pay for it.
WARM_AFTER_IMPORT = _bool("PARITY_WARM_AFTER_IMPORT", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = _bool("PARITY_SSL_REDIRECT", True) and SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = _int("PARITY_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle sessions expire SESSION_COOKIE_AGE after last use
# However busy, a session ends this long after signing in (parity.accounts.middleware).
PARITY_SESSION_MAX_SECONDS = int(_float("PARITY_SESSION_MAX_HOURS", 12) * 3600)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # for its copy of Swagger UI, served as static files at /api/docs
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_q",
    "parity.web",
    "parity.reference",
    "parity.powers",
    "parity.workforce",
    "parity.victims",
    "parity.justice",
    "parity.accounts",
    "parity.hr",
    "parity.scrutiny",
    "parity.engagement",
    "parity.actions",
    "parity.public",
    "parity.recording",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "parity.web.staticfiles.StaticFilesMiddleware",  # WhiteNoise
    "parity.web.cache.PublishedPagesMiddleware",  # public pages kept per data version
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parity.accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parity.web.uploads.RequestSizeMiddleware",  # before anything reads the body
    "parity.accounts.middleware.AuditContextMiddleware",
    "parity.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "parity.web.cache.PageLimitMiddleware",  # anonymous people's page rate limit
]

ROOT_URLCONF = "parity.urls"
CSRF_FAILURE_VIEW = "parity.web.errors.csrf_failure"
WSGI_APPLICATION = "parity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "parity.web.jinja.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "parity.web.context.layout",
            ],
        },
    },
    {
        # Django's own admin and auth e-mails use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

_default_db = f"sqlite:///{PARITY_HOME / 'parity.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60, conn_health_checks=True
        )
    }
except ValueError as error:
    raise ValueError(f"DATABASE_URL must be a sqlite:/// or postgresql:// address: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if test_name := os.environ.get("PARITY_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": test_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/account/sign-in"
LOGIN_REDIRECT_URL = "/account/"
LOGOUT_REDIRECT_URL = "/"

# Lock-out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = _int("PARITY_LOCKOUT_ATTEMPTS", 5)
AXES_COOLOFF_TIME = _float("PARITY_LOCKOUT_HOURS", 1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "parity.accounts.views.auth.locked_out"  # a page saying when to retry
AXES_CLIENT_IP_CALLABLE = "parity.web.clients.client_ip"  # the address every limit counts by
# The proxies in front of Parity, from the outside in (addresses or networks), whose
# X-Forwarded-For is believed (parity.web.clients); none by default.
PARITY_TRUSTED_PROXIES = _list("PARITY_TRUSTED_PROXIES", "")
# Asking for a set-password link: links e-mailed to one account, and requests from one
# address, in an hour (parity.accounts.views.auth.password_reset).
PARITY_PASSWORD_LINKS_PER_HOUR = _int("PARITY_PASSWORD_LINKS_PER_HOUR", 3)
PARITY_PASSWORD_REQUESTS_PER_HOUR = _int("PARITY_PASSWORD_REQUESTS_PER_HOUR", 10)

# Second factor (TOTP) for force staff, panel chairs and members (accounts.roles.SECOND_FACTOR_ROLES);
# the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Parity"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # and parity.accounts.admin never shows the key at all

EMAIL_BACKEND = os.environ.get("PARITY_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(PARITY_HOME / "outbox")
DEFAULT_FROM_EMAIL = os.environ.get("PARITY_FROM_EMAIL", "parity@localhost")
# For the SMTP backend; the password comes from the environment, never from the repository.
EMAIL_HOST = os.environ.get("PARITY_EMAIL_HOST", "localhost")
EMAIL_PORT = _int("PARITY_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("PARITY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PARITY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _bool("PARITY_EMAIL_TLS", True)
EMAIL_TIMEOUT = 30
# GOV.UK Notify (parity.web.notify): the API key comes from the environment, never from the
# repository; the templates are the ids of an e-mail template ((subject)) / ((body)) and a
# text-message template ((body)) in the force's Notify account.
PARITY_NOTIFY_API_KEY = os.environ.get("PARITY_NOTIFY_API_KEY", "")
PARITY_NOTIFY_EMAIL_TEMPLATE = os.environ.get("PARITY_NOTIFY_EMAIL_TEMPLATE", "")
PARITY_NOTIFY_SMS_TEMPLATE = os.environ.get("PARITY_NOTIFY_SMS_TEMPLATE", "")
PARITY_NOTIFY_URL = os.environ.get("PARITY_NOTIFY_URL", "https://api.notifications.service.gov.uk")
# Where people reach this copy of Parity: the start of links in e-mails sent by commands.
SITE_URL = os.environ.get("PARITY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PARITY_HOME / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PARITY_HOME / "media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and os.environ.get("PARITY_STATIC_MANIFEST") == "1"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders without collectstatic
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = PARITY_HOME / "media"
# The largest request body Parity reads (an uploaded file and its form), refused unread
# when larger; the deploying guide's proxy limit (client_max_body_size) is the same number.
PARITY_UPLOAD_MAX_MB = _int("PARITY_UPLOAD_MAX_MB", 25)
# Form fields other than files, held in memory; files over FILE_UPLOAD_MAX_MEMORY_SIZE
# (Django's 2.5 MB) go to a temporary file as they arrive.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Content Security Policy: nothing from another host, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_LEVEL = os.environ.get("PARITY_LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in LOG_LEVELS:
    raise ValueError(f"PARITY_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {LOG_LEVEL!r}")
# A refused request (403, 400, 404, 429) is one line, never a traceback: the filter sits
# on the loggers Django reports refusals to, and on the handler for any other logger.
_REFUSAL_LOGGERS = (
    "django.request",
    # django.security.<exception>: a child logger's records skip its parent's filters
    *(
        f"django.security.{kind}"
        for kind in (
            "csrf",
            "DisallowedHost",
            "DisallowedRedirect",
            "InvalidSessionKey",
            "RequestDataTooBig",
            "SuspiciousFileOperation",
            "SuspiciousMultipartForm",
            "SuspiciousOperation",
            "SuspiciousSession",
            "TooManyFieldsSent",
            "TooManyFilesSent",
        )
    ),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "parity.web.log_filters.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]}},
    "loggers": {
        **{name: {"filters": ["one_line_refusals"]} for name in _REFUSAL_LOGGERS},
        # `parity worker` says when each scheduled job starts, ends or fails.
        "django-q": {"level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Who runs this copy of Parity, for the accessibility statement and error pages.
OPERATOR_NAME = os.environ.get("PARITY_OPERATOR_NAME", "")
CONTACT_EMAIL = os.environ.get("PARITY_CONTACT_EMAIL", "")

# Analysis: census denominators and small-number protection (METHODS.md §1.1, §3.2);
# parity.analysis.rules.Rules.from_settings reads these at call time.
PARITY_CENSUS_2021_FROM = os.environ.get("PARITY_CENSUS_2021_FROM", "2020/21")
PARITY_MIN_EVENTS_FOR_RATE = _int("PARITY_MIN_EVENTS_FOR_RATE", 3)
PARITY_UNRELIABLE_BELOW = _int("PARITY_UNRELIABLE_BELOW", 20)
PARITY_DISCLOSURE_THRESHOLD = _int("PARITY_DISCLOSURE_THRESHOLD", 5)
PARITY_EXACT_INTERVAL_BELOW = _int("PARITY_EXACT_INTERVAL_BELOW", 10)
PARITY_REQUIRE_COMPLETE_PERIOD = _bool("PARITY_REQUIRE_COMPLETE_PERIOD", True)
PARITY_MOSTLY_BLANK_PERCENT = _float("PARITY_MOSTLY_BLANK_PERCENT", 50.0)

# Scrutiny panels: how long forces keep body-worn video not kept as evidence, unless a
# panel sets its own force's period.
PARITY_BWV_RETENTION_DAYS = _int("PARITY_BWV_RETENTION_DAYS", 31)

# Recording stops and receipts (parity.recording; docs/reference/settings.md).
PARITY_CONTACT_RETENTION_DAYS = _int("PARITY_CONTACT_RETENTION_DAYS", 7)
PARITY_RECEIPT_BACKEND = os.environ.get("PARITY_RECEIPT_BACKEND", "parity.recording.delivery.OutboxBackend")
PARITY_RECEIPT_GUESS_LIMIT = _int("PARITY_RECEIPT_GUESS_LIMIT", 10)
# Community engagement's network (parity.engagement.network): how long a confirmed member's
# details are kept before they are erased, unless they ask sooner.
PARITY_NETWORK_RETENTION_DAYS = _int("PARITY_NETWORK_RETENTION_DAYS", 730)
# Victims and complaints (parity.victims.retention): how long a month of victims' or complaints'
# records is kept after its last day before the scheduled job erases it (six years).
PARITY_VICTIMS_RETENTION_DAYS = _int("PARITY_VICTIMS_RETENTION_DAYS", 2190)
PARITY_COMPLAINTS_URL = os.environ.get(
    "PARITY_COMPLAINTS_URL", "https://www.policeconduct.gov.uk/complaints-reviews-and-appeals/make-complaint"
)

# Where `parity demo` looks for the real data when no paths are given.
SAMPLE_DATA = os.environ.get("PARITY_SAMPLE_DATA", "")

# Public figures and the open data API (docs/reference/api.md): how long browsers and proxies
# may keep a figure (it changes only on import), and the API's limits per address, e.g.
# "20/s,1000/h" ("off" for none, e.g. behind a proxy that limits, or for the benchmark).
PARITY_FIGURES_MAX_AGE = _int("PARITY_FIGURES_MAX_AGE", 300)
# How often each server process asks the database whether an import changed the figures.
PARITY_DATA_VERSION_SECONDS = _float("PARITY_DATA_VERSION_SECONDS", 2.0)
# The most cases a panel's samples may hold for one meeting, all its samples together.
PARITY_MEETING_MAX_CASES = _int("PARITY_MEETING_MAX_CASES", 200)
# The largest file (or zip member) an import reads; larger ones are refused before reading.
PARITY_IMPORT_MAX_FILE_MB = _int("PARITY_IMPORT_MAX_FILE_MB", 512)
PARITY_API_RATE_LIMITS = os.environ.get("PARITY_API_RATE_LIMITS", "20/s,1000/h")

# Scheduled jobs (parity.jobs; `parity worker`): the task queue is the database unless a
# Redis URL is given, for a force that runs workers on several machines.
PARITY_TASK_BROKER_URL = os.environ.get("PARITY_TASK_BROKER_URL", "")
PARITY_TASK_QUEUE = os.environ.get("PARITY_TASK_QUEUE", "parity")
PARITY_WORKER_PROCESSES = _int("PARITY_WORKER_PROCESSES", 2)
Q_CLUSTER: dict[str, object] = {
    "name": PARITY_TASK_QUEUE,
    "workers": PARITY_WORKER_PROCESSES,
    "timeout": 3 * 60 * 60,  # an update from data.police.uk can take a while
    "retry": 3 * 60 * 60 + 600,  # longer than the timeout, so a running job is never handed out twice
    "max_attempts": 1,  # a failed job is kept (and shown in the admin site) and runs again when next due
    "ack_failures": True,
    "catch_up": False,  # after a stop, run each job once, not once for every time it was missed
    "save_limit": 500,
    "label": "Scheduled jobs",
    **({"redis": PARITY_TASK_BROKER_URL} if PARITY_TASK_BROKER_URL else {"orm": "default", "poll": 1.0}),
}

# The same for every page, for people not signed in (parity.web.throttle).
PARITY_PAGE_RATE_LIMITS = os.environ.get("PARITY_PAGE_RATE_LIMITS", "20/s,1000/h")


def cache_settings(url: str) -> dict[str, dict[str, object]]:
    """Django's cache, holding rate-limit counts and kept public pages: Redis when
    PARITY_CACHE_URL names one (shared by every worker on every machine), else each
    process's memory (docs/guides/deploying.md says why, and when to add Redis)."""
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "parity",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"PARITY_CACHE_URL must be a redis://, rediss:// or unix:// address, not {url!r}")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "parity",
            # A Redis that does not answer must not hold a worker: give up after two seconds.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


CACHES = cache_settings(os.environ.get("PARITY_CACHE_URL", ""))
