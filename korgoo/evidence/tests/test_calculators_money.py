"""Strict parsing of amounts and the single final rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from korgoo.evidence.calculators import CalculationError, Country, Currency, currency_for, parse_amount
from korgoo.evidence.calculators.money import format_decimal, parse_hours, quantize_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50000", Decimal("50000")),
        (" 1500.50 ", Decimal("1500.50")),
        (12, Decimal(12)),
        (Decimal("0.01"), Decimal("0.01")),
    ],
)
def test_amounts_are_read_exactly(value: object, expected: Decimal) -> None:
    assert parse_amount(value, field="debt") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0.1, "float_not_allowed"),
        (True, "invalid_amount"),
        ("NaN", "invalid_amount"),
        (Decimal("NaN"), "invalid_amount"),
        (Decimal("Infinity"), "invalid_amount"),
        ("1,500", "invalid_amount"),
        ("1e3", "invalid_amount"),
        ("1_000", "invalid_amount"),
        ("", "invalid_amount"),
        ("-5", "negative_amount"),
        (Decimal("-0.01"), "negative_amount"),
        ("10.005", "too_many_decimal_places"),
        (None, "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused_with_a_code(value: object, code: str) -> None:
    with pytest.raises(CalculationError) as error:
        parse_amount(value, field="debt")  # type: ignore[arg-type]
    assert error.value.code == code
    assert error.value.field == "debt"


def test_negative_and_zero_only_where_allowed() -> None:
    assert parse_amount("-5", field="x", allow_negative=True) == Decimal(-5)
    with pytest.raises(CalculationError) as error:
        parse_amount("0", field="x", allow_zero=False)
    assert error.value.code == "zero_amount"


def test_hours_are_between_0_and_24() -> None:
    assert parse_hours("7.5", field="hours") == Decimal("7.5")
    with pytest.raises(CalculationError) as error:
        parse_hours("24.5", field="hours")
    assert error.value.code == "invalid_hours"


def test_rounding_is_half_up_to_two_places() -> None:
    # 2.675 as a binary float is 2.67499999…; as a Decimal it is exactly 2.675 and rounds up.
    assert quantize_money(Decimal("2.675")) == Decimal("2.68")
    assert quantize_money(Decimal("2.665")) == Decimal("2.67")
    assert quantize_money(Decimal("2.6649999")) == Decimal("2.66")
    assert format_decimal(Decimal("50000")) == "50000.00"
    assert format_decimal(Decimal("16.5")) == "16.50"


def test_currency_follows_the_country() -> None:
    assert currency_for("RU") is Currency.RUB
    assert currency_for(Country.KZ) is Currency.KZT
    with pytest.raises(CalculationError) as error:
        currency_for("KG")
    assert error.value.code == "invalid_country"
