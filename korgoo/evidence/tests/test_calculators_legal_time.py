"""The production calendars and the counting of periods, worked by hand.

Russia: Labour Code art. 112 (public holidays; a holiday on a weekend moves to the next working day,
except 1–8 January whose weekend days the government moves by decree) and the yearly decrees on the
transfer of days off, kept as data in ``data/calendars/``.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from korgoo.evidence.calculators.legal_time import (
    DayKind,
    Period,
    Unit,
    add_months,
    period_end,
    production_calendar,
)


def test_the_transfers_recorded_agree_with_the_holidays_package() -> None:
    # Every transfer kept as data is a day off or a working Saturday in the package too, so that a
    # new release of one of them that disagrees is noticed here.
    for country in ("RU", "KZ"):
        calendar = production_calendar(country)
        package = holidays.country_holidays(country, years=sorted(calendar.years))
        for day in calendar.day_off:
            assert day in package, (country, day)
        assert set(calendar.working) <= set(package.weekend_workdays), country


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2025, 11, 1), DayKind.TRANSFERRED_WORKING_DAY),  # Saturday worked (Decree No. 1335)
        (date(2025, 11, 3), DayKind.TRANSFERRED_DAY_OFF),  # Monday off in its place
        (date(2025, 12, 31), DayKind.TRANSFERRED_DAY_OFF),  # from Sunday 5 January 2025
        (date(2026, 1, 9), DayKind.TRANSFERRED_DAY_OFF),  # from Saturday 3 January 2026 (No. 1466)
        (date(2026, 3, 9), DayKind.HOLIDAY),  # 8 March on a Sunday moves to Monday (art. 112)
        (date(2026, 3, 10), DayKind.WORKING),
        (date(2026, 3, 14), DayKind.WEEKEND),
    ],
)
def test_russian_days(day: date, kind: DayKind) -> None:
    assert production_calendar("RU").kind(day) is kind


def test_working_days_of_a_month() -> None:
    # November 2025 in Russia: 20 weekdays (Mon 3 … Fri 28, plus none of December) less Monday 3
    # (transferred day off) and Tuesday 4 (Unity Day) = 18, plus Saturday 1 November worked = 19.
    assert production_calendar("RU").working_days_in_month(2025, 11) == 19
    # January 2026: 22 weekdays less 1, 2, 5, 6, 7, 8 (holidays) and 9 (transferred) = 15.
    assert production_calendar("RU").working_days_in_month(2026, 1) == 15


def test_which_years_are_confirmed() -> None:
    russia = production_calendar("RU")
    assert [russia.year_confirmed(year) for year in (2023, 2024, 2025, 2026, 2027, 2028)] == [
        False,  # decree not found
        True,
        True,
        True,
        False,  # only the package knows 2027
        False,  # nothing recorded
    ]
    # Kazakhstan: no decree was found for any year, and Kurban ait 2026 is an estimate.
    assert not production_calendar("KZ").year_confirmed(2026)


def test_corresponding_dates() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_periods_in_days_and_working_days() -> None:
    russia = production_calendar("RU")
    # 10 calendar days from Friday 2025-12-26 (count from the 27th): 2026-01-05, a holiday →
    # the next working day is Monday 2026-01-12 (6–8 holidays, 9 transferred, 10–11 weekend).
    # Safe: the event as day 1 → 2026-01-04 → back to Tuesday 2025-12-30.
    end = period_end(russia, date(2025, 12, 26), Period(10, Unit.DAYS))
    assert (end.nominal_last_day, end.last_day, end.safe_day) == (
        date(2026, 1, 5),
        date(2026, 1, 12),
        date(2025, 12, 30),
    )
    # 3 working days after Friday 2025-12-26: Mon 29, Tue 30, then 31 December and the holidays → Mon 12 Jan.
    assert period_end(russia, date(2025, 12, 26), Period(3, Unit.WORKING_DAYS)).last_day == date(2026, 1, 12)
