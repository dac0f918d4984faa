"""Settings for the benchmarks: production settings over plain HTTP on loopback, with the reference
views, and throttles opened wide so the load generator measures the system, not the throttles."""

import os

os.environ.setdefault("KORGOO_SECRET_KEY", "bench-Vq8kZ2mR7xW1pL4tN9cF3sH6yJ0aD5gB_uE2oK7iQ1wX")
os.environ.setdefault("KORGOO_RECEIPT_PEPPER", "bench-pepper-value-0123456789abcdef")
os.environ.setdefault("KORGOO_ROOT_KEYS", "b1:" + "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI=")
os.environ.setdefault("KORGOO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from korgoo.config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "korgoo_session"
CSRF_COOKIE_NAME = "korgoo_csrf"
SECURE_HSTS_SECONDS = 0
KORGOO_REQUIRE_2FA = False
KORGOO_INTAKE_PER_CLIENT = 10**9
KORGOO_INTAKE_GLOBAL_PER_MINUTE = 10**9
KORGOO_LOOKUP_FAILURES_PER_CLIENT = 10**9
KORGOO_LOOKUP_FAILURES_GLOBAL = 10**9
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"handlers": [], "level": "ERROR"}}
KORGOO_HELP_API_PER_MINUTE = 10**9
KORGOO_TOOLS_API_PER_MINUTE = 10**9
KORGOO_CONSULAR_READS_PER_MINUTE = 10**9
KORGOO_CONSULAR_WRITES_PER_HOUR = 10**9
KORGOO_CONSULAR_PER_PHONE = 10**9
KORGOO_CONSULAR_CHALLENGE_ABOVE = 10**9
