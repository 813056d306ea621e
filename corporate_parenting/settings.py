"""Settings for every environment, read from environment variables.

DEBUG is off unless DEBUG=1, and with DEBUG off SECRET_KEY is required. DATABASE_URL (PostgreSQL)
is always required: `make run` and `make test` start PostgreSQL and set it. Without REDIS_URL,
Celery uses kombu's filesystem transport (a real worker process, no Redis). Production sets
SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: it is required when DEBUG is off.")
    SECRET_KEY = "insecure-first-look-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Demo Borough Council")
SERVICE_NAME = "Corporate parenting board"

INSTALLED_APPS = [
    "corporate_parenting.admin_config.ServiceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "corporate_parenting",
    "children",
    "placements",
    "meetings",
    "reports",
]
# The demo app (synthetic SSDA903 generator, demo casework, demo accounts and their commands) is
# for `make run`, the tests and the benchmarks, which set DEMO=1. Production leaves it out.
DEMO = env_bool("DEMO", default=False)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "corporate_parenting.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "corporate_parenting.middleware.AbsoluteSessionLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "corporate_parenting.middleware.SecondFactorRequiredMiddleware",
    "corporate_parenting.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "corporate_parenting.middleware.GovukNotFoundMiddleware",
    "corporate_parenting.middleware.PrivateResponseHeadersMiddleware",
]

ROOT_URLCONF = "corporate_parenting.urls"
WSGI_APPLICATION = "corporate_parenting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corporate_parenting.context_processors.service",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/name): "
        "the service needs PostgreSQL. `make run` and `make test` start one and set it for "
        "you; see README.md."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiler spends seconds compiling the indicator queries (correlated
# subqueries make their estimated cost high) to save milliseconds: keep it off.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "corporate_parenting.User"
# Sessions live in PostgreSQL, never in the cache: signing in and staying signed in must not
# depend on Redis (scripts/faults/redis_stopped.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_URL_PATH = "/sign-in/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (corporate_parenting.lockout): a username after 5 failures, progressively.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = "corporate_parenting.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "corporate_parenting.lockout.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "corporate_parenting.network.client_address"
AXES_RESET_ON_SUCCESS = True
# Failed sign-ins from one client address in 15 minutes, whatever the usernames, before it waits.
SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_LIMIT", "30"))
# Axes would lock an address after as few failures as a username; ours allows an office behind
# one address more (SIGN_IN_ADDRESS_LIMIT, corporate_parenting.lockout), so its check is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Second factor (corporate_parenting.second_factor): a TOTP app for every account. "Remember this
# device" lasts 12 hours, or 30 days for an account whose only role is board member; never none.
OTP_TOTP_ISSUER = COUNCIL_NAME
SECOND_FACTOR_REMEMBER_SECONDS = int(
    os.environ.get("SECOND_FACTOR_REMEMBER_SECONDS", str(12 * 60 * 60))
)
SECOND_FACTOR_REMEMBER_BOARD_MEMBER_SECONDS = int(
    os.environ.get("SECOND_FACTOR_REMEMBER_BOARD_MEMBER_SECONDS", str(30 * 24 * 60 * 60))
)

# Password reset links work for 1 hour; in development the email is printed on the console.
PASSWORD_RESET_TIMEOUT = 60 * 60
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Sessions end after 30 minutes idle (the page warns first) and after 10 hours in any case.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_WARN_SECONDS = 120
SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
if SECURE:
    # The __Host- prefix pins cookies to this host over HTTPS with Path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# How many TLS proxies of our own sit in front of the web servers: the client's address is read
# from X-Forwarded-For that many hops from the right (corporate_parenting.network).
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_PROXY") else "0")
)

# GOV.UK Frontend's one inline script (it marks the body as JS-enabled) is allowed by its hash.
GOVUK_BODY_CLASS_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype"
    " ? ' govuk-frontend-supported' : '');"
)
_body_script_hash = base64.b64encode(
    hashlib.sha256(GOVUK_BODY_CLASS_SCRIPT.encode()).digest()
).decode()
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'sha256-{_body_script_hash}'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Dashboards cache indicator values (reports/values.py). Share the cache between web processes
# in production with REDIS_CACHE_URL, a Redis database of its own (clearing it flushes it). With
# Redis down the cache is a miss and pages are still served (corporate_parenting.cache); the
# short timeouts keep a hung Redis from holding up a page.
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", "")
# Keys carry the database's name: two databases sharing one Redis never read each other's figures.
CACHES = {
    "default": {
        "BACKEND": "corporate_parenting.cache.TolerantRedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CACHES["default"]["KEY_PREFIX"] = DATABASES["default"]["NAME"]

# Celery. Redis when REDIS_URL is set; otherwise a real worker on kombu's filesystem transport.
REDIS_URL = os.environ.get("REDIS_URL", "")
if not DEBUG and not REDIS_URL:
    raise ImproperlyConfigured("Set REDIS_URL to the Celery broker: DEBUG is off.")
CELERY_DATA_DIR = Path(os.environ.get("CELERY_DATA_DIR", BASE_DIR / "var" / "celery"))
# The ONS postcode directory, read once from its package and kept here in a form that loads in
# milliseconds (placements/postcodes.py); safe to delete, rebuilt on first use.
POSTCODE_CACHE_DIR = Path(os.environ.get("POSTCODE_CACHE_DIR", BASE_DIR / "var" / "postcodes"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Longer than the longest task, so a running task is not handed to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(2 * 60 * 60)))
    }
else:
    for sub in ("in", "processed", "results"):
        (CELERY_DATA_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "in"),
        "data_folder_out": str(CELERY_DATA_DIR / "in"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_DATA_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
# Drills shorten the visibility timeout so a task lost with a killed worker is redelivered soon.
if REDIS_URL and os.environ.get("CELERY_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        visibility_timeout=int(os.environ["CELERY_VISIBILITY_TIMEOUT"]),
        unacked_restore_interval=1,
        unacked_restore_throttle=1,
    )

# /healthz: a worker proves it still consumes by running the heartbeat task (celery beat, every
# HEALTH_HEARTBEAT_SECONDS); the worker counts as down once its last heartbeat is older than
# HEALTH_WORKER_STALE_SECONDS. The computed status is cached HEALTHZ_CACHE_SECONDS. Details (which
# part is down) go to staff, or to a request carrying HEALTHZ_TOKEN (header X-Health-Token).
HEALTH_HEARTBEAT_SECONDS = int(os.environ.get("HEALTH_HEARTBEAT_SECONDS", "15"))
HEALTH_WORKER_STALE_SECONDS = int(os.environ.get("HEALTH_WORKER_STALE_SECONDS", "60"))
HEALTHZ_CACHE_SECONDS = int(os.environ.get("HEALTHZ_CACHE_SECONDS", "10"))
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# Report runs still queued this long after they were asked for are sent to the workers again
# (reports.report_runs.report_runs_stale), checked every REPORT_RUN_SWEEP_SECONDS.
REPORT_RUN_RESEND_AFTER_SECONDS = int(os.environ.get("REPORT_RUN_RESEND_AFTER_SECONDS", "300"))
REPORT_RUN_SWEEP_SECONDS = int(os.environ.get("REPORT_RUN_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    # Uploaded SSDA903 files checked but never confirmed are deleted after the retention period.
    "import-uploads-purge": {"task": "placements.import_uploads_purge", "schedule": 60 * 60},
    # Board reports: each board's standard reports ahead of a meeting (idempotent, hourly).
    "board-standard-reports": {"task": "reports.scheduled_runs_create", "schedule": 60 * 60},
    # Report runs queued while the broker was down, or whose message was lost, are sent again.
    "report-runs-resend": {
        "task": "reports.report_runs_resend",
        "schedule": REPORT_RUN_SWEEP_SECONDS,
        "options": {"expires": REPORT_RUN_SWEEP_SECONDS},
    },
    "worker-heartbeat": {
        "task": "corporate_parenting.worker_heartbeat",
        "schedule": HEALTH_HEARTBEAT_SECONDS,
        "options": {"expires": HEALTH_HEARTBEAT_SECONDS},
    },
}

# SSDA903 uploads in the browser: limits per file and in all (a year of 100,000 children's
# files is about 40 MB), and how long files checked but never imported are kept.
SSDA903_UPLOAD_MAX_FILE_BYTES = int(os.environ.get("SSDA903_UPLOAD_MAX_FILE_BYTES", 50 * 2**20))
SSDA903_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("SSDA903_UPLOAD_MAX_TOTAL_BYTES", 150 * 2**20))
SSDA903_UPLOAD_RETENTION_HOURS = int(os.environ.get("SSDA903_UPLOAD_RETENTION_HOURS", 24))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A denial (403) is logged on one line and audited; its traceback tells nothing.
    "filters": {"no_traceback_for_denials": {"()": "corporate_parenting.logs.NoTracebackFor403"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_traceback_for_denials"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Small-number suppression in anything a board member sees or that is published.
SUPPRESSION_THRESHOLD = int(os.environ.get("SUPPRESSION_THRESHOLD", "5"))

# Rates of children looked after are per this many children aged 0-17 (England: 10,000; some
# Welsh committees quote per 100,000).
RATE_PER = int(os.environ.get("RATE_PER", "10000"))

# The dashboard compares today's figures with those one board cycle earlier (8 weeks).
BOARD_CYCLE_DAYS = int(os.environ.get("BOARD_CYCLE_DAYS", "56"))

# Trend points for earlier month ends are cached this long whatever changes (0: compute them
# live); docs/adr/0004-cached-indicator-values-for-dashboards.md.
REPORTS_TREND_CACHE_SECONDS = int(os.environ.get("REPORTS_TREND_CACHE_SECONDS", "3600"))

# The council's ONS local authority district codes (comma-separated; a county council has
# several): a placement whose postcode is in one of them is inside the council's area.
COUNCIL_ONS_CODES = tuple(
    code.strip() for code in os.environ.get("COUNCIL_ONS_CODES", "").split(",") if code.strip()
)


# Board report PDFs (reports/pdf): the board named on a report that is not for a meeting, and a
# pause while each report is drawn. The pause is 0 in service; the test that kills a worker
# mid-render sets it in that worker's environment only, so that there is a render to interrupt.
REPORTS_DEFAULT_BOARD_NAME = os.environ.get(
    "REPORTS_DEFAULT_BOARD_NAME", "Corporate Parenting Board"
)
REPORTS_RENDER_PAUSE_SECONDS = float(os.environ.get("REPORTS_RENDER_PAUSE_SECONDS", "0"))

# Board papers uploaded to an agenda item (meetings/uploads.py): PDF or Word, at most this size.
MEETINGS_PAPER_MAX_BYTES = int(os.environ.get("MEETINGS_PAPER_MAX_BYTES", str(20 * 1024 * 1024)))
