"""Statistics of court decisions on citizens of Kyrgyzstan, with the same small-cell suppression as
every other published figure (`korgoo.monitoring.suppression`).

One universe of linked tables per 12-month period of decision dates: decisions by region and court,
by proceeding and outcome, by article, and expulsions by whether an interpreter took part. All faces
of a period are suppressed together, so no table, total or share gives back a hidden cell. Sums
awarded in wage claims and the share of expulsions without an interpreter are shown only where at
least `threshold` decisions stand behind the figure and behind the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from korgoo.core.choices import Country
from korgoo.courts.choices import CODE_SHORT, Outcome, Proceeding
from korgoo.courts.regions import BY_KEY
from korgoo.courts.selectors import decisions_for_statistics

from .publishing import threshold
from .selectors.common import Figure, Row, TableData
from .suppression import STAR, Key, Universe, margins, suppress
from .universes import month_of, period_label, periods

COURT_DECISIONS = Universe(
    dims=("country", "region", "court", "proceeding", "outcome", "article", "expelled", "interpreter"),
    faces={
        "C1": ("country", "region", "court"),
        "C2": ("country", "proceeding", "outcome"),
        "C3": ("country", "article"),
        "C4": ("country", "region", "expelled", "interpreter"),
    },
    parents={"region": "country", "court": "region"},
    explicit_totals=frozenset({"article"}),  # a decision may rest on several articles
)
OTHER_REGION = "other"
HIDDEN = "x"  # as every monitoring table shows a suppressed figure


@dataclass
class CourtStatistics:
    period: tuple[str, str] | None
    periods: list[tuple[str, str]]
    threshold: int
    tables: list[TableData]
    decisions: int


def _figure(value: Any) -> Figure:
    """A published figure; `HIDDEN` becomes a suppressed one."""
    if value == HIDDEN:
        return Figure(None)
    if isinstance(value, str):
        return Figure(0, value)
    return Figure(value)


def _row(key: str, label: str, values: list[Any], total: bool = False) -> Row:
    return Row(key=key, label=label, figures=[_figure(v) for v in values], total=total)


def _table(name: str, title: str, columns: list[str]) -> TableData:
    return TableData(name=name, title=title, columns=columns, rows=[], chart="")


def _article_label(article: dict[str, Any]) -> str:
    return f"{article['article']} {CODE_SHORT.get(article['code'], article['code'])}"


def _interpreter(value: bool | None) -> str:
    return "not_said" if value is None else ("yes" if value else "no")


def _country(code: str) -> str:
    try:
        return str(Country(code).label)
    except ValueError:
        return code


def finest_cells(rows: list[dict[str, Any]]) -> dict[str, dict[Key, int]]:
    """Each face's finest cells from the decisions of one period."""
    u = COURT_DECISIONS
    finest: dict[str, dict[Key, int]] = {face: defaultdict(int) for face in u.faces}
    for row in rows:
        country = row["country"]
        region = row["region"] or OTHER_REGION
        finest["C1"][u.key(country=country, region=region, court=row["court"] or "—")] += 1
        finest["C2"][u.key(country=country, proceeding=row["proceeding"], outcome=row["outcome"])] += 1
        labels = sorted({_article_label(a) for a in row["articles"] or []}) or ["—"]
        for label in labels:
            finest["C3"][u.key(country=country, article=label)] += 1
        finest["C3"][u.key(country=country)] += 1  # the explicit total: decisions, not articles
        finest["C4"][
            u.key(
                country=country,
                region=region,
                expelled="yes" if row["expulsion"] != "none" else "no",
                interpreter=_interpreter(row["interpreter"]),
            )
        ] += 1
    return finest


def _period_rows(rows: list[dict[str, Any]], period: tuple[str, str]) -> list[dict[str, Any]]:
    first, last = period
    return [r for r in rows if r["decided_on"] is not None and first <= month_of(r["decided_on"]) <= last]


def court_statistics(*, period: str = "", today: dt.date | None = None) -> CourtStatistics:
    """The published tables of one period (the latest unless `period` names another)."""
    today = today or timezone.localdate()
    limit = threshold()
    every = decisions_for_statistics()
    dated = [r["decided_on"] for r in every if r["decided_on"] is not None]
    blocks = periods(today, month_of(min(dated)) if dated else None)
    chosen = next((b for b in blocks if b[0] == period), blocks[0] if blocks else None)
    rows = _period_rows(every, chosen) if chosen else []
    cells = margins(COURT_DECISIONS, finest_cells(rows))
    hidden = suppress(COURT_DECISIONS, cells, limit).suppressed
    u = COURT_DECISIONS

    def figure(**values: str) -> Any:
        key = u.key(**values)
        if key in hidden:
            return HIDDEN
        return cells.get(key, 0)

    countries = sorted({k[0] for k in cells if k[0] != STAR})
    tables: list[TableData] = []

    by_court = _table("courts-by-region", _("Decisions by region and court"), [_("Decisions")])
    for country in countries:
        by_court.rows.append(_row(country, _country(country), [figure(country=country)], total=True))
        regions = sorted({k[1] for k in cells if k[0] == country and k[1] != STAR and k[2] == STAR})
        for region in regions:
            name = BY_KEY[region].name if region in BY_KEY else _("Other regions")
            by_court.rows.append(_row(region, name, [figure(country=country, region=region)], total=True))
            courts = sorted({k[2] for k in cells if k[0] == country and k[1] == region and k[2] != STAR})
            for court in courts:
                by_court.rows.append(
                    _row(
                        f"{region}/{court}",
                        f"— {court}",
                        [figure(country=country, region=region, court=court)],
                    )
                )
    tables.append(by_court)

    outcome_labels = dict(Outcome.choices)
    by_outcome = _table(
        "courts-by-outcome",
        _("Decisions by proceeding and outcome"),
        [str(label) for _v, label in Proceeding.choices],
    )
    for country in countries:
        by_outcome.rows.append(
            _row(
                country,
                _country(country),
                [figure(country=country, proceeding=p) for p in Proceeding.values],
                total=True,
            )
        )
        for outcome in Outcome.values:
            if not any(k[0] == country and k[4] == outcome for k in cells):
                continue
            by_outcome.rows.append(
                _row(
                    f"{country}/{outcome}",
                    str(outcome_labels[outcome]),
                    [figure(country=country, proceeding=p, outcome=outcome) for p in Proceeding.values],
                )
            )
    tables.append(by_outcome)

    by_article = _table("courts-by-article", _("Decisions by article"), [_("Decisions")])
    for country in countries:
        by_article.rows.append(_row(country, _country(country), [figure(country=country)], total=True))
        for article in sorted({k[5] for k in cells if k[0] == country and k[5] != STAR}):
            by_article.rows.append(
                _row(f"{country}/{article}", article, [figure(country=country, article=article)])
            )
    tables.append(by_article)

    interpreter = _table(
        "courts-interpreter",
        _("Expulsions and interpreters"),
        [
            _("Expulsions"),
            _("Without an interpreter"),
            _("Interpreter not mentioned"),
            _("Share without an interpreter"),
        ],
    )
    for country in countries:
        expelled = figure(country=country, expelled="yes")
        without = figure(country=country, expelled="yes", interpreter="no")
        unknown = figure(country=country, expelled="yes", interpreter="not_said")
        share: Any = "—"
        if (
            isinstance(expelled, int)
            and isinstance(without, int)
            and without >= limit
            and expelled - without >= limit
        ):
            share = f"{round(100 * without / expelled)} %"
        elif expelled not in (0, HIDDEN):
            share = HIDDEN
        interpreter.rows.append(
            _row(country, _country(country), [expelled, without, unknown, share], total=True)
        )
    interpreter.notes.append(
        _("The share is shown where at least %(n)s decisions stand behind it and behind the rest.")
        % {"n": limit}
    )
    tables.append(interpreter)

    wages = _table(
        "courts-wages", _("Wage claims won"), [_("Claims granted in full or in part"), _("Amount awarded")]
    )
    for country in countries:
        won = [
            figure(country=country, proceeding="civil", outcome=o)
            for o in (Outcome.CLAIM_GRANTED, Outcome.CLAIM_PARTLY_GRANTED)
        ]
        if any(w == HIDDEN for w in won):
            wages.rows.append(_row(country, _country(country), [HIDDEN, HIDDEN], total=True))
            continue
        count = sum(int(w) for w in won)
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        for row in rows:
            if (
                row["country"] == country
                and row["proceeding"] == "civil"
                and row["outcome"] in (Outcome.CLAIM_GRANTED, Outcome.CLAIM_PARTLY_GRANTED)
                and row["awarded_amount"] is not None
            ):
                amounts[row["currency"] or "—"] += row["awarded_amount"]
        money = (
            "; ".join(
                f"{value:,.2f} {currency}".replace(",", " ") for currency, value in sorted(amounts.items())
            )
            if count >= limit
            else (HIDDEN if count else "—")
        )
        wages.rows.append(_row(country, _country(country), [count, money], total=True))
    wages.notes.append(_("Sums are shown where at least %(n)s decisions stand behind them.") % {"n": limit})
    tables.append(wages)

    return CourtStatistics(period=chosen, periods=blocks, threshold=limit, tables=tables, decisions=len(rows))


def court_legend(limit: int) -> str:
    return _(
        "x: hidden to protect the people behind the figure: fewer than %(n)d decisions, or a figure "
        "that would let such a small number be worked out from the totals."
    ) % {"n": limit}


def period_choices(statistics: CourtStatistics) -> list[tuple[str, str]]:
    return [(first, period_label(first, last)) for first, last in statistics.periods]
