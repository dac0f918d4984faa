"""Settings of the embedded default: one machine, SQLite in the data directory, no set-up.

Every value that differs between deployments is read from the environment (see `.env.example`).
`production.py` builds on this module and insists on real secrets and HTTPS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE

from korgoo.config.env import data_dir, env_bool, env_int, env_list, env_str, local_secrets

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = data_dir()

_all_from_env = all(
    env_str(name) for name in ("KORGOO_SECRET_KEY", "KORGOO_RECEIPT_PEPPER", "KORGOO_ROOT_KEYS")
)
_production = (env_str("DJANGO_SETTINGS_MODULE") or "").endswith(".production")
# Production never falls back to generated secrets (production.py insists on the environment).
_local = {} if _all_from_env or _production else local_secrets(DATA_DIR)

SECRET_KEY = env_str("KORGOO_SECRET_KEY") or _local.get("secret_key", "")
DEBUG = env_bool("KORGOO_DEBUG", False)
ALLOWED_HOSTS = env_list("KORGOO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

# Demo mode: the demo world exists and two-factor login is not enforced. Never on in production.
KORGOO_DEMO = env_bool("KORGOO_DEMO", False)
# The password of every account of the demo world (`korgoo demo`), shown on its login page.
KORGOO_DEMO_PASSWORD = "korgoo-demo"
KORGOO_REQUIRE_2FA = env_bool("KORGOO_REQUIRE_2FA", not KORGOO_DEMO)

# Receipts are stored as HMAC-SHA256(pepper, receipt); the pepper never enters the database.
KORGOO_RECEIPT_PEPPER = env_str("KORGOO_RECEIPT_PEPPER") or _local.get("receipt_pepper", "")
# Root encryption keys, "id:base64key" separated by commas; the first one wraps new keys.
KORGOO_ROOT_KEYS = env_str("KORGOO_ROOT_KEYS") or _local.get("root_keys", "")
KORGOO_FILES_DIR = Path(env_str("KORGOO_FILES_DIR") or DATA_DIR / "files")
# Every column that names a sealed file: the orphan sweep keeps what any of them refers to.
KORGOO_SEALED_FILE_FIELDS = [
    "cases.Attachment.storage_name",
    "cases.Attachment.original_storage_name",
    "evidence.DiaryPhoto.storage_name",
    "evidence.DiaryPhoto.original_storage_name",
]
# Reverse proxies in front of the application (nginx: 1); their X-Forwarded-For is trusted for
# throttling. 0 when clients connect directly.
KORGOO_TRUSTED_PROXIES = env_int("KORGOO_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "korgoo.core",
    "korgoo.accounts",
    "korgoo.organisations",
    "korgoo.audit",
    "korgoo.directory",
    "korgoo.knowledge",
    "korgoo.agencies",
    "korgoo.search",
    "korgoo.replies",
    "korgoo.triage",
    "korgoo.cases",
    "korgoo.referrals",
    "korgoo.intake",
    "korgoo.evidence",
    "korgoo.homecoming",
    "korgoo.channels",
    "korgoo.broadcasts",
    "korgoo.consular",
    "korgoo.courts",
    "korgoo.monitoring",
    "korgoo.retention",
    "korgoo.demo",
]

MIDDLEWARE = [
    "korgoo.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "korgoo.accounts.middleware.SlidingSessionMiddleware",
    "korgoo.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "korgoo.accounts.middleware.StaffSessionMiddleware",
    "korgoo.organisations.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "korgoo.config.urls"
WSGI_APPLICATION = "korgoo.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "korgoo.core.context_processors.korgoo",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'korgoo.sqlite3'}",
        conn_max_age=env_int("KORGOO_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with the database file the owner's alone (0600 in a 0700 directory).
    DATABASES["default"]["ENGINE"] = "korgoo.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg may prepare statements again (Django switches it off); only the hot paths' fixed
    # statements ask for it (korgoo.core.prepared), Django's own queries are sent as Django sends them.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "throttle" holds the counters of every throttle and budget: it must be shared by all processes.
# With KORGOO_REDIS_URL it is Redis (django-redis); otherwise the database, with atomic counters
# (korgoo.core.counters). The default cache is per process and nothing shared relies on it.
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "korgoo"},
    "throttle": {"BACKEND": "korgoo.core.counters.DatabaseCounterCache"},
}
if env_str("KORGOO_REDIS_URL"):
    CACHES["throttle"] = CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env_str("KORGOO_REDIS_URL") or "",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:inbox"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "korgoo.accounts.validators.MaximumLengthValidator"},
]
KORGOO_PASSWORD_MAX_LENGTH = 256

# Staff sessions: 30 minutes idle, 12 hours at most, server-side, never readable by scripts.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
# The idle limit slides with activity, the session saved again at most once a minute (not on every
# request): see korgoo.accounts.middleware.SlidingSessionMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
KORGOO_SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "korgoo_session"
KORGOO_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "korgoo.core.views.csrf_failure"

# Throttles: staff login per account and per client (never global), receipt lookups per client and
# a global failed-lookup budget.
KORGOO_LOGIN_FAILURES_PER_ACCOUNT = env_int("KORGOO_LOGIN_FAILURES_PER_ACCOUNT", 5)
KORGOO_LOGIN_FAILURES_PER_CLIENT = env_int("KORGOO_LOGIN_FAILURES_PER_CLIENT", 20)
KORGOO_LOGIN_WINDOW_SECONDS = env_int("KORGOO_LOGIN_WINDOW_SECONDS", 15 * 60)
# Failed receipt lookups, per client and the first four digits typed, per client, and globally.
KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX = env_int("KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX", 10)
KORGOO_LOOKUP_FAILURES_PER_CLIENT = env_int("KORGOO_LOOKUP_FAILURES_PER_CLIENT", 100)
KORGOO_LOOKUP_FAILURES_GLOBAL = env_int("KORGOO_LOOKUP_FAILURES_GLOBAL", 1000)
KORGOO_LOOKUP_WINDOW_SECONDS = env_int("KORGOO_LOOKUP_WINDOW_SECONDS", 15 * 60)
KORGOO_INTAKE_PER_CLIENT = env_int("KORGOO_INTAKE_PER_CLIENT", 20)
KORGOO_INTAKE_GLOBAL_PER_MINUTE = env_int("KORGOO_INTAKE_GLOBAL_PER_MINUTE", 3000)
KORGOO_INTAKE_FORM_MIN_SECONDS = env_int("KORGOO_INTAKE_FORM_MIN_SECONDS", 3)
# The public help API (directory, articles, agency check, search) and the wage tools (with the check
# of a document code): requests per client per minute, each group counted on its own.
KORGOO_HELP_API_PER_MINUTE = env_int("KORGOO_HELP_API_PER_MINUTE", 120)
KORGOO_TOOLS_API_PER_MINUTE = env_int("KORGOO_TOOLS_API_PER_MINUTE", 120)
# Proof-of-work for POST /api/v1/reports/: 0 = not asked; 16–20 during a flood (ADR 0010).
KORGOO_INTAKE_CHALLENGE_BITS = env_int("KORGOO_INTAKE_CHALLENGE_BITS", 0)
KORGOO_WORKER_SESSION_SECONDS = env_int("KORGOO_WORKER_SESSION_SECONDS", 20 * 60)
# Consular bookings (docs/consular.md): above this many booking attempts a minute, every booking
# must carry a solved proof-of-work challenge of KORGOO_CONSULAR_CHALLENGE_BITS; a place given up
# goes back to the pool at a random moment within KORGOO_CONSULAR_RETURN_MINUTES.
KORGOO_CONSULAR_CHALLENGE_ABOVE = env_int("KORGOO_CONSULAR_CHALLENGE_ABOVE", 300)
KORGOO_CONSULAR_CHALLENGE_BITS = env_int("KORGOO_CONSULAR_CHALLENGE_BITS", 14)
KORGOO_CONSULAR_RETURN_MINUTES = env_int("KORGOO_CONSULAR_RETURN_MINUTES", 30)
KORGOO_CONSULAR_PER_PHONE = env_int("KORGOO_CONSULAR_PER_PHONE", 3)
# Per client (the keyed hash of its address): reads of missions and free times a minute; bookings,
# cancellations and moves an hour (a family or a dormitory shares one address); wrong booking codes
# per quarter of an hour, and wrong codes from everyone together.
KORGOO_CONSULAR_READS_PER_MINUTE = env_int("KORGOO_CONSULAR_READS_PER_MINUTE", 120)
KORGOO_CONSULAR_WRITES_PER_HOUR = env_int("KORGOO_CONSULAR_WRITES_PER_HOUR", 30)
KORGOO_CONSULAR_CODE_FAILURES_PER_CLIENT = env_int("KORGOO_CONSULAR_CODE_FAILURES_PER_CLIENT", 20)
KORGOO_CONSULAR_CODE_FAILURES_GLOBAL = env_int("KORGOO_CONSULAR_CODE_FAILURES_GLOBAL", 2000)
# The SMS adapter (a dotted path to a callable taking phone and text); empty: no SMS is sent.
KORGOO_SMS_BACKEND = env_str("KORGOO_SMS_BACKEND", "")
KORGOO_IDEMPOTENCY_HOURS = 24
# Retention (korgoo retention, ADR 0015): closed cases are anonymised this many days after closing;
# a receipt not used for this many days stops working and is deleted.
KORGOO_RETENTION_CLOSED_CASE_DAYS = env_int("KORGOO_RETENTION_CLOSED_CASE_DAYS", 365)
KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = env_int("KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS", 90)
KORGOO_RETENTION_BATCH = env_int("KORGOO_RETENTION_BATCH", 500)
# Parallel audit hash chains per organisation (contention on a busy organisation's chain head).
KORGOO_AUDIT_CHAIN_SHARDS = env_int("KORGOO_AUDIT_CHAIN_SHARDS", 8)
# Exports wait this long for their single download (SECURITY.md requirement 22).
KORGOO_EXPORT_TTL_SECONDS = env_int("KORGOO_EXPORT_TTL_SECONDS", 600)
# A monitoring report's PDF waits this long for its single download.
KORGOO_MONITORING_REPORT_TTL = env_int("KORGOO_MONITORING_REPORT_TTL", 3600)

# Uploads: what a worker may attach.
KORGOO_UPLOAD_MAX_BYTES = env_int("KORGOO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
KORGOO_UPLOAD_MAX_FILES = env_int("KORGOO_UPLOAD_MAX_FILES", 10)
# Limits of the child process that decodes and cleans each uploaded file (korgoo/cases/cleaner.py).
KORGOO_UPLOAD_CPU_SECONDS = env_int("KORGOO_UPLOAD_CPU_SECONDS", 5)
KORGOO_UPLOAD_MEMORY_MB = env_int("KORGOO_UPLOAD_MEMORY_MB", 512)
KORGOO_UPLOAD_MAX_PDF_PAGES = env_int("KORGOO_UPLOAD_MAX_PDF_PAGES", 200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024  # uploads stay in memory: no plaintext temp files
# Only the memory handler: an upload never reaches a temporary file, whatever its size. A request
# body larger than this is refused before it is read; a file larger than KORGOO_UPLOAD_MAX_BYTES is
# cut off at the limit (and refused by the form) instead of being kept whole.
FILE_UPLOAD_HANDLERS = ["korgoo.core.uploads.MemoryOnlyUploadHandler"]
KORGOO_UPLOAD_MAX_REQUEST_BYTES = env_int("KORGOO_UPLOAD_MAX_REQUEST_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Virus scanning of stored uploads (SECURITY.md requirement 26, docs/operations.md "Virus scanning").
# The embedded default checks nothing: files show as "not scanned", and staff may open those only in
# demo mode. Production's default is ClamdScanner.
KORGOO_FILE_SCANNER = env_str("KORGOO_FILE_SCANNER", "korgoo.core.scanning.NoScanner") or ""
KORGOO_CLAMD_SOCKET = env_str("KORGOO_CLAMD_SOCKET", "/run/clamav/clamd.ctl") or ""
KORGOO_CLAMD_TIMEOUT = env_int("KORGOO_CLAMD_TIMEOUT", 30)
# Every model of a stored untrusted file, scanned and rescanned alike (see korgoo.cases.scanning).
KORGOO_SCANNED_FILE_MODELS = ["cases.Attachment", "evidence.DiaryPhoto"]

LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
KORGOO_STAFF_LANGUAGE = "ru"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Sealed (encrypted) case files; any Django storage backend will do, since nothing reaches it
    # unencrypted. Production may point KORGOO_FILE_STORAGE at an object-storage backend.
    "sealed": {
        "BACKEND": env_str("KORGOO_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": str(KORGOO_FILES_DIR)} if not env_str("KORGOO_FILE_STORAGE") else {},
    },
}
WHITENOISE_USE_FINDERS = True
# Sealed files and the directories that hold them are the owner's alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["korgoo.organisations.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "korgoo.core.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "korgoo.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Bodies are JSON, and only JSON: a form-encoded body answers 415 rather than being half read;
    # the parser also refuses nesting deeper than core.parsers.MAX_DEPTH.
    "DEFAULT_PARSER_CLASSES": ["korgoo.core.parsers.JsonParser"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Korgoo API",
    "DESCRIPTION": "Reports, receipts and case work for the protection of migrant workers' labour rights.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per closed set of values, so that a generated client gets one type for each.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "korgoo.core.choices.OrganisationKind",
        "OrganisationKindOrQueueEnum": "korgoo.monitoring.api.views.KINDS",
        "CountryEnum": "korgoo.core.choices.Country",
        "AlertKindEnum": "korgoo.broadcasts.choices.AlertKind",
        "LanguageEnum": "korgoo.core.choices.Language",
        "HelpLanguageEnum": "korgoo.core.i18n.HELP_LANGUAGES",
        "CaseStatusEnum": "korgoo.cases.choices.Status",
        "CaseStatusFilterEnum": "korgoo.cases.api.serializers.STATUS_FILTERS",
        "OpenCaseStatusEnum": "korgoo.cases.api.serializers.OPEN_STATUSES",
        "OutcomeEnum": "korgoo.cases.choices.Outcome",
        "CourtDecisionOutcomeEnum": "korgoo.courts.choices.Outcome",
        "CategoryEnum": "korgoo.cases.choices.Category",
        "SectorEnum": "korgoo.cases.choices.Sector",
        "CurrencyEnum": "korgoo.cases.choices.Currency",
        "EventKindEnum": "korgoo.cases.choices.EventKind",
        "SharedFieldEnum": "korgoo.cases.choices.SharedField",
        "ContactChannelEnum": "korgoo.cases.choices.ContactChannel",
        "CaseAccessEnum": "korgoo.cases.api.serializers.ACCESS_LEVELS",
        "SenderEnum": "korgoo.cases.models.CaseMessage.Sender",
        "MessageSentEnum": ["sent"],
        "ScanStatusEnum": "korgoo.core.scanning.ScanStatus",
        "ExportFormatEnum": "korgoo.cases.api.serializers.EXPORT_FORMATS",
        "ReferralStateEnum": "korgoo.referrals.models.Referral.State",
        "PlaceKindEnum": "korgoo.directory.choices.PlaceKind",
        "SpokenLanguageEnum": "korgoo.directory.choices.Spoken",
        "ArticleCountryEnum": "korgoo.knowledge.choices.ArticleCountry",
        "TopicEnum": "korgoo.knowledge.choices.Topic",
        "VerdictEnum": "korgoo.agencies.choices.Verdict",
        "DestinationEnum": "korgoo.agencies.api.views.DESTINATION_CODES",
        "SearchKindEnum": "korgoo.search.models.DocumentKind",
        "ToolCountryEnum": "korgoo.evidence.api.serializers.TOOL_COUNTRIES",
        "ToolCurrencyEnum": "korgoo.evidence.api.serializers.TOOL_CURRENCIES",
        "PayKindEnum": "korgoo.evidence.api.serializers.PAY_KINDS",
        "PurposeEnum": "korgoo.evidence.api.serializers.PURPOSES",
        "DeadlineKindEnum": "korgoo.evidence.api.serializers.ITEM_KINDS",
        "DayCountBasisEnum": "korgoo.evidence.api.serializers.DAY_COUNT_BASES",
        "ContractEnum": "korgoo.evidence.api.serializers.CONTRACT_ANSWERS",
        "DiaryCurrencyEnum": "korgoo.evidence.services.diary.CURRENCIES",
        "ChainProblemEnum": "korgoo.evidence.api.serializers.CHAIN_PROBLEMS",
        "VerifyStatusEnum": "korgoo.evidence.api.serializers.VERIFY_STATUSES",
        "DocumentKindEnum": "korgoo.evidence.models.DocumentKind",
        "CalculationKindEnum": "korgoo.evidence.models.CalculationKind",
        "LatePaymentKindEnum": ["late_payment"],
        "OvertimeKindEnum": ["overtime"],
        "UnpaidWagesKindEnum": ["unpaid_wages"],
        "DeadlinesKindEnum": ["deadlines"],
        "TableEnum": "korgoo.monitoring.choices.Table",
        "ReportKindEnum": "korgoo.monitoring.choices.ReportKind",
        "JobStatusEnum": "korgoo.monitoring.choices.JobStatus",
        "ConditionEnum": "korgoo.monitoring.choices.Condition",
        "SexEnum": "korgoo.monitoring.choices.Sex",
        "AgeBandEnum": "korgoo.monitoring.choices.AgeBand",
        "UnitEnum": "korgoo.monitoring.choices.Unit",
        "DirectionEnum": "korgoo.monitoring.choices.Direction",
        "InstrumentKindEnum": "korgoo.monitoring.choices.InstrumentKind",
        "PositionEnum": "korgoo.monitoring.choices.Position",
        "ConfidenceEnum": "korgoo.monitoring.choices.Confidence",
        "RecommendationSectionEnum": "korgoo.monitoring.choices.RecommendationSection",
        "RecommendationStatusEnum": "korgoo.monitoring.choices.RecommendationStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "korgoo.core.openapi.postprocess",
        "korgoo.config.api_links.add_links",
    ],
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
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
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Background jobs: inline on the embedded default; production runs `korgoo db_worker` processes.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_str("KORGOO_TASKS_BACKEND") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

EMAIL_BACKEND = env_str(
    "KORGOO_EMAIL_BACKEND",
    "django.core.mail.backends.dummy.EmailBackend"
    if KORGOO_DEMO
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("KORGOO_FROM_EMAIL", "korgoo@localhost")
EMAIL_HOST = env_str("KORGOO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KORGOO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KORGOO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KORGOO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KORGOO_EMAIL_USE_TLS", False)
KORGOO_BASE_URL = env_str("KORGOO_BASE_URL", "http://127.0.0.1:8000")
# The address the public reaches the site at, printed in documents (the verification page of a PDF).
# Never guessed: without it (or KORGOO_BASE_URL set in the environment) a document names the page only.
KORGOO_PUBLIC_URL = env_str("KORGOO_PUBLIC_URL", "") or env_str("KORGOO_BASE_URL", "")
# After how many months a directory entry is due for a check (shown with a caveat; recheck_directory).
KORGOO_DIRECTORY_RECHECK_MONTHS = env_int("KORGOO_DIRECTORY_RECHECK_MONTHS", 12)
# Who delivers each kind of outbox message (korgoo drain_outbox).
KORGOO_OUTBOX_HANDLERS = {
    "case.attention": "korgoo.cases.notifications.deliver_case_attention",
    "file.quarantined": "korgoo.cases.notifications.deliver_file_quarantined",
    "routing.changed": "korgoo.cases.notifications.deliver_routing_changed",
    "access.probes": "korgoo.organisations.probes.deliver_probes_alert",
    "case.worker_message": "korgoo.channels.services.deliver_worker_message",
    "channels.inbound": "korgoo.channels.services.deliver_inbound",
    "channels.outbound": "korgoo.channels.services.deliver_outbound",
    "consular.reminder": "korgoo.consular.notifications.deliver_reminder",
    "court.alert": "korgoo.courts.notifications.deliver_court_alert",
}

# Messenger channels (korgoo.channels, docs/operations.md "Messenger channels"). Without a bot token
# the Telegram webhook refuses everything, and the demo offers its simulated chat instead.
KORGOO_TELEGRAM_BOT_TOKEN = env_str("KORGOO_TELEGRAM_BOT_TOKEN", "") or ""
KORGOO_TELEGRAM_WEBHOOK_SECRET = env_str("KORGOO_TELEGRAM_WEBHOOK_SECRET", "") or ""
KORGOO_TELEGRAM_API_BASE = env_str("KORGOO_TELEGRAM_API_BASE", "https://api.telegram.org") or ""
# WhatsApp Cloud API: the number's id, a system user's access token, the app secret that signs the
# webhook (X-Hub-Signature-256), the token of the verification handshake, and the approved template
# sent outside the 24-hour service window.
KORGOO_WHATSAPP_API_BASE = env_str("KORGOO_WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0") or ""
KORGOO_WHATSAPP_PHONE_NUMBER_ID = env_str("KORGOO_WHATSAPP_PHONE_NUMBER_ID", "") or ""
KORGOO_WHATSAPP_ACCESS_TOKEN = env_str("KORGOO_WHATSAPP_ACCESS_TOKEN", "") or ""
KORGOO_WHATSAPP_APP_SECRET = env_str("KORGOO_WHATSAPP_APP_SECRET", "") or ""
KORGOO_WHATSAPP_VERIFY_TOKEN = env_str("KORGOO_WHATSAPP_VERIFY_TOKEN", "") or ""
KORGOO_WHATSAPP_TEMPLATE = env_str("KORGOO_WHATSAPP_TEMPLATE", "korgoo_new_message") or ""
# SMS through a generic HTTP gateway: notices only ("a new message on your report"), never content.
KORGOO_SMS_GATEWAY_URL = env_str("KORGOO_SMS_GATEWAY_URL", "") or ""
KORGOO_SMS_GATEWAY_TOKEN = env_str("KORGOO_SMS_GATEWAY_TOKEN", "") or ""
KORGOO_SMS_SENDER = env_str("KORGOO_SMS_SENDER", "Korgoo") or ""
# Hours of silence after which a chat's conversation is forgotten.
KORGOO_CHANNEL_CONVERSATION_HOURS = env_int("KORGOO_CHANNEL_CONVERSATION_HOURS", 24)
# Messages per second each provider is sent (below the providers' own limits).
KORGOO_CHANNEL_RATE_LIMITS = {
    "telegram": env_int("KORGOO_TELEGRAM_PER_SECOND", 25),
    "whatsapp": env_int("KORGOO_WHATSAPP_PER_SECOND", 40),
    "sms": env_int("KORGOO_SMS_PER_SECOND", 5),
    "simulator": 100,
}
# Broadcasts (korgoo.broadcasts): alerts a network coordinator may send in an hour.
KORGOO_BROADCASTS_PER_HOUR = env_int("KORGOO_BROADCASTS_PER_HOUR", 5)

# Logs carry no IP addresses, user agents, receipts or form content (SECURITY.md, requirement 14).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "korgoo.core.logging.ScrubFilter"}},
    "formatters": {"json": {"()": "korgoo.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["scrub"]}},
    "root": {"handlers": ["console"], "level": env_str("KORGOO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        # httpx logs every request's address at INFO, and the Bot API's address holds the token.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# How many 404s on other organisations' (or missing) objects a member may cause within ten minutes
# before the organisation's administrators are alerted (each one is recorded in the audit log).
KORGOO_PROBES_ALERT = env_int("KORGOO_PROBES_ALERT", 20)

# How long a case stays sealed but hidden after the worker withdrew consent from the organisation
# holding it (the worker may undo it meanwhile); then the retention run erases its content.
KORGOO_WITHDRAWAL_GRACE_DAYS = env_int("KORGOO_WITHDRAWAL_GRACE_DAYS", 30)

# How long after a case is closed the worker may still write to the organisation.
KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING = env_int("KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING", 30)

# Where the quick-exit button sends the worker: a neutral page on another site.
KORGOO_QUICK_EXIT_URL = env_str("KORGOO_QUICK_EXIT_URL", "https://www.google.com/")
