"""Compensation owed by an employer who pays wages late.

Russia, Labour Code art. 236
    For each calendar day of delay, from the day after the due date up to and including the day of
    payment, the employer owes at least 1/150 of the Bank of Russia key rate in force on that day,
    applied to the sum still unpaid on that day. A partial payment reduces the debt from the day
    after it is made: the payment day is itself a day of delay for the whole sum owed that morning.
    Before 3 October 2016 the fraction was 1/300 (date of the change to be confirmed).

Kazakhstan, Labour Code art. 113(3) (the whole rule is still to be confirmed)
    For each calendar day of delay, from the day after the due date to the day of payment
    inclusive, the employer owes a penalty of 1.25 times the National Bank base rate, a year being
    365 days (or 360, which some practitioners use). The rate is the one in force **on the day of
    payment**, so each payment carries its own rate: a sum paid on day P accrues for the days from
    the due date to P at the base rate of day P. Sums not yet paid are computed with the rate of
    ``as_of``, a provisional figure until they are paid.

In both countries a payment made on or before the due date simply reduces the debt and carries no
compensation; if the debt is not fully paid, compensation runs to ``as_of`` inclusive.

Rounding: every period keeps its exact amount; the total is the sum of the exact amounts, rounded
once to 0.01 with ROUND_HALF_UP. Each period also shows its own amount rounded the same way, for
display only, so the displayed period amounts may differ from the total by a few kopecks or tiyn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
from korgoo.evidence.calculators.money import (
    PRECISION,
    AmountInput,
    Country,
    Currency,
    Payment,
    currency_for,
    parse_amount,
    parse_country,
    quantize_money,
)
from korgoo.evidence.calculators.rates import Rate, RateSeries, load_kz_base_rate, load_ru_key_rate
from korgoo.evidence.calculators.sources import (
    KZ_TK_113_3,
    RU_TK_236,
    RU_TK_236_BEFORE_2016,
    RU_TK_236_BEFORE_2016_10_03,
    ResultWarning,
    Source,
)
from korgoo.evidence.calculators.validation import require_date

#: First day on which art. 236 requires 1/150 of the rate instead of 1/300 (Law 272-FZ of 03.07.2016).
RU_ONE_150TH_FROM = date(2016, 10, 3)
#: First day on which the key rate replaced the refinancing rate in this calculation.
RU_KEY_RATE_FROM = date(2016, 1, 1)

KZ_MULTIPLIER = Decimal("1.25")
KZ_DAY_COUNT_BASES = (365, 360)


@dataclass(frozen=True, slots=True)
class LatePaymentPeriod:
    """Days ``start`` to ``end`` inclusive on which one rate applied to one sum.

    ``amount = debt × rate / 100 × rate_multiplier × days / day_divisor``: in Russia the multiplier
    is 1 and the divisor 150 (300 before 03.10.2016); in Kazakhstan 1.25 and 365 (or 360).
    ``amount`` is rounded for display; ``amount_exact`` is what the total adds up.
    """

    start: date
    end: date
    days: int
    rate: Decimal
    debt: Decimal
    amount: Decimal
    amount_exact: Decimal
    rate_multiplier: Decimal
    day_divisor: int
    #: False when the rate is itself to be confirmed, or the day lies after the rate table's check.
    rate_confirmed: bool = True


@dataclass(frozen=True, slots=True)
class LatePaymentResult:
    """The compensation owed for late wages, how it was computed, and the rules applied."""

    country: Country
    currency: Currency
    debt: Decimal
    due_date: date
    as_of: date
    compensation: Decimal
    periods: tuple[LatePaymentPeriod, ...]
    sources: tuple[Source, ...]
    fully_paid: bool
    outstanding: Decimal
    last_day: date
    days_of_delay: int
    warnings: tuple[ResultWarning, ...] = ()

    @property
    def confirmed(self) -> bool:
        """True only if every rule and rate used is confirmed."""
        return all(source.confirmed for source in self.sources)


@dataclass(frozen=True, slots=True)
class _Debt:
    """Validated input shared by both countries."""

    debt: Decimal
    due_date: date
    as_of: date
    outstanding_at_due: Decimal
    late_payments: tuple[tuple[date, Decimal], ...]

    @property
    def late_total(self) -> Decimal:
        return sum((amount for _, amount in self.late_payments), Decimal(0))

    @property
    def outstanding(self) -> Decimal:
        return self.outstanding_at_due - self.late_total

    @property
    def fully_paid(self) -> bool:
        return self.outstanding == 0

    @property
    def last_day(self) -> date:
        """The last day of delay: the day of the final payment, or ``as_of`` while a sum is unpaid."""
        if self.outstanding_at_due == 0:
            return self.due_date
        if self.fully_paid:
            return self.late_payments[-1][0]
        return self.as_of


def late_payment_compensation(
    *,
    country: Country | str,
    debt: AmountInput,
    due_date: date,
    as_of: date,
    payments: Sequence[Payment] = (),
    day_count_basis: int | None = None,
    rates: RateSeries | None = None,
) -> LatePaymentResult:
    """Compensation for late wages under the law of ``country``; see the module docstring.

    ``rates`` replaces the shipped key-rate (RU) or base-rate (KZ) series. ``day_count_basis``
    (365 or 360) applies to Kazakhstan only.
    """
    match parse_country(country):
        case Country.RU:
            if day_count_basis is not None:
                raise CalculationError(
                    ErrorCode.INVALID_DAY_COUNT_BASIS,
                    "A day-count basis applies only to Kazakhstan; Russian compensation is per day.",
                    field="day_count_basis",
                )
            return late_payment_ru(
                debt=debt, due_date=due_date, as_of=as_of, payments=payments, key_rates=rates
            )
        case Country.KZ:
            return late_payment_kz(
                debt=debt,
                due_date=due_date,
                as_of=as_of,
                payments=payments,
                day_count_basis=365 if day_count_basis is None else day_count_basis,
                base_rates=rates,
            )
    raise AssertionError("parse_country accepts only the countries above")  # pragma: no cover


def late_payment_ru(
    *,
    debt: AmountInput,
    due_date: date,
    as_of: date,
    payments: Sequence[Payment] = (),
    key_rates: RateSeries | None = None,
) -> LatePaymentResult:
    """Compensation under RU Labour Code art. 236: per day, the sum unpaid × key rate of the day / 150.

    A new period starts wherever the key rate, the unpaid sum or the 1/300 → 1/150 fraction changes.
    """
    series = key_rates or load_ru_key_rate()
    state = _validate(debt=debt, due_date=due_date, as_of=as_of, payments=payments)
    first_day = state.due_date + timedelta(days=1)
    last_day = state.last_day
    periods: list[LatePaymentPeriod] = []
    used_rates: list[Rate] = []
    if first_day <= last_day:
        cuts = {first_day}
        cuts.update(day + timedelta(days=1) for day, _ in state.late_payments)
        cuts.update(rate.effective_from for rate in series.rates)
        cuts.add(RU_ONE_150TH_FROM)
        cuts.add(series.checked_through + timedelta(days=1))
        starts = sorted(cut for cut in cuts if first_day <= cut <= last_day)
        ends = [start - timedelta(days=1) for start in starts[1:]] + [last_day]
        with localcontext(prec=PRECISION):
            for start, end in zip(starts, ends, strict=True):
                owed = state.outstanding_at_due - sum(
                    (amount for day, amount in state.late_payments if day < start), Decimal(0)
                )
                rate = series.rate_on(start)
                divisor = 150 if start >= RU_ONE_150TH_FROM else 300
                confirmed = rate.confirmed and not series.is_unconfirmed(start)
                periods.append(_period(start, end, rate.value, owed, Decimal(1), divisor, confirmed))
                if rate not in used_rates:
                    used_rates.append(rate)

    sources = [RU_TK_236]
    if periods and periods[0].start < RU_ONE_150TH_FROM:
        sources.append(RU_TK_236_BEFORE_2016_10_03)
    if periods and periods[0].start < RU_KEY_RATE_FROM:
        sources.append(RU_TK_236_BEFORE_2016)
    sources.extend(_rate_source(series, rate, "Bank of Russia key rate") for rate in used_rates)
    return _result(
        Country.RU, state, periods, sources, _staleness(series, periods, sources, "Bank of Russia key rate")
    )


def late_payment_kz(
    *,
    debt: AmountInput,
    due_date: date,
    as_of: date,
    payments: Sequence[Payment] = (),
    day_count_basis: int = 365,
    base_rates: RateSeries | None = None,
) -> LatePaymentResult:
    """Penalty under KZ Labour Code art. 113(3), to be confirmed: 1.25 × base rate of the payment day.

    Each payment after the due date is one period, from the day after the due date to its payment
    day, at the base rate of that day; a sum still unpaid is one more period, to ``as_of``, at the
    rate of ``as_of``. The periods therefore overlap in time: each covers the whole delay of the
    sum it carries.
    """
    if isinstance(day_count_basis, bool) or day_count_basis not in KZ_DAY_COUNT_BASES:
        raise CalculationError(
            ErrorCode.INVALID_DAY_COUNT_BASIS,
            f"The day-count basis must be 365 or 360, not {day_count_basis!r}.",
            field="day_count_basis",
        )
    series = base_rates or load_kz_base_rate()
    state = _validate(debt=debt, due_date=due_date, as_of=as_of, payments=payments)
    first_day = state.due_date + timedelta(days=1)
    tranches = list(state.late_payments)
    if state.outstanding > 0:
        tranches.append((state.as_of, state.outstanding))
    periods: list[LatePaymentPeriod] = []
    used_rates: list[Rate] = []
    with localcontext(prec=PRECISION):
        for paid_on, amount in tranches:
            if paid_on < first_day:
                # Only the unpaid sum, when ``as_of`` is the due date itself: no day of delay yet.
                continue
            rate = series.rate_on(paid_on)
            confirmed = rate.confirmed and not series.is_unconfirmed(paid_on)
            periods.append(
                _period(first_day, paid_on, rate.value, amount, KZ_MULTIPLIER, day_count_basis, confirmed)
            )
            if rate not in used_rates:
                used_rates.append(rate)

    sources = [KZ_TK_113_3, _kz_basis_source(day_count_basis)]
    if not state.fully_paid and periods:
        sources.append(_kz_provisional_source(state.as_of))
    label = "National Bank of Kazakhstan base rate"
    sources.extend(_rate_source(series, rate, label) for rate in used_rates)
    return _result(Country.KZ, state, periods, sources, _staleness(series, periods, sources, label))


def _validate(*, debt: AmountInput, due_date: date, as_of: date, payments: Iterable[Payment]) -> _Debt:
    total = parse_amount(debt, field="debt")
    due = require_date(due_date, field="due_date")
    today = require_date(as_of, field="as_of")
    if due > today:
        raise CalculationError(
            ErrorCode.DUE_DATE_AFTER_AS_OF,
            f"The due date {due.isoformat()} is after the calculation date {today.isoformat()}.",
            field="due_date",
        )
    paid_by_due = Decimal(0)
    late: dict[date, Decimal] = {}
    for index, payment in enumerate(payments):
        day = require_date(payment.day, field=f"payments[{index}].day")
        amount = parse_amount(payment.amount, field=f"payments[{index}].amount", allow_zero=False)
        if day > today:
            raise CalculationError(
                ErrorCode.PAYMENT_AFTER_AS_OF,
                f"A payment on {day.isoformat()} is after the calculation date {today.isoformat()}.",
                field=f"payments[{index}].day",
            )
        if day <= due:
            paid_by_due += amount
        else:
            # Several payments on one day count as one: only the day's total matters.
            late[day] = late.get(day, Decimal(0)) + amount
    paid = paid_by_due + sum(late.values(), Decimal(0))
    if paid > total:
        raise CalculationError(
            ErrorCode.PAYMENTS_EXCEED_DEBT,
            f"The payments ({paid}) add up to more than the debt ({total}).",
            field="payments",
        )
    return _Debt(
        debt=total,
        due_date=due,
        as_of=today,
        outstanding_at_due=total - paid_by_due,
        late_payments=tuple(sorted(late.items())),
    )


def _period(
    start: date,
    end: date,
    rate: Decimal,
    debt: Decimal,
    multiplier: Decimal,
    divisor: int,
    confirmed: bool = True,
) -> LatePaymentPeriod:
    days = (end - start).days + 1
    # One division per period keeps the exact amount exact whenever it has a finite decimal form.
    exact = debt * rate * multiplier * days / (100 * divisor)
    return LatePaymentPeriod(
        start=start,
        end=end,
        days=days,
        rate=rate,
        debt=debt,
        amount=quantize_money(exact),
        amount_exact=exact,
        rate_multiplier=multiplier,
        day_divisor=divisor,
        rate_confirmed=confirmed,
    )


def _staleness(
    series: RateSeries, periods: list[LatePaymentPeriod], sources: list[Source], label: str
) -> tuple[ResultWarning, ...]:
    """A warning and an unconfirmed source when a period uses a day after the table's check: the
    last known rate was used, and it may have changed since."""
    late = [p for p in periods if series.is_unconfirmed(p.end if series.name == "kz_base_rate" else p.start)]
    if not late:
        return ()
    checked = series.checked_through.isoformat()
    value = f"{late[-1].rate}"
    params = (("series", series.name), ("checked_on", checked), ("rate", value))
    text = (
        f"The {label} table was last checked on {checked}. Later days use the last known rate, "
        f"{value}%; the rate may have changed after {checked}."
    )
    sources.append(
        Source(
            code=f"{series.name}_unconfirmed_after",
            article=label,
            text=text,
            reference="the rate table shipped or imported; check the central bank's published series",
            confirmed=False,
            checked_on=checked[:7],
            params=params,
        )
    )
    return (ResultWarning(code="rate_unconfirmed_after", text=text, params=params),)


def _result(
    country: Country,
    state: _Debt,
    periods: list[LatePaymentPeriod],
    sources: list[Source],
    warnings: tuple[ResultWarning, ...] = (),
) -> LatePaymentResult:
    with localcontext(prec=PRECISION):
        total = sum((period.amount_exact for period in periods), Decimal(0))
    return LatePaymentResult(
        country=country,
        currency=currency_for(country),
        debt=state.debt,
        due_date=state.due_date,
        as_of=state.as_of,
        compensation=quantize_money(total),
        periods=tuple(periods),
        sources=tuple(sources),
        fully_paid=state.fully_paid,
        outstanding=state.outstanding,
        last_day=state.last_day,
        days_of_delay=max((state.last_day - state.due_date).days, 0),
        warnings=warnings,
    )


def _rate_source(series: RateSeries, rate: Rate, label: str) -> Source:
    latest = (
        f" (latest value in the rate file, checked up to {series.checked_through.isoformat()})"
        if rate == series.latest
        else ""
    )
    return Source(
        code=f"{series.name}_{rate.effective_from.isoformat()}",
        article=label,
        text=f"{rate.value}% a year from {rate.effective_from.isoformat()}{latest}.",
        reference=rate.source,
        confirmed=rate.confirmed,
    )


def _kz_basis_source(basis: int) -> Source:
    return Source(
        code="kz_day_count_basis",
        article="Labour Code of the Republic of Kazakhstan, art. 113(3): day-count basis",
        text=(
            f"The annual rate is divided by {basis} days. Practitioners disagree: some divide by 360, "
            "others by 365."
        ),
        reference="zakonpravo.kz (360); ac-partners.kz (365)",
        confirmed=False,
    )


def _kz_provisional_source(as_of: date) -> Source:
    return Source(
        code="kz_rate_of_payment_day",
        article="Labour Code of the Republic of Kazakhstan, art. 113(3): rate of the payment day",
        text=(
            f"Part of the wages is still unpaid; its penalty uses the base rate in force on "
            f"{as_of.isoformat()}. When it is paid, the rate of the payment day applies instead."
        ),
        reference="enbek.gov.kz; regional labour inspectorate (caravan.kz)",
        confirmed=False,
    )
