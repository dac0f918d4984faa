"""Wages owed for a period, month by month, with the minimum-wage check.

What was earned each calendar month follows from the agreed pay:

- monthly pay: ``pay × days worked ÷ scheduled working days of the month`` (pay for the days
  actually worked, in proportion to a full month);
- daily rate: ``rate × days worked``;
- hourly rate: ``rate × hours worked``.

Payments received are set against the oldest month first, as wage arrears are usually settled, so
that each month shows what is still owed for it; the total owed does not depend on that choice.

Minimum wage: pay for a full month's work at full-time hours may not be below the minimum wage in
force for that month: Russia's federal MROT (a region may set a higher one, Labour Code art. 133.1)
and Kazakhstan's MZP. If the agreed full-time monthly pay is lower, the month carries a warning with
both figures. A daily or hourly rate is compared through its full-time equivalent: the rate times
the scheduled days (times the normal daily hours). The check assumes a full-time job.

Amounts keep full precision; totals are rounded once, per month amounts are rounded for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum
from itertools import pairwise

from korgoo.evidence.calculators.dates import days_in_month, weekdays_in_month
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
    parse_decimal,
    parse_hours,
    quantize_money,
)
from korgoo.evidence.calculators.rates import Rate, RateSeries, load_kz_mzp, load_ru_mrot
from korgoo.evidence.calculators.sources import KZ_MZP, RU_MROT, Source
from korgoo.evidence.calculators.validation import require_date

DEFAULT_NORMAL_DAILY_HOURS = Decimal(8)


class PayKind(StrEnum):
    """How the agreed pay is expressed."""

    MONTHLY = "monthly"
    DAILY = "daily"
    HOURLY = "hourly"


@dataclass(frozen=True, slots=True)
class WorkedMonth:
    """Work done in one calendar month.

    ``scheduled_days`` is the number of working days in the month for a full-time worker; when it is
    not given, Mondays to Fridays are counted (public holidays are not known here, so the figure may
    be a little high). ``hours_worked`` is needed for an hourly rate only.
    """

    year: int
    month: int
    days_worked: AmountInput
    scheduled_days: int | None = None
    hours_worked: AmountInput | None = None


@dataclass(frozen=True, slots=True)
class MonthWages:
    """One month: what was earned, what of the payments went to it, and what is still owed."""

    year: int
    month: int
    days_worked: Decimal
    scheduled_days: int
    scheduled_days_estimated: bool
    hours_worked: Decimal | None
    earned: Decimal
    earned_exact: Decimal
    paid: Decimal
    owed: Decimal
    full_time_pay: Decimal
    minimum_wage: Decimal | None
    minimum_wage_confirmed: bool | None
    below_minimum_wage: bool


@dataclass(frozen=True, slots=True)
class WageWarning:
    """Something the worker or caseworker should look at; ``code`` is stable for translation."""

    code: str
    text: str
    year: int | None
    month: int | None
    figure: Decimal | None
    minimum_wage: Decimal | None
    confirmed: bool
    #: Named values for the interface's translated wording (``texts.warning_text``).
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class UnpaidWagesResult:
    """Wages earned, paid and owed over the months given, with warnings and the rules applied."""

    country: Country
    currency: Currency
    pay_kind: PayKind
    pay_rate: Decimal
    months: tuple[MonthWages, ...]
    earned: Decimal
    paid: Decimal
    owed: Decimal
    overpaid: Decimal
    warnings: tuple[WageWarning, ...]
    sources: tuple[Source, ...]

    @property
    def confirmed(self) -> bool:
        return all(source.confirmed for source in self.sources)


def unpaid_wages(
    *,
    country: Country | str,
    pay_kind: PayKind | str,
    pay_rate: AmountInput,
    months: Sequence[WorkedMonth],
    payments: Sequence[Payment] = (),
    normal_daily_hours: AmountInput = DEFAULT_NORMAL_DAILY_HOURS,
    minimum_wages: RateSeries | None = None,
) -> UnpaidWagesResult:
    """Wages owed for ``months`` at the agreed pay, less ``payments``; see the module docstring.

    ``minimum_wages`` replaces the shipped MROT (RU) or MZP (KZ) series.
    """
    nation = parse_country(country)
    kind = _parse_pay_kind(pay_kind)
    rate = parse_decimal(pay_rate, field="pay_rate", allow_zero=False, max_places=6)
    daily_hours = parse_hours(normal_daily_hours, field="normal_daily_hours", allow_zero=False)
    series = minimum_wages or (load_ru_mrot() if nation is Country.RU else load_kz_mzp())
    currency = currency_for(nation)

    paid_total = Decimal(0)
    for index, payment in enumerate(payments):
        require_date(payment.day, field=f"payments[{index}].day")
        # "Nothing" is the most common true answer to "how much did you receive": a zero is accepted.
        paid_total += parse_amount(payment.amount, field=f"payments[{index}].amount")

    warnings: list[WageWarning] = []
    used_minimums: list[Rate] = []
    worked: list[_Month] = []
    with localcontext(prec=PRECISION):
        for index, work in enumerate(months):
            worked.append(_read_month(work, index, kind, rate, daily_hours, series))
        worked.sort(key=lambda item: (item.year, item.month))
        for earlier, later in pairwise(worked):
            if (earlier.year, earlier.month) == (later.year, later.month):
                raise CalculationError(
                    ErrorCode.DUPLICATE_MONTH,
                    f"{later.year}-{later.month:02d} is given more than once.",
                    field="months",
                )

        remaining = paid_total
        breakdown: list[MonthWages] = []
        for item in worked:
            applied = min(remaining, item.earned)
            remaining -= applied
            minimum = item.minimum
            breakdown.append(
                MonthWages(
                    year=item.year,
                    month=item.month,
                    days_worked=item.days,
                    scheduled_days=item.scheduled,
                    scheduled_days_estimated=item.estimated,
                    hours_worked=item.hours,
                    earned=quantize_money(item.earned),
                    earned_exact=item.earned,
                    paid=quantize_money(applied),
                    owed=quantize_money(item.earned - applied),
                    full_time_pay=quantize_money(item.full_time),
                    minimum_wage=None if minimum is None else minimum.value,
                    minimum_wage_confirmed=(
                        None if minimum is None else minimum.confirmed and not item.minimum_unconfirmed
                    ),
                    below_minimum_wage=minimum is not None and item.full_time < minimum.value,
                )
            )
            warnings.extend(_month_warnings(nation, currency, kind, item, series))
            if minimum is not None and minimum not in used_minimums:
                used_minimums.append(minimum)
        earned_total = sum((item.earned for item in worked), Decimal(0))

    balance = earned_total - paid_total
    if balance < 0:
        warnings.append(
            WageWarning(
                code="payments_exceed_earnings",
                text=(
                    f"The payments ({quantize_money(paid_total)} {currency}) are more than the wages earned "
                    f"over these months ({quantize_money(earned_total)} {currency}); check the months and "
                    "the payments entered."
                ),
                year=None,
                month=None,
                figure=quantize_money(-balance),
                minimum_wage=None,
                confirmed=True,
                params=(
                    ("paid", f"{quantize_money(paid_total)}"),
                    ("earned", f"{quantize_money(earned_total)}"),
                    ("difference", f"{quantize_money(-balance)}"),
                    ("currency", str(currency)),
                ),
            )
        )
    rule = RU_MROT if nation is Country.RU else KZ_MZP
    label = (
        "Russian federal minimum wage (MROT)" if nation is Country.RU else "Kazakh minimum monthly wage (MZP)"
    )
    sources = [rule, *(_minimum_source(series, item, label, currency) for item in used_minimums)]
    if any(item.minimum_unconfirmed for item in worked):
        checked = series.checked_through.isoformat()
        sources.append(
            Source(
                code=f"{series.name}_unconfirmed_after",
                article=label,
                text=f"The {label} table was last checked on {checked}; later months use the last known value.",
                reference="the minimum-wage table shipped or imported; check the law for the year",
                confirmed=False,
                checked_on=checked[:7],
                params=(("series", series.name), ("checked_on", checked), ("rate", f"{series.latest.value}")),
            )
        )
    return UnpaidWagesResult(
        country=nation,
        currency=currency,
        pay_kind=kind,
        pay_rate=rate,
        months=tuple(breakdown),
        earned=quantize_money(earned_total),
        paid=quantize_money(paid_total),
        owed=quantize_money(max(balance, Decimal(0))),
        overpaid=quantize_money(max(-balance, Decimal(0))),
        warnings=tuple(warnings),
        sources=tuple(sources),
    )


@dataclass(frozen=True, slots=True)
class _Month:
    """One month of input, validated, with what was earned and the minimum wage in force."""

    year: int
    month: int
    days: Decimal
    scheduled: int
    estimated: bool
    hours: Decimal | None
    earned: Decimal
    full_time: Decimal
    minimum: Rate | None
    #: The minimum wage's table was not checked for this month: the last known value was used.
    minimum_unconfirmed: bool = False


def _read_month(
    work: WorkedMonth, index: int, kind: PayKind, rate: Decimal, daily_hours: Decimal, series: RateSeries
) -> _Month:
    year, month = _check_month(work, index)
    days = parse_decimal(work.days_worked, field=f"months[{index}].days_worked", max_places=2)
    if days > days_in_month(year, month):
        raise CalculationError(
            ErrorCode.DAYS_WORKED_EXCEED_MONTH,
            f"{days} days worked in {year}-{month:02d}, which has {days_in_month(year, month)} days.",
            field=f"months[{index}].days_worked",
        )
    scheduled, estimated = _scheduled_days(work, index, year, month)
    hours = _hours_worked(work, index, kind)
    return _Month(
        year=year,
        month=month,
        days=days,
        scheduled=scheduled,
        estimated=estimated,
        hours=hours,
        earned=_earned(kind, rate, days, scheduled, hours),
        full_time=_full_time_pay(kind, rate, scheduled, daily_hours),
        minimum=_minimum_wage(series, year, month),
        minimum_unconfirmed=series.is_unconfirmed(date(year, month, 1)),
    )


def _parse_pay_kind(value: PayKind | str) -> PayKind:
    try:
        return PayKind(value)
    except ValueError:
        raise CalculationError(
            ErrorCode.INVALID_PAY_KIND,
            f"Unknown kind of pay {value!r}; expected monthly, daily or hourly.",
            field="pay_kind",
        ) from None


def _check_month(work: WorkedMonth, index: int) -> tuple[int, int]:
    year, month = work.year, work.month
    if (
        isinstance(year, bool)
        or isinstance(month, bool)
        or not isinstance(year, int)
        or not isinstance(month, int)
        or not 1 <= month <= 12
        or not 2000 <= year <= 2100
    ):
        raise CalculationError(
            ErrorCode.INVALID_MONTH, f"{year!r}-{month!r} is not a calendar month.", field=f"months[{index}]"
        )
    return year, month


def _scheduled_days(work: WorkedMonth, index: int, year: int, month: int) -> tuple[int, bool]:
    if work.scheduled_days is None:
        return weekdays_in_month(year, month), True
    scheduled = work.scheduled_days
    if (
        isinstance(scheduled, bool)
        or not isinstance(scheduled, int)
        or not 1 <= scheduled <= days_in_month(year, month)
    ):
        raise CalculationError(
            ErrorCode.INVALID_MONTH,
            f"{scheduled!r} scheduled working days is not possible in {year}-{month:02d}.",
            field=f"months[{index}].scheduled_days",
        )
    return scheduled, False


def _hours_worked(work: WorkedMonth, index: int, kind: PayKind) -> Decimal | None:
    if work.hours_worked is None:
        if kind is PayKind.HOURLY:
            raise CalculationError(
                ErrorCode.INVALID_HOURS,
                "Hours worked are needed for an hourly rate.",
                field=f"months[{index}].hours_worked",
            )
        return None
    hours = parse_decimal(
        work.hours_worked,
        field=f"months[{index}].hours_worked",
        max_places=2,
        error_code=ErrorCode.INVALID_HOURS,
    )
    if hours > 24 * days_in_month(work.year, work.month):
        raise CalculationError(
            ErrorCode.INVALID_HOURS,
            f"{hours} hours is more than the month has.",
            field=f"months[{index}].hours_worked",
        )
    return hours


def _earned(kind: PayKind, rate: Decimal, days: Decimal, scheduled: int, hours: Decimal | None) -> Decimal:
    if kind is PayKind.MONTHLY:
        return rate * days / scheduled
    if kind is PayKind.DAILY:
        return rate * days
    assert hours is not None  # checked by _hours_worked
    return rate * hours


def _full_time_pay(kind: PayKind, rate: Decimal, scheduled: int, daily_hours: Decimal) -> Decimal:
    if kind is PayKind.MONTHLY:
        return rate
    if kind is PayKind.DAILY:
        return rate * scheduled
    return rate * scheduled * daily_hours


def _minimum_wage(series: RateSeries, year: int, month: int) -> Rate | None:
    # Minimum wages change on 1 January; the value in force on the 1st covers the month.
    try:
        return series.rate_on(date(year, month, 1))
    except CalculationError:
        return None


def _month_warnings(
    country: Country, currency: Currency, kind: PayKind, item: _Month, series: RateSeries
) -> list[WageWarning]:
    name = "MROT" if country is Country.RU else "MZP"
    year, month, days, scheduled, full_time, minimum = (
        item.year,
        item.month,
        item.days,
        item.scheduled,
        item.full_time,
        item.minimum,
    )
    warnings: list[WageWarning] = []
    month_text = f"{year}-{month:02d}"
    if minimum is not None and item.minimum_unconfirmed:
        checked = series.checked_through.isoformat()
        warnings.append(
            WageWarning(
                code="minimum_wage_unconfirmed_after",
                text=(
                    f"{month_text}: the {name} table was last checked on {checked}; the last known "
                    f"{name} of {quantize_money(minimum.value)} {currency} was used and may have changed."
                ),
                year=year,
                month=month,
                figure=None,
                minimum_wage=quantize_money(minimum.value),
                confirmed=False,
                params=(("month", month_text), ("checked_on", checked), ("name", name)),
            )
        )
    if minimum is None:
        warnings.append(
            WageWarning(
                code="minimum_wage_unknown",
                text=(
                    f"The {name} for {year}-{month:02d} is not in the data; "
                    "the minimum-wage check was skipped."
                ),
                year=year,
                month=month,
                figure=None,
                minimum_wage=None,
                confirmed=False,
                params=(("month", month_text), ("name", name)),
            )
        )
    elif full_time < minimum.value:
        warnings.append(
            WageWarning(
                code="below_minimum_wage",
                text=(
                    f"The agreed full-time pay of {quantize_money(full_time)} {currency} a month "
                    f"is below the {name} of {quantize_money(minimum.value)} {currency} in force from "
                    f"{minimum.effective_from.isoformat()}."
                ),
                year=year,
                month=month,
                figure=quantize_money(full_time),
                minimum_wage=quantize_money(minimum.value),
                confirmed=minimum.confirmed and not item.minimum_unconfirmed,
                params=(
                    ("month", month_text),
                    ("figure", f"{quantize_money(full_time)}"),
                    ("minimum", f"{quantize_money(minimum.value)}"),
                    ("currency", str(currency)),
                    ("name", name),
                    ("since", minimum.effective_from.isoformat()),
                ),
            )
        )
    if item.estimated:
        warnings.append(
            WageWarning(
                code="scheduled_days_estimated",
                text=(
                    f"{year}-{month:02d}: {scheduled} working days counted as Mondays to Fridays; public "
                    "holidays are not taken into account. Enter the scheduled days to be exact."
                ),
                year=year,
                month=month,
                figure=Decimal(scheduled),
                minimum_wage=None,
                confirmed=False,
                params=(("month", month_text), ("days", str(scheduled))),
            )
        )
    if kind is PayKind.MONTHLY and days > scheduled:
        warnings.append(
            WageWarning(
                code="days_worked_exceed_scheduled",
                text=(
                    f"{year}-{month:02d}: {days} days worked, more than the {scheduled} scheduled. Work on "
                    "weekends and holidays is paid at a higher rate; use the overtime calculator for it."
                ),
                year=year,
                month=month,
                figure=days,
                minimum_wage=None,
                confirmed=True,
                params=(("month", month_text), ("days", f"{days:f}"), ("scheduled", str(scheduled))),
            )
        )
    return warnings


def _minimum_source(series: RateSeries, rate: Rate, label: str, currency: Currency) -> Source:
    return Source(
        code=f"{series.name}_{rate.effective_from.isoformat()}",
        article=label,
        text=f"{quantize_money(rate.value)} {currency} a month from {rate.effective_from.isoformat()}.",
        reference=rate.source,
        confirmed=rate.confirmed,
    )
