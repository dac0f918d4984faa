"""Sealing and opening a decision's original page: the only module of the app that touches keys.

Each decision has its own data key, wrapped by the key of the organisation that brought it in
(`korgoo.core.crypto`, the same envelope as a case's content). The sealed page is bound to the row, so
a ciphertext copied onto another decision fails to open.
"""

from __future__ import annotations

import hashlib

from korgoo.core import crypto, unsealing

from .models import Decision


def _aad(decision: Decision) -> bytes:
    return f"court-decision:{decision.pk}:original".encode()


def seal_original(decision: Decision, data: bytes) -> None:
    key = crypto.new_data_key()
    decision.wrapped_key = crypto.wrap_key(key, str(decision.organisation_id))
    decision.sealed_original = crypto.seal(key, data, _aad(decision))


def open_original(decision: Decision) -> bytes:
    key = crypto.unwrap_key(bytes(decision.wrapped_key), str(decision.organisation_id))
    return unsealing.unseal(key, bytes(decision.sealed_original), _aad(decision))


def content_digest(organisation_id: object, data: bytes) -> str:
    """A keyed digest of the page: equal pages of one organisation are one decision; the digest says
    nothing about the page to anyone without the pepper."""
    return crypto.keyed_digest(
        crypto.purpose_key("court-decision-content"), f"{organisation_id}:{hashlib.sha256(data).hexdigest()}"
    )
