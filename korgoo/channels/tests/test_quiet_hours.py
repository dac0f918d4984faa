"""Quiet hours are the worker's own hours: by the time zone of the city the report names, so a
worker in Novosibirsk is not woken at two in the morning because Moscow is four hours behind, and a
worker in Berlin keeps them across the change of clocks. A report that names no city of the
gazetteer falls back on its country's usual offset. Every expected instant is worked out by hand in
the comments from the zones' offsets (tz database: Moscow UTC+3 all year, Novosibirsk UTC+7 all
year, Berlin UTC+1 in winter and UTC+2 from the last Sunday of March)."""

from __future__ import annotations

import datetime as dt

import pytest

from korgoo.cases.models import Case
from korgoo.channels.models import ChannelLink
from korgoo.channels.services import UTC_OFFSETS, after_quiet_hours

MOSCOW, NOVOSIBIRSK, BERLIN = 524901, 1496747, 2950159
UTC = dt.UTC


def link(country: str, locality_id: int | None, quiet: tuple[int, int] = (22, 8)) -> ChannelLink:
    """A chat link as `channel_link_create` leaves it (the country's usual offset kept), in memory."""
    case = Case(country=country, locality_id=locality_id)
    return ChannelLink(
        case=case, quiet_from=quiet[0], quiet_until=quiet[1], utc_offset_minutes=UTC_OFFSETS.get(country, 0)
    )


@pytest.mark.parametrize(
    ("country", "city", "now", "expected"),
    [
        # Novosibirsk, 17:00 UTC = 00:00 local (UTC+7): quiet until 08:00 local = 01:00 UTC next day.
        # (By Moscow's offset it would be 20:00 and the message would go at once.)
        (
            "RU",
            NOVOSIBIRSK,
            dt.datetime(2026, 12, 7, 17, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 8, 1, 0, tzinfo=UTC),
        ),
        # Novosibirsk, 02:00 UTC = 09:00 local: awake, now.
        (
            "RU",
            NOVOSIBIRSK,
            dt.datetime(2026, 12, 8, 2, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 8, 2, 0, tzinfo=UTC),
        ),
        # Moscow, 19:30 UTC = 22:30 local (UTC+3): quiet until 08:00 local = 05:00 UTC next day.
        (
            "RU",
            MOSCOW,
            dt.datetime(2026, 12, 7, 19, 30, tzinfo=UTC),
            dt.datetime(2026, 12, 8, 5, 0, tzinfo=UTC),
        ),
        # Moscow, 17:00 UTC = 20:00 local: awake.
        (
            "RU",
            MOSCOW,
            dt.datetime(2026, 12, 7, 17, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 7, 17, 0, tzinfo=UTC),
        ),
        # Berlin in summer, 20:30 UTC = 22:30 CEST (UTC+2): quiet until 08:00 CEST = 06:00 UTC.
        (
            "DE",
            BERLIN,
            dt.datetime(2026, 7, 1, 20, 30, tzinfo=UTC),
            dt.datetime(2026, 7, 2, 6, 0, tzinfo=UTC),
        ),
        # Berlin in winter, 20:30 UTC = 21:30 CET (UTC+1): awake.
        (
            "DE",
            BERLIN,
            dt.datetime(2026, 12, 7, 20, 30, tzinfo=UTC),
            dt.datetime(2026, 12, 7, 20, 30, tzinfo=UTC),
        ),
        # Berlin, the night the clocks go forward (Sunday 29 March 2026, 02:00 CET → 03:00 CEST):
        # 23:00 UTC on the 28th = 00:00 CET, quiet until 08:00 CEST on the 29th = 06:00 UTC.
        (
            "DE",
            BERLIN,
            dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
            dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC),
        ),
        # No city of the gazetteer in Russia: Moscow's usual offset. 19:30 UTC = 22:30 → 05:00 UTC.
        (
            "RU",
            None,
            dt.datetime(2026, 12, 7, 19, 30, tzinfo=UTC),
            dt.datetime(2026, 12, 8, 5, 0, tzinfo=UTC),
        ),
    ],
)
def test_quiet_hours_by_the_workers_own_clock(
    country: str, city: int | None, now: dt.datetime, expected: dt.datetime
) -> None:
    assert after_quiet_hours(link(country, city), now) == expected


def test_quiet_hours_within_one_night_and_none_chosen() -> None:
    # Quiet 13:00–15:00 (an afternoon nap) in Novosibirsk: 06:30 UTC = 13:30 local → 15:00 local
    # = 08:00 UTC the same day.
    nap = link("RU", NOVOSIBIRSK, quiet=(13, 15))
    assert after_quiet_hours(nap, dt.datetime(2026, 12, 7, 6, 30, tzinfo=UTC)) == dt.datetime(
        2026, 12, 7, 8, 0, tzinfo=UTC
    )
    chosen_none = link("RU", NOVOSIBIRSK)
    chosen_none.quiet_from = chosen_none.quiet_until = None
    now = dt.datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
    assert after_quiet_hours(chosen_none, now) == now
