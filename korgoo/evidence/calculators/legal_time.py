"""Legal time: periods counted in days, months and years, and working days from the official
production calendars of Russia and Kazakhstan. Every deadline of the calculators is computed here.

Russia, Labour Code art. 14
    A period tied to the end of a labour relation starts on the day after the date that ends it; a
    period in months or years ends on the corresponding date of the last month or year (on the last
    day of that month when it has no such date); a period in days includes non-working days; if the
    last day is a non-working day, the period ends on the next working day.

Kazakhstan
    The Labour Code sets time limits (art. 160) without its own rule for counting them; the Civil
    Code's chapter on the calculation of terms applies to labour relations that labour law leaves
    open (Civil Code art. 1(3)). Its rule matches the Russian one: the period starts the day after
    the event, ends on the corresponding date, and a last day that is not a working day moves to the
    next working day. The article numbers of that chapter were not confirmed, so every Kazakh
    deadline that relies on it says so.

Working days come from the production calendar: Saturdays and Sundays, the public holidays of the
``holidays`` package (with the days that move when a holiday falls on a weekend), and the transfers
of days off decreed each year by the government, kept as data with their source in
``data/calendars/``. A year whose decree is not recorded, or only found in a secondary place, is
"not confirmed": a date computed through it carries that mark.

Each deadline gives two days. The **legal last day** is the last day on which acting is in time under
the rule. The **safe day** is the day to act by without relying on any reading of the rule: the day
of the event counted as day 1, or the day before the corresponding date, and never a non-working
day (it moves back to the working day before).
"""

from __future__ import annotations

import calendar as gregorian
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import holidays

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
from korgoo.evidence.calculators.money import Country, parse_country
from korgoo.evidence.calculators.sources import (
    KZ_COUNTING,
    KZ_PRODUCTION_CALENDAR,
    RU_COUNTING,
    RU_PRODUCTION_CALENDAR,
    Source,
)

CALENDAR_DIR = Path(__file__).resolve().parent.parent / "data" / "calendars"
YEARS_FILE = CALENDAR_DIR / "calendar_years.csv"
TRANSFERS_FILE = CALENDAR_DIR / "calendar_transfers.csv"


class Unit(StrEnum):
    """How a period is expressed."""

    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"
    WORKING_DAYS = "working_days"
    #: Days of presence in a country: the day of entry is day 1 and the last day never moves.
    DAYS_OF_STAY = "days_of_stay"


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    TRANSFERRED_DAY_OFF = "transferred_day_off"
    TRANSFERRED_WORKING_DAY = "transferred_working_day"


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """The act that fixed the transfers of days off of one year, and whether it was confirmed."""

    country: Country
    year: int
    act: str
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ProductionCalendar:
    """Working and non-working days of one country."""

    country: Country
    years: dict[int, CalendarYear]
    day_off: frozenset[date]
    working: frozenset[date]

    def kind(self, day: date) -> DayKind:
        if day in self.working:
            return DayKind.TRANSFERRED_WORKING_DAY
        if day in self.day_off:
            return DayKind.TRANSFERRED_DAY_OFF
        if day in _public_holidays(self.country, day.year):
            return DayKind.HOLIDAY
        if day.weekday() >= 5:
            return DayKind.WEEKEND
        return DayKind.WORKING

    def is_working_day(self, day: date) -> bool:
        return self.kind(day) in (DayKind.WORKING, DayKind.TRANSFERRED_WORKING_DAY)

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it."""
        current = day
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def previous_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the last working day before it."""
        current = day
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        current = day
        remaining = count
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_in_month(self, year: int, month: int) -> int:
        return sum(
            1
            for number in range(1, gregorian.monthrange(year, month)[1] + 1)
            if self.is_working_day(date(year, month, number))
        )

    def year_confirmed(self, year: int) -> bool:
        """Whether the transfers of ``year`` come from a decree found in a stored source, and no
        holiday of that year is an estimate (the date of Kurban ait is fixed each year)."""
        known = self.years.get(year)
        if known is None or not known.confirmed:
            return False
        return not any("estimated" in name for name in _public_holidays(self.country, year).values())

    def confirmed_between(self, first: date, last: date) -> bool:
        return all(self.year_confirmed(year) for year in range(first.year, last.year + 1))

    @property
    def source(self) -> Source:
        return RU_PRODUCTION_CALENDAR if self.country is Country.RU else KZ_PRODUCTION_CALENDAR

    @property
    def counting(self) -> Source:
        return RU_COUNTING if self.country is Country.RU else KZ_COUNTING


@lru_cache(maxsize=64)
def _public_holidays(country: Country, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(str(country), years=year)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=4)
def production_calendar(country: Country | str) -> ProductionCalendar:
    """The production calendar of ``country`` from the shipped data and the ``holidays`` package."""
    nation = parse_country(country)
    years: dict[int, CalendarYear] = {}
    for row in _read_csv(YEARS_FILE):
        if row["country"] != nation:
            continue
        years[int(row["year"])] = CalendarYear(
            country=nation,
            year=int(row["year"]),
            act=row["act"],
            source=row["source"],
            confirmed=row["confidence"] == "confirmed",
        )
    day_off: set[date] = set()
    working: set[date] = set()
    for row in _read_csv(TRANSFERS_FILE):
        if row["country"] != nation:
            continue
        day = date.fromisoformat(row["day"])
        if day.year not in years:
            raise CalculationError(
                ErrorCode.INVALID_RATE_FILE,
                f"{TRANSFERS_FILE.name}: {day.isoformat()} has no act listed for {day.year} in {YEARS_FILE.name}.",
            )
        (working if row["kind"] == "working_day" else day_off).add(day)
    return ProductionCalendar(
        country=nation, years=years, day_off=frozenset(day_off), working=frozenset(working)
    )


# --- Periods ------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later; the last day of the month when it has no such date."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class Period:
    """A legal period: its length, its unit, and whether a last day off moves to the next working day."""

    amount: int
    unit: Unit
    moves_off_non_working_day: bool = True
    #: The act is done at an office (a court, the police, a post office): the safe day is a working day.
    office_act: bool = True


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """Where a period that starts with ``event`` ends.

    ``nominal_last_day`` is the end before any move off a non-working day; ``last_day`` the legal
    last day; ``safe_day`` the day to act by to be in time under any reading (see the module
    docstring). ``calendar_confirmed`` is false when a year of the count has no confirmed calendar.
    """

    event: date
    period: Period
    nominal_last_day: date
    last_day: date
    safe_day: date
    calendar_confirmed: bool

    @property
    def moved(self) -> bool:
        return self.last_day != self.nominal_last_day


def period_end(calendar: ProductionCalendar, event: date, period: Period) -> PeriodEnd:
    """The legal last day and the safe day of ``period`` counted from ``event``."""
    if period.amount < 0:
        raise CalculationError(ErrorCode.INVALID_DATE_RANGE, "A period cannot be negative.")
    match period.unit:
        case Unit.DAYS:
            nominal = event + timedelta(days=period.amount)
            cautious = event + timedelta(days=max(period.amount - 1, 0))
        case Unit.MONTHS:
            nominal = add_months(event, period.amount)
            cautious = nominal - timedelta(days=1)
        case Unit.YEARS:
            nominal = add_months(event, 12 * period.amount)
            cautious = nominal - timedelta(days=1)
        case Unit.WORKING_DAYS:
            nominal = calendar.add_working_days(event, period.amount)
            cautious = nominal
        case Unit.DAYS_OF_STAY:
            nominal = event + timedelta(days=max(period.amount - 1, 0))
            cautious = nominal
    last = calendar.next_working_day(nominal) if period.moves_off_non_working_day else nominal
    if not period.office_act:
        # Staying is not an act at an office: the last day of a stay is the last day, whatever it is.
        safe = min(cautious, last)
    else:
        safe = max(min(calendar.previous_working_day(cautious), last), event)
    return PeriodEnd(
        event=event,
        period=period,
        nominal_last_day=nominal,
        last_day=last,
        safe_day=safe,
        calendar_confirmed=calendar.confirmed_between(event, max(last, nominal)),
    )
