"""The vault: the one room that opens a case's sealed content and sealed files.

Everything a worker or a caseworker wrote about a case (the report, messages, notes, referral notes,
file names, the diary, calculations, generated documents' facts) and every stored file of a case is
sealed under the case's own data key. This module seals it, and it alone opens it; an import-linter
contract ("Only the vault opens case content") lists the modules that may ask it, and another keeps
`korgoo.core.unsealing` to the vaults. Services and selectors decide who may read; the vault only
keeps the keys.

The data key is wrapped by the key of the organisation holding the case, or by the platform key
while the case waits in the coordinators' queue. Every sealed value is bound (AEAD associated data)
to its row and purpose, so a ciphertext copied onto another row fails to open.
"""

from __future__ import annotations

from typing import Any

from korgoo.core import crypto, unsealing
from korgoo.core.storage import read_sealed

from .models import Case
from .reporting import employer_digest

REPORT_FIELDS = (
    "city",  # as the worker typed it (the case keeps only the gazetteer id in the clear)
    "description",
    "happened_on",
    "employer_name",
    "full_name",
    "contact_channel",
    "contact_value",
)


def key_ref(organisation_id: Any) -> str:
    return str(organisation_id) if organisation_id else crypto.PLATFORM_KEY_REF


def data_key(case: Case) -> bytes:
    cached = getattr(case, "_data_key", None)
    if cached is None:
        cached = crypto.unwrap_key(bytes(case.wrapped_key), key_ref(case.organisation_id))
        case._data_key = cached  # type: ignore[attr-defined]
    return cached


def new_case_key(case: Case) -> bytes:
    key = crypto.new_data_key()
    case.wrapped_key = crypto.wrap_key(key, key_ref(case.organisation_id))
    case._data_key = key  # type: ignore[attr-defined]
    return key


def rewrap_for_holder(case: Case, new_organisation_id: Any) -> None:
    """Wrap the case's data key for the organisation that now holds it (the caller saves)."""
    key = data_key(case)
    case.wrapped_key = crypto.wrap_key(key, key_ref(new_organisation_id))


def seal_report(case: Case, content: dict[str, Any]) -> None:
    case.sealed_report = crypto.seal_json(data_key(case), content, f"case:{case.pk}:report".encode())
    # What counting needs of the employer's name, kept beside the sealed report (cases.reporting).
    case.employer_digest = employer_digest(str(content.get("employer_name", "") or ""))


def open_report(case: Case) -> dict[str, Any]:
    if case.content_erased:
        return {}
    opened: dict[str, Any] = unsealing.unseal_json(
        data_key(case), bytes(case.sealed_report), f"case:{case.pk}:report".encode()
    )
    return opened


def seal_body(case: Case, purpose: str, row_id: Any, text: str) -> bytes:
    return crypto.seal_text(data_key(case), text, f"case:{case.pk}:{purpose}:{row_id}".encode())


def open_body(case: Case, purpose: str, row_id: Any, sealed: bytes | memoryview) -> str:
    if case.content_erased:
        return ""
    return unsealing.unseal_text(data_key(case), bytes(sealed), f"case:{case.pk}:{purpose}:{row_id}".encode())


def seal_bytes(case: Case, purpose: str, row_id: Any, data: bytes) -> bytes:
    return crypto.seal(data_key(case), data, f"case:{case.pk}:{purpose}:{row_id}".encode())


def open_bytes(case: Case, purpose: str, row_id: Any, sealed: bytes | memoryview) -> bytes:
    return unsealing.unseal(data_key(case), bytes(sealed), f"case:{case.pk}:{purpose}:{row_id}".encode())


def open_file(case: Case, purpose: str, row_id: Any, storage_name: str) -> bytes:
    """A stored file of the case, read from the sealed store and opened."""
    return open_bytes(case, purpose, row_id, read_sealed(storage_name))


def seal_json(case: Case, value: Any, aad: bytes) -> bytes:
    """A value another app keeps with the case (the diary, a calculation) sealed under the case's
    key; `aad` is the app's own binding of the value to its row."""
    return crypto.seal_json(data_key(case), value, aad)


def open_json(case: Case, sealed: bytes, aad: bytes) -> Any:
    """A value sealed with `seal_json`, opened."""
    return unsealing.unseal_json(data_key(case), bytes(sealed), aad)
