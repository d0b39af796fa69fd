"""zhichuang settings: one module, configured from environment variables.

Every variable is listed in the README's configuration table. The defaults are the
embedded ones (SQLite, local files, database-backed tasks) so that a laptop runs
the whole platform with no server.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ZHICHUANG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest the test defaults apply (immediate tasks, fast hasher, generated secrets).
TESTING = env_bool("ZHICHUANG_TESTING", "pytest" in sys.modules)
# Demo mode: fixed demo accounts are only created and accepted while this is on.
DEMO_MODE = env_bool("ZHICHUANG_DEMO", False)
# Running on this machine only (development, the demo): secrets generated into var/, static files from
# the finders, plain-http cookies, mail to the console. The demo runs with DEBUG off, so that its visitors
# meet the product's own 404, 403 and 500 pages rather than Django's technical ones.
LOCAL = DEBUG or DEMO_MODE


def _local_secret(name: str) -> str:
    """A secret kept in var/ (never in the repository), created on first use.

    Only allowed while DEBUG or the demo is on: production must configure its secrets.
    """
    if not (LOCAL or TESTING):
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / f"{name.lower()}.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret("SECRET_KEY")
# Personal data (ID numbers, mobile numbers) is encrypted with this key; see core/crypto.py.
PII_ENCRYPTION_KEY = os.environ.get("PII_ENCRYPTION_KEY") or _local_secret("PII_ENCRYPTION_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "ninja",  # serves its bundled Swagger UI files: the API docs work offline
    "zhichuang.core",
    "zhichuang.orgs",
    "zhichuang.accounts",
    "zhichuang.audit",
    "zhichuang.imports",
    "zhichuang.workflow",
    "zhichuang.notifications",
    "zhichuang.todo",
    "zhichuang.payouts",
    "zhichuang.proposals",
    "zhichuang.talent",
    "zhichuang.training",
    "zhichuang.experts",
    "zhichuang.methods",
    "zhichuang.similarity",
    "zhichuang.demo",
    "zhichuang.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "zhichuang.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhichuang.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhichuang.accounts.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhichuang.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "zhichuang.urls"
WSGI_APPLICATION = "zhichuang.wsgi.application"

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
                "zhichuang.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhichuang.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Memory per sort or bitmap. With PostgreSQL's 4 MB a search for a common word inside a district
    # builds lossy bitmaps, and rechecking them recomputes the search index's expression row by row
    # (1.7 s instead of 50 ms at 1M proposals; docs/benchmarks.md). 32 MB holds them exactly.
    work_mem = os.environ.get("DATABASE_WORK_MEM", "32MB")
    # Parallel workers take longer to start (about 5 ms) than the small queries of a page take to run
    # (an enterprise's list at 1M proposals: 7.8 ms with two workers, 1.6 ms without), and a busy
    # server's requests already keep every core working. Raise it for a reporting-only connection.
    parallel = int(os.environ.get("DATABASE_PARALLEL_WORKERS", "0"))
    # JIT compiles a query whose estimated cost passes 100,000, which a page's query with a correlated
    # EXISTS or a count reaches easily at the city's scale: 25–150 ms of compiling for a query that runs
    # in 5–40 ms (the named methods' list: 113 ms with JIT, 45 without). Pages never gain from it.
    jit = os.environ.get("DATABASE_JIT", "off")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={work_mem} -c max_parallel_workers_per_gather={parallel} -c jit={jit}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Tests keep their cache in memory (and empty it before each test), never in a Redis they might share.
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (Django's tasks framework). "database" needs no extra server: the
# demo command starts a worker beside the web server; production runs
# `zhichuang db_worker` (or `zhichuang rqworker` with TASKS_BACKEND=redis).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "database")
_TASK_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "redis": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
if TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs REDIS_URL.")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["zhichuang.accounts.backends.UsernameOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many accounts; the production hasher stays Argon2 (tested in accounts).
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *PASSWORD_HASHERS,
    ]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhichuang.accounts.passwords.CharacterClassValidator"},
]
# Lockout: this many failed logins within the window lock the account and the address.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))

# Idle timeout: the session expires this many minutes after the last request, give or take
# SESSION_REFRESH_SECONDS: the expiry is pushed back at most that often (SessionRefreshMiddleware),
# not with a write on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
# With a shared Redis, sessions are read from it and written through to the database (a query less
# per request); the local-memory cache is per process, so one process's logout would not reach the
# others' copies: without Redis the database alone holds them.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not LOCAL and not TESTING
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (nginx) whose X-Real-IP header names the client: see core.request_context.client_ip.
TRUSTED_PROXIES = frozenset(env_list("TRUSTED_PROXIES", ""))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if LOCAL else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The browsers' HSTS preload list is for public sites; a union's intranet host cannot be on it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Only the platform's own files, served from its own origin (node_modules included): no inline script,
# no eval, no inline style (htmx's indicator style is in app.css, sizes from the data are set through the
# CSSOM, ECharts draws its tooltips on the canvas). data: images are Bootstrap's SVG icons inside its CSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Set by core.middleware.SecurityHeadersMiddleware (Django has no setting for these two).
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Front-end packages installed from the npm registry by `npm ci` (see package.json).
STATICFILES_DIRS = [("vendor", PROJECT_DIR / "node_modules")] if (PROJECT_DIR / "node_modules").exists() else []
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# In development, the demo and tests WhiteNoise serves straight from the finders (runserver serves nothing
# itself while DEBUG is off); production serves collectstatic's output.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = LOCAL or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if LOCAL else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhichuang@localhost")

# Audit log rows younger than this are never pruned (MLPS 2.0 asks for at least 180 days).
AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("AUDIT_RETENTION_DAYS", "365")))
# Upload limit for imports, in bytes.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
