"""Hygie settings, read from environment variables (see docs/deploy.md).

With no variable set, Hygie runs on its embedded defaults: SQLite in ./data,
mail printed to the console, no other service.
"""

import sys
from pathlib import Path

from hygie.lib.env import (
    database_from_url,
    envbool,
    envint,
    envlist,
    envsecret,
    envsecret_kept,
    envstr,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("HYGIE_DATA_DIR") or Path.cwd() / "data").resolve()
TESTING = len(sys.argv) > 1 and sys.argv[1] == "test"

SECRET_KEY = envsecret("HYGIE_SECRET_KEY", DATA_DIR / "secret_key")
# A key of its own for the audit journal's chain and seals, so that rotating
# SECRET_KEY does not make every past entry fail verification. In production it
# is kept outside the data folder (the variable, or a secret file): the
# deployment check warns otherwise.
JOURNAL_KEY, JOURNAL_KEY_FILE = envsecret_kept(
    "HYGIE_JOURNAL_KEY", "HYGIE_JOURNAL_KEY_FILE", DATA_DIR / "journal_key"
)

DEBUG = envbool("HYGIE_DEBUG", False)
# The address in links (e-mails, calendar, cyberquiz): HYGIE_SITE_URL, else
# where `hygie serve` listens (its --host and --port).
SITE_URL = site_url()
SITE_NAME = "Hygie"
ALLOWED_HOSTS = envlist("HYGIE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("HYGIE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "hygie.accounts",
    "hygie.orgs",
    "hygie.journal",
    "hygie.content",
    "hygie.deadlines",
    "hygie.diagnostic",
    "hygie.incidents",
    "hygie.rights",
    "hygie.register",
    "hygie.quiz",
    "hygie.phishing",
    "hygie.identity",
    "hygie.passwords",
    "hygie.backups",
    "hygie.awareness",
    "hygie.surveys",
    "hygie.territory",
    "hygie.newsletter",
    "hygie.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hygie.lib.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hygie.accounts.middleware.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hygie.lib.middleware.refuse_nul_characters",
]

ROOT_URLCONF = "hygie.urls"
# Form fields render through templates/django/forms/field.html.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ASGI_APPLICATION = "hygie.asgi.application"
WSGI_APPLICATION = "hygie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hygie.front.context_processors.hygie",
            ],
            # Replaces Django's `pluralize`, whose English rule writes « 0 réponses ».
            "builtins": ["hygie.front.templatetags.french"],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
        },
    }
]

# Database: SQLite in the data folder, tuned for several readers and one writer
# at a time; PostgreSQL when HYGIE_DATABASE_URL is set.
if database_url := envstr("HYGIE_DATABASE_URL"):
    DATABASES = {"default": database_from_url(database_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "hygie.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if redis_url := envstr("HYGIE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": envstr("HYGIE_CACHE_PREFIX", "hygie"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The cyberquiz's messages between screens: in the process by default (one
# worker), through Redis when several worker processes serve the same games.
if redis_url:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis' layer, made to honour every cancellation.
            "BACKEND": "hygie.quiz.layers.RedisChannelLayer",
            "CONFIG": {
                # redis-py gives up on a read after 5 s by default, the time
                # channels-redis blocks waiting for a message: the screens of a
                # quiet game would then lose their connection. Wait longer than
                # the layer blocks. redis-py 8 also caps a pool at 100
                # connections and fails beyond: leave room for bursts.
                "hosts": [{"address": redis_url, "socket_timeout": 30, "max_connections": 1000}],
                "prefix": envstr("HYGIE_CACHE_PREFIX", "hygie") + ":quiz",
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            # Few channels: the host screens, and one per game for its phones.
            "BACKEND": "channels.layers.InMemoryChannelLayer",
        }
    }
# Pseudonyms and answers of ended games are deleted after this many days; the
# anonymous per-theme figures stay.
QUIZ_KEEP_DAYS = envint("HYGIE_QUIZ_KEEP_DAYS", 30)
# How long the kind of answer expected is announced before each question.
QUIZ_ANNOUNCE_SECONDS = 2
# Suspicious messages: the largest file the pages accept (refused in French,
# before it is read; a reverse proxy must let it through, docs/deploy.md),
# and how long an organisation's kept reports stay.
PHISHING_MAX_FILE_BYTES = envint("HYGIE_MESSAGE_MAX_FILE_BYTES", 25 * 1024 * 1024)
PHISHING_KEEP_DAYS = envint("HYGIE_MESSAGE_REPORTS_KEEP_DAYS", 365)
# Identity files to audit: the largest accepted (refused in French before it
# is read), and where an upload waits, never in the database, until its audit
# or for an hour at most (a folder on the one machine the app processes share).
IDENTITY_MAX_FILE_BYTES = envint("HYGIE_IDENTITY_MAX_FILE_BYTES", 300 * 1024 * 1024)
IDENTITY_UPLOAD_DIR = Path(envstr("HYGIE_IDENTITY_UPLOAD_DIR") or DATA_DIR / "identite-temp")
IDENTITY_UPLOAD_MAX_AGE_SECONDS = envint("HYGIE_IDENTITY_UPLOAD_MAX_AGE_SECONDS", 3600)
# A kept audit report names patients (its PDF): it is deleted after this many
# days by the hourly housekeeping.
IDENTITY_REPORT_KEEP_DAYS = envint("HYGIE_IDENTITY_REPORTS_KEEP_DAYS", 90)
# The audit of an uploaded identity file runs in a thread of the web process
# (hygie/identity/audit_jobs.py); off, it runs within the request (tests).
IDENTITY_AUDIT_IN_BACKGROUND = envbool("HYGIE_IDENTITY_AUDIT_IN_BACKGROUND", True)
# Anonymous surveys: questionnaires accepted from one network (an IPv4 address
# or an IPv6 /64) in ten minutes. A hospital, a group practice or a training
# room answering through the projected QR code shares one address: 120 lets a
# room of a hundred answer at once, while a flood beyond it is refused (and
# one under it is seen on the timeline and set aside). The bench raises it,
# all its clients sharing 127.0.0.1.
SURVEY_SUBMISSIONS_PER_NETWORK = envint("HYGIE_SURVEY_SUBMISSIONS_PER_NETWORK", 120)
# The territory: practices' snapshots refreshed at each pass of the background
# loop once they are an hour old, this many at most per pass, oldest first.
TERRITORY_REFRESH_BATCH = envint("HYGIE_TERRITORY_REFRESH_BATCH", 100)
# After a join, a leave or a refresh, the dashboard is computed again in a
# thread of the process, so that the next visitor finds it ready (tests: off).
TERRITORY_PREPARE_DASHBOARD = envbool("HYGIE_TERRITORY_PREPARE_DASHBOARD", True)

# Accounts and passwords
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:start"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # argon2id (ANSSI R29)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "hygie.accounts.passwords.CnilPolicyValidator"},
    {"NAME": "hygie.accounts.passwords.PersonalDataValidator"},
    {"NAME": "hygie.accounts.passwords.StrengthValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Login throttling: growing delays per account and network, a lock only when
# guesses come from several networks (see accounts/throttle.py).
LOGIN_FREE_FAILURES = envint("HYGIE_LOGIN_FREE_FAILURES", 5)
LOGIN_MAX_DELAY_SECONDS = envint("HYGIE_LOGIN_MAX_DELAY_SECONDS", 15 * 60)
LOGIN_ADDRESS_FREE_FAILURES = envint("HYGIE_LOGIN_ADDRESS_FREE_FAILURES", 30)
LOGIN_ADDRESS_WINDOW_MINUTES = envint("HYGIE_LOGIN_ADDRESS_WINDOW_MINUTES", 15)
LOGIN_LOCK_FAILURES = envint("HYGIE_LOGIN_LOCK_FAILURES", 30)
LOGIN_LOCK_PER_NETWORK = envint("HYGIE_LOGIN_LOCK_PER_NETWORK", 10)
LOGIN_UNLOCK_LINK_HOURS = envint("HYGIE_LOGIN_UNLOCK_LINK_HOURS", 24)
# Wrong game PINs on /jouer/, per network: free ones per window, then growing delays.
QUIZ_PIN_FREE_FAILURES = envint("HYGIE_QUIZ_PIN_FREE_FAILURES", 30)
QUIZ_PIN_WINDOW_MINUTES = envint("HYGIE_QUIZ_PIN_WINDOW_MINUTES", 15)
QUIZ_PIN_MAX_DELAY_SECONDS = envint("HYGIE_QUIZ_PIN_MAX_DELAY_SECONDS", 5 * 60)

# Sessions: stored in the database with their owner, so that a person can see
# and end them. Inactivity ends a session (default 30 minutes, per organisation).
SESSION_ENGINE = "hygie.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_NAME = "hygie_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_IDLE_MINUTES_DEFAULT = 30
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "hygie.front.views.csrf_failure"

OTP_TOTP_ISSUER = "Hygie"
# Support staff never see a person's TOTP secret or its QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# HTTPS and headers. HYGIE_HTTPS=1 behind a TLS-terminating proxy or server.
HTTPS = envbool("HYGIE_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # The health check answers local probes over plain HTTP too.
    SECURE_REDIRECT_EXEMPT = [r"^etat/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("HYGIE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-hygie_session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind a reverse proxy, uvicorn takes the client address and scheme from the
# proxy's headers (docs/deploy.md); Django then trusts X-Forwarded-Proto.
BEHIND_PROXY = envbool("HYGIE_BEHIND_PROXY", False)
FORWARDED_ALLOW_IPS = envstr("HYGIE_FORWARDED_ALLOW_IPS", "127.0.0.1")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; manifest-src 'self'"
)

# Requests of one process running at once (hygie/lib/asgi.py): pages, and PDFs.
CONCURRENT_PAGES = envint("HYGIE_CONCURRENT_PAGES", 3)
CONCURRENT_DOCUMENTS = envint("HYGIE_CONCURRENT_DOCUMENTS", 4)
# Seconds a laid-out PDF is kept, keyed by the digest of its content.
PDF_CACHE_SECONDS = envint("HYGIE_PDF_CACHE_SECONDS", 3600)
# Lay out a document people are about to ask for (a diagnostic's report once
# it is completed) in the background, so that it is ready in the cache.
PREPARE_DOCUMENTS = envbool("HYGIE_PREPARE_DOCUMENTS", True)

# Uploads: refuse oversized requests before reading them (French 400 page).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("HYGIE_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Mail: printed to the console unless an SMTP server is configured.
DEFAULT_FROM_EMAIL = envstr("HYGIE_EMAIL_FROM", "Hygie <ne-pas-repondre@hygie.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if email_host := envstr("HYGIE_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_host
    EMAIL_PORT = envint("HYGIE_EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("HYGIE_EMAIL_USER")
    EMAIL_HOST_PASSWORD = envstr("HYGIE_EMAIL_PASSWORD")
    EMAIL_USE_TLS = envbool("HYGIE_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 20
elif email_dir := envstr("HYGIE_EMAIL_FILE_PATH"):
    # Each message written to a file of that folder (no mail server).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = email_dir
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The newsletter's letters sent at each pass of the loop (`hygie rappels
# --loop`, a pass a minute): the most sent per minute, over one connection.
NEWSLETTER_BATCH_SIZE = envint("HYGIE_NEWSLETTER_BATCH_SIZE", 200)
# For the crash test only: the loop dies right after the server accepted this
# many letters, before recording the last one (0: never).
NEWSLETTER_EXIT_AFTER = envint("HYGIE_NEWSLETTER_TEST_EXIT_AFTER", 0)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static" if not TESTING else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (TESTING or DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "hygie": {"level": "INFO"},
        # Tracebacks of server errors, right after the reference logged by handler500.
        "django.request": {"level": "ERROR" if not TESTING else "CRITICAL"},
    },
}

TEST_RUNNER = "hygie.tests.runner.Runner"

if TESTING:
    # Speed is a feature: a fast hasher in tests only (production uses argon2id).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    LOGGING["loggers"]["hygie"]["level"] = "WARNING"
