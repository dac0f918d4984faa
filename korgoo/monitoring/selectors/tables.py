"""The dashboard tables, each from indexed lookups of published cells (read together on the dashboard)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category, Outcome, Sector
from korgoo.core.actor import Actor
from korgoo.core.choices import Currency, OrganisationKind
from korgoo.core.errors import NotFound
from korgoo.core.gazetteer import locality_get
from korgoo.organisations.permissions import Perm

from ..choices import NETWORK_TABLES, NO, NOT_SAID, OPEN, OTHER_CITY, QUEUE, YES, Table
from ..models import PublishedCell
from ..universes import add_months, months_between
from .common import (
    CASES,
    OUTCOME_LABELS,
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
    _read,
    category_label,
    country_label,
    ensure_monitoring,
    kind_label,
    read_together,
)
from .network import (
    table_network_referrals,
    table_network_response_times,
    table_referrals,
    table_repeat_parties,
    table_response_times,
)
from .suggestions import table_suggestions_by_category, table_suggestions_by_language


def _one_column(
    name: str,
    title: str,
    cells: Iterable[Cell],
    attr: str,
    order: Sequence[str],
    labeller: Callable[[str], str],
    *,
    column: str,
    total_label: str,
    selected: str = "",
    show_zero: bool = True,
    chart: str = "bars",
) -> TableData:
    by_key = {getattr(c, attr): c for c in cells}
    keys = [k for k in order if show_zero or k in by_key]
    keys += sorted(k for k in by_key if k not in keys and k != STAR)
    rows = [Row(k, labeller(k), [_figure(by_key.get(k))], selected=k == selected) for k in keys]
    rows.append(Row(STAR, total_label, [_figure(by_key.get(STAR))], total=True))
    return TableData(name=name, title=title, columns=[column], rows=rows, chart=chart)


def table_by_category(f: Filters) -> TableData:
    cells = _cells("F1", f.period, d0=STAR, d1=_f(f.country), d2=_f(f.kind))
    table = _one_column(
        Table.BY_CATEGORY,
        str(Table.BY_CATEGORY.label),
        cells,
        "d3",
        Category.values,
        category_label,
        column=str(CASES),
        total_label=str(_("All cases")),
        selected=f.category,
    )
    table.notes.append(
        str(_("A case can concern several violations, so the rows add up to more than the number of cases."))
    )
    return table


def table_by_country(f: Filters) -> TableData:
    cells = _cells("F1", f.period, d0=STAR, d2=_f(f.kind), d3=_f(f.category))
    return _one_column(
        Table.BY_COUNTRY,
        str(Table.BY_COUNTRY.label),
        cells,
        "d1",
        ["RU", "KZ"],
        country_label,
        column=str(CASES),
        total_label=str(_("All countries")),
        selected=f.country,
        show_zero=False,
    )


def table_by_kind(f: Filters) -> TableData:
    cells = _cells("F1", f.period, d0=STAR, d1=_f(f.country), d3=_f(f.category))
    return _one_column(
        Table.BY_KIND,
        str(Table.BY_KIND.label),
        cells,
        "d2",
        [*OrganisationKind.values, QUEUE],
        kind_label,
        column=str(CASES),
        total_label=str(_("All kinds")),
        selected=f.kind,
        show_zero=False,
    )


def table_by_month(f: Filters) -> TableData:
    cells = _cells("F1", f.period, d1=_f(f.country), d2=_f(f.kind), d3=_f(f.category))
    months = months_between(f.period, add_months(f.period, 11)) if f.period else []
    return _one_column(
        Table.BY_MONTH,
        str(Table.BY_MONTH.label),
        cells,
        "d0",
        months,
        str,
        column=str(CASES),
        total_label=str(_("The whole period")),
        chart="columns",
    )


def city_label(country: str, key: str) -> str | None:
    """The label of a city row: the gazetteer's name in the page's language, "Other cities" for the
    cities it does not hold, and None (no row) for anything else: a label never comes from words a
    worker typed."""
    if key == OTHER_CITY:
        return str(_("Other cities"))
    locality = locality_get(key) if key.isdigit() else None
    if locality is None or locality.country != country:
        return None
    return locality.name()


def table_by_city(f: Filters) -> TableData:
    fixed = {"d0": f.country} if f.country else {}
    cells = [c for c in _cells("F4", f.period, **fixed) if (c.d1 != STAR) or (c.d0 == _f(f.country))]
    rows = []
    total = None
    order = sorted(cells, key=lambda c: (c.d1 == OTHER_CITY, c.value is None, -(c.value or 0), c.d0, c.d1))
    for cell in order:
        if cell.d1 == STAR:
            total = cell
            continue
        label = city_label(cell.d0, cell.d1)
        if label is None:
            continue
        if not f.country:
            label = f"{label} ({country_label(cell.d0)})"
        rows.append(Row(f"{cell.d0}/{cell.d1}", label, [_figure(cell)]))
    rows.append(Row(STAR, str(_("All cities")), [_figure(total)], total=True))
    table = TableData(Table.BY_CITY, str(Table.BY_CITY.label), [str(CASES)], rows)
    table.notes.append(
        str(
            _(
                "Cities are the most identifying detail, so this table follows only the period and the country."
            )
        )
    )
    return table


def table_urgent(f: Filters) -> TableData:
    cells = _cells("F3", f.period, d0=_f(f.country), d1=_f(f.kind), d2=_f(f.category))
    labels = {YES: str(_("Urgent")), NO: str(_("Not urgent"))}
    return _one_column(
        Table.URGENT,
        str(Table.URGENT.label),
        cells,
        "d3",
        [YES, NO],
        lambda k: labels.get(k, k),
        column=str(CASES),
        total_label=str(_("All cases")),
    )


def table_outcomes(f: Filters) -> TableData:
    cells = _cells("F2", f.period, d0=_f(f.country), d1=_f(f.kind), d2=_f(f.category))
    return _one_column(
        Table.OUTCOMES,
        str(Table.OUTCOMES.label),
        cells,
        "d3",
        [OPEN, *Outcome.values],
        lambda k: _label(OUTCOME_LABELS, k),
        column=str(CASES),
        total_label=str(_("All cases")),
    )


def table_by_sector(f: Filters) -> TableData:
    cells = _cells("F6", f.period, d0=_f(f.country), d1=_f(f.kind), d2=_f(f.category))
    labels = {**dict(Sector.choices), NOT_SAID: _("Not said")}
    return _one_column(
        Table.BY_SECTOR,
        str(Table.BY_SECTOR.label),
        cells,
        "d3",
        [*Sector.values, NOT_SAID],
        lambda k: str(labels.get(k, k)),
        column=str(CASES),
        total_label=str(_("All cases")),
    )


def table_money(f: Filters) -> TableData:
    cells = _cells("FM", f.period, d0=_f(f.country), d1=_f(f.kind), d2=_f(f.category))
    by_currency = {c.d3: c for c in cells}
    rows = []
    for code, label in Currency.choices:
        cell = by_currency.get(code)
        if cell is None:
            rows.append(Row(code, str(label), [Figure(0), Figure(Decimal(0))]))
            continue
        rows.append(
            Row(
                code,
                str(label),
                [Figure(cell.value), Figure(None if cell.value is None else cell.amount)],
            )
        )
    table = TableData(
        Table.MONEY,
        str(Table.MONEY.label),
        [str(_("Cases with money recovered")), str(_("Amount recovered"))],
        rows,
        chart_column=0,
    )
    table.notes.append(
        str(_("Amounts are in each currency as recorded; they are not converted or added up."))
    )
    return table


BUILDERS: dict[str, Callable[[Filters], TableData]] = {
    Table.BY_CATEGORY: table_by_category,
    Table.BY_COUNTRY: table_by_country,
    Table.BY_CITY: table_by_city,
    Table.BY_SECTOR: table_by_sector,
    Table.BY_MONTH: table_by_month,
    Table.BY_KIND: table_by_kind,
    Table.URGENT: table_urgent,
    Table.OUTCOMES: table_outcomes,
    Table.MONEY: table_money,
    Table.RESPONSE_TIMES: table_response_times,
    Table.REFERRALS: table_referrals,
    Table.REPEAT_PARTIES: table_repeat_parties,
    Table.SUGGESTIONS_BY_CATEGORY: table_suggestions_by_category,
    Table.SUGGESTIONS_BY_LANGUAGE: table_suggestions_by_language,
    Table.NETWORK_RESPONSE_TIMES: table_network_response_times,
    Table.NETWORK_REFERRALS: table_network_referrals,
}


def table_get(*, actor: Actor, name: str, filters: Filters) -> TableData:
    """One published table. Unknown names are NotFound; per-organisation tables need the network
    permission."""
    builder = BUILDERS.get(name)
    if builder is None:
        raise NotFound()
    ensure_monitoring(actor, network=name in NETWORK_TABLES)
    return builder(filters)


def tables_for(*, actor: Actor, filters: Filters, rows_limit: int | None = None) -> list[TableData]:
    """Every table the actor may see, in dashboard order; with `rows_limit`, long tables keep
    their largest rows (downloads keep them all)."""
    ensure_monitoring(actor)
    network = actor.has(Perm.MONITORING_NETWORK)
    names = [name for name in BUILDERS if network or name not in NETWORK_TABLES]
    # Every table but the referrals between organisations (which reads its largest pairs first) is
    # built from cells read in one query.
    built = read_together(
        lambda: {name: BUILDERS[name](filters) for name in names if name != Table.NETWORK_REFERRALS}
    )
    tables = [
        table_network_referrals(filters, limit=rows_limit) if name == Table.NETWORK_REFERRALS else built[name]
        for name in names
    ]
    if rows_limit is not None:
        for table in tables:
            _truncate(table, rows_limit)
    return tables


def _truncate(table: TableData, limit: int) -> None:
    rows = [r for r in table.rows if not r.total]
    if len(rows) <= limit:
        return

    def size(row: Row) -> tuple[int, float]:
        value = row.figures[table.chart_column].value
        return (1, 0.0) if value is None else (0, -float(value))

    kept = {id(r) for r in sorted(rows, key=size)[:limit]}
    table.rows = [r for r in table.rows if r.total or id(r) in kept]
    table.notes.append(
        str(_("The %(shown)d largest of %(total)d rows are shown; the downloaded table has them all."))
        % {"shown": limit, "total": len(rows)}
    )


def table_matrix(
    *,
    actor: Actor,
    filters: Filters,
    face: str,
    row_dim: int,
    col_dim: int,
    rows: Sequence[str],
    cols: Sequence[str],
    fixed: dict[str, str],
    row_label: Callable[[str], str],
    col_label: Callable[[str], str],
    title: str,
    name: str,
) -> TableData:
    """A two-way table (for example categories by country) straight from one face, with its
    margins: every cell published or suppressed exactly as in the one-way tables."""
    ensure_monitoring(actor)
    cells = _read(PublishedCell.objects.filter(face=face, window=filters.period, **fixed))
    grid = {(getattr(c, f"d{row_dim}"), getattr(c, f"d{col_dim}")): c for c in cells}
    out_rows = []
    for r in [*rows, STAR]:
        figures = [_figure(grid.get((r, c))) for c in [*cols, STAR]]
        out_rows.append(Row(r, str(_("Total")) if r == STAR else row_label(r), figures, total=r == STAR))
    columns = [col_label(c) for c in cols] + [str(_("Total"))]
    return TableData(name=name, title=title, columns=columns, rows=out_rows, chart="")
