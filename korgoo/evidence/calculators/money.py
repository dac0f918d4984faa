"""Money and quantities as exact decimals.

Amounts are parsed strictly: a ``float`` is refused because it cannot hold most decimal amounts
exactly (0.1 + 0.2 != 0.3), and so are ``bool``, NaN, infinities and, unless allowed, negative
numbers. Calculations keep full precision and round once, at the end, to whole kopecks or tiyn with
ROUND_HALF_UP, the rounding that accountants and courts in Russia and Kazakhstan use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from korgoo.core.choices import Country as Country  # re-exported: the calculators name it here
from korgoo.core.choices import Currency as Currency
from korgoo.core.choices import currency_of
from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode

#: What callers may pass where an amount is expected. Strings come from forms and JSON.
AmountInput = Decimal | int | str

CENT = Decimal("0.01")

#: Working precision for intermediate results: far more digits than any wage needs, so that the
#: single rounding at the end is the only one that matters.
PRECISION = 50

_DECIMAL_STRING = re.compile(r"^[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True, slots=True)
class Payment:
    """A sum the employer paid, and the day it reached the worker."""

    day: date
    amount: AmountInput


#: The host countries whose law the calculators apply.
LAW_COUNTRIES = (Country.RU, Country.KZ)


def parse_country(value: Country | str) -> Country:
    """The country for ``value`` ("RU" or "KZ"), or ``invalid_country``."""
    if value not in LAW_COUNTRIES:
        raise CalculationError(
            ErrorCode.INVALID_COUNTRY, f"Unknown country {value!r}; expected RU or KZ.", field="country"
        )
    return Country(value)


def currency_for(country: Country | str) -> Currency:
    """Wages are paid in roubles in Russia and in tenge in Kazakhstan (KZ Labour Code, art. 113(1))."""
    return Currency(currency_of(parse_country(country)))


def parse_decimal(
    value: AmountInput,
    *,
    field: str,
    allow_negative: bool = False,
    allow_zero: bool = True,
    max_places: int | None = None,
    error_code: ErrorCode = ErrorCode.INVALID_AMOUNT,
) -> Decimal:
    """Read a non-float number exactly, or raise ``CalculationError`` naming ``field``.

    Strings must be plain decimal notation with a dot ("1500", "1500.50"), optionally with a leading
    minus sign; spaces around the number are ignored. Exponents, thousands separators and commas are
    refused, so that "1,500" is never read as one and a half.
    """
    if isinstance(value, bool | float):
        raise CalculationError(
            ErrorCode.FLOAT_NOT_ALLOWED if isinstance(value, float) else error_code,
            f"{field}: {type(value).__name__} is not accepted for an exact amount; "
            "pass a Decimal or a string.",
            field=field,
        )
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        unsigned = text[1:] if text.startswith("-") else text
        if not _DECIMAL_STRING.match(unsigned):
            raise CalculationError(error_code, f"{field}: {value!r} is not a decimal number.", field=field)
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern above already excludes this
            raise CalculationError(
                error_code, f"{field}: {value!r} is not a decimal number.", field=field
            ) from None
    else:
        raise CalculationError(
            error_code, f"{field}: {type(value).__name__} is not accepted as a number.", field=field
        )
    if not number.is_finite():
        raise CalculationError(error_code, f"{field}: {value!r} is not a finite number.", field=field)
    if number < 0 and not allow_negative:
        raise CalculationError(
            ErrorCode.NEGATIVE_AMOUNT, f"{field}: {value!r} must not be negative.", field=field
        )
    if number == 0 and not allow_zero:
        raise CalculationError(ErrorCode.ZERO_AMOUNT, f"{field}: must be greater than zero.", field=field)
    if max_places is not None:
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > max_places:
            raise CalculationError(
                ErrorCode.TOO_MANY_DECIMAL_PLACES,
                f"{field}: {value!r} has more than {max_places} decimal places.",
                field=field,
            )
    return number


def parse_amount(
    value: AmountInput, *, field: str, allow_negative: bool = False, allow_zero: bool = True
) -> Decimal:
    """A sum of money: at most two decimal places (kopecks, tiyn), never a float."""
    return parse_decimal(
        value, field=field, allow_negative=allow_negative, allow_zero=allow_zero, max_places=2
    )


def parse_hours(value: AmountInput, *, field: str, allow_zero: bool = True) -> Decimal:
    """A number of hours in one day: between 0 and 24, at most two decimal places."""
    hours = parse_decimal(
        value, field=field, allow_zero=allow_zero, max_places=2, error_code=ErrorCode.INVALID_HOURS
    )
    if hours > 24:
        raise CalculationError(
            ErrorCode.INVALID_HOURS, f"{field}: {value!r} is more than 24 hours.", field=field
        )
    return hours


def quantize_money(value: Decimal) -> Decimal:
    """Round to 0.01 with ROUND_HALF_UP. Call once, on the final figure."""
    with localcontext(prec=PRECISION):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal) -> str:
    """A JSON-ready string with exactly two decimal places ("50000.00", "21.00")."""
    return f"{quantize_money(value):f}"
