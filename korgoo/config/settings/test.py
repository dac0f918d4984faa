"""Test settings: the base settings with fixed secrets and a fast password hasher.

The database comes from DATABASE_URL (the suite runs once on SQLite and once on PostgreSQL).
Argon2 stays second so that stored demo hashes still verify; the hasher order of the real settings
is asserted by the security tests.
"""

import base64
import os

os.environ.setdefault("KORGOO_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("KORGOO_RECEIPT_PEPPER", "test-pepper")
os.environ.setdefault("KORGOO_ROOT_KEYS", "t1:" + base64.urlsafe_b64encode(b"k" * 32).decode())

from . import base as _base
from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_base.PASSWORD_HASHERS]
KORGOO_REQUIRE_2FA = True
KORGOO_INTAKE_FORM_MIN_SECONDS = 0
EMAIL_BACKEND = os.environ.get("KORGOO_EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# An in-process stand-in for ClamAV that flags the EICAR test string; the ClamAV protocol itself is
# tested against a fake clamd on a Unix socket (korgoo/core/tests/fake_clamd.py).
KORGOO_FILE_SCANNER = "korgoo.core.tests.fake_clamd.EicarScanner"
STORAGES = {
    **_base.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise reads the headers of every static file when its middleware is made, and the test client
# makes the middleware again for each client it is given (some 1,100 times a run, a tenth of the
# suite's CPU). Found when asked for, the same files are served with the same headers.
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "korgoo.core.sqlite":  # noqa: F405
    # An in-memory database for each test process, as with Django's own SQLite engine: pytest-django
    # recognises SQLite by the engine's name only, and would otherwise give each xdist worker a file.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
