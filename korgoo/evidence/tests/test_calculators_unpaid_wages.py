"""Worked examples of wages owed and of the minimum-wage check.

Minimum wages used (shipped files): MROT 22 440 ₽ from 2025-01-01 and 27 093 ₽ from 2026-01-01;
MZP 85 000 ₸ from 2024-01-01.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from korgoo.evidence.calculators import CalculationError, Payment, WorkedMonth, unpaid_wages


def test_monthly_pay_prorated_and_payments_set_against_the_oldest_month() -> None:
    # 60 000 ₽ a month. February 2025: 20 of 20 working days → 60 000.00.
    # March 2025: 10 of 21 working days → 60 000 × 10 / 21 = 600 000 / 21 = 28 571.428… → 28 571.43.
    # Earned 88 571.428…; paid 50 000 → owed 38 571.428… → 38 571.43.
    # The 50 000 goes to February first: February owes 10 000.00, March 28 571.43.
    result = unpaid_wages(
        country="RU",
        pay_kind="monthly",
        pay_rate="60000",
        months=[WorkedMonth(2025, 3, "10", scheduled_days=21), WorkedMonth(2025, 2, "20", scheduled_days=20)],
        payments=[Payment(date(2025, 3, 15), "50000")],
    )
    assert result.earned == Decimal("88571.43")
    assert result.paid == Decimal("50000.00")
    assert result.owed == Decimal("38571.43")
    assert [(m.month, m.earned, m.paid, m.owed) for m in result.months] == [
        (2, Decimal("60000.00"), Decimal("50000.00"), Decimal("10000.00")),
        (3, Decimal("28571.43"), Decimal("0.00"), Decimal("28571.43")),
    ]
    assert result.warnings == ()


def test_mrot_check_below_and_above_across_a_year_boundary() -> None:
    # 25 000 ₽ a month. December 2025: MROT 22 440, 25 000 ≥ 22 440 → no warning.
    # January 2026: MROT 27 093, 25 000 < 27 093 → warning showing both figures.
    result = unpaid_wages(
        country="RU",
        pay_kind="monthly",
        pay_rate="25000",
        months=[
            WorkedMonth(2025, 12, "22", scheduled_days=22),
            WorkedMonth(2026, 1, "15", scheduled_days=15),
        ],
    )
    december, january = result.months
    assert (december.minimum_wage, december.below_minimum_wage) == (Decimal("22440"), False)
    assert (january.minimum_wage, january.below_minimum_wage) == (Decimal("27093"), True)
    (warning,) = result.warnings
    assert (warning.code, warning.year, warning.month) == ("below_minimum_wage", 2026, 1)
    assert (warning.figure, warning.minimum_wage) == (Decimal("25000.00"), Decimal("27093.00"))
    assert "27093.00 RUB" in warning.text
    assert result.owed == Decimal("50000.00")
    assert {source.code for source in result.sources} == {
        "ru_mrot",
        "ru_mrot_2025-01-01",
        "ru_mrot_2026-01-01",
    }


def test_kz_mzp_check() -> None:
    # 80 000 ₸ a month in 2025 is below the MZP of 85 000 ₸; 90 000 ₸ is not.
    below = unpaid_wages(
        country="KZ",
        pay_kind="monthly",
        pay_rate="80000",
        months=[WorkedMonth(2025, 5, "20", scheduled_days=20)],
    )
    above = unpaid_wages(
        country="KZ",
        pay_kind="monthly",
        pay_rate="90000",
        months=[WorkedMonth(2025, 5, "20", scheduled_days=20)],
    )
    assert [w.code for w in below.warnings] == ["below_minimum_wage"]
    assert below.warnings[0].minimum_wage == Decimal("85000.00")
    assert below.currency == "KZT"
    assert above.warnings == ()


def test_daily_rate_compared_through_its_full_time_equivalent() -> None:
    # 1 000 ₽ a day, 20 scheduled days in May 2025 → full-time 20 000 < 22 440 → warning.
    # 15 days worked → earned 15 000.00.
    result = unpaid_wages(
        country="RU",
        pay_kind="daily",
        pay_rate="1000",
        months=[WorkedMonth(2025, 5, "15", scheduled_days=20)],
    )
    assert result.earned == Decimal("15000.00")
    assert result.months[0].full_time_pay == Decimal("20000.00")
    assert [w.code for w in result.warnings] == ["below_minimum_wage"]


def test_hourly_rate() -> None:
    # 150 ₽ an hour; full time 21 days × 8 h × 150 = 25 200 ≥ 22 440 → no warning. 100 h worked → 15 000.00.
    result = unpaid_wages(
        country="RU",
        pay_kind="hourly",
        pay_rate="150",
        months=[WorkedMonth(2025, 4, "13", scheduled_days=21, hours_worked="100")],
    )
    assert result.earned == Decimal("15000.00")
    assert result.warnings == ()


def test_scheduled_days_default_to_weekdays_with_a_warning() -> None:
    # June 2025 has 21 Mondays to Fridays; 21 of 21 days at 30 000 → 30 000.00.
    result = unpaid_wages(
        country="RU", pay_kind="monthly", pay_rate="30000", months=[WorkedMonth(2025, 6, "21")]
    )
    assert result.months[0].scheduled_days == 21
    assert result.months[0].scheduled_days_estimated
    assert result.earned == Decimal("30000.00")
    assert [w.code for w in result.warnings] == ["scheduled_days_estimated"]


def test_overpayment_and_unknown_minimum_wage_are_reported() -> None:
    result = unpaid_wages(
        country="RU",
        pay_kind="monthly",
        pay_rate="30000",
        months=[WorkedMonth(2022, 6, "20", scheduled_days=20)],
        payments=[Payment(date(2022, 7, 5), "35000")],
    )
    assert (result.owed, result.overpaid) == (Decimal("0.00"), Decimal("5000.00"))
    assert [w.code for w in result.warnings] == ["minimum_wage_unknown", "payments_exceed_earnings"]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"months": [WorkedMonth(2025, 2, "29")]}, "days_worked_exceed_month"),
        ({"months": [WorkedMonth(2025, 2, "5"), WorkedMonth(2025, 2, "6")]}, "duplicate_month"),
        ({"months": [WorkedMonth(2025, 13, "5")]}, "invalid_month"),
        ({"pay_kind": "hourly"}, "invalid_hours"),
        ({"pay_kind": "weekly"}, "invalid_pay_kind"),
        ({"pay_rate": 30000.0}, "float_not_allowed"),
        ({"pay_rate": "0"}, "zero_amount"),
    ],
)
def test_invalid_input(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {
        "country": "RU",
        "pay_kind": "monthly",
        "pay_rate": "30000",
        "months": [WorkedMonth(2025, 2, "5")],
    }
    arguments.update(kwargs)
    with pytest.raises(CalculationError) as error:
        unpaid_wages(**arguments)  # type: ignore[arg-type]
    assert error.value.code == code
