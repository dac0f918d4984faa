"""Publishing: from the tallies to the figures people see, with small cells suppressed.

For each 12-month period, each universe of linked tables is suppressed as a whole and written to
`PublishedCell`; a suppressed cell is stored without its value. Medians of response and closure
times are published only where at least `threshold` cases stand behind them (also when that count
is itself hidden to protect a neighbouring cell: a median reveals nothing about it); a share (for instance
"answered within 3 days") only where both its part and the rest count at least `threshold` cases,
so the part, the rest and the total reveal no small group. Computed indicators are taken from the
published figures only, so they can never say more than the tables.

The whole publication is replaced in one transaction: readers see the old figures or the new ones,
never a mixture.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from korgoo.cases.choices import Outcome

from .choices import OPEN, YES
from .models import HealthStat, Indicator, IndicatorValue, MonitoringState, PublishedCell, Tally
from .refresh import bulk_insert, tally_rows
from .suppression import STAR, Key, Universe, margins, sum_margins, suppress
from .universes import (
    CASES,
    HEALTH,
    PARTIES,
    REFERRALS,
    SUGGESTIONS,
    median_hours,
    months_between,
    periods,
    share_within,
)

CASE_FACES = tuple(CASES.faces)
OTHER_FACES = (*REFERRALS.faces, *PARTIES.faces, *SUGGESTIONS.faces)


def threshold() -> int:
    """The smallest number of cases a published cell may count (setting, default 5)."""
    return max(1, int(getattr(settings, "KORGOO_MONITORING_MIN_CELL", 5)))


@dataclass
class Publication:
    """The figures of one universe and period, as published."""

    universe: Universe
    window: str
    cells: dict[Key, int]
    suppressed: set[Key]
    amounts: dict[Key, int] = field(default_factory=dict)
    extra: dict[Key, dict[str, Any]] = field(default_factory=dict)

    def value(self, **dims: str) -> int | None:
        """A published figure, or None when it is suppressed."""
        key = self.universe.key(**dims)
        return None if key in self.suppressed else self.cells.get(key, 0)

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The cells to store, as rows of `CELL_COLUMNS`: every cell of every face (a margin shared
        by several faces once per face), zeros left out unless hidden, hidden ones without value."""
        # A key belongs to a face when its concrete dimensions are all in the face: keys are sorted
        # once by their shape (which dimensions are concrete), and a face takes the shapes it holds.
        by_shape: dict[int, list[Key]] = defaultdict(list)
        for key in set(self.cells) | self.suppressed:
            by_shape[sum(1 << i for i, v in enumerate(key) if v != STAR)].append(key)
        for face, dims in self.universe.faces.items():
            positions = [self.universe.index(d) for d in dims]
            outside = ~sum(1 << i for i in positions)
            padding = (STAR,) * (6 - len(positions))
            for shape, keys in by_shape.items():
                if shape & outside:
                    continue
                for key in keys:
                    hidden = key in self.suppressed
                    n = self.cells.get(key, 0)
                    if n == 0 and not hidden:
                        continue
                    cents = self.amounts.get(key)
                    yield (
                        face,
                        self.window,
                        *(key[i] for i in positions),
                        *padding,
                        None if hidden else n,
                        None if hidden or cents is None else Decimal(cents) / 100,
                        json.dumps(self.extra.get(key, {})),
                    )


def _finest(
    universe: Universe, face_rows: Mapping[str, Iterable[tuple[dict[str, str], int]]]
) -> dict[str, Counter[Key]]:
    out: dict[str, Counter[Key]] = {}
    for face, rows in face_rows.items():
        counter: Counter[Key] = Counter()
        for dims, n in rows:
            counter[universe.key(**dims)] += n
        out[face] = counter
    return out


def _publish(universe: Universe, window: str, finest: dict[str, Counter[Key]], limit: int) -> Publication:
    cells = margins(universe, finest)
    result = suppress(universe, cells, limit)
    return Publication(universe=universe, window=window, cells=cells, suppressed=result.suppressed)


def _durations(months: list[str]) -> dict[tuple[str, str, str, str], dict[int, int]]:
    """Histograms of response and closure times for every (country, kind, organisation) slice,
    margins included: (measure, country, kind, org) -> {bucket: n}."""
    out: dict[tuple[str, str, str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _month, dims, n, _cents in tally_rows("D", months):
        bucket = int(dims["bucket"])
        for country in (dims["country"], STAR):
            for kind, org in ((dims["kind"], dims["org"]), (dims["kind"], STAR), (STAR, STAR)):
                out[(dims["measure"], country, kind, org)][bucket] += n
    return out


def _case_publication(first: str, last: str, limit: int) -> Publication:
    months = months_between(first, last)
    face_rows: dict[str, list[tuple[dict[str, str], int]]] = {}
    amounts: dict[Key, int] = Counter()
    for face in CASE_FACES:
        rows = []
        for month, dims, n, cents in tally_rows(face, months):
            if face == "F1":
                dims = {**dims, "month": month}
            rows.append((dims, n))
            if face == "FM" and cents:
                amounts[CASES.key(**dims)] += cents
        face_rows[face] = rows
    publication = _publish(CASES, first, _finest(CASES, face_rows), limit)
    publication.amounts = {k: round(v) for k, v in sum_margins(CASES, "FM", amounts).items()}
    for key in list(publication.amounts):
        if key not in publication.cells:
            publication.amounts.pop(key)
    # Medians and the share answered within 3 days, on the organisation table's margins.
    for (measure, country, kind, org), histogram in _durations(months).items():
        base = {"country": country, "kind": kind, "org": org}
        base = {k: v for k, v in base.items() if v != STAR}
        key = CASES.key(**base)
        flag = {"responded": YES} if measure == "first_response" else {"closed": YES}
        # A median is shown when at least `limit` cases stand behind it, even if their count is
        # hidden to protect a neighbouring small cell: a median says nothing about the count.
        count = publication.cells.get(CASES.key(**base, **flag), 0)
        if count < limit:
            continue
        extra = publication.extra.setdefault(key, {})
        median = median_hours(histogram)
        if median is not None:
            extra[f"median_{measure}_hours"] = round(median, 1)
        if measure == "first_response":
            within, rest = share_within(histogram, 72)
            if within >= limit and rest >= limit:
                extra["within_3_days_percent"] = round(100 * within / (within + rest), 1)
    return publication


def _referral_publication(first: str, last: str, limit: int) -> Publication:
    months = months_between(first, last)
    face_rows = {
        face: [(dims, n) for _m, dims, n, _c in tally_rows(face, months)] for face in REFERRALS.faces
    }
    return _publish(REFERRALS, first, _finest(REFERRALS, face_rows), limit)


def _suggestion_publication(first: str, last: str, limit: int) -> Publication:
    months = months_between(first, last)
    face_rows = {
        face: [(dims, n) for _m, dims, n, _c in tally_rows(face, months)] for face in SUGGESTIONS.faces
    }
    return _publish(SUGGESTIONS, first, _finest(SUGGESTIONS, face_rows), limit)


def _party_publication(first: str, last: str, limit: int) -> Publication:
    """Employers and agencies named in at least two reports of the period: how many reports they
    account for (the published count) and how many of them there are."""
    months = months_between(first, last)
    per_party: Counter[tuple[str, str, str]] = Counter()
    for _month, dims, n, _cents in tally_rows("E", months):
        per_party[(dims["country"], dims["party"], dims["key"])] += n
    reports: Counter[Key] = Counter()
    parties: Counter[Key] = Counter()
    for (country, party, _key), n in per_party.items():
        if n >= 2:
            reports[PARTIES.key(country=country, party=party)] += n
            parties[PARTIES.key(country=country, party=party)] += 1
    publication = _publish(PARTIES, first, {"E1": reports}, limit)
    party_margins = sum_margins(PARTIES, "E1", parties)
    for key, count in party_margins.items():
        publication.extra[key] = {"parties": round(count)}
    return publication


def health_publications(limit: int) -> list[Publication]:
    """Disease-incidence statistics, one publication per calendar year."""
    by_year: dict[int, dict[str, Counter[Key]]] = defaultdict(
        lambda: {face: Counter() for face in HEALTH.faces}
    )
    rows = HealthStat.objects.values_list(
        "year", "quarter", "country", "region_key", "condition", "sex", "age_band", "count"
    )
    for year, quarter, country, region, condition, sex, age, count in rows.iterator(chunk_size=5000):
        faces = by_year[year]
        faces["H1"][HEALTH.key(quarter=str(quarter), country=country, condition=condition)] += count
        faces["H2"][HEALTH.key(country=country, region=region, condition=condition)] += count
        faces["H3"][HEALTH.key(country=country, condition=condition, sex=sex, age=age)] += count
    return [_publish(HEALTH, str(year), finest, limit) for year, finest in sorted(by_year.items())]


# --- Computed indicators -------------------------------------------------------------------------


def _share(part: int | None, whole: int | None, limit: int) -> Decimal | None:
    if part is None or whole is None or whole == 0 or part < limit or whole - part < limit:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _closed_outcomes(cases: Publication, category: str) -> tuple[int | None, int | None]:
    resolved = 0
    closed = 0
    for outcome in Outcome.values:
        n = cases.value(category=category, outcome=outcome)
        if n is None:
            return None, None
        closed += n
        if outcome in (Outcome.RESOLVED, Outcome.PARTLY_RESOLVED):
            resolved += n
    return resolved, closed


def computed_indicator(
    method: str, cases: Publication, referrals: Publication, parties: Publication, limit: int
) -> Decimal | None:
    """The value of a computed indicator for one period, from published figures only (None when a
    figure it needs is suppressed)."""
    everything = cases.extra.get(CASES.key(), {})
    if method == "cases_received":
        n = cases.value(category=STAR)
        return None if n is None else Decimal(n)
    if method.startswith("cases_in_category:"):
        n = cases.value(category=method.split(":", 1)[1])
        return None if n is None else Decimal(n)
    if method == "wage_cases_resolved_share":
        resolved, closed = _closed_outcomes(cases, "unpaid_wages")
        return _share(resolved, closed, limit)
    if method == "urgent_share":
        return _share(cases.value(category=STAR, urgent=YES), cases.value(category=STAR), limit)
    if method == "closed_share":
        total = cases.value(category=STAR)
        still_open = cases.value(category=STAR, outcome=OPEN)
        if total is None or still_open is None:
            return None
        return _share(total - still_open, total, limit)
    if method in ("median_days_first_response", "median_days_to_closure"):
        name = "median_first_response_hours" if method.endswith("response") else "median_closure_hours"
        hours = everything.get(name)
        return None if hours is None else (Decimal(str(hours)) / 24).quantize(Decimal("0.1"))
    if method == "within_3_days_percent":
        share = everything.get("within_3_days_percent")
        return None if share is None else Decimal(str(share))
    if method.startswith("money_recovered:"):
        key = CASES.key(category=STAR, currency=method.split(":", 1)[1])
        if key in cases.suppressed or key not in cases.amounts:
            return None if key in cases.suppressed else Decimal(0)
        return Decimal(cases.amounts[key]) / 100
    if method == "referrals_accepted_share":
        accepted = referrals.value(category=STAR, state="accepted")
        declined = referrals.value(category=STAR, state="declined")
        if accepted is None or declined is None:
            return None
        return _share(accepted, accepted + declined, limit)
    if method == "repeat_parties":
        if parties.value() is None:
            return None
        return Decimal(parties.extra.get(PARTIES.key(), {}).get("parties", 0))
    raise ValueError(f"unknown indicator method {method}")


def _indicator_values(
    period: str, cases: Publication, referrals: Publication, parties: Publication, limit: int
) -> list[IndicatorValue]:
    out = []
    for indicator in Indicator.objects.exclude(method="entered"):
        try:
            value = computed_indicator(indicator.method, cases, referrals, parties, limit)
        except ValueError:
            continue
        out.append(
            IndicatorValue(
                indicator=indicator,
                period=period,
                value=value,
                suppressed=value is None,
                computed=True,
            )
        )
    return out


# --- The publication run -------------------------------------------------------------------------


@dataclass
class PublishReport:
    periods: list[tuple[str, str]]
    cells: int
    suppressed: int


CELL_COLUMNS = ("face", "window", "d0", "d1", "d2", "d3", "d4", "d5", "value", "amount", "extra")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Write published cells in bulk (COPY on PostgreSQL), from rows of `CELL_COLUMNS`."""
    bulk_insert(PublishedCell._meta.db_table, CELL_COLUMNS, rows)


def publication_current(today: dt.date | None = None) -> bool:
    """Whether the published periods still end with this month (else they must move on)."""
    state = MonitoringState.objects.filter(name="cases").first()
    if state is None or state.published_at is None:
        return False
    blocks = state.details.get("periods") or []
    current = periods(today or timezone.localdate(), None)[0][1]
    return bool(blocks) and blocks[0][1] == current


def oldest_month() -> str | None:
    first: str | None = Tally.objects.filter(face="F1").aggregate(first=Min("month"))["first"]
    return first


def monitoring_publish(*, today: dt.date | None = None) -> PublishReport:
    """Suppress and publish every period of cases, referrals and employers, the computed
    indicators, and the health statistics."""
    limit = threshold()
    today = today or timezone.localdate()
    blocks = periods(today, oldest_month())
    cells: list[tuple[Any, ...]] = []
    values: list[IndicatorValue] = []
    hidden = 0
    for first, last in blocks:
        cases = _case_publication(first, last, limit)
        referrals = _referral_publication(first, last, limit)
        parties = _party_publication(first, last, limit)
        suggestions = _suggestion_publication(first, last, limit)
        for publication in (cases, referrals, parties, suggestions):
            cells.extend(publication.rows())
            hidden += len(publication.suppressed)
        values += _indicator_values(f"{first}/{last}", cases, referrals, parties, limit)
    with transaction.atomic():
        state, _created = MonitoringState.objects.select_for_update().get_or_create(name="cases")
        PublishedCell.objects.filter(face__in=[*CASE_FACES, *OTHER_FACES]).delete()
        _insert(cells)
        IndicatorValue.objects.filter(computed=True).delete()
        IndicatorValue.objects.bulk_create(values)
        state.published_at = timezone.now()
        state.details = {**state.details, "periods": [list(b) for b in blocks], "threshold": limit}
        state.save(update_fields=["published_at", "details"])
    health_publish(limit=limit)
    return PublishReport(periods=blocks, cells=len(cells), suppressed=hidden)


def health_publish(*, limit: int | None = None) -> int:
    """Re-publish the disease-incidence statistics (after an entry or an import)."""
    limit = limit or threshold()
    publications = health_publications(limit)
    rows = [row for publication in publications for row in publication.rows()]
    with transaction.atomic():
        state, _created = MonitoringState.objects.select_for_update().get_or_create(name="health")
        PublishedCell.objects.filter(face__in=list(HEALTH.faces)).delete()
        _insert(rows)
        state.published_at = timezone.now()
        state.details = {"years": [int(p.window) for p in publications], "threshold": limit}
        state.save(update_fields=["published_at", "details"])
    return len(rows)
