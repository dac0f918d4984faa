"""Properties of late-payment compensation that must hold for any debt, dates and payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from korgoo.evidence.calculators import (
    Payment,
    Rate,
    RateSeries,
    late_payment_kz,
    late_payment_ru,
    load_kz_base_rate,
    load_ru_key_rate,
)

RU_RATES = load_ru_key_rate()
KZ_RATES = load_kz_base_rate()

debts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)
ru_due_dates = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 3, 1))
kz_due_dates = st.dates(min_value=date(2022, 2, 1), max_value=date(2026, 3, 1))
delays = st.integers(min_value=0, max_value=900)


@dataclass(frozen=True)
class Scenario:
    debt: Decimal
    due_date: date
    payments: tuple[Payment, ...]
    fully_paid_on: date | None


@st.composite
def scenarios(draw: st.DrawFn, due_dates: st.SearchStrategy[date] = ru_due_dates) -> Scenario:
    """A debt and payments made between 30 days before the due date and 900 days after it."""
    debt = draw(debts)
    due = draw(due_dates)
    cents = int(debt * 100)
    remaining = cents
    payments: list[Payment] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if remaining == 0:
            break
        part = draw(st.integers(min_value=1, max_value=remaining))
        day = due + timedelta(days=draw(st.integers(min_value=-30, max_value=900)))
        payments.append(Payment(day, Decimal(part) / 100))
        remaining -= part
    fully_paid_on = max(payment.day for payment in payments) if remaining == 0 else None
    return Scenario(debt, due, tuple(payments), fully_paid_on)


def _last_payment_day(scenario: Scenario) -> date:
    """The due date or the last payment, whichever is later: the earliest valid ``as_of``."""
    return max([scenario.due_date, *(payment.day for payment in scenario.payments)])


@settings(max_examples=150, deadline=None)
@given(scenarios(), delays, st.integers(min_value=0, max_value=400))
def test_ru_more_delay_never_lowers_compensation(scenario: Scenario, delay: int, extra: int) -> None:
    as_of = max(scenario.due_date + timedelta(days=delay), _last_payment_day(scenario))
    earlier = late_payment_ru(
        debt=scenario.debt,
        due_date=scenario.due_date,
        as_of=as_of,
        payments=scenario.payments,
        key_rates=RU_RATES,
    )
    later = late_payment_ru(
        debt=scenario.debt,
        due_date=scenario.due_date,
        as_of=as_of + timedelta(days=extra),
        payments=scenario.payments,
        key_rates=RU_RATES,
    )
    assert later.compensation >= earlier.compensation >= 0


@settings(max_examples=150, deadline=None)
@given(
    debts, ru_due_dates, st.integers(min_value=-30, max_value=900), st.integers(min_value=1, max_value=3000)
)
def test_ru_paying_everything_stops_compensation(
    debt: Decimal, due: date, paid_after: int, extra: int
) -> None:
    paid_on = due + timedelta(days=paid_after)
    payments = [Payment(paid_on, debt)]
    as_of = max(paid_on, due)
    on_payment_day = late_payment_ru(
        debt=debt, due_date=due, as_of=as_of, payments=payments, key_rates=RU_RATES
    )
    far_later = late_payment_ru(
        debt=debt, due_date=due, as_of=as_of + timedelta(days=extra), payments=payments, key_rates=RU_RATES
    )
    assert far_later.compensation == on_payment_day.compensation
    assert far_later.periods == on_payment_day.periods
    assert far_later.fully_paid


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.integers(min_value=0, max_value=400))
def test_ru_compensation_is_never_negative_and_days_add_up(scenario: Scenario, extra: int) -> None:
    as_of = _last_payment_day(scenario) + timedelta(days=extra)
    result = late_payment_ru(
        debt=scenario.debt,
        due_date=scenario.due_date,
        as_of=as_of,
        payments=scenario.payments,
        key_rates=RU_RATES,
    )
    assert result.compensation >= 0
    assert all(period.amount_exact >= 0 and period.debt > 0 for period in result.periods)
    # The periods tile the delay: consecutive, no gaps, no overlaps, adding up to the days of delay.
    assert sum(period.days for period in result.periods) == result.days_of_delay
    expected_last = scenario.fully_paid_on if scenario.fully_paid_on is not None else as_of
    assert result.days_of_delay == max((expected_last - scenario.due_date).days, 0)
    for earlier, later in zip(result.periods, result.periods[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_ru_splitting_a_payment_into_two_on_the_same_day_changes_nothing(
    scenario: Scenario, data: st.DataObject
) -> None:
    if not scenario.payments:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(scenario.payments) - 1))
    payment = scenario.payments[index]
    cents = int(Decimal(payment.amount) * 100)
    if cents < 2:
        return
    first = Decimal(data.draw(st.integers(min_value=1, max_value=cents - 1))) / 100
    split = [
        *scenario.payments[:index],
        Payment(payment.day, first),
        Payment(payment.day, Decimal(payment.amount) - first),
        *scenario.payments[index + 1 :],
    ]
    as_of = _last_payment_day(scenario) + timedelta(days=10)
    whole = late_payment_ru(
        debt=scenario.debt,
        due_date=scenario.due_date,
        as_of=as_of,
        payments=scenario.payments,
        key_rates=RU_RATES,
    )
    halves = late_payment_ru(
        debt=scenario.debt, due_date=scenario.due_date, as_of=as_of, payments=split, key_rates=RU_RATES
    )
    assert halves.compensation == whole.compensation
    assert halves.periods == whole.periods


@settings(max_examples=100, deadline=None)
@given(scenarios(kz_due_dates), st.integers(min_value=0, max_value=400), st.sampled_from([365, 360]))
def test_kz_compensation_is_never_negative_and_stops_when_paid(
    scenario: Scenario, extra: int, basis: int
) -> None:
    as_of = _last_payment_day(scenario) + timedelta(days=extra)
    result = late_payment_kz(
        debt=scenario.debt,
        due_date=scenario.due_date,
        as_of=as_of,
        payments=scenario.payments,
        day_count_basis=basis,
        base_rates=KZ_RATES,
    )
    assert result.compensation >= 0
    if scenario.fully_paid_on is not None:
        later = late_payment_kz(
            debt=scenario.debt,
            due_date=scenario.due_date,
            as_of=as_of + timedelta(days=1000),
            payments=scenario.payments,
            day_count_basis=basis,
            base_rates=KZ_RATES,
        )
        assert later.compensation == result.compensation
    # Each period covers the whole delay of the sum it carries.
    for period in result.periods:
        assert period.start == scenario.due_date + timedelta(days=1)
        assert period.days == (period.end - scenario.due_date).days


FLAT_RATE = RateSeries(
    name="flat", rates=(Rate(Decimal("16.00"), date(2020, 1, 1), "flat test rate", confirmed=True),)
)


@settings(max_examples=100, deadline=None)
@given(scenarios(kz_due_dates), delays, st.integers(min_value=0, max_value=400))
def test_kz_more_delay_never_lowers_compensation_at_a_constant_rate(
    scenario: Scenario, delay: int, extra: int
) -> None:
    # With the rate of the payment day, a later payment at a lower rate can owe less; at a constant
    # rate more delay never lowers the penalty.
    series = FLAT_RATE
    as_of = max(scenario.due_date + timedelta(days=delay), _last_payment_day(scenario))
    arguments = {"debt": scenario.debt, "due_date": scenario.due_date, "payments": scenario.payments}
    earlier = late_payment_kz(as_of=as_of, base_rates=series, **arguments)  # type: ignore[arg-type]
    later = late_payment_kz(as_of=as_of + timedelta(days=extra), base_rates=series, **arguments)  # type: ignore[arg-type]
    assert later.compensation >= earlier.compensation
