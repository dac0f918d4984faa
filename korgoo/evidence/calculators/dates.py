"""Month arithmetic for the wage calculators: plain ``datetime.date`` values, no time zones.

Legal deadlines are not computed here: ``legal_time`` counts them under the law of each country,
on its production calendar. What remains are helpers for months of work (their length, their
Mondays to Fridays) and the cautious counts that ``legal_time`` uses for its safe days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from korgoo.evidence.calculators.legal_time import add_months as corresponding


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 29th–31st fall back to the last day of a shorter month."""
    return corresponding(day, months)


def last_day_within_days(event: date, days: int) -> date:
    """Last day of a limit of ``days`` days, counting the day of ``event`` as day 1."""
    return event + timedelta(days=days - 1)


def last_day_within_months(event: date, months: int) -> date:
    """The day before the same date ``months`` later: the cautious end of a limit in months (the
    legal end is the corresponding date itself, see ``legal_time``)."""
    return add_months(event, months) - timedelta(days=1)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def weekdays_in_month(year: int, month: int) -> int:
    """Mondays to Fridays in the month: a stand-in for the official working-day calendar."""
    return sum(1 for day in range(1, days_in_month(year, month) + 1) if date(year, month, day).weekday() < 5)
