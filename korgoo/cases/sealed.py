"""The case vault under its former name, for the monitoring refresh alone until it reads cases
through a function `cases` owns (an import-linter contract allows no other importer)."""

from __future__ import annotations

from .vault import (
    REPORT_FIELDS,
    data_key,
    key_ref,
    new_case_key,
    open_body,
    open_bytes,
    open_report,
    rewrap_for_holder,
    seal_body,
    seal_bytes,
    seal_report,
)

__all__ = [
    "REPORT_FIELDS",
    "data_key",
    "key_ref",
    "new_case_key",
    "open_body",
    "open_bytes",
    "open_report",
    "rewrap_for_holder",
    "seal_body",
    "seal_bytes",
    "seal_report",
]
