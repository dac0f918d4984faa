"""Tables of the suggestions read from workers' texts: how caseworkers decided them, by category
and by the language of the text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category

from ..choices import Table
from ..publishing import threshold
from .common import (
    STAR,
    Cell,
    Figure,
    Filters,
    Row,
    TableData,
    _cells,
    _f,
    _figure,
    _label,
    category_label,
)

DECISIONS = ("accepted", "changed", "rejected", "pending")
VARIETY_LABELS: dict[str, Any] = {
    "ky": _("Kyrgyz (Cyrillic)"),
    "ru": _("Russian"),
    "mix": _("Kyrgyz mixed with Russian"),
    "ky_latn": _("Kyrgyz in Latin letters"),
}


def _suggestion_table(f: Filters, name: str, title: str, by: str) -> TableData:
    """Suggestions by subject (d1) or by way of writing (d2), one column per decision, the total and
    the share accepted. The share is shown only when the accepted and the rest both reach the
    publication threshold, like every published share."""
    fixed = {"d1": STAR, "d2": STAR}
    fixed.pop(by)
    cells = _cells("S1", f.period, d0=_f(f.country), **fixed)
    grouped: dict[str, dict[str, Cell]] = {}
    for cell in cells:
        grouped.setdefault(getattr(cell, by), {})[cell.d3] = cell
    limit = threshold()
    if by == "d1":
        order = [*Category.values, "urgent"]

        def label(code: str) -> str:
            return str(_("Urgent")) if code == "urgent" else category_label(code)

    else:
        order = list(VARIETY_LABELS)

        def label(code: str) -> str:
            return _label(VARIETY_LABELS, code)

    keys = [k for k in order if k in grouped] + sorted(k for k in grouped if k not in order and k != STAR)
    rows = []
    for key in [*keys, STAR]:
        decisions = grouped.get(key, {})
        figures = [_figure(decisions.get(d)) for d in (*DECISIONS, STAR)]
        accepted, total = decisions.get("accepted"), decisions.get(STAR)
        share = Figure(None)
        if total is None or total.value == 0:
            share = Figure(0, "—")
        elif total.value is not None and (accepted is None or accepted.value is not None):
            took = accepted.value if accepted is not None and accepted.value is not None else 0
            if took >= limit and total.value - took >= limit:
                percent = round(Decimal(took) * 100 / Decimal(total.value))
                share = Figure(percent, f"{percent} %")
        total_row = key == STAR
        rows.append(
            Row(
                key,
                str(_("All suggestions")) if total_row else label(key),
                [*figures, share],
                total=total_row,
            )
        )
    columns = [
        str(_("Accepted")),
        str(_("Changed")),
        str(_("Rejected")),
        str(_("Waiting")),
        str(_("All suggestions")),
        str(_("Share accepted")),
    ]
    table = TableData(name, title, columns, rows, chart_column=len(DECISIONS))
    table.notes.append(
        str(
            _(
                "Each suggestion triage made from a worker's text counts once. Accepted: the caseworker "
                "took it; changed: the caseworker chose other categories; rejected: the caseworker turned "
                "it down or lowered the urgency. A falling share of accepted suggestions shows that the "
                "model no longer reads how workers write."
            )
        )
    )
    return table


def table_suggestions_by_category(f: Filters) -> TableData:
    return _suggestion_table(f, Table.SUGGESTIONS_BY_CATEGORY, str(Table.SUGGESTIONS_BY_CATEGORY.label), "d1")


def table_suggestions_by_language(f: Filters) -> TableData:
    return _suggestion_table(f, Table.SUGGESTIONS_BY_LANGUAGE, str(Table.SUGGESTIONS_BY_LANGUAGE.label), "d2")
