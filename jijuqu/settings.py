"""Settings, all from environment variables with defaults that work on a laptop.

So one can install the package and run `jijuqu demo` with nothing configured: SQLite in a data
directory, DEBUG off unless asked for. Production (JIJUQU_PRODUCTION=1) refuses the default secret.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jijuqu.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEFAULT_SECRET_KEY = "jijuqu-insecure-default-secret-change-me"
SECRET_KEY = os.getenv("SECRET_KEY", DEFAULT_SECRET_KEY)
PRODUCTION = envbool("JIJUQU_PRODUCTION", "0")
DEBUG = envbool("DEBUG", "0")
if PRODUCTION and (SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "JIJUQU_PRODUCTION=1 needs SECRET_KEY set to a random value of at least 32 characters."
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("JIJUQU_PRODUCTION=1 cannot run with DEBUG=1.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

DATA_DIR = Path(os.getenv("JIJUQU_DATA_DIR", Path.cwd() / "data"))
SQLITE_PATH = DATA_DIR / "jijuqu.sqlite3"
DATABASES = {
    # An empty DATABASE_URL (as `DATABASE_URL= cmd` or an unset CI variable gives) means the default.
    "default": dj_database_url.parse(os.getenv("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A connection is kept between a thread's requests (opening one costs PostgreSQL a process and the
    # handshake, several ms a request) and checked before reuse, so a restarted server is reconnected.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.getenv("JIJUQU_DB_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A form's choices are read with .iterator(): on PostgreSQL a server-side cursor, three round trips
    # (DECLARE, FETCH, CLOSE) for a list of a few hundred zones. No page streams a large result.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one connection writes. Writers queue: IMMEDIATE takes the write lock
    # when a transaction begins (so it never has to be upgraded mid-way, which SQLite refuses with
    # "database is locked"), and a writer waits up to `timeout` seconds for it instead of failing.
    # Reads go through a memory map of the file (up to 1 GiB) instead of copying every page into each
    # connection's 2 MB cache: a connection lives one request, and the OS's cache of the file is
    # shared by all of them (the province's 月通报 scans 100,000 projects: 1.8 s -> 1.6 s).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.getenv("JIJUQU_SQLITE_TIMEOUT", "30")),
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "jijuqu.core",
    "jijuqu.zones",
    "jijuqu.enterprises",
    "jijuqu.projects",
    "jijuqu.imports",
    "jijuqu.reports",
    "jijuqu.assessment",
    "jijuqu.land",
    "jijuqu.service",
    "jijuqu.dashboard",
    "jijuqu.jobs",
    "jijuqu.attraction",
    "jijuqu.chains",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jijuqu.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Log lines written while serving a request name its path and user.
    "jijuqu.core.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A save from a stale copy outside the edit form and the API: back to the page, with a message.
    "jijuqu.core.middleware.StaleRecordMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jijuqu.urls"
WSGI_APPLICATION = "jijuqu.wsgi.application"

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
                "django.template.context_processors.i18n",
                "jijuqu.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes counts failed logins per user name and address; the first backend refuses a locked pair.
AUTHENTICATION_BACKENDS = [
    "jijuqu.core.backends.LoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.getenv("JIJUQU_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.getenv("JIJUQU_LOGIN_LOCKOUT_MINUTES", "15")))
# One user name from one address: a guesser is stopped without letting anyone lock a colleague out
# from elsewhere. The address is REMOTE_ADDR; X-Forwarded-For counts only when REMOTE_ADDR is one of
# JIJUQU_TRUSTED_PROXIES (the nginx in front), as anyone can send one (jijuqu.core.backends.client_ip).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
JIJUQU_TRUSTED_PROXIES = envlist("JIJUQU_TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "jijuqu.core.backends.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jijuqu.core.views.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
FORMAT_MODULE_PATH = ["jijuqu.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `jijuqu collectstatic` (and `jijuqu serve`, which runs it) puts the static files. When it is set,
# WhiteNoise serves the collected, compressed files from there; otherwise (runserver, the demo, tests) it
# serves them straight from the installed package. Either way: no CDN, works offline.
STATIC_ROOT = os.getenv("STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads (photos, imported workbooks). Several app servers share one directory (NFS or the like).
MEDIA_ROOT = Path(os.getenv("JIJUQU_MEDIA_DIR") or DATA_DIR / "media")
MEDIA_URL = "media/"
# Bounds on an uploaded workbook (jijuqu.imports.reader): beyond them it is refused before parsing.
JIJUQU_IMPORT_MAX_BYTES = int(os.getenv("JIJUQU_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
JIJUQU_IMPORT_MAX_UNCOMPRESSED = int(os.getenv("JIJUQU_IMPORT_MAX_UNCOMPRESSED", str(300 * 1024 * 1024)))
JIJUQU_IMPORT_MAX_RATIO = int(os.getenv("JIJUQU_IMPORT_MAX_RATIO", "100"))
JIJUQU_IMPORT_MAX_ROWS = int(os.getenv("JIJUQU_IMPORT_MAX_ROWS", "200000"))
JIJUQU_IMPORT_MAX_COLUMNS = int(os.getenv("JIJUQU_IMPORT_MAX_COLUMNS", "256"))
JIJUQU_IMPORT_MAX_CELLS = int(os.getenv("JIJUQU_IMPORT_MAX_CELLS", "8000000"))
JIJUQU_IMPORT_MAX_SECONDS = float(os.getenv("JIJUQU_IMPORT_MAX_SECONDS", "60"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DJANGO_TABLES2_TEMPLATE = "generic/inc/datatable.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
# Sessions live in the database (Django's default, said here because several app servers rely on it).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# HTTPS-only cookies are their own setting, not implied by JIJUQU_PRODUCTION: an intranet served over
# plain HTTP must still be able to log in.
SESSION_COOKIE_SECURE = envbool("JIJUQU_SECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind nginx terminating HTTPS: trust its X-Forwarded-Proto (only set this behind such a proxy, as a
# client could send the header itself).
if envbool("JIJUQU_PROXY_SSL_HEADER", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Errors (and the jijuqu loggers' notes) to stderr and to a rotating file in the data directory, each
# line with the request's path and user (jijuqu.core.logs). JIJUQU_LOG_FILE= (empty) keeps stderr only.
LOG_FILE = os.getenv("JIJUQU_LOG_FILE", str(DATA_DIR / "logs" / "jijuqu.log"))
LOGGING = logging_config(LOG_FILE or None, os.getenv("JIJUQU_LOG_LEVEL", "INFO").upper())

# 时序进度 by month (10/12 at the end of October) or by days elapsed ("day").
JIJUQU_SCHEDULE_BY = os.getenv("JIJUQU_SCHEDULE_BY", "month")
# Days an API token lives unless `jijuqu create_token --days` or the token page says otherwise.
JIJUQU_TOKEN_DAYS = int(os.getenv("JIJUQU_TOKEN_DAYS", "90"))
# Days past its deadline after which a problem goes from the leader in charge to the principal leader.
JIJUQU_ESCALATION_DAYS = int(os.getenv("JIJUQU_ESCALATION_DAYS", "7"))
# Day of the month by which last month's progress reports are due: until then pages and 通报 open on the
# month before (core.periods.Period.closed).
JIJUQU_REPORT_DEADLINE_DAY = int(os.getenv("JIJUQU_REPORT_DEADLINE_DAY", "5"))

# Background jobs (large imports, report files, Monte Carlo rankings) are rows in the database, run by
# `jijuqu worker` (django-tasks' database backend): they survive a server restart, and several workers
# on several machines share one PostgreSQL queue (a job is claimed with SELECT … FOR UPDATE SKIP LOCKED).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker writes a heartbeat this often; /healthz wants one seen within JIJUQU_WORKER_STALE_SECONDS.
JIJUQU_WORKER_HEARTBEAT_SECONDS = float(os.getenv("JIJUQU_WORKER_HEARTBEAT_SECONDS", "10"))
JIJUQU_WORKER_STALE_SECONDS = float(os.getenv("JIJUQU_WORKER_STALE_SECONDS", "60"))
# A 月通报 file of an area with more key projects than this is made by the worker, not in the request.
JIJUQU_REPORT_JOB_PROJECTS = int(os.getenv("JIJUQU_REPORT_JOB_PROJECTS", "2000"))
# A framework ranking more zones than this gets its rank intervals (Monte Carlo) from the worker.
JIJUQU_RANKING_INLINE_ZONES = int(os.getenv("JIJUQU_RANKING_INLINE_ZONES", "30"))
# Days of change history `jijuqu prune_history` keeps (each record's latest change is always kept);
# empty (the default) keeps all history.
JIJUQU_HISTORY_DAYS = int(os.getenv("JIJUQU_HISTORY_DAYS") or 0) or None
# 招商引资: months without contact after which a lead's light turns yellow, red, and it goes dormant.
JIJUQU_LEAD_YELLOW_MONTHS = int(os.getenv("JIJUQU_LEAD_YELLOW_MONTHS", "2"))
JIJUQU_LEAD_RED_MONTHS = int(os.getenv("JIJUQU_LEAD_RED_MONTHS", "3"))
JIJUQU_LEAD_ARCHIVE_MONTHS = int(os.getenv("JIJUQU_LEAD_ARCHIVE_MONTHS", "6"))
# What makes a signed contract 履约 (all listed must hold): registered, site (land or building), funds.
JIJUQU_CONTRACT_HONOURED = os.getenv("JIJUQU_CONTRACT_HONOURED", "registered,site,funds")
# A contract signed more than this many months ago and not started is overdue (超时限未开工).
JIJUQU_CONTRACT_START_MONTHS = int(os.getenv("JIJUQU_CONTRACT_START_MONTHS", "6"))
# 产业链: a segment with local enterprises is a 弱链 when its output in the year is below this many 万元,
# or below this share (percent) of the chain's output; otherwise a 强链 (at a threshold exactly: strong).
JIJUQU_CHAIN_WEAK_OUTPUT = Decimal(os.getenv("JIJUQU_CHAIN_WEAK_OUTPUT", "10000"))
JIJUQU_CHAIN_WEAK_SHARE = Decimal(os.getenv("JIJUQU_CHAIN_WEAK_SHARE", "5"))
