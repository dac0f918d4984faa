"""Worked examples of overtime and weekend pay, computed by hand from the articles.

Russia: art. 152 (first 2 overtime hours ≥1.5×, further hours ≥2×), art. 153 (weekend or holiday
hours ≥2×, not counted again as overtime), art. 99 (≤4 h over 2 consecutive days, ≤120 h a year).
Kazakhstan: art. 108 (overtime ≥1.5×), art. 110 (weekend or holiday ≥1.5×), arts. 77–78 (≤2 h a
day, ≤12 h a month, ≤120 h a year).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from korgoo.evidence.calculators import CalculationError, WorkDay, overtime_pay


def test_ru_weekend_day_is_paid_double_and_is_not_overtime() -> None:
    # Saturday 2025-06-14, 10 hours at 500 ₽: 10 × 500 × 2 = 10 000.00.
    # Not overtime, so neither 1.5× hours nor a warning, although 10 hours exceed 4 over 2 days.
    result = overtime_pay(
        country="RU", hourly_rate="500", days=[WorkDay(date(2025, 6, 14), "10", rest_day=True)]
    )
    (day,) = result.days
    assert (day.normal_hours, day.hours_at_1_5, day.hours_at_2, day.overtime_hours) == (0, 0, Decimal(10), 0)
    assert day.amount == Decimal("10000.00")
    assert result.total == Decimal("10000.00")
    assert result.warnings == ()
    assert {source.code for source in result.sources} >= {"ru_tk_152", "ru_tk_153"}


def test_ru_normal_day_with_three_extra_hours() -> None:
    # 11 hours on Monday 2025-06-16, normal day 8 hours, 500 ₽ an hour:
    #   8 × 500 × 1   = 4 000
    #   2 × 500 × 1.5 = 1 500   (first two overtime hours)
    #   1 × 500 × 2   = 1 000   (third overtime hour)
    #   total 6 500.00
    result = overtime_pay(country="RU", hourly_rate="500", days=[WorkDay(date(2025, 6, 16), "11")])
    (day,) = result.days
    assert (day.normal_hours, day.hours_at_1_5, day.hours_at_2) == (Decimal(8), Decimal(2), Decimal(1))
    assert day.amount == Decimal("6500.00")
    assert result.overtime_hours == Decimal(3)
    assert result.warnings == ()


def test_ru_more_than_4_hours_over_two_consecutive_days_is_flagged() -> None:
    # 3 overtime hours on each of 2025-06-16 and 2025-06-17: 6 > 4 → warning under art. 99.
    # Pay per day: 8 × 400 + 2 × 400 × 1.5 + 1 × 400 × 2 = 3 200 + 1 200 + 800 = 5 200; two days 10 400.00.
    result = overtime_pay(
        country="RU",
        hourly_rate="400",
        days=[WorkDay(date(2025, 6, 16), "11"), WorkDay(date(2025, 6, 17), "11")],
    )
    assert result.total == Decimal("10400.00")
    (warning,) = result.warnings
    assert warning.code == "ru_overtime_two_days"
    assert (warning.start, warning.end, warning.hours, warning.limit) == (
        date(2025, 6, 16),
        date(2025, 6, 17),
        Decimal(6),
        Decimal(4),
    )
    assert "art. 99" in warning.article


def test_ru_more_than_120_hours_a_year_is_flagged() -> None:
    # 61 working days in 2025 with 2 overtime hours on every other day: 122 > 120 hours.
    # Each pair of consecutive days has at most 2 + 0 hours, so the 2-day limit is respected.
    start = date(2025, 1, 1)
    days = [WorkDay(start + timedelta(days=2 * n), "10") for n in range(61)]
    result = overtime_pay(country="RU", hourly_rate="100", days=days)
    assert [warning.code for warning in result.warnings] == ["ru_overtime_year"]
    assert result.warnings[0].hours == Decimal(122)


def test_kz_overtime_is_one_and_a_half_and_limited_to_2_hours_a_day() -> None:
    # 11 hours on 2025-06-16 at 500 ₸: 8 × 500 + 3 × 500 × 1.5 = 4 000 + 2 250 = 6 250.00.
    # 3 overtime hours exceed the 2-hour daily limit.
    result = overtime_pay(country="KZ", hourly_rate="500", days=[WorkDay(date(2025, 6, 16), "11")])
    (day,) = result.days
    assert (day.hours_at_1_5, day.hours_at_2) == (Decimal(3), Decimal(0))
    assert result.total == Decimal("6250.00")
    assert [warning.code for warning in result.warnings] == ["kz_overtime_day"]


def test_kz_weekend_day_is_paid_one_and_a_half() -> None:
    # Sunday 2025-06-15, 8 hours at 500 ₸: 8 × 500 × 1.5 = 6 000.00.
    result = overtime_pay(
        country="KZ", hourly_rate="500", days=[WorkDay(date(2025, 6, 15), "8", rest_day=True)]
    )
    assert result.total == Decimal("6000.00")
    assert result.days[0].hours_at_1_5 == Decimal(8)
    assert {source.code for source in result.sources} >= {"kz_tk_108", "kz_tk_110"}


def test_kz_more_than_12_hours_a_month_is_flagged() -> None:
    # 7 days in June 2025 with 2 overtime hours each: 14 > 12.
    days = [WorkDay(date(2025, 6, 2) + timedelta(days=n), "10") for n in range(7)]
    result = overtime_pay(country="KZ", hourly_rate="100", days=days)
    (warning,) = result.warnings
    assert (warning.code, warning.start, warning.end, warning.hours) == (
        "kz_overtime_month",
        date(2025, 6, 1),
        date(2025, 6, 30),
        Decimal(14),
    )


def test_fractional_hours_and_a_custom_normal_day() -> None:
    # Normal day of 7 hours; 9.5 hours worked at 300.50 ₽:
    #   7 × 300.50 = 2 103.50; 2 × 300.50 × 1.5 = 901.50; 0.5 × 300.50 × 2 = 300.50; total 3 305.50
    result = overtime_pay(
        country="RU", hourly_rate="300.50", normal_daily_hours="7", days=[WorkDay(date(2025, 6, 16), "9.5")]
    )
    assert result.total == Decimal("3305.50")


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ([WorkDay(date(2025, 6, 16), "25")], "invalid_hours"),
        ([WorkDay(date(2025, 6, 16), "-1")], "negative_amount"),
        ([WorkDay(date(2025, 6, 16), "8"), WorkDay(date(2025, 6, 16), "2")], "duplicate_day"),
        # The string "false" is truthy; it must be refused, not read as a weekend.
        ([WorkDay(date(2025, 6, 16), "8", rest_day="false")], "invalid_flag"),  # type: ignore[arg-type]
    ],
)
def test_invalid_days_are_refused(days: list[WorkDay], code: str) -> None:
    with pytest.raises(CalculationError) as error:
        overtime_pay(country="RU", hourly_rate="500", days=days)
    assert error.value.code == code
