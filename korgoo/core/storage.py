"""Where sealed files live: a storage of their own, outside any web root.

On the embedded default this is a folder in the data directory; production may point
KORGOO_FILE_STORAGE at an S3-compatible backend. Files are encrypted before they reach the storage,
so the storage never holds plaintext, and names are random.
"""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages


def sealed_storage() -> Storage:
    return storages["sealed"]


def store_sealed(data: bytes) -> str:
    """Store sealed bytes under a new random name and return the name."""
    name = secrets.token_hex(20)
    return sealed_storage().save(name, ContentFile(data))


def read_sealed(name: str) -> bytes:
    with sealed_storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def delete_sealed(name: str) -> None:
    sealed_storage().delete(name)
