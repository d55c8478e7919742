"""Loupe settings, read from the environment.

With no DATABASE_URL and no REDIS_URL the app runs on the embedded default: SQLite, an in-process
cache and Celery tasks executed eagerly, so it starts on any machine with Python. With them set it
runs on the real stack (PostgreSQL, Redis as broker, cache and rate-limit store).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: float, kind: type = int, minimum: float = 0):
    """A number from the environment; a bad value stops start-up with a message naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or number < minimum or number != number:  # NaN is never a limit
        raise ImproperlyConfigured(
            f"{name}={value!r}: expected {'an integer' if kind is int else 'a number'} "
            f"of at least {minimum}"
        )
    return number


DEBUG = env_bool("DEBUG", False)
# `make bench` only: installs the bench app (the floor view the rating POST is compared with).
BENCHMARK = env_bool("BENCHMARK", False)
# A fixed development key is only acceptable locally; `check --deploy` fails without a real one.
SECRET_KEY_FROM_ENV = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "django-insecure-loupe-development-key-not-for-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # The API's docs page (Swagger UI) from its own static files, not a CDN (the CSP allows none).
    "ninja",
    "axes",
    "config",
    "questionbank",
    "interviews",
    "interviews.reports",
    "interviews.calibration",
    "interviews.rooms",
    "interviews.demo",
    "interviews.webhooks",
    "interviews.api",
]
if BENCHMARK:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sheds a request that waited past QUEUE_BUDGET_MS behind the proxy, before any session or
    # query (config/middleware.py); after SecurityMiddleware, so the 503 has its headers.
    "config.middleware.QueueBudgetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and old sessions (config/middleware.py); before any view, with messages at hand.
    "config.middleware.SessionExpiryMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Gives a browser that just signed in its known-device cookie (config/known_devices.py).
    "config.known_devices.KnownDeviceMiddleware",
    # Turns a refused sign-in into its 429 (config/login_throttle.py); last, as axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# The candidate room's sockets (Channels): config/asgi.py routes /ws/ to them, the rest to Django.
ASGI_APPLICATION = "config.asgi.application"
ASGI_WEBSOCKET_ROUTES = "interviews.rooms.routing.websocket_urlpatterns"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, so psycopg prepares a statement run often on a connection
    # (the rating UPDATE, the session and user reads) and PostgreSQL stops re-planning it.
    # Behind a pooler that cannot keep prepared statements, set DATABASE_SERVER_SIDE_BINDING=0.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": env_bool("DATABASE_SERVER_SIDE_BINDING", True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Autosave and the console write often; WAL keeps readers from blocking on them.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Read through Redis, recorded in the database; survives Redis being down (config/sessions.py).
    SESSION_ENGINE = "config.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The rooms' channel layer: Redis, so pad updates cross ASGI processes and hosts; the embedded
# default (one process) keeps it in memory.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub: a relay is one PUBLISH to the room's group, received once by each
            # process that holds one of its sockets and handed to them there. The list-based
            # layer (channels_redis.core) ran a Lua script per send and a receive per socket: a
            # third of a keystroke's CPU at 100 rooms (bench/README.md, the pad phase). Pub/sub
            # keeps nothing for a process that is not listening (neither did the list layer once
            # full): a socket that missed an update notices the gap at the next one and asks for
            # what it lacks (Yjs sync step 1, answered from PostgreSQL, the record).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # A Redis that does not answer fails a broadcast in 2 s (logged; the change is
                # stored and sockets catch up when they reconnect) instead of hanging a request.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 2, "socket_connect_timeout": 2}],
                # Redis pub/sub channels are shared by all of a server's database numbers: the
                # prefix keeps deployments (and test runs) on one Redis from hearing each other.
                "prefix": os.environ.get("CHANNEL_PREFIX")
                or "loupe-rooms-" + (urlsplit(REDIS_URL).path.strip("/") or "0"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 5000},
        }
    }

# --- Celery ------------------------------------------------------------------------------------
# The longest task's hard limit; the broker's visibility timeout must exceed it, or Redis would
# hand an unacknowledged (acks_late) task to a second worker while the first is still running.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The tests' real workers and the bench each take a queue of their own, so that nothing else on
# the same Redis competes for their tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# CELERY_VISIBILITY_TIMEOUT exists for the tests that kill a worker mid-task and watch Redis hand
# the unacknowledged message to the next worker; `check --deploy` refuses it below the hard limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Results are never read: every task's effect is in PostgreSQL.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Report requests still pending (the broker was down, a message was lost) go out again.
    "requeue-report-requests": {
        "task": "interviews.reports.tasks.requeue_report_requests",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Calibration is also refreshed when an interview completes or is amended; hourly: the rest.
    "refresh-calibration": {
        "task": "interviews.calibration.tasks.refresh_calibration",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Webhook deliveries due (retries after their backoff, lost messages, stalled attempts).
    "sweep-webhook-deliveries": {
        "task": "interviews.webhooks.tasks.sweep_webhook_deliveries",
        "schedule": 10.0,
        "options": {"expires": 9},
    },
    "prune-webhook-events": {
        "task": "interviews.webhooks.tasks.prune_webhook_events",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "remind-open-scorecards": {
        "task": "interviews.reports.tasks.remind_open_scorecards",
        "schedule": 900.0,
        "options": {"expires": 600},
    },
}

# --- Reports and feedback links ----------------------------------------------------------------
# A pending report request is handed to the broker again after this long.
REPORT_REQUEUE_SECONDS = int(os.environ.get("REPORT_REQUEUE_SECONDS", "120"))
# A build "building" for longer than this lost its worker (the task's hard limit is 150 s).
REPORT_BUILD_STALE_SECONDS = 600
# A request whose builds never finish (they kill the worker each time) is failed after this many.
REPORT_MAX_ATTEMPTS = 8
# Panelists with an open scorecard are reminded this long after the interview, then as often.
REPORT_REMINDER_HOURS = float(os.environ.get("REPORT_REMINDER_HOURS", "4"))
FEEDBACK_LINK_DAYS = 14
FEEDBACK_LINK_MAX_DAYS = 90
# Capability links (config/ratelimit.py): a token that opens nothing spends the client's guessing
# budget (this many, one back every LINK_GUESS_REFILL_SECONDS); a token that opens a feedback link
# spends that link's reads, so guessing never locks out the holder of a valid link.
LINK_GUESS_BUDGET = env_number("LINK_GUESS_BUDGET", 20, minimum=1)
LINK_GUESS_REFILL_SECONDS = env_number("LINK_GUESS_REFILL_SECONDS", 10.0, float, minimum=0.001)
FEEDBACK_LINK_READS_PER_MINUTE = env_number("FEEDBACK_LINK_READS_PER_MINUTE", 60, minimum=5)
# A room link's page loads and socket connections per minute, whoever asks (a reconnecting pad
# costs one each time).
ROOM_LINK_READS_PER_MINUTE = env_number("ROOM_LINK_READS_PER_MINUTE", 120, minimum=10)
# Report PDF downloads per signed-in user: a burst of so many, then so many a minute.
REPORT_PDF_RATE_LIMIT = (
    env_number("REPORT_PDF_BURST", 20, minimum=1),
    env_number("REPORT_PDF_PER_MINUTE", 10, minimum=1),
)
RATELIMIT_KEY_PREFIX = "loupe:rl"
# The JSON API, per key: a burst of so many calls, then so many a minute (429 with Retry-After).
API_RATE_BURST = env_number("API_RATE_BURST", 120, minimum=1)
API_RATE_PER_MINUTE = env_number("API_RATE_PER_MINUTE", 1200, minimum=1)
# Proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR only). Rate limits
# and the login throttle key on the address the outermost of them saw (config/clients.py).
TRUSTED_PROXY_HOPS = env_number("TRUSTED_PROXY_HOPS", 0)
# Behind a trusted proxy, a request that waited longer than this (from the proxy's X-Request-Start
# to the app) is answered 503 with Retry-After without being worked on: past saturation the app
# serves the requests someone still waits for (config/middleware.py). 0: never shed.
QUEUE_BUDGET_MS = env_number("QUEUE_BUDGET_MS", 500)
# Absolute links in emails, e.g. https://loupe.example.com (unset: no link in the email).
SITE_URL = os.environ.get("SITE_URL", "")

# --- Webhooks ----------------------------------------------------------------------------------
# Development and tests only: send to http URLs and to loopback, private and link-local addresses.
# Off in production, where every address an endpoint resolves to must be public (checked at each
# delivery, and connected to as checked).
WEBHOOK_ALLOW_LOCAL_ADDRESSES = env_bool("WEBHOOK_ALLOW_LOCAL_ADDRESSES", DEBUG)
# The wait after the first failed attempt; it doubles with each failure (at most six hours), and
# a delivery still failing WEBHOOK_RETRY_HOURS after its event is given up.
WEBHOOK_RETRY_BASE_SECONDS = env_number("WEBHOOK_RETRY_BASE_SECONDS", 10.0, float)
WEBHOOK_RETRY_HOURS = env_number("WEBHOOK_RETRY_HOURS", 24.0, float, minimum=0.01)
WEBHOOK_CONNECT_TIMEOUT_SECONDS = 5
WEBHOOK_READ_TIMEOUT_SECONDS = 15
# An attempt "sending" for longer than this lost its worker (the task's hard limit is 50 s).
WEBHOOK_SENDING_STALE_SECONDS = 90
# A due delivery handed to the broker but not attempted after this long is handed over again.
WEBHOOK_REQUEUE_SECONDS = 120
# Events (with their deliveries and attempts) are kept this long once every delivery is settled.
WEBHOOK_KEEP_DAYS = env_number("WEBHOOK_KEEP_DAYS", 30.0, float, minimum=1)

# --- Auth --------------------------------------------------------------------------------------
# Django's model backend with a cheaper per-request user load (config/auth.py).
# First, axes's backend, which refuses a throttled sign-in before any password is hashed.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "config.auth.ModelBackend"]
# Password guessing (config/login_throttle.py): this many failures for one account, or from one
# client, within the window, and the next attempt waits LOGIN_FIRST_DELAY_SECONDS after the last
# failure, doubling with each further failure up to the window.
LOGIN_FAILURES_PER_ACCOUNT = env_number("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_CLIENT = env_number("LOGIN_FAILURES_PER_CLIENT", 20, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_number("LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
LOGIN_FIRST_DELAY_SECONDS = env_number("LOGIN_FIRST_DELAY_SECONDS", 60, minimum=1)
AXES_HANDLER = "config.login_throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client's address, or the known device signing in to its own account (config/known_devices.py):
# such a browser is judged by its own failures only, so nobody can keep a colleague out.
AXES_CLIENT_IP_CALLABLE = "config.known_devices.login_client"
LOGIN_KNOWN_DEVICE_DAYS = env_number("LOGIN_KNOWN_DEVICE_DAYS", 365, minimum=1)
AXES_COOLOFF_TIME = "config.login_throttle.cool_off"
# The account as axes reads it, cut to its column's 255 characters (never a 500 past the throttle).
AXES_USERNAME_CALLABLE = "config.login_throttle.account_of"
# The handler decides before each attempt (LoginThrottle.is_locked); axes's own decision at the
# failure is off, and a refused attempt neither counts nor extends the wait.
AXES_LOCK_OUT_AT_FAILURE = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Never reset on success: signing in to one's own account would wipe the client's failures.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "config.views.login_throttled"
# Successful sign-ins are not logged to an ever-growing table.
AXES_DISABLE_ACCESS_LOG = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends after this many idle hours (staff: curators and admins, fewer), and this many
# hours after signing in whatever the activity. "Last seen" is written at most once a minute.
SESSION_IDLE_HOURS = env_number("SESSION_IDLE_HOURS", 8.0, float, minimum=0.1)
SESSION_IDLE_HOURS_STAFF = env_number("SESSION_IDLE_HOURS_STAFF", 1.0, float, minimum=0.1)
SESSION_ABSOLUTE_HOURS = env_number("SESSION_ABSOLUTE_HOURS", 24.0 * 14, float, minimum=1)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_HOURS * 3600)
LOGIN_URL = "login"

# Single sign-on with OpenID Connect (config/oidc.py): off unless OIDC_ISSUER is set. Roles follow
# OIDC_ROLE_MAP, "idp-group=role,...", read from the OIDC_ROLE_CLAIM claim at every sign-in.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "groups")
OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "")
# Off: /login/ and /admin/login/ offer SSO only; `manage.py break_glass` signs a superuser in.
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", True)
if OIDC_ISSUER:
    INSTALLED_APPS += [
        "allauth",
        "allauth.account",
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]
    # allauth.account refuses to start without it; it only tidies allauth's own state.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
        "allauth.account.middleware.AccountMiddleware",
    )
# django-allauth's OpenID Connect provider; config/oidc.py builds its app from the OIDC_* settings
# at each request, so tests can point it at the provider they start.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_STORE_TOKENS = False
LOGIN_REDIRECT_URL = "interviews:home"
LOGOUT_REDIRECT_URL = "login"

# --- I18n, static ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# --- Email -------------------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise mail is printed to the console (the embedded default).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Loupe <loupe@localhost>")

# --- Security ----------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No page uses these browser features (config/middleware.py sends it on every response).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
# htmx sends the CSRF token from the page (hx-headers on <body>); no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # __Host-: the browser keeps these only if Secure, host-only and Path=/, so neither a
    # subdomain nor plain HTTP can plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind the load balancer that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint (report PDFs) narrates every step at INFO and warns about CSS it ignores.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # Sign-in failures and refusals are logged by config.login_throttle, naming the account.
        "axes": {"level": "ERROR"},
    },
}
