"""Worked examples of late-payment compensation, computed by hand from the articles.

Russia, Labour Code art. 236: per day, unpaid sum × key rate of the day / 100 / 150, from the day
after the due date to the day of payment inclusive.
Kazakhstan, Labour Code art. 113(3): per payment, sum paid × 1.25 × base rate of the payment day
/ 100 × days of delay / 365 (or 360).

Key rates used (shipped file): 21.00% from 2024-10-28, 20.00% from 2025-06-09, 16.00% from
2025-12-22, 15.50% from 2026-02-16. KZ base rates: 16.50% from 2025-03-10, 18.00% from 2025-10-13.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from korgoo.evidence.calculators import (
    CalculationError,
    Country,
    Currency,
    Payment,
    late_payment_compensation,
    late_payment_kz,
    late_payment_ru,
    load_rate_series,
)


def _periods(result):  # type: ignore[no-untyped-def]
    return [(p.start, p.end, p.days, p.rate, p.debt, p.amount) for p in result.periods]


def test_ru_period_crossing_a_key_rate_change() -> None:
    # Debt 50 000 due 2025-05-30, paid in full 2025-06-20. Delay: 2025-05-31 .. 2025-06-20 = 21 days.
    # The key rate fell from 21% to 20% on 2025-06-09:
    #   2025-05-31 .. 2025-06-08:  9 days × 50 000 × 21% / 150 = 10 500 × 9 / 150  = 94 500 / 150  = 630.00
    #   2025-06-09 .. 2025-06-20: 12 days × 50 000 × 20% / 150 = 10 000 × 12 / 150 = 120 000 / 150 = 800.00
    #   total 1 430.00
    result = late_payment_ru(
        debt=Decimal("50000"),
        due_date=date(2025, 5, 30),
        as_of=date(2025, 7, 1),
        payments=[Payment(date(2025, 6, 20), Decimal("50000"))],
    )
    assert result.compensation == Decimal("1430.00")
    assert result.currency is Currency.RUB
    assert _periods(result) == [
        (date(2025, 5, 31), date(2025, 6, 8), 9, Decimal("21.00"), Decimal("50000"), Decimal("630.00")),
        (date(2025, 6, 9), date(2025, 6, 20), 12, Decimal("20.00"), Decimal("50000"), Decimal("800.00")),
    ]
    assert result.fully_paid
    assert result.days_of_delay == 21
    assert result.confirmed  # art. 236 and both key rates are confirmed


def test_ru_partial_payments() -> None:
    # Debt 50 000 due 2025-05-30; 20 000 paid on 2025-06-05, the remaining 30 000 on 2025-06-20.
    # The payment day still accrues on the old debt; the debt falls from the next day.
    #   2025-05-31 .. 2025-06-05:  6 days × 50 000 × 21% / 150 = 10 500 × 6 / 150 = 63 000 / 150 = 420.00
    #   2025-06-06 .. 2025-06-08:  3 days × 30 000 × 21% / 150 =  6 300 × 3 / 150 = 18 900 / 150 = 126.00
    #   2025-06-09 .. 2025-06-20: 12 days × 30 000 × 20% / 150 =  6 000 × 12 / 150 = 72 000 / 150 = 480.00
    #   total 1 026.00
    result = late_payment_ru(
        debt="50000",
        due_date=date(2025, 5, 30),
        as_of=date(2025, 6, 30),
        payments=[Payment(date(2025, 6, 20), "30000"), Payment(date(2025, 6, 5), "20000")],
    )
    assert result.compensation == Decimal("1026.00")
    assert _periods(result) == [
        (date(2025, 5, 31), date(2025, 6, 5), 6, Decimal("21.00"), Decimal("50000"), Decimal("420.00")),
        (date(2025, 6, 6), date(2025, 6, 8), 3, Decimal("21.00"), Decimal("30000"), Decimal("126.00")),
        (date(2025, 6, 9), date(2025, 6, 20), 12, Decimal("20.00"), Decimal("30000"), Decimal("480.00")),
    ]


def test_ru_payment_on_the_due_date_owes_nothing() -> None:
    # Paid on the due date itself: no day of delay.
    result = late_payment_ru(
        debt="50000",
        due_date=date(2025, 6, 10),
        as_of=date(2025, 8, 1),
        payments=[Payment(date(2025, 6, 10), "50000")],
    )
    assert result.compensation == Decimal("0.00")
    assert result.periods == ()
    assert result.days_of_delay == 0


def test_ru_payment_before_the_due_date_reduces_the_debt_without_compensation() -> None:
    # 10 000 paid early (2025-06-01), 40 000 on 2025-06-11, the day after the due date 2025-06-10:
    #   one day × 40 000 × 20% / 150 = 8 000 / 150 = 53.333… → 53.33
    result = late_payment_ru(
        debt="50000",
        due_date=date(2025, 6, 10),
        as_of=date(2025, 6, 11),
        payments=[Payment(date(2025, 6, 1), "10000"), Payment(date(2025, 6, 11), "40000")],
    )
    assert result.compensation == Decimal("53.33")
    assert _periods(result) == [
        (date(2025, 6, 11), date(2025, 6, 11), 1, Decimal("20.00"), Decimal("40000"), Decimal("53.33")),
    ]


def test_ru_payment_the_day_after_the_due_date_is_exactly_one_day() -> None:
    # Due 2025-06-10, paid 2025-06-11: one day × 50 000 × 20% / 150 = 10 000 / 150 = 66.666… → 66.67
    result = late_payment_ru(
        debt="50000",
        due_date=date(2025, 6, 10),
        as_of=date(2025, 6, 11),
        payments=[Payment(date(2025, 6, 11), "50000")],
    )
    assert result.compensation == Decimal("66.67")
    assert [p.days for p in result.periods] == [1]


def test_ru_unpaid_debt_runs_to_as_of_and_rounds_once_at_the_end() -> None:
    # Debt 50 000 due 2025-12-31, still unpaid on 2026-02-20. Delay: 31 days of January + 20 of February.
    #   2026-01-01 .. 2026-02-15: 46 days × 50 000 × 16%   / 150 = 8 000 × 46 / 150 = 2 453.333…
    #   2026-02-16 .. 2026-02-20:  5 days × 50 000 × 15.5% / 150 = 7 750 × 5 / 150  =   258.333…
    #   exact total 2 711.666… → 2 711.67, while the rounded periods (2 453.33 + 258.33) add up to 2 711.66.
    result = late_payment_ru(debt="50000", due_date=date(2025, 12, 31), as_of=date(2026, 2, 20))
    assert result.compensation == Decimal("2711.67")
    assert [p.amount for p in result.periods] == [Decimal("2453.33"), Decimal("258.33")]
    assert not result.fully_paid
    assert result.outstanding == Decimal("50000")
    assert result.days_of_delay == 51


def test_ru_kopecks_round_half_up() -> None:
    # 12 345.67 due 2025-01-10, paid 2025-01-20: 10 days at 21%:
    #   12 345.67 × 21 × 10 / 15 000 = 2 592 590.70 / 15 000 = 172.839… → 172.84
    result = late_payment_ru(
        debt="12345.67",
        due_date=date(2025, 1, 10),
        as_of=date(2025, 1, 20),
        payments=[Payment(date(2025, 1, 20), "12345.67")],
    )
    assert result.compensation == Decimal("172.84")


def test_ru_one_300th_before_3_october_2016(tmp_path: Path) -> None:
    # Key rate 10% throughout (custom file). Debt 30 000 due 2016-09-30, paid 2016-10-05.
    #   2016-10-01 .. 2016-10-02: 2 days × 30 000 × 10% / 300 = 3 000 × 2 / 300 = 20.00
    #   2016-10-03 .. 2016-10-05: 3 days × 30 000 × 10% / 150 = 3 000 × 3 / 150 = 60.00
    #   total 80.00; the 1/300 rule is marked as to be confirmed.
    file = tmp_path / "key.csv"
    file.write_text(
        "effective_from,value,source,confidence\n2016-09-19,10.00,test value,confirmed\n", encoding="utf-8"
    )
    result = late_payment_ru(
        debt="30000",
        due_date=date(2016, 9, 30),
        as_of=date(2016, 10, 5),
        payments=[Payment(date(2016, 10, 5), "30000")],
        key_rates=load_rate_series(file),
    )
    assert result.compensation == Decimal("80.00")
    assert [(p.days, p.day_divisor, p.amount) for p in result.periods] == [
        (2, 300, Decimal("20.00")),
        (3, 150, Decimal("60.00")),
    ]
    by_code = {source.code: source for source in result.sources}
    assert by_code["ru_tk_236_before_2016_10_03"].confirmed is False
    assert not result.confirmed


def test_rate_change_splits_the_period_exactly_on_that_day(tmp_path: Path) -> None:
    # Custom series: 10% from 2024-01-01, 12% from 2024-03-15. Debt 15 000 due 2024-03-10, paid 2024-03-20.
    #   2024-03-11 .. 2024-03-14: 4 days × 15 000 × 10% / 150 = 1 500 × 4 / 150 = 40.00
    #   2024-03-15 .. 2024-03-20: 6 days × 15 000 × 12% / 150 = 1 800 × 6 / 150 = 72.00
    file = tmp_path / "key.csv"
    file.write_text(
        "# checked_on: 2024-12-31\n"
        "effective_from,value,source,confidence\n"
        "2024-01-01,10.00,first test value,confirmed\n"
        "2024-03-15,12.00,second test value,to_confirm\n",
        encoding="utf-8",
    )
    series = load_rate_series(file)
    result = late_payment_ru(
        debt="15000",
        due_date=date(2024, 3, 10),
        as_of=date(2024, 3, 20),
        payments=[Payment(date(2024, 3, 20), "15000")],
        key_rates=series,
    )
    assert [(p.start, p.end, p.rate) for p in result.periods] == [
        (date(2024, 3, 11), date(2024, 3, 14), Decimal("10.00")),
        (date(2024, 3, 15), date(2024, 3, 20), Decimal("12.00")),
    ]
    assert result.compensation == Decimal("112.00")
    # The second rate is marked to_confirm in the file, so the result is not confirmed.
    assert not result.confirmed


def test_kz_365_and_360_day_bases() -> None:
    # Debt 100 000 ₸ due 2025-11-10, paid 2025-12-10: 30 days (20 in November + 10 in December).
    # Base rate on the payment day: 18%.
    #   365: 100 000 × 18% × 1.25 × 30 / 365 = 22 500 × 30 / 365 = 675 000 / 365 = 1 849.315… → 1 849.32
    #   360: 675 000 / 360 = 1 875.00
    payments = [Payment(date(2025, 12, 10), "100000")]
    common = {"debt": "100000", "due_date": date(2025, 11, 10), "as_of": date(2025, 12, 31)}
    on_365 = late_payment_kz(payments=payments, **common)  # type: ignore[arg-type]
    on_360 = late_payment_kz(payments=payments, day_count_basis=360, **common)  # type: ignore[arg-type]
    assert on_365.compensation == Decimal("1849.32")
    assert on_360.compensation == Decimal("1875.00")
    assert on_365.currency is Currency.KZT
    assert _periods(on_360) == [
        (date(2025, 11, 11), date(2025, 12, 10), 30, Decimal("18.00"), Decimal("100000"), Decimal("1875.00"))
    ]
    # The whole Kazakh rule is still to be confirmed.
    assert not on_365.confirmed
    assert on_365.sources[0].code == "kz_tk_113_3"
    assert on_365.sources[0].confirmed is False


def test_kz_uses_the_base_rate_of_the_payment_day() -> None:
    # Due 2025-09-30, paid 2025-10-20: 20 days. The base rate rose from 16.5% to 18% on 2025-10-13,
    # but the penalty uses the rate of the payment day for the whole delay:
    #   50 000 × 18% × 1.25 × 20 / 365 = 11 250 × 20 / 365 = 225 000 / 365 = 616.438… → 616.44
    result = late_payment_kz(
        debt="50000",
        due_date=date(2025, 9, 30),
        as_of=date(2025, 10, 20),
        payments=[Payment(date(2025, 10, 20), "50000")],
    )
    assert result.compensation == Decimal("616.44")
    assert [(p.days, p.rate) for p in result.periods] == [(20, Decimal("18.00"))]


def test_kz_partial_payments_each_carry_their_own_delay() -> None:
    # Debt 100 000 due 2025-11-10; 40 000 paid 2025-11-20 (10 days), 60 000 paid 2025-12-10 (30 days); 18%.
    #   40 000 × 18% × 1.25 × 10 / 365 =  9 000 × 10 / 365 =  90 000 / 365 =   246.575…
    #   60 000 × 18% × 1.25 × 30 / 365 = 13 500 × 30 / 365 = 405 000 / 365 = 1 109.589…
    #   total 495 000 / 365 = 1 356.164… → 1 356.16
    result = late_payment_kz(
        debt="100000",
        due_date=date(2025, 11, 10),
        as_of=date(2025, 12, 10),
        payments=[Payment(date(2025, 11, 20), "40000"), Payment(date(2025, 12, 10), "60000")],
    )
    assert result.compensation == Decimal("1356.16")
    assert [(p.start, p.end, p.days, p.debt, p.amount) for p in result.periods] == [
        (date(2025, 11, 11), date(2025, 11, 20), 10, Decimal("40000"), Decimal("246.58")),
        (date(2025, 11, 11), date(2025, 12, 10), 30, Decimal("60000"), Decimal("1109.59")),
    ]


def test_kz_unpaid_debt_uses_the_rate_of_as_of_and_says_so() -> None:
    # Unpaid on 2025-12-10: same figures as the 365-day example, marked provisional.
    result = late_payment_kz(debt="100000", due_date=date(2025, 11, 10), as_of=date(2025, 12, 10))
    assert result.compensation == Decimal("1849.32")
    assert "kz_rate_of_payment_day" in {source.code for source in result.sources}


def test_dispatch_by_country() -> None:
    ru = late_payment_compensation(
        country="RU", debt="50000", due_date=date(2025, 6, 10), as_of=date(2025, 6, 11)
    )
    kz = late_payment_compensation(
        country=Country.KZ,
        debt="100000",
        due_date=date(2025, 11, 10),
        as_of=date(2025, 12, 10),
        day_count_basis=360,
    )
    assert ru.compensation == Decimal("66.67")
    assert kz.compensation == Decimal("1875.00")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"due_date": date(2025, 7, 1), "as_of": date(2025, 6, 1)}, "due_date_after_as_of"),
        ({"debt": "-1"}, "negative_amount"),
        ({"debt": 100.5}, "float_not_allowed"),
        ({"debt": "NaN"}, "invalid_amount"),
        ({"debt": "100.001"}, "too_many_decimal_places"),
        ({"payments": [Payment(date(2025, 6, 20), "60000")]}, "payments_exceed_debt"),
        ({"payments": [Payment(date(2025, 8, 1), "100")]}, "payment_after_as_of"),
        ({"payments": [Payment(date(2025, 6, 20), "0")]}, "zero_amount"),
        ({"due_date": date(2020, 1, 1)}, "no_rate_for_date"),
    ],
)
def test_invalid_input_raises_a_stable_code(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {"debt": "50000", "due_date": date(2025, 6, 10), "as_of": date(2025, 7, 1)}
    arguments.update(kwargs)
    with pytest.raises(CalculationError) as error:
        late_payment_ru(**arguments)  # type: ignore[arg-type]
    assert error.value.code == code


def test_kz_day_count_basis_must_be_365_or_360() -> None:
    with pytest.raises(CalculationError) as error:
        late_payment_kz(debt="1", due_date=date(2025, 11, 10), as_of=date(2025, 12, 10), day_count_basis=366)
    assert error.value.code == "invalid_day_count_basis"
    with pytest.raises(CalculationError) as error:
        late_payment_compensation(
            country="RU", debt="1", due_date=date(2025, 11, 10), as_of=date(2025, 12, 10), day_count_basis=360
        )
    assert error.value.code == "invalid_day_count_basis"
