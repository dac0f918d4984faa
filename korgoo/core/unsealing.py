"""Opening sealed values: the one place that decrypts what `korgoo.core.crypto` sealed.

Only the rooms that keep secrets import it, and an import-linter contract keeps it so: the case
vault (`korgoo.cases.vault`) for everything sealed under a case's data key, and the few apps that
seal their own values under their own keys (a court decision's original, a booking's phone, a
messenger link, an idempotent report's receipt). Everyone else asks one of those rooms.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .crypto import _NONCE, _SEAL_VERSION, DecryptionError


def unseal(data_key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if not sealed or sealed[:1] != _SEAL_VERSION:
        raise DecryptionError("not a sealed value")
    try:
        return AESGCM(data_key).decrypt(sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :], aad)
    except InvalidTag as exc:
        raise DecryptionError("sealed value failed authentication") from exc


def unseal_json(data_key: bytes, sealed: bytes, aad: bytes) -> Any:
    return json.loads(unseal(data_key, sealed, aad))


def unseal_text(data_key: bytes, sealed: bytes, aad: bytes) -> str:
    return unseal(data_key, sealed, aad).decode()
