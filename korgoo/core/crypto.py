"""Encryption at rest: envelope keys, AEAD sealing and keyed digests.

Each case has its own random data key. The data key is stored only wrapped (AES-256-GCM) by a key of
the organisation that holds the case; organisation keys are derived (HKDF-SHA256) from root keys that
come from the environment or a key file, never from the database. Sealed values carry the id of the
root key that wrapped them, so `korgoo rotate_keys` can re-wrap everything under a new root key and the
old one can then be removed. A flipped byte fails authentication instead of decrypting to garbage.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PLATFORM_KEY_REF = "platform"
_SEAL_VERSION = b"\x01"
_WRAP_VERSION = b"\x02"
_NONCE = 12


class DecryptionError(Exception):
    """Ciphertext was altered, or the key that sealed it is gone."""


@dataclass(frozen=True)
class Keyring:
    """Root keys by id; the first is the one that wraps new data keys."""

    keys: dict[str, bytes]
    active_id: str

    @classmethod
    def parse(cls, spec: str) -> Keyring:
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in spec.split(","):
            item = item.strip()
            if not item:
                continue
            key_id, _, encoded = item.partition(":")
            try:
                raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except ValueError:
                raw = b""
            if not key_id or len(key_id) > 32 or len(raw) != 32:
                raise ImproperlyConfigured("KORGOO_ROOT_KEYS entries must be 'id:base64 of 32 bytes'.")
            keys[key_id] = raw
            order.append(key_id)
        if not order:
            raise ImproperlyConfigured("KORGOO_ROOT_KEYS holds no key.")
        return cls(keys=keys, active_id=order[0])


@lru_cache(maxsize=8)
def _keyring(spec: str) -> Keyring:
    return Keyring.parse(spec)


def keyring() -> Keyring:
    return _keyring(settings.KORGOO_ROOT_KEYS)


@lru_cache(maxsize=4096)
def _derive(root: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"korgoo/v1", info=purpose).derive(root)


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def wrap_key(data_key: bytes, key_ref: str) -> bytes:
    """Wrap a data key under the key of `key_ref` (an organisation id, or the platform queue)."""
    ring = keyring()
    kek = _derive(ring.keys[ring.active_id], b"org:" + key_ref.encode())
    nonce = os.urandom(_NONCE)
    key_id = ring.active_id.encode()
    body = AESGCM(kek).encrypt(nonce, data_key, b"wrap:" + key_ref.encode())
    return _WRAP_VERSION + bytes([len(key_id)]) + key_id + nonce + body


def unwrap_key(wrapped: bytes, key_ref: str) -> bytes:
    if not wrapped or wrapped[:1] != _WRAP_VERSION:
        raise DecryptionError("not a wrapped key")
    size = wrapped[1]
    key_id = wrapped[2 : 2 + size].decode()
    root = keyring().keys.get(key_id)
    if root is None:
        raise DecryptionError("root key not available")
    nonce = wrapped[2 + size : 2 + size + _NONCE]
    body = wrapped[2 + size + _NONCE :]
    try:
        return AESGCM(_derive(root, b"org:" + key_ref.encode())).decrypt(
            nonce, body, b"wrap:" + key_ref.encode()
        )
    except InvalidTag as exc:
        raise DecryptionError("wrapped key failed authentication") from exc


def wrapped_key_id(wrapped: bytes) -> str:
    return wrapped[2 : 2 + wrapped[1]].decode()


def seal(data_key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM under a data key; `aad` binds the value to its row and field."""
    nonce = os.urandom(_NONCE)
    return _SEAL_VERSION + nonce + AESGCM(data_key).encrypt(nonce, plaintext, aad)


def seal_json(data_key: bytes, value: Any, aad: bytes) -> bytes:
    return seal(data_key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), aad)


def seal_text(data_key: bytes, text: str, aad: bytes) -> bytes:
    return seal(data_key, text.encode(), aad)


def purpose_key(purpose: str) -> bytes:
    """A key for one keyed-hash purpose (search tokens, idempotency), derived from the pepper.

    Derived from the hashing pepper, not from the root encryption keys, so that rotating root keys
    does not change search tokens or idempotency digests.
    """
    pepper = getattr(settings, "KORGOO_RECEIPT_PEPPER", None)
    if not pepper:
        raise ImproperlyConfigured("KORGOO_RECEIPT_PEPPER is not set.")
    return _derive(pepper.encode(), b"purpose:" + purpose.encode())


def keyed_digest(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def receipt_digest(normalised_receipt: str) -> str:
    """HMAC-SHA256(pepper, receipt): the only form in which a receipt is stored.

    Fails closed when the pepper is missing, so no lookup can succeed without it.
    """
    pepper = getattr(settings, "KORGOO_RECEIPT_PEPPER", None)
    if not pepper:
        raise ImproperlyConfigured("KORGOO_RECEIPT_PEPPER is not set.")
    return keyed_digest(pepper.encode(), "receipt:" + normalised_receipt)
