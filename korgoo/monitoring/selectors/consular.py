"""Consular reception figures: waiting time and no-shows per mission and month, small cells hidden.

Rules (the same threshold as every monitoring figure, KORGOO_MONITORING_MIN_CELL, default 5): a count
of at least one and fewer than the threshold is hidden; the no-show share is published only where
both those who came and those who did not count at least the threshold (so neither small group can be
worked out from the share and the total); the median wait only where at least the threshold of
tickets stand behind it. The table has no totals across missions or months, so no hidden cell can be
recovered by subtraction and no complementary suppression is needed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from korgoo.consular.selectors import figures_by_month
from korgoo.core.actor import Actor

from ..publishing import threshold
from .common import ensure_monitoring

HIDDEN_CELL = None


@dataclass(frozen=True)
class ConsularRow:
    mission: str
    city: str
    month: dt.date
    due: int | None
    came: int | None
    no_show: int | None
    no_show_share: float | None  # 0..1
    walk_ins: int | None
    tickets: int | None
    median_wait: float | None  # minutes


def _count(value: int, limit: int) -> int | None:
    return value if value == 0 or value >= limit else HIDDEN_CELL


def consular_rows(*, actor: Actor, since: dt.date) -> list[ConsularRow]:
    """The published rows. One row per mission is a figure per organisation: `monitoring.network` too."""
    ensure_monitoring(actor, network=True)
    limit = threshold()
    rows = []
    for f in figures_by_month(since=since):
        share = f.no_show / f.due if f.due and f.no_show >= limit and f.came >= limit else None
        median = statistics.median(f.waits) if len(f.waits) >= limit else None
        rows.append(
            ConsularRow(
                mission=f.mission.organisation.name,
                city=f.mission.organisation.city,
                month=f.month,
                due=_count(f.due, limit),
                came=_count(f.came, limit),
                no_show=_count(f.no_show, limit),
                no_show_share=share,
                walk_ins=_count(f.walk_ins, limit),
                tickets=_count(len(f.waits), limit),
                median_wait=round(median, 1) if median is not None else None,
            )
        )
    return rows


__all__: list[Any] = ["ConsularRow", "consular_rows"]
