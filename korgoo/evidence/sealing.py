"""How the evidence kept with a case is sealed under the case's key (through the case vault): the
binding of each value to its row, and opening a diary entry or a calculation for a selector or a
service that already decided the reader may see it."""

from __future__ import annotations

from typing import Any

from korgoo.cases import vault
from korgoo.cases.models import Case

from .models import Calculation, DiaryEntry


def calculation_aad(case: Case, row_id: Any) -> bytes:
    return f"case:{case.pk}:calculation:{row_id}".encode()


def entry_aad(case: Case, entry_id: Any) -> bytes:
    return f"case:{case.pk}:diary_entry:{entry_id}".encode()


def open_calculation(case: Case, row: Calculation) -> dict[str, Any]:
    opened: dict[str, Any] = vault.open_json(case, bytes(row.sealed_data), calculation_aad(case, row.pk))
    return opened


def open_content(case: Case, entry: DiaryEntry) -> dict[str, Any]:
    opened: dict[str, Any] = vault.open_json(case, bytes(entry.sealed_content), entry_aad(case, entry.pk))
    return opened
