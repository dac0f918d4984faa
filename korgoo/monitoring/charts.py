"""Charts drawn on the server as SVG, the same for the page and the PDF.

This module computes the geometry only; `stat_chart` (`templatetags/stat_blocks.py`) draws it, so
every label goes through `format_html`'s escaping. The drawing is 300 units wide, about the width a 360-pixel phone
leaves for it, with labels on their own line above each bar, so it stays readable when the page is
narrow and simply scales up a little on a desk. A suppressed figure is drawn as an empty dashed box marked "x".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 300
LABEL_CHARS = 34
INK = "#1d2330"
MUTED = "#5b6475"
BAR = "#0b5cad"
HIDDEN = "x"

Number = int | float | Decimal | None


@dataclass
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    hidden: bool
    anchor: str = "start"


@dataclass
class Chart:
    ident: str
    title: str
    kind: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    baseline_y: float = 0
    ink: str = INK
    muted: str = MUTED
    colour: str = BAR
    caption: str = ""


def _fmt(value: Number) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, Decimal | float) and value != int(value):
        return f"{value:.1f}"
    return f"{int(value)}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(ident: str, title: str, items: Sequence[tuple[str, Number]], *, limit: int = 16) -> Chart:
    """Horizontal bars, one per item: the label on one line, the bar and its number below. Empty
    rows are left out of the drawing (the table beside it lists them)."""
    shown = [(label, value) for label, value in items if value is None or value][:limit]
    peak = max([float(v) for _l, v in shown if v is not None] + [1.0])
    row = 36
    chart = Chart(ident=ident, title=title, kind="bars", width=WIDTH, height=max(row * len(shown) + 8, 40))
    usable = WIDTH - 44
    for i, (label, value) in enumerate(shown):
        top = i * row + 4
        hidden = value is None
        length = 22.0 if value is None else max(usable * float(value) / peak, 0.0 if not value else 2.0)
        chart.bars.append(
            Bar(
                label=_short(label),
                value_text=_fmt(value),
                x=0,
                y=top + 17,
                width=round(length, 1),
                height=13,
                label_x=0,
                label_y=top + 12,
                value_x=round(length + 5, 1),
                value_y=top + 28,
                hidden=hidden,
            )
        )
    return chart


def column_chart(ident: str, title: str, items: Sequence[tuple[str, Number]]) -> Chart:
    """Vertical columns over time (months), labelled by month number, with the period written
    underneath."""
    shown = list(items)
    height = 190
    base = 150
    chart = Chart(ident=ident, title=title, kind="columns", width=WIDTH, height=height, baseline_y=base)
    if not shown:
        return chart
    peak = max([float(v) for _l, v in shown if v is not None] + [1.0])
    slot = (WIDTH - 8) / len(shown)
    for i, (label, value) in enumerate(shown):
        hidden = value is None
        column = 0.0 if value is None else (base - 22) * float(value) / peak
        x = 4 + i * slot
        _year, _sep, month = label.partition("-")
        chart.bars.append(
            Bar(
                label=month or label,
                value_text=_fmt(value),
                x=round(x + slot * 0.15, 1),
                y=round(base - (18 if hidden else column), 1),
                width=round(slot * 0.7, 1),
                height=round(18 if hidden else column, 1),
                label_x=round(x + slot / 2, 1),
                label_y=base + 14,
                value_x=round(x + slot / 2, 1),
                value_y=round(base - (18 if hidden else column) - 4, 1),
                hidden=hidden,
                anchor="middle",
            )
        )
    first, last = shown[0][0], shown[-1][0]
    chart.caption = f"{first} – {last}"
    return chart


def chart_for(ident: str, title: str, kind: str, items: Sequence[tuple[str, Number]]) -> Chart | None:
    if kind == "columns":
        return column_chart(ident, title, items)
    if kind == "bars":
        return bar_chart(ident, title, items)
    return None
