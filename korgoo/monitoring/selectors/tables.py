"""The dashboard tables, each one indexed query on published cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category, Outcome, Sector
from korgoo.core.actor import Actor
from korgoo.core.choices import Currency, OrganisationKind
from korgoo.core.errors import NotFound
from korgoo.core.gazetteer import locality_get
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm
from korgoo.referrals.models import Referral

from ..choices import NETWORK_TABLES, NO, NOT_SAID, OPEN, OTHER_CITY, QUEUE, YES, Party, Table
from ..models import PublishedCell
from ..publishing import threshold
from ..universes import add_months, months_between
from .common import (
    CASES,
    HIDDEN,
    OUTCOME_LABELS,
    STAR,
    STATE_ORDER,
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
)


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


def _timing_row(key: str, label: str, by_flags: dict[tuple[str, str], Cell]) -> Row:
    everything = by_flags.get((STAR, STAR))
    extra = everything.extra if everything is not None and everything.value is not None else {}

    def hours(name: str) -> Figure:
        value = extra.get(name)
        if value is None:
            return Figure(
                None, text="–" if everything is not None and everything.value is not None else HIDDEN
            )
        days = Decimal(str(value)) / 24
        return Figure(days.quantize(Decimal("0.1")))

    within = extra.get("within_3_days_percent")
    return Row(
        key,
        label,
        [
            _figure(everything),
            _figure(by_flags.get((YES, STAR))),
            hours("median_first_response_hours"),
            Figure(None, text="–") if within is None else Figure(Decimal(str(within))),
            _figure(by_flags.get((STAR, YES))),
            hours("median_closure_hours"),
        ],
    )


TIMING_COLUMNS = [
    _("Cases"),
    _("Answered"),
    _("Median days to first response"),
    _("Answered within 3 days, %"),
    _("Closed"),
    _("Median days to closure"),
]


def _timing_table(
    name: str,
    title: str,
    cells: Iterable[Cell],
    group: Callable[[Cell], str],
    labeller: Callable[[str], str],
    order: Sequence[str],
) -> TableData:
    grouped: dict[str, dict[tuple[str, str], Cell]] = {}
    for cell in cells:
        grouped.setdefault(group(cell), {})[(cell.d3, cell.d4)] = cell
    keys = [k for k in order if k in grouped] + sorted(k for k in grouped if k not in order and k != STAR)
    rows = [_timing_row(k, labeller(k), grouped[k]) for k in keys]
    if STAR in grouped:
        rows.append(Row(STAR, str(_("All")), _timing_row(STAR, "", grouped[STAR]).figures, total=True))
    table = TableData(name, title, [str(c) for c in TIMING_COLUMNS], rows, chart_column=2)
    table.notes.append(
        str(_("Medians are shown only where at least %(n)d cases stand behind them; “–” means too few."))
        % {"n": threshold()}
    )
    table.notes.append(
        str(_("This table follows the period, the country and the kind of organisation, not the violation."))
    )
    return table


def table_response_times(f: Filters) -> TableData:
    cells = [
        c for c in _cells("F5", f.period, d0=_f(f.country), d2=STAR) if not f.kind or c.d1 in (f.kind, STAR)
    ]
    return _timing_table(
        Table.RESPONSE_TIMES,
        str(Table.RESPONSE_TIMES.label),
        cells,
        lambda c: c.d1,
        kind_label,
        [*OrganisationKind.values, QUEUE],
    )


def table_network_response_times(f: Filters) -> TableData:
    fixed = {"d1": f.kind} if f.kind else {}
    cells = [c for c in _cells("F5", f.period, d0=_f(f.country), **fixed) if c.d2 != STAR]
    names = _organisation_names({c.d2 for c in cells})
    return _timing_table(
        Table.NETWORK_RESPONSE_TIMES,
        str(Table.NETWORK_RESPONSE_TIMES.label),
        cells,
        lambda c: c.d2,
        lambda org: names.get(org, kind_label(QUEUE) if org == QUEUE else org),
        sorted(names, key=lambda o: names[o]),
    )


def _organisation_names(ids: Iterable[str]) -> dict[str, str]:
    wanted = [i for i in ids if i not in (STAR, QUEUE)]
    if not wanted:
        return {}
    return {
        str(pk): name for pk, name in Organisation.objects.filter(pk__in=wanted).values_list("pk", "name")
    }


def _state_columns() -> list[str]:
    labels = dict(Referral.State.choices)
    return [str(labels[s]) for s in STATE_ORDER] + [str(_("All referrals"))]


def _referral_rows(
    pairs: dict[tuple[str, str], dict[str, Cell]], labeller: Callable[[str], str]
) -> list[Row]:
    rows = []
    for (source, target), states in sorted(
        pairs.items(), key=lambda item: (item[0] == (STAR, STAR), labeller(item[0][0]), labeller(item[0][1]))
    ):
        total = (source, target) == (STAR, STAR)
        label = str(_("All referrals")) if total else f"{labeller(source)} → {labeller(target)}"
        rows.append(
            Row(
                f"{source}>{target}",
                label,
                [_figure(states.get(s)) for s in [*STATE_ORDER, STAR]],
                total=total,
            )
        )
    return rows


def table_referrals(f: Filters) -> TableData:
    cells = _cells("R1", f.period, d0=_f(f.country), d1=_f(f.category))
    pairs: dict[tuple[str, str], dict[str, Cell]] = {}
    for cell in cells:
        if (cell.d2 == STAR) != (cell.d3 == STAR):
            continue
        if f.kind and cell.d2 != STAR and f.kind not in (cell.d2, cell.d3):
            continue
        pairs.setdefault((cell.d2, cell.d3), {})[cell.d4] = cell
    table = TableData(
        Table.REFERRALS,
        str(Table.REFERRALS.label),
        _state_columns(),
        _referral_rows(pairs, kind_label),
        chart_column=len(STATE_ORDER),
    )
    table.notes.append(str(_("Who passed cases to whom, and what the receiving organisation answered.")))
    return table


def table_network_referrals(f: Filters, limit: int | None = None) -> TableData:
    """Referrals between organisations. With `limit`, the pairs with the most referrals are read
    first and only their rows fetched (a network of sixty organisations has thousands of pairs)."""
    base = PublishedCell.objects.filter(face="R2", window=f.period, d0=_f(f.country))
    totals = base.filter(d5=STAR).exclude(d2=STAR).exclude(d4=STAR)
    if f.kind:
        totals = totals.filter(Q(d1=f.kind) | Q(d3=f.kind))
    if limit is not None:
        totals = totals.order_by(F("value").desc(nulls_last=True), "d2", "d4")[: limit + 1]
    chosen = _read(totals)
    more = limit is not None and len(chosen) > limit
    chosen = chosen[:limit] if limit is not None else chosen
    wanted = {(c.d2, c.d4) for c in chosen}
    cells = [
        *chosen,
        *(
            c
            for c in _read(
                base.exclude(d5=STAR).filter(d2__in={a for a, _b in wanted}, d4__in={b for _a, b in wanted})
            )
            if (c.d2, c.d4) in wanted
        ),
        *_read(base.filter(d1=STAR, d2=STAR, d3=STAR, d4=STAR)),
    ]
    pairs: dict[tuple[str, str], dict[str, Cell]] = {}
    for cell in cells:
        pairs.setdefault((cell.d2, cell.d4), {})[cell.d5] = cell
    names = _organisation_names({o for pair in pairs for o in pair})
    table = TableData(
        Table.NETWORK_REFERRALS,
        str(Table.NETWORK_REFERRALS.label),
        _state_columns(),
        _referral_rows(pairs, lambda o: names.get(o, o)),
        chart_column=len(STATE_ORDER),
    )
    if more:
        table.notes.append(
            str(
                _("The %(shown)d pairs with the most referrals are shown; the downloaded table has them all.")
            )
            % {"shown": limit}
        )
    table.notes.append(
        str(_("This table follows the period, the country and the kind of organisation, not the violation."))
    )
    return table


def table_repeat_parties(f: Filters) -> TableData:
    fixed = {"d0": f.country} if f.country else {"d0": STAR}
    cells = {c.d1: c for c in _cells("E1", f.period, **fixed)}
    rows = []
    for party in [*Party.values, STAR]:
        cell = cells.get(party)
        parties = (
            cell.extra.get("parties")
            if cell is not None and cell.value is not None
            else (0 if cell is None else None)
        )
        label = str(_("All")) if party == STAR else str(dict(Party.choices)[party])
        rows.append(Row(party, label, [_figure(cell), Figure(parties)], total=party == STAR))
    table = TableData(
        Table.REPEAT_PARTIES,
        str(Table.REPEAT_PARTIES.label),
        [str(_("Reports about them")), str(_("Employers or agencies named in two or more reports"))],
        rows,
    )
    table.notes.append(
        str(
            _(
                "Names are compared without case, punctuation and legal form, through a keyed hash: "
                "no name is stored or shown. An agency is a party to a report of intermediary fraud."
            )
        )
    )
    return table


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
    tables = []
    for name, builder in BUILDERS.items():
        if name in NETWORK_TABLES and not network:
            continue
        if name == Table.NETWORK_REFERRALS:
            tables.append(table_network_referrals(filters, limit=rows_limit))
        else:
            tables.append(builder(filters))
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
