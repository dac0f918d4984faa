"""Tables per organisation, for network coordinators (`monitoring.network`): how fast each
organisation answers, and the referrals between organisations and how they ended."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Organisation
from korgoo.referrals.models import Referral

from ..choices import QUEUE, YES, Party, Table
from ..models import PublishedCell
from ..publishing import threshold
from .common import (
    HIDDEN,
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
    _read,
    kind_label,
)


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
