"""Production settings: real secrets from the environment, PostgreSQL, HTTPS only.

`korgoo check --deploy --fail-level WARNING` passes with these settings (tested in CI).
"""

from korgoo.config.env import env_list, env_str, require

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

SECRET_KEY = require("KORGOO_SECRET_KEY")
KORGOO_RECEIPT_PEPPER = require("KORGOO_RECEIPT_PEPPER")
KORGOO_ROOT_KEYS = require("KORGOO_ROOT_KEYS")
require("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")

DEBUG = False
KORGOO_DEMO = False
KORGOO_REQUIRE_2FA = True
ALLOWED_HOSTS = env_list("KORGOO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("KORGOO_CSRF_TRUSTED_ORIGINS", [])

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-korgoo_session"
CSRF_COOKIE_NAME = "__Host-korgoo_csrf"
KORGOO_WORKER_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": env_str("KORGOO_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
WHITENOISE_USE_FINDERS = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Uploaded files are checked by ClamAV unless another scanner is named; NoScanner here makes
# `check --deploy` warn, and every file stays held back (not scanned files open in demo mode only).
KORGOO_FILE_SCANNER = env_str("KORGOO_FILE_SCANNER", "korgoo.core.scanning.ClamdScanner") or ""
