"""Envelope encryption and sealing (SECURITY.md requirement 27)."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from korgoo.core import crypto, unsealing


def _key(byte: bytes) -> str:
    return base64.urlsafe_b64encode(byte * 32).decode()


def test_sealed_value_round_trips_and_hides_plaintext() -> None:
    key = crypto.new_data_key()
    sealed = crypto.seal_text(key, "паспорт CANARY-1", b"case:1:report")
    assert b"CANARY" not in sealed and "паспорт".encode() not in sealed
    assert unsealing.unseal_text(key, sealed, b"case:1:report") == "паспорт CANARY-1"


def test_flipped_byte_fails_instead_of_decrypting_to_garbage() -> None:
    key = crypto.new_data_key()
    sealed = bytearray(crypto.seal(key, b"secret", b"aad"))
    for index in (1, 13, len(sealed) - 1):
        altered = bytearray(sealed)
        altered[index] ^= 0x01
        with pytest.raises(crypto.DecryptionError):
            unsealing.unseal(key, bytes(altered), b"aad")


def test_ciphertext_moved_to_another_row_does_not_open() -> None:
    key = crypto.new_data_key()
    sealed = crypto.seal(key, b"secret", b"case:1:report")
    with pytest.raises(crypto.DecryptionError):
        unsealing.unseal(key, sealed, b"case:2:report")


def test_wrapped_key_opens_only_for_its_organisation() -> None:
    data_key = crypto.new_data_key()
    wrapped = crypto.wrap_key(data_key, "org-a")
    assert crypto.unwrap_key(wrapped, "org-a") == data_key
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(wrapped, "org-b")


def test_old_root_key_stops_opening_after_it_is_removed(settings) -> None:
    settings.KORGOO_ROOT_KEYS = f"old:{_key(b'o')}"
    data_key = crypto.new_data_key()
    wrapped_old = crypto.wrap_key(data_key, "org-a")
    assert crypto.wrapped_key_id(wrapped_old) == "old"
    settings.KORGOO_ROOT_KEYS = f"new:{_key(b'n')},old:{_key(b'o')}"
    rewrapped = crypto.wrap_key(crypto.unwrap_key(wrapped_old, "org-a"), "org-a")
    assert crypto.wrapped_key_id(rewrapped) == "new"
    settings.KORGOO_ROOT_KEYS = f"new:{_key(b'n')}"
    assert crypto.unwrap_key(rewrapped, "org-a") == data_key
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(wrapped_old, "org-a")


def test_bad_key_configuration_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        crypto.Keyring.parse("k1:short")
    with pytest.raises(ImproperlyConfigured):
        crypto.Keyring.parse("")


def test_receipt_digest_fails_closed_without_pepper(settings) -> None:
    settings.KORGOO_RECEIPT_PEPPER = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.receipt_digest("123")
