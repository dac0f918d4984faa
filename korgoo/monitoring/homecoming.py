"""Returns home and hand-overs at home, with the same small-cell suppression as every published
figure (`korgoo.monitoring.suppression`).

One universe of linked tables per 12-month period of return dates: returns by host country and
region at home, hand-overs by region and what became of them, and the cases of returned workers by
region and outcome. All faces of a period are suppressed together, so no table or total gives back
a hidden cell.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from korgoo.cases.choices import Outcome
from korgoo.core.choices import Country
from korgoo.homecoming.choices import Region
from korgoo.homecoming.selectors import returns_for_statistics

from .publishing import threshold
from .selectors.common import Figure, Row, TableData
from .suppression import STAR, Key, Universe, margins, suppress
from .universes import month_of, period_label, periods

RETURNS = Universe(
    dims=("host", "region", "handover", "outcome"),
    faces={
        "H1": ("host", "region"),
        "H2": ("region", "handover"),
        "H3": ("region", "outcome"),
    },
)
HIDDEN = "x"
HANDOVER_STATES = ("none", "consented", "offered", "accepted", "declined", "revoked")
OUTCOMES = ("open", *Outcome.values)


@dataclass
class ReturnStatistics:
    period: tuple[str, str] | None
    periods: list[tuple[str, str]]
    threshold: int
    tables: list[TableData]
    returns: int


def handover_label(state: str) -> str:
    labels = {
        "none": _("No hand-over"),
        "consented": _("Agreed by the worker, not offered yet"),
        "offered": _("Offered"),
        "accepted": _("Accepted at home"),
        "declined": _("Declined"),
        "revoked": _("Taken back"),
    }
    return str(labels.get(state, state))


def outcome_label(code: str) -> str:
    return str(_("Still open")) if code == "open" else str(dict(Outcome.choices).get(code, code))


def finest_cells(rows: list[dict[str, Any]]) -> dict[str, dict[Key, int]]:
    u = RETURNS
    finest: dict[str, dict[Key, int]] = {face: defaultdict(int) for face in u.faces}
    for row in rows:
        finest["H1"][u.key(host=row["host"], region=row["region"])] += 1
        finest["H2"][u.key(region=row["region"], handover=row["handover"])] += 1
        finest["H3"][u.key(region=row["region"], outcome=row["outcome"])] += 1
    return finest


def _figure(value: Any) -> Figure:
    return Figure(None) if value == HIDDEN else Figure(value)


def return_statistics(*, period: str = "", today: dt.date | None = None) -> ReturnStatistics:
    """The published tables of one period (the latest unless `period` names another)."""
    today = today or timezone.localdate()
    limit = threshold()
    every = returns_for_statistics()
    blocks = periods(today, month_of(every[0]["returned_on"]) if every else None)
    chosen = next((b for b in blocks if b[0] == period), blocks[0] if blocks else None)
    rows = [r for r in every if chosen and chosen[0] <= month_of(r["returned_on"]) <= chosen[1]]
    cells = margins(RETURNS, finest_cells(rows))
    hidden = suppress(RETURNS, cells, limit).suppressed

    def figure(**values: str) -> Figure:
        key = RETURNS.key(**values)
        return _figure(HIDDEN if key in hidden else cells.get(key, 0))

    hosts = sorted({k[0] for k in cells if k[0] != STAR})
    regions = [r for r in Region.values if any(k[1] == r for k in cells)]
    region_names = dict(Region.choices)
    country_names = dict(Country.choices)

    def by_region(name: str, title: str, columns: list[str], across: list[dict[str, str]]) -> TableData:
        """A row per region at home and a total row; a column per set of values in `across`."""
        table = TableData(name=name, title=title, columns=columns, rows=[], chart="")
        for region in regions:
            table.rows.append(
                Row(
                    key=region,
                    label=str(region_names[region]),
                    figures=[figure(region=region, **values) for values in across],
                )
            )
        table.rows.append(
            Row(
                key="all", label=_("All regions"), figures=[figure(**values) for values in across], total=True
            )
        )
        return table

    tables = [
        by_region(
            "returns-by-region",
            _("Returns by host country and region at home"),
            [str(country_names.get(h, h)) for h in hosts] + [_("All")],
            [{"host": h} for h in hosts] + [{}],
        ),
        by_region(
            "handovers-by-region",
            _("Hand-overs at home by region"),
            [handover_label(s) for s in HANDOVER_STATES],
            [{"handover": s} for s in HANDOVER_STATES],
        ),
        by_region(
            "returns-by-outcome",
            _("Cases of returned workers by region and outcome"),
            [outcome_label(o) for o in OUTCOMES],
            [{"outcome": o} for o in OUTCOMES],
        ),
    ]
    return ReturnStatistics(period=chosen, periods=blocks, threshold=limit, tables=tables, returns=len(rows))


def period_choices(statistics: ReturnStatistics) -> list[tuple[str, str]]:
    return [(first, period_label(first, last)) for first, last in statistics.periods]


def returns_legend(limit: int) -> str:
    return _(
        "x: hidden to protect the people behind the figure: fewer than %(n)d returned workers, or a "
        "figure that would let such a small number be worked out from the totals."
    ) % {"n": limit}
