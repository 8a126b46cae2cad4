"""Goodword settings: everything comes from the environment, with safe development defaults.

Production (DEBUG unset or 0) refuses to start without SECRET_KEY, ALLOWED_HOSTS and SITE_URL.
Every variable is described in docs/deploy.md.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env, validate

env = Env()


@env.parser_for("names")
def _names(value: str) -> list[str]:
    """A comma-separated list, spaces and empty items ignored ("a.org, b.org,")."""
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env.path("GOODWORD_VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEVELOPMENT_HOSTS = "localhost,127.0.0.1,[::1],testserver"
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"

DEBUG = env.bool("DEBUG", False)
# Kept apart from DEBUG, which the test runner switches off: production is what was started.
PRODUCTION = not DEBUG
SECRET_KEY = env.str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", DEVELOPMENT_HOSTS if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env.names("CSRF_TRUSTED_ORIGINS", "")
# Where members reach the site; every link in an e-mail starts with it.
SITE_URL = env.str(
    "SITE_URL",
    DEVELOPMENT_SITE_URL if DEBUG else "",
    validate=validate.URL(require_tld=False, schemes={"http", "https"}),
).rstrip("/")

if PRODUCTION:
    missing = [
        name
        for name, unset in [
            ("SECRET_KEY", SECRET_KEY == DEVELOPMENT_SECRET_KEY),
            ("ALLOWED_HOSTS", not ALLOWED_HOSTS),
            ("SITE_URL", not SITE_URL),
        ]
        if unset
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set when DEBUG is off (production); "
            "see docs/deploy.md. For development, start with DEBUG=1."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "goodword.accounts",  # before allauth so that its account/*.html templates take precedence
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "csp",
    "ninja",  # serves the API documentation's Swagger UI from static files, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "goodword.core",
    "goodword.topics",
    "goodword.recommendations",
    "goodword.notifications",
    "goodword.directory",
    "goodword.api",
    "goodword.trust",
    "goodword.search",
    "goodword.messaging",
    "goodword.introductions",
    "goodword.asks",
    "goodword.referrals",
    "goodword.invitations",
    "goodword.moderation",
    "goodword.circles",
    "goodword.subscriptions",
    "goodword.projects",
    "goodword.meetings",
    "goodword.demo",
    # Last, so that demo's `runserver` (a deeper listen queue for `make run`) takes precedence.
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "goodword.core.middleware.InputGuardMiddleware",  # 413 / 400 / 422 before any view
    "goodword.core.middleware.RobotsMiddleware",  # noindex unless a view says the page is public
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "goodword.accounts.middleware.MemberLanguageMiddleware",  # a member's stored language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "goodword.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: one URL; SQLite (WAL) file under var/ by default, PostgreSQL in production.
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL", f"sqlite:///{VAR_DIR / 'goodword.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        ),
        # Writers queue for the lock at BEGIN instead of failing with "database is locked" when
        # a read transaction tries to become a write transaction.
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the lock (sqlite3's timeout; the pragma above sets the same).
        "timeout": 30,
    }
    # SQLite tests use a file so that the browser tests' live server shares the database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif env.bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters bound by PostgreSQL instead of pasted into the text: a connection's statement
    # used for the fifth time is prepared, and PostgreSQL skips parsing and planning it, about
    # half its CPU per page (docs/benchmarks.md). Off behind a pooler that cannot keep prepared
    # statements (PgBouncer before 1.21 in transaction mode): docs/deploy.md.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail only, confirmation required.
ACCOUNT_ADAPTER = "goodword.accounts.adapter.AccountAdapter"  # creates the profile
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Goodword] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"

# django-axes: lock out after repeated failed logins for the same account and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"

# Client addresses behind a reverse proxy: with NUM_PROXIES=1 the last X-Forwarded-For entry
# (set by the proxy) is the client; with 0 the header is ignored, since a client could forge it.
NUM_PROXIES = env.int("NUM_PROXIES", 0)
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if NUM_PROXIES else ("REMOTE_ADDR",)
)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES
NINJA_NUM_PROXIES = NUM_PROXIES

# Two-factor login (django-allauth mfa): authenticator apps and single-use recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", "Goodword")
MFA_RECOVERY_CODE_COUNT = 10

# /api/v1/ throttle (django-ninja) per member, counted in the shared cache.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", "600/m")

# Mail: files under var/mail in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Goodword <noreply@goodword.test>")
SERVER_EMAIL = env.str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env.str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Background work: the database is the queue (django-tasks), a worker runs `db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "staticfiles")
# Uploaded files (members' portraits): part of every backup, see docs/deploy.md.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", VAR_DIR / "media")
# The operator's Impressum and privacy notice (goodword.core.legal, docs/deploy.md).
LEGAL_DIR = env.path("LEGAL_DIR", VAR_DIR / "legal")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Request bodies: larger ones are answered 413 before they are read
# (goodword.core.middleware.InputGuardMiddleware). Multipart uploads may be larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
REQUEST_BODY_MAX_BYTES = 10 * 1024 * 1024

# One cache for the whole site, in the database: rate limits and throttles count across every
# gunicorn worker without another server. `migrate` creates the table (core's post_migrate).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "goodword_cache",
    }
}

# The trust graph of this machine, memory-mapped by every process ("" switches it off).
TRUST_SNAPSHOT_PATH = env.str("TRUST_SNAPSHOT_PATH", str(VAR_DIR / "trust-graph.snap"))
# Seconds after which a process rebuilds its trust graph from the database (fading moves on).
TRUST_GRAPH_MAX_AGE = env.float("TRUST_GRAPH_MAX_AGE", 6 * 3600)
# Seconds between a process's checks of the trust change log (0: before every trust query).
TRUST_SYNC_INTERVAL = env.float("TRUST_SYNC_INTERVAL", 0.0)

# Transport security. Each switch is off until the operator turns it on (docs/deploy.md):
# HSTS cannot be taken back for its duration, and the redirect needs TLS in front of the site.
SITE_USES_HTTPS = SITE_URL.startswith("https://")
# Django's database sessions, read with one plain statement instead of an ORM query per request.
SESSION_ENGINE = "goodword.core.sessions"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", SITE_USES_HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", SITE_USES_HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' preload list is the operator's decision (docs/deploy.md), not a flaw.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Only behind a proxy that always sets X-Forwarded-Proto itself; otherwise a client could claim
# https.
if env.bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Everything comes from the instance itself: no inline scripts or styles, no other site. The
# TOTP set-up shows its QR code as a data: image.
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
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Goodword rules. An account is new for this many days (`core.members.is_new_account`).
NEW_ACCOUNT_DAYS = 14
RECOMMENDATION_NEW_ACCOUNT_PER_DAY = 5
RECOMMENDATION_PER_DAY = 30

# Who may sign up (docs/invitations.md): "open" (anyone; the demo runs open), "invitation"
# (only with an invitation link) or "request" (anyone may ask to join; a moderator or a
# member in good standing approves, which sends an invitation).
SIGNUP_MODE = env.str(
    "SIGNUP_MODE", "open", validate=validate.OneOf(["open", "invitation", "request"])
)
# An invitation link works for this many days, once.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", 14, validate=validate.Range(min=1, max=90))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}
