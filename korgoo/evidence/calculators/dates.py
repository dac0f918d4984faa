"""Calendar arithmetic for the calculators: plain ``datetime.date`` values, no time zones.

Deadlines are counted conservatively so that a date shown to a worker is never later than the one
a court would accept: a limit of N days counts the day of the event as day 1, and a limit of N
months or years ends the day before the same date of the last month or year. Working days skip
Saturdays and Sundays only; public holidays are not known here.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 29th–31st fall back to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def last_day_within_days(event: date, days: int) -> date:
    """Last day of a limit of ``days`` days, counting the day of ``event`` as day 1."""
    return event + timedelta(days=days - 1)


def last_day_within_months(event: date, months: int) -> date:
    """Last day of a limit of ``months`` months: the day before the same date ``months`` later."""
    return add_months(event, months) - timedelta(days=1)


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th Monday-to-Friday day after ``day`` (``day`` itself is not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def weekdays_in_month(year: int, month: int) -> int:
    """Mondays to Fridays in the month: a stand-in for the official working-day calendar."""
    return sum(1 for day in range(1, days_in_month(year, month) + 1) if date(year, month, day).weekday() < 5)
