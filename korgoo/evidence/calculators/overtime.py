"""Pay for overtime and for work on weekends and holidays, with the legal limits on overtime.

Russia
    Art. 152: on a working day, hours beyond the normal daily hours are overtime, each day being one
    occasion; the first 2 overtime hours are paid at least 1.5 times the hourly rate, each further
    hour at least 2 times.
    Art. 153: every hour worked on a weekend or non-working holiday is paid at least 2 times; those
    hours are not counted again as overtime (art. 152), nor towards the overtime limits.
    Art. 99: overtime may not exceed 4 hours over 2 consecutive days, or 120 hours a year.

Kazakhstan
    Art. 108: overtime is paid at least 1.5 times the hourly rate.
    Art. 110: every hour worked on a weekend or public holiday is paid at least 1.5 times; those
    hours are treated like Russia's, as not being overtime.
    Arts. 77–78: overtime may not exceed 2 hours a day (1 hour for heavy or hazardous work),
    12 hours a month, 120 hours a year.

``amount`` for a day is the pay for every hour worked that day at these multipliers: normal hours
at 1×, the rest at 1.5× or 2×. A worker on a monthly salary that already covers the normal hours is
owed ``amount − normal_hours × hourly_rate`` on top of the salary for that day; for weekend work
within the monthly norm, art. 153 allows a salaried worker in Russia a lower supplement (see
``RU_TK_153``). The total is the sum of the exact day amounts, rounded once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
from korgoo.evidence.calculators.money import (
    PRECISION,
    AmountInput,
    Country,
    Currency,
    currency_for,
    parse_country,
    parse_decimal,
    parse_hours,
    quantize_money,
)
from korgoo.evidence.calculators.sources import (
    KZ_OVERTIME_LIMITS,
    KZ_TK_108,
    KZ_TK_110,
    RU_TK_99,
    RU_TK_152,
    RU_TK_153,
    Source,
)
from korgoo.evidence.calculators.validation import require_bool, require_date

ONE = Decimal(1)
ONE_AND_HALF = Decimal("1.5")
DOUBLE = Decimal(2)

#: Overtime hours paid at 1.5× before the 2× rate starts, per occasion (RU art. 152).
RU_HOURS_AT_ONE_AND_HALF = Decimal(2)
RU_LIMIT_TWO_DAYS = Decimal(4)
RU_LIMIT_YEAR = Decimal(120)
KZ_LIMIT_DAY = Decimal(2)
KZ_LIMIT_MONTH = Decimal(12)
KZ_LIMIT_YEAR = Decimal(120)

DEFAULT_NORMAL_DAILY_HOURS = Decimal(8)


@dataclass(frozen=True, slots=True)
class WorkDay:
    """Hours worked on one calendar day, and whether it was a weekend or non-working holiday."""

    day: date
    hours: AmountInput
    rest_day: bool = False


@dataclass(frozen=True, slots=True)
class OvertimeDay:
    """How one day's hours are paid. ``overtime_hours`` are those that count towards the limits."""

    day: date
    rest_day: bool
    hours: Decimal
    normal_hours: Decimal
    hours_at_1_5: Decimal
    hours_at_2: Decimal
    overtime_hours: Decimal
    amount: Decimal
    amount_exact: Decimal


@dataclass(frozen=True, slots=True)
class OvertimeWarning:
    """A legal overtime limit exceeded between ``start`` and ``end`` (inclusive)."""

    code: str
    article: str
    text: str
    start: date
    end: date
    hours: Decimal
    limit: Decimal
    confirmed: bool


@dataclass(frozen=True, slots=True)
class OvertimeResult:
    """Pay for the days given, day by day, with the limits exceeded and the rules applied."""

    country: Country
    currency: Currency
    hourly_rate: Decimal
    normal_daily_hours: Decimal
    days: tuple[OvertimeDay, ...]
    total: Decimal
    overtime_hours: Decimal
    warnings: tuple[OvertimeWarning, ...]
    sources: tuple[Source, ...]

    @property
    def confirmed(self) -> bool:
        return all(source.confirmed for source in self.sources)


def overtime_pay(
    *,
    country: Country | str,
    hourly_rate: AmountInput,
    days: Sequence[WorkDay],
    normal_daily_hours: AmountInput = DEFAULT_NORMAL_DAILY_HOURS,
) -> OvertimeResult:
    """Pay for ``days`` at ``hourly_rate`` under RU arts. 152–153 or KZ arts. 108 and 110.

    ``hourly_rate`` may have up to 6 decimal places, since it is often a monthly salary divided by
    the hours of the month.
    """
    nation = parse_country(country)
    rate = parse_decimal(hourly_rate, field="hourly_rate", allow_zero=False, max_places=6)
    normal = parse_hours(normal_daily_hours, field="normal_daily_hours", allow_zero=False)
    seen: set[date] = set()
    breakdown: list[OvertimeDay] = []
    with localcontext(prec=PRECISION):
        for index, work in enumerate(days):
            day = require_date(work.day, field=f"days[{index}].day")
            if day in seen:
                raise CalculationError(
                    ErrorCode.DUPLICATE_DAY,
                    f"{day.isoformat()} is given more than once; enter each day once with all its hours.",
                    field=f"days[{index}].day",
                )
            seen.add(day)
            hours = parse_hours(work.hours, field=f"days[{index}].hours")
            rest_day = require_bool(work.rest_day, field=f"days[{index}].rest_day")
            breakdown.append(_split_day(nation, day, hours, rest_day, normal, rate))
        breakdown.sort(key=lambda item: item.day)
        total = sum((item.amount_exact for item in breakdown), Decimal(0))

    rest_days = any(item.rest_day for item in breakdown)
    if nation is Country.RU:
        warnings = _ru_warnings(breakdown)
        sources = [RU_TK_152, *([RU_TK_153] if rest_days else []), RU_TK_99]
    else:
        warnings = _kz_warnings(breakdown)
        sources = [KZ_TK_108, *([KZ_TK_110] if rest_days else []), KZ_OVERTIME_LIMITS]
    return OvertimeResult(
        country=nation,
        currency=currency_for(nation),
        hourly_rate=rate,
        normal_daily_hours=normal,
        days=tuple(breakdown),
        total=quantize_money(total),
        overtime_hours=sum((item.overtime_hours for item in breakdown), Decimal(0)),
        warnings=tuple(warnings),
        sources=tuple(sources),
    )


def _split_day(
    country: Country, day: date, hours: Decimal, rest_day: bool, normal: Decimal, rate: Decimal
) -> OvertimeDay:
    zero = Decimal(0)
    if rest_day:
        # Weekend or holiday work: paid extra as such (RU art. 153, KZ art. 110), not as overtime.
        normal_hours, at_1_5, at_2, overtime = zero, zero, zero, zero
        if country is Country.RU:
            at_2 = hours
        else:
            at_1_5 = hours
    else:
        normal_hours = min(hours, normal)
        overtime = hours - normal_hours
        if country is Country.RU:
            at_1_5 = min(overtime, RU_HOURS_AT_ONE_AND_HALF)
            at_2 = overtime - at_1_5
        else:
            at_1_5, at_2 = overtime, zero
    exact = rate * (normal_hours * ONE + at_1_5 * ONE_AND_HALF + at_2 * DOUBLE)
    return OvertimeDay(
        day=day,
        rest_day=rest_day,
        hours=hours,
        normal_hours=normal_hours,
        hours_at_1_5=at_1_5,
        hours_at_2=at_2,
        overtime_hours=overtime,
        amount=quantize_money(exact),
        amount_exact=exact,
    )


def _ru_warnings(days: Sequence[OvertimeDay]) -> list[OvertimeWarning]:
    by_day = {item.day: item.overtime_hours for item in days}
    warnings: list[OvertimeWarning] = []
    for day in sorted(by_day):
        following = day + timedelta(days=1)
        hours = by_day[day] + by_day.get(following, Decimal(0))
        if hours > RU_LIMIT_TWO_DAYS:
            warnings.append(
                _warning(
                    "ru_overtime_two_days",
                    RU_TK_99,
                    f"{hours} overtime hours on {day.isoformat()} and {following.isoformat()}; "
                    f"the limit is {RU_LIMIT_TWO_DAYS} hours over 2 consecutive days.",
                    day,
                    following,
                    hours,
                    RU_LIMIT_TWO_DAYS,
                )
            )
    warnings.extend(_yearly(days, RU_LIMIT_YEAR, "ru_overtime_year", RU_TK_99))
    return warnings


def _kz_warnings(days: Sequence[OvertimeDay]) -> list[OvertimeWarning]:
    warnings = [
        _warning(
            "kz_overtime_day",
            KZ_OVERTIME_LIMITS,
            f"{item.overtime_hours} overtime hours on {item.day.isoformat()}; the limit is "
            f"{KZ_LIMIT_DAY} hours a day (1 hour for heavy or hazardous work).",
            item.day,
            item.day,
            item.overtime_hours,
            KZ_LIMIT_DAY,
        )
        for item in days
        if item.overtime_hours > KZ_LIMIT_DAY
    ]
    months: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for item in days:
        months[(item.day.year, item.day.month)] += item.overtime_hours
    for (year, month), hours in sorted(months.items()):
        if hours > KZ_LIMIT_MONTH:
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            warnings.append(
                _warning(
                    "kz_overtime_month",
                    KZ_OVERTIME_LIMITS,
                    f"{hours} overtime hours in {start:%Y-%m}; the limit is {KZ_LIMIT_MONTH} hours a month.",
                    start,
                    end,
                    hours,
                    KZ_LIMIT_MONTH,
                )
            )
    warnings.extend(_yearly(days, KZ_LIMIT_YEAR, "kz_overtime_year", KZ_OVERTIME_LIMITS))
    return warnings


def _yearly(days: Sequence[OvertimeDay], limit: Decimal, code: str, source: Source) -> list[OvertimeWarning]:
    years: defaultdict[int, Decimal] = defaultdict(Decimal)
    for item in days:
        years[item.day.year] += item.overtime_hours
    return [
        _warning(
            code,
            source,
            f"{hours} overtime hours in {year}; the limit is {limit} hours a year.",
            date(year, 1, 1),
            date(year, 12, 31),
            hours,
            limit,
        )
        for year, hours in sorted(years.items())
        if hours > limit
    ]


def _warning(
    code: str, source: Source, text: str, start: date, end: date, hours: Decimal, limit: Decimal
) -> OvertimeWarning:
    return OvertimeWarning(
        code=code,
        article=source.article,
        text=text,
        start=start,
        end=end,
        hours=hours,
        limit=limit,
        confirmed=source.confirmed,
    )
