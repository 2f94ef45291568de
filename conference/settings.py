"""Settings, read from the environment (12-factor).

Every value that differs between a laptop and production comes from an
environment variable; see README.md ("Configuration") for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from conference.logging import DATE_FORMAT, LINE_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    # Only ever used with DEBUG on, i.e. on a developer's own machine.
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses of the reverse proxies in front of gunicorn (nginx: 127.0.0.1). Only
# their X-Forwarded-For is believed, for rate limits and the admin lockout.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "conference.admin_apps.ConferenceAdminConfig",  # django.contrib.admin, two-factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "conference",
    "speakers",
    "protocol",
    "registrations",
    # Seating plans and place cards (above registrations: its participants).
    "seating",
    # Speaker invitations, speakers' own page, VIP logistics and the arrivals sheet.
    "vip",
    "messaging",
    # Last: the one place that imports every app (demo, cross-app admin, signal wiring).
    "composition",
]

MIDDLEWARE = [
    "conference.middleware.RequestLogMiddleware",
    "conference.middleware.TrustedProxyMiddleware",
    # The headers first, so that every response gets them, static files and error
    # pages included, whichever middleware below answers.
    "django.middleware.security.SecurityMiddleware",
    "conference.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "conference.middleware.ContentSecurityPolicyMiddleware",
    # Cached public pages for visitors without a session, before anything below
    # (sessions, language, CSRF, the URL resolver) costs time; see conference/cache.py.
    "conference.cache.PublicPageCacheMiddleware",
    # Emails sent at commit (EMAIL_DELIVERY=on_commit) go once the answer has been sent.
    "conference.after_response.AfterResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "conference.middleware.AdminLanguageMiddleware",
    # Before anything reads request.POST (the CSRF check): a body Django cannot read
    # gets the 400 page here, in the visitor's language, with the headers above.
    "conference.middleware.RequestBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "conference.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A lock wait that ran out in a view: the 503 page with Retry-After.
    "conference.middleware.BusyMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"
ASGI_APPLICATION = "conference.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'conference.sqlite3'}"),
}
# How long a query may wait for a lock (the event row a sign-up locks, for instance)
# before the page says "busy, try again" (conference.db) instead of hanging a worker.
DB_LOCK_TIMEOUT_MS = env.int("DB_LOCK_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a sign-up writes; the timeout waits for
    # the write lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": DB_LOCK_TIMEOUT_MS / 1000 if DB_LOCK_TIMEOUT_MS > 0 else 3600,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # PostgreSQL through psycopg 3. Each gunicorn worker keeps its connection for
    # CONN_MAX_AGE seconds (checked before reuse) instead of reconnecting per request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", 5)
    # 0 waits for ever, as PostgreSQL does by default.
    _options["options"] = (
        f"{_options.get('options', '')} -c lock_timeout={DB_LOCK_TIMEOUT_MS}".strip()
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis holds what several app servers must share: the cache, the cached half of
# sessions and the rate-limit counters. Without it, each process has its own
# memory, which is right for one developer and wrong for more than one process.
# A cache is a cache: when Redis is unreachable the site carries on without it
# (conference.cache_backends), and only /healthz says so.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "conference.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="conference"),
            # A stalled Redis costs a request a second at most, then is left alone
            # for RETRY_AFTER_SECONDS.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "RETRY_AFTER_SECONDS": env.float("CACHE_RETRY_AFTER_SECONDS", default=5),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for every session's and speaker's rendered fragment in both languages
            # (conference/cache.py); Django's default of 300 would cull the pages too.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Sessions live in the database and are read through the cache: a Redis restart
# signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out client before any password is checked.
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

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Times are stored in UTC and shown in each event's own zone; this is the zone
# used where no event is in play (the admin's date widgets, for instance).
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tokyo")

# Country lists (nationality on the sign-up form, venues) open with the two countries of
# the dialogue, in both languages, then every country in the page's language. No
# separator: django-countries makes it an option of value "", and a list with one
# has no blank prompt (Django adds none), so Japan would stand selected by default.
COUNTRIES_FIRST = ["JP", "GB"]
COUNTRIES_FIRST_REPEAT = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = env.str("MEDIA_URL", default="media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Without a proxy in front (`make serve`), let Django serve uploads itself.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

# Uploads go to MEDIA_ROOT unless an S3-compatible bucket is named; its
# credentials are read by boto3 from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or False,
            # Signed, expiring URLs work with a private bucket; a public bucket or a
            # CDN domain can turn them off.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    # Hashed, compressed copies made by collectstatic, served by WhiteNoise with
    # far-future cache headers. DEBUG serves the source files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: the image validators in speakers/validators.py set the real limits;
# this keeps a large request body from being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 (django-environ's
# format); EMAIL_BACKEND, when set, overrides the backend the URL implies.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="events@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

LOGIN_URL = "admin:login"

# --- Security ----------------------------------------------------------------
# Secure by default: everything below is on unless DEBUG is, and the production
# switches can only be turned off one by one, on purpose (`make serve` turns off
# the HTTPS redirect because it serves plain HTTP on loopback).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Only staff have sessions worth keeping (delegates' pages need none): a signed-in
# session ends after SESSION_IDLE_HOURS without a request; requests push the end back
# (conference.middleware.SessionIdleTimeoutMiddleware, every SESSION_REFRESH_SECONDS).
SESSION_COOKIE_AGE = int(env.float("SESSION_IDLE_HOURS", default=8) * 3600)
SESSION_REFRESH_SECONDS = 300
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole registrable domain to HTTPS for good: the
        # domain's owner opts in with SECURE_HSTS_PRELOAD=1, the app does not.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
# The admin alone may use style attributes (conference.middleware).
_media_origins = []
if AWS_STORAGE_BUCKET_NAME:
    _s3 = MEDIA_STORAGE["OPTIONS"]
    if _s3["custom_domain"]:
        _media_origins = [f"https://{_s3['custom_domain']}"]
    elif _s3["endpoint_url"]:
        _media_origins = [_s3["endpoint_url"].rstrip("/")]
    else:
        _media_origins = ["https://*.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the SVG icons inside Bootstrap's CSS.
        "img-src": ["'self'", "data:", *_media_origins],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Admin sign-in: a one-time password from an authenticator app (django-otp) on top
# of the password whenever DEBUG is off; `manage.py add_totp_device USERNAME` gives
# an account its first device. The local demo (DEBUG on) and the tests go without.
ADMIN_OTP_REQUIRED = not DEBUG
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="UK-Japan Security Dialogue")

# django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one username from one
# address, that pair is refused for AXES_COOLOFF_MINUTES, with the 429 page.
# Attempts are kept in the database, so every app server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HTTP_RESPONSE_CODE = 429
# Log lines name the attempt by path only: usernames are often email addresses.
AXES_CLIENT_STR_CALLABLE = "conference.logging.axes_client_str"
AXES_VERBOSE = False
# Lockouts end by themselves; `manage.py axes_reset_username USERNAME` ends one early.
AXES_ENABLE_ADMIN = False

# Optional error reporting to Sentry or a compatible service (GlitchTip…). Nothing
# is loaded, and nothing leaves the machine, unless SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        # Sign-up forms carry names and emails: never attach request bodies.
        max_request_body_size="never",
        # Stack frames hold registrations and emails: send the code path, not the values.
        include_local_variables=False,
        traces_sample_rate=0.0,
    )

# One line per request or event, with its level and request id; emails masked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "conference.logging.RequestIdFilter"}},
    "formatters": {
        "line": {
            "()": "conference.logging.SingleLineFormatter",
            "format": LINE_FORMAT,
            "datefmt": DATE_FORMAT,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # conference.request already logs every request once; Django's own logger
        # would repeat 4xx lines. Errors (with their tracebacks) still come through.
        "django.request": {"level": "ERROR"},
        # The development server's own access lines, likewise.
        "django.server": {"level": "WARNING"},
    },
}

# --- Registrations -----------------------------------------------------------
# Absolute links in emails (manage links) start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# "worker" (production default): requests only queue emails and the separate mail
# worker, `manage.py send_queued_emails --loop`, sends them, so a slow mail server
# never holds up a sign-up. "on_commit" (DEBUG default): send right after the change
# commits; failures stay queued for the worker to retry.
EMAIL_DELIVERY = env.str("EMAIL_DELIVERY", default="on_commit" if DEBUG else "worker")
# The worker leaves a fresh email this long to the request that queued it.
EMAIL_WORKER_GRACE_SECONDS = env.int("EMAIL_WORKER_GRACE_SECONDS", default=60)
# An email "sending" for longer than this was claimed by a sender that died: the
# worker queues it again. Far longer than any SMTP conversation (EMAIL_TIMEOUT).
EMAIL_SENDING_TIMEOUT_SECONDS = env.int("EMAIL_SENDING_TIMEOUT_SECONDS", default=600)
MANAGE_LINK_MAX_AGE_DAYS = env.int("MANAGE_LINK_MAX_AGE_DAYS", default=400)
# Manage-link emails sent on request to one address per hour, whoever asks.
MANAGE_LINK_EMAILS_PER_HOUR = env.int("MANAGE_LINK_EMAILS_PER_HOUR", default=3)
# Raised with every change to the notice or to the consent wording of the forms:
# 2026-12, the participant list (issue 12) and what speakers' details are kept for.
PRIVACY_NOTICE_VERSION = "2026-12"
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=180)

# --- Speakers and VIPs (vip) ---------------------------------------------------
# Days a speaker has to answer an invitation (never past the event's end); once every
# appearance is answered the link keeps working, for travel details, until the event ends.
SPEAKER_INVITATION_DAYS = env.int("SPEAKER_INVITATION_DAYS", default=30)
# The longest any speaker's link is accepted, whatever the invitation says (the
# signature's own age limit, as for delegates' manage links).
SPEAKER_LINK_MAX_AGE_DAYS = env.int("SPEAKER_LINK_MAX_AGE_DAYS", default=400)
# Sign-up and link-request POSTs per client address per window, unless the event sets
# its own (Event.registration_rate_limit), and sign-ups per email address per window,
# counted in the cache (registrations.ratelimit).
REGISTRATION_RATE_LIMIT = env.int("REGISTRATION_RATE_LIMIT", default=30)
REGISTRATION_EMAIL_RATE_LIMIT = env.int("REGISTRATION_EMAIL_RATE_LIMIT", default=5)
REGISTRATION_RATE_WINDOW_SECONDS = env.int("REGISTRATION_RATE_WINDOW_SECONDS", default=600)
