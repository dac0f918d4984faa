"""Spreadsheet exports that cannot run code when opened (SECURITY.md requirement 21).

A text cell whose first character that is not white space or a control character is one of
`= + - @ | %`, or that starts with a tab, carriage return or NUL, is prefixed with an apostrophe, so
spreadsheet programs show it as text instead of evaluating it. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

TRIGGERS = frozenset("=+-@|%")
# Characters XML 1.0 cannot hold; openpyxl refuses them, so XLSX cells drop them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _first_meaningful(text: str) -> str:
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return char
    return ""


def safe_cell(value: Any) -> Any:
    """The value to write into a CSV or XLSX cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text[:1] in ("\t", "\r", "\x00") or _first_meaningful(text) in TRIGGERS:
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read Cyrillic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(value: Any) -> Any:
    """The value of an XLSX cell: characters XML cannot hold are dropped first, then the text is
    judged, so what is left (say a tab, once a control character before it is gone) is neutralised."""
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("", value)
    return safe_cell(value)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook with one sheet per (title, header, rows); no cell is ever a formula."""
    from openpyxl import Workbook  # noqa: PLC0415 - a heavy library, loaded only when this runs

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([xlsx_cell(h) for h in header])
        for row in rows:
            sheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
