"""Settings come from the environment; local defaults are safe, production refuses unsafe ones."""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TICMS_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = BASE_DIR / "node_modules"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Fail closed: DEBUG is off unless set (`make run` sets DEBUG=1 for development).
DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-insecure-secret-key-for-local-use-only-never-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
# Separate keys: leaking one must not compromise the other.
ID_HASH_KEY = os.environ.get("TICMS_ID_HASH_KEY", "dev-id-hash-key")
AUDIT_KEY = os.environ.get("TICMS_AUDIT_KEY", "dev-audit-key")

# The development keys are allowed with DEBUG on, or when the test suite asks for them
# explicitly (ticms/settings_test.py); never silently in production.
if not DEBUG and not env_bool("TICMS_ALLOW_DEV_KEYS", False):
    weak = [
        name
        for name, value, dev in (
            ("SECRET_KEY", SECRET_KEY, _DEV_SECRET),
            ("TICMS_ID_HASH_KEY", ID_HASH_KEY, "dev-id-hash-key"),
            ("TICMS_AUDIT_KEY", AUDIT_KEY, "dev-audit-key"),
        )
        if value == dev or len(value) < 32
    ]
    if weak:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off: set strong values (32+ characters) for "
            + ", ".join(weak)
            + " (or DEBUG=1 on a development machine)"
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "ticms.common.apps.TicmsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ticms.common",
    "ticms.accounts",
    "ticms.regulation",
    "ticms.catalog",
    "ticms.centers",
    "ticms.establishment",
    "ticms.reviews",
    "ticms.reporting",
    "ticms.matters",
    "ticms.evaluation",
    "ticms.dashboard",
    "ticms.demo",
    "ticms.bench",
    "ticms.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ticms.common.middleware.DefaultLanguageMiddleware",
    # Before anything reads the body: a declared length over the limit is refused unread.
    "ticms.common.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check: it looks at form fields only in process_view, once CSRF has passed.
    "ticms.common.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ticms.common.middleware.NotFoundPageMiddleware",
    "axes.middleware.AxesMiddleware",
]

# An index that carries a non-key column for PostgreSQL's index-only scans (the annual report
# list); SQLite ignores the column and needs none, its indexes hold the rowid.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

ROOT_URLCONF = "ticms.urls"
WSGI_APPLICATION = "ticms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ticms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ticms.dashboard.context_processors.navigation",
            ],
            "builtins": ["ticms.common.templatetags.ticms_tags"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ticms.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Concurrent web + worker processes need WAL and a busy timeout on SQLite.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process (throttle counters): a table in the database, made by `migrate`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ticms_cache",
    }
}

# Uploads: attachments are at most 20 MB (common.files.MAX_ATTACHMENT_BYTES); a request that
# declares more than that plus room for its form fields is refused before its body is read.
MAX_REQUEST_BYTES = 21 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields and JSON bodies, without the files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ticms.accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one account, or from
# one address, both are locked for the cool-off; the administrator lifts a lock earlier (README).
AXES_FAILURE_LIMIT = int(os.environ.get("TICMS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TICMS_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ticms.common.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "ticms.accounts.login_security.locked_out"
AXES_ENABLE_ADMIN = False  # the system administrator's own admin (accounts.admin) shows locks
AXES_VERBOSE = False
# Addresses of the reverse proxies whose X-Forwarded-For is believed; otherwise REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "ticms" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "ticms" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# WhiteNoise warns when STATIC_ROOT is missing; collectstatic fills it in production.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TICMS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security headers; the production ones switch on whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 50

TICMS = {
    "SITE_TITLE": _("江苏省技术创新中心管理信息系统"),
    "PAGE_SIZE": 25,
    # 第二十二条: the report of year Y is due on this (month, day) of Y + 1, unless the province
    # sets another date for Y; reminders go out this many days before it.
    "ANNUAL_REPORT_DUE": (3, 31),
    "ANNUAL_REPORT_REMIND_DAYS": (30, 7, 1),
    # The first year whose reports are filed in TICMS: earlier years are never "overdue" here.
    "ANNUAL_REPORTS_FROM": int(os.environ.get("TICMS_ANNUAL_REPORTS_FROM", "2025")),
    # Public objections accepted from one address: (count, seconds) per notice, and in all.
    "OBJECTION_RATE_PER_NOTICE": (5, 3600),
    "OBJECTION_RATE_PER_ADDRESS": (20, 3600),
}
