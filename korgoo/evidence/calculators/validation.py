"""Checks on the types of calculator input that do not come from a form already validated.

The calculators are called by web forms, the API, commands and tests; each value is checked here so
that a wrong type gives a ``CalculationError`` with a stable code instead of a wrong figure (the
string "false" is true in Python, and a ``datetime`` is a ``date``).
"""

from __future__ import annotations

from datetime import date, datetime

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode


def require_date(value: object, *, field: str) -> date:
    """``value`` if it is a calendar date; a ``datetime`` is refused so that no time zone slips in."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CalculationError(
            ErrorCode.INVALID_DATE, f"{field}: expected a date (YYYY-MM-DD), got {value!r}.", field=field
        )
    return value


def optional_date(value: object, *, field: str) -> date | None:
    """``None``, or a calendar date as for ``require_date``."""
    return None if value is None else require_date(value, field=field)


def require_bool(value: object, *, field: str) -> bool:
    """``value`` if it is ``True`` or ``False``; anything else, even a truthy string, is refused."""
    if not isinstance(value, bool):
        raise CalculationError(
            ErrorCode.INVALID_FLAG, f"{field}: expected true or false, got {value!r}.", field=field
        )
    return value
