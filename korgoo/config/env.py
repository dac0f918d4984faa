"""Reading settings from environment variables (12-factor), with the embedded default's local secrets.

Everything that differs between deployments comes from the environment. The embedded default
(`korgoo demo`, a laptop) keeps generated secrets in a file in the data directory so that it runs with
no set-up; production settings refuse to start without real secrets.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from korgoo.core.private_files import private_directory


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def data_dir() -> Path:
    return Path(env_str("KORGOO_DATA_DIR", "var") or "var").resolve()


def local_secrets(directory: Path) -> dict[str, str]:
    """Secrets of the embedded default, created once in the data directory (mode 0600).

    Holds the Django secret key, the receipt pepper and the first root encryption key. Never used by
    the production settings, which take all three from the environment.
    """
    path = directory / "secrets.json"
    if path.exists():
        loaded: dict[str, str] = json.loads(path.read_text())
        return loaded
    private_directory(directory)
    values = {
        "secret_key": secrets.token_urlsafe(50),
        "receipt_pepper": secrets.token_urlsafe(32),
        "root_keys": "k1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    return values
