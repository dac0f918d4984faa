"""Shared pieces of the monitoring reads: filters, figures, rows, tables, labels, permission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from korgoo.cases.choices import Category, Outcome
from korgoo.core.actor import Actor
from korgoo.core.choices import Country, OrganisationKind
from korgoo.core.errors import PermissionDenied
from korgoo.organisations.permissions import Perm
from korgoo.referrals.models import Referral

from ..choices import OPEN, QUEUE
from ..models import MonitoringState, PublishedCell
from ..publishing import threshold
from ..universes import period_label

STAR = "*"
HIDDEN = "x"
T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    """What the person chose: a 12-month period (its first month) and optionally a country, a kind
    of organisation and a violation category."""

    period: str
    country: str = ""
    kind: str = ""
    category: str = ""

    def as_params(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("period", self.period),
                ("country", self.country),
                ("kind", self.kind),
                ("category", self.category),
            )
            if v
        }


@dataclass(frozen=True)
class Figure:
    """One published number; `value` None means suppressed."""

    value: int | Decimal | float | None
    text: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.text or (HIDDEN if self.value is None else f"{self.value}")


@dataclass
class Row:
    key: str
    label: str
    figures: list[Figure]
    total: bool = False
    selected: bool = False


@dataclass
class TableData:
    name: str
    title: str
    columns: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    chart: str = "bars"  # "bars", "columns" or "" (no chart)
    chart_column: int = 0

    def chart_items(self) -> list[tuple[str, int | Decimal | float | None]]:
        return [(r.label, r.figures[self.chart_column].value) for r in self.rows if not r.total]


@dataclass
class Period:
    first: str
    last: str

    @property
    def label(self) -> str:
        return period_label(self.first, self.last)


@dataclass
class Publication:
    periods: list[Period]
    published_at: dt.datetime | None
    threshold: int


def ensure_monitoring(actor: Actor, *, network: bool = False) -> None:
    """Aggregates are for members holding monitoring.view; per-organisation tables also need
    monitoring.network."""
    if not actor.has(Perm.MONITORING_VIEW) or (network and not actor.has(Perm.MONITORING_NETWORK)):
        raise PermissionDenied()


def publication_info(*, actor: Actor) -> Publication:
    ensure_monitoring(actor)
    state = MonitoringState.objects.filter(name="cases").first()
    blocks = (state.details.get("periods") if state else None) or []
    return Publication(
        periods=[Period(first, last) for first, last in blocks],
        published_at=state.published_at if state else None,
        threshold=int((state.details.get("threshold") if state else None) or threshold()),
    )


def clean_filters(info: Publication, data: Any) -> Filters:
    """Filters from a query string or API parameters; anything unknown falls back to "all"."""
    periods = [p.first for p in info.periods]
    period = str(data.get("period") or "")
    if period not in periods:
        period = periods[0] if periods else ""
    country = str(data.get("country") or "")
    kind = str(data.get("kind") or "")
    category = str(data.get("category") or "")
    return Filters(
        period=period,
        country=country if country in Country.values else "",
        kind=kind if kind in (*OrganisationKind.values, QUEUE) else "",
        category=category if category in Category.values else "",
    )


# --- Labels --------------------------------------------------------------------------------------


def kind_label(kind: str) -> str:
    if kind == QUEUE:
        return str(_("Coordinators' queue (not yet placed)"))
    return str(dict(OrganisationKind.choices).get(kind, kind))


def country_label(code: str) -> str:
    return str(dict(Country.choices).get(code, code))


def category_label(code: str) -> str:
    return str(dict(Category.choices).get(code, code))


OUTCOME_LABELS: dict[str, Any] = {
    OPEN: pgettext_lazy("case", "Still open"),
    **dict(Outcome.choices),
    "closed": _("Closed, outcome not recorded"),
}
STATE_ORDER = [s.value for s in Referral.State]


def _label(labels: dict[str, Any], code: str) -> str:
    return str(labels.get(code, code))


# --- Cells ---------------------------------------------------------------------------------------


class Cell(NamedTuple):
    """A published cell as read for a table (a plain tuple: tables read thousands of them)."""

    d0: str
    d1: str
    d2: str
    d3: str
    d4: str
    d5: str
    value: int | None
    amount: Decimal | None
    extra: dict[str, Any]


CELL_COLUMNS = ("d0", "d1", "d2", "d3", "d4", "d5", "value", "amount", "extra")


def _read(queryset: Any) -> list[Cell]:
    return [Cell(*row) for row in queryset.values_list(*CELL_COLUMNS)]


def _cells(face: str, period: str, **fixed: str) -> list[Cell]:
    """The published cells of a face in a period, the dimensions in `fixed` fixed (d0…d5). Inside
    `read_together`, from the cells read for every table at once."""
    batch = _BATCH.get()
    if batch is not None:
        return batch.cells(face, period, fixed)
    return _read(PublishedCell.objects.filter(face=face, window=period, **fixed))


CellAsk = tuple[str, str, tuple[tuple[str, str], ...]]  # face, period, the fixed dimensions


class CellBatch:
    """The cells several tables ask for, read in one query: the tables are built once only to note
    what they ask (answered with nothing), the cells of every ask are read together, and the tables
    are built again from them. Each table gets exactly the cells its own query would give, in the
    same order."""

    def __init__(self) -> None:
        self.asks: dict[CellAsk, None] = {}
        self.found: dict[tuple[str, str], list[Cell]] | None = None

    def cells(self, face: str, period: str, fixed: dict[str, str]) -> list[Cell]:
        ask = (face, period, tuple(sorted(fixed.items())))
        if self.found is None:  # still noting what the tables ask
            self.asks[ask] = None
            return []
        if ask not in self.asks:  # asked only once the figures were read: read it alone
            return _read(PublishedCell.objects.filter(face=face, window=period, **fixed))
        wanted = [(CELL_COLUMNS.index(name), value) for name, value in ask[2]]
        return [c for c in self.found.get((face, period), []) if all(c[i] == v for i, v in wanted)]

    def read(self) -> None:
        self.found = {}
        if not self.asks:
            return
        condition = Q()
        for face, period, fixed in self.asks:
            condition |= Q(face=face, window=period, **dict(fixed))
        rows = PublishedCell.objects.filter(condition).values_list("face", "window", *CELL_COLUMNS)
        for face, window, *columns in rows:
            self.found.setdefault((face, window), []).append(Cell(*columns))


_BATCH: ContextVar[CellBatch | None] = ContextVar("monitoring_cell_batch", default=None)


def read_together(build: Callable[[], T]) -> T:
    """Run `build` (tables made with `_cells`, asking nothing of the database otherwise) with every
    cell it asks for read in one query instead of one query per table."""
    batch = CellBatch()
    token = _BATCH.set(batch)
    try:
        build()
        batch.read()
        return build()
    finally:
        _BATCH.reset(token)


def _figure(cell: Cell | None) -> Figure:
    if cell is None:
        return Figure(0)
    return Figure(cell.value)


def _f(value: str) -> str:
    return value or STAR


CASES = _("Cases")
