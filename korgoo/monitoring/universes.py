"""The families of linked tables Korgoo publishes, their periods, and how a case, a referral or a
health report contributes to them.

A *face* is a table over a few dimensions with all its margins. Faces of one universe share cells,
so suppression is decided for a whole universe and period at once (`korgoo.monitoring.suppression`).

Periods are consecutive 12-month blocks ending with the current month ("the last 12 months", "the
12 months before"…); they never overlap, so no figure of one period can be subtracted from another
to reveal a few cases. There is no all-time total for the same reason. Health statistics use
calendar years.

Sector is not a dimension: cases have no sector field and none can be derived from the plain
columns, so no table is broken down by it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

from .choices import NO, NO_MONEY, NOT_SAID, OPEN, YES
from .suppression import Universe

CASES = Universe(
    dims=(
        "month",
        "country",
        "city",
        "kind",
        "org",
        "category",
        "outcome",
        "urgent",
        "responded",
        "closed",
        "currency",
        "sector",
    ),
    faces={
        "F1": ("month", "country", "kind", "category"),
        "F2": ("country", "kind", "category", "outcome"),
        "F3": ("country", "kind", "category", "urgent"),
        "F4": ("country", "city"),
        "F5": ("country", "kind", "org", "responded", "closed"),
        "FM": ("country", "kind", "category", "currency"),
        "F6": ("country", "kind", "category", "sector"),
    },
    parents={"city": "country", "org": "kind"},
    explicit_totals=frozenset({"category"}),
)

REFERRALS = Universe(
    dims=("country", "category", "from_kind", "from_org", "to_kind", "to_org", "state"),
    faces={
        "R1": ("country", "category", "from_kind", "to_kind", "state"),
        "R2": ("country", "from_kind", "from_org", "to_kind", "to_org", "state"),
    },
    parents={"from_org": "from_kind", "to_org": "to_kind"},
    explicit_totals=frozenset({"category"}),
)

PARTIES = Universe(dims=("country", "party"), faces={"E1": ("country", "party")})

# Suggestions read from workers' texts and what caseworkers made of them (accepted, changed,
# rejected, still pending), by subject (a category or "urgent") and the way the text was written.
# Each suggestion counts once, so the margins are sums; a case with two suggestions counts twice.
SUGGESTIONS = Universe(
    dims=("country", "subject", "variety", "decision"),
    faces={"S1": ("country", "subject", "variety", "decision")},
)

HEALTH = Universe(
    dims=("quarter", "country", "region", "condition", "sex", "age"),
    faces={
        "H1": ("quarter", "country", "condition"),
        "H2": ("country", "region", "condition"),
        "H3": ("country", "condition", "sex", "age"),
    },
    parents={"region": "country"},
)

UNIVERSE_OF_FACE = {
    **dict.fromkeys(CASES.faces, CASES),
    **dict.fromkeys(REFERRALS.faces, REFERRALS),
    **dict.fromkeys(PARTIES.faces, PARTIES),
    **dict.fromkeys(SUGGESTIONS.faces, SUGGESTIONS),
    **dict.fromkeys(HEALTH.faces, HEALTH),
}

# How tallies store each face: month in its own column, the other dimensions in d0…d5.
TALLY_DIMS: dict[str, tuple[str, ...]] = {
    **{face: tuple(d for d in dims if d != "month") for face, dims in CASES.faces.items()},
    **dict(REFERRALS.faces),
    **dict(SUGGESTIONS.faces),
    "D": ("country", "kind", "org", "measure", "bucket"),  # durations, for medians
    "E": ("country", "party", "key"),  # employers and agencies, by keyed hash
}


def published_dims(face: str) -> tuple[str, ...]:
    return UNIVERSE_OF_FACE[face].faces[face]


# --- Periods -------------------------------------------------------------------------------------

PERIOD_MONTHS = 12
MAX_PERIODS = 5


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, n: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    out = []
    month = first
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def periods(today: dt.date, oldest: str | None) -> list[tuple[str, str]]:
    """The 12-month blocks from the one ending this month back to the oldest month with data,
    newest first: (first month, last month)."""
    last = month_of(today)
    out = []
    for _ in range(MAX_PERIODS):
        first = add_months(last, 1 - PERIOD_MONTHS)
        out.append((first, last))
        if oldest is None or first <= oldest:
            break
        last = add_months(first, -1)
    return out


def period_label(first: str, last: str) -> str:
    return f"{first} – {last}"


# --- Durations -----------------------------------------------------------------------------------

# Lower bounds, in hours, of the buckets that time to first response and to closure fall into.
BUCKETS = (0, 1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 144, 168, 240, 336, 504, 720, 1440, 2160, 4320, 8760)


def bucket_of(hours: float) -> int:
    chosen = 0
    for lower in BUCKETS:
        if hours >= lower:
            chosen = lower
    return chosen


def _upper(lower: int) -> int:
    later = [b for b in BUCKETS if b > lower]
    return later[0] if later else lower * 2


def median_hours(histogram: dict[int, int]) -> float | None:
    """The median of grouped durations, interpolated inside its bucket."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    half = total / 2
    seen = 0
    for lower in sorted(histogram):
        count = histogram[lower]
        if count and seen + count >= half:
            return lower + (half - seen) / count * (_upper(lower) - lower)
        seen += count
    return float(max(histogram))


def share_within(histogram: dict[int, int], hours: int) -> tuple[int, int]:
    """(durations under `hours`, the rest), counted by whole buckets."""
    within = sum(n for lower, n in histogram.items() if _upper(lower) <= hours)
    return within, sum(histogram.values()) - within


# --- Normalising free text -----------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalise_region(region: str) -> str:
    """A health statistics region as its partners enter it, for grouping (cities of cases are
    gazetteer ids instead)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", region)).strip().casefold()[:64]


def region_label(key: str) -> str:
    return key.title()


def yes_no(flag: bool) -> str:
    return YES if flag else NO


def case_contributions(fact: dict[str, object]) -> Iterator[tuple[str, str, tuple[str, ...], int]]:
    """What one case adds to the tallies: (face, month, dimensions, amount in cents)."""
    month = str(fact["month"])
    country, kind, org = str(fact["country"]), str(fact["kind"]), str(fact["org"])
    categories = [c for c in str(fact["categories"]).split(",") if c] + ["*"]
    outcome = str(fact["outcome"])
    currency = str(fact["currency"]) or NO_MONEY
    sector = str(fact.get("sector") or "") or NOT_SAID
    cents = int(fact.get("cents", 0) or 0)  # type: ignore[call-overload]
    responded = fact.get("response_bucket") is not None
    closed = outcome != OPEN
    for category in categories:
        yield "F1", month, (country, kind, category), 0
        yield "F2", month, (country, kind, category, outcome), 0
        yield "F3", month, (country, kind, category, yes_no(bool(fact["urgent"]))), 0
        yield "FM", month, (country, kind, category, currency), cents
        yield "F6", month, (country, kind, category, sector), 0
    yield "F4", month, (country, str(fact["city"])), 0
    yield "F5", month, (country, kind, org, yes_no(responded), yes_no(closed)), 0
    if responded:
        yield "D", month, (country, kind, org, "first_response", str(fact["response_bucket"])), 0
    if closed and fact.get("closure_bucket") is not None:
        yield "D", month, (country, kind, org, "closure", str(fact["closure_bucket"])), 0
    if fact.get("employer_key"):
        yield "E", month, (country, str(fact["party"]), str(fact["employer_key"])), 0
    for suggestion in str(fact.get("suggestions") or "").split(","):
        if suggestion.count(":") == 2:
            subject, variety, decision = suggestion.split(":")
            yield "S1", month, (country, subject, variety, decision), 0


def referral_contributions(fact: dict[str, object]) -> Iterator[tuple[str, str, tuple[str, ...], int]]:
    month = str(fact["month"])
    country = str(fact["country"])
    fk, fo, tk, to, state = (str(fact[k]) for k in ("from_kind", "from_org", "to_kind", "to_org", "state"))
    for category in [c for c in str(fact["categories"]).split(",") if c] + ["*"]:
        yield "R1", month, (country, category, fk, tk, state), 0
    yield "R2", month, (country, fk, fo, tk, to, state), 0
