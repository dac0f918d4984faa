"""Files made from published figures: CSV and XLSX of any table, and the PDF reports (the periodic
situation report and the statistical annex for the UN Committee on Migrant Workers).

Everything here reads through the selectors, so a file says exactly what the pages say: a
suppressed cell is "x" in every format. Spreadsheets go through `korgoo.core.exports`, which
neutralises formula triggers (SECURITY.md requirement 21). PDFs are drawn by WeasyPrint from
templates that include the same SVG charts as the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from korgoo.cases.choices import Category, Outcome
from korgoo.core.actor import Actor
from korgoo.core.choices import Country, Currency, OrganisationKind
from korgoo.core.exports import csv_bytes, xlsx_bytes

from . import selectors
from .charts import Chart, chart_for
from .choices import CONFIDENCE_MARKS, OPEN, RecommendationStatus, ReportKind
from .courts import court_statistics
from .selectors import Figure, Filters, TableData

HIDDEN = selectors.HIDDEN


def _cell(figure: Figure) -> Any:
    if figure.text:
        return figure.text
    if figure.value is None:
        return HIDDEN
    if isinstance(figure.value, float):
        return Decimal(str(figure.value))
    return figure.value


def table_rows(table: TableData) -> tuple[list[str], list[list[Any]]]:
    header = ["", *table.columns]
    rows = [[row.label, *(_cell(f) for f in row.figures)] for row in table.rows]
    return header, rows


def table_csv(table: TableData) -> bytes:
    header, rows = table_rows(table)
    return csv_bytes(header, rows)


def filters_text(filters: Filters) -> str:
    parts = [
        _("Period: %(period)s")
        % {
            "period": selectors.period_label(filters.period, selectors.add_months(filters.period, 11))
            if filters.period
            else "—"
        }
    ]
    parts.append(
        _("Country: %(country)s")
        % {"country": selectors.country_label(filters.country) if filters.country else _("all")}
    )
    parts.append(
        _("Kind of organisation: %(kind)s")
        % {"kind": selectors.kind_label(filters.kind) if filters.kind else _("all")}
    )
    parts.append(
        _("Violation: %(category)s")
        % {"category": selectors.category_label(filters.category) if filters.category else _("all")}
    )
    return "; ".join(parts)


def legend(limit: int) -> str:
    return _(
        "x: hidden to protect the people behind the figure: fewer than %(n)d cases, or a figure "
        "that would let such a small number be worked out from the totals."
    ) % {"n": limit}


def export_meta(*, actor: Actor, filters: Filters) -> list[tuple[str, str]]:
    info = selectors.publication_info(actor=actor)
    published = timezone.localtime(info.published_at).strftime("%Y-%m-%d %H:%M") if info.published_at else "—"
    return [
        (_("Korgoo monitoring"), _("Figures as published on %(date)s") % {"date": published}),
        (_("Filters"), filters_text(filters)),
        (_("Suppression"), legend(info.threshold)),
    ]


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(c if c not in "[]:*?/\\" else " " for c in title)[:28].strip() or "Table"
    name = clean
    n = 2
    while name in used:
        name = f"{clean[:25]} {n}"
        n += 1
    used.add(name)
    return name


def tables_xlsx(tables: Sequence[TableData], meta: Sequence[tuple[str, str]]) -> bytes:
    """One workbook: a sheet "About" (filters, date, the suppression legend), then a sheet per
    table with its notes under it."""
    used = {"About"}
    sheets: list[tuple[str, Sequence[str], Any]] = [("About", ["", ""], [list(line) for line in meta])]
    for table in tables:
        header, rows = table_rows(table)
        rows = [*rows, [], *([note] for note in table.notes)] if table.notes else rows
        sheets.append((_sheet_title(table.title, used), header, rows))
    return xlsx_bytes(sheets)


# --- PDF reports ---------------------------------------------------------------------------------


@dataclass
class Block:
    table: TableData
    chart: Chart | None = None


@dataclass
class Section:
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


def _block(table: TableData, ident: str) -> Block:
    return Block(table, chart_for(ident, table.title, table.chart, table.chart_items()))


# Article themes of the International Convention on migrant workers, for the CMW annex.
CMW_THEMES: list[tuple[str, Any, Any, list[str]]] = [
    (
        "employment",
        gettext_lazy("Employment"),
        gettext_lazy("Articles 11, 25, 54 and 68"),
        [
            Category.NO_CONTRACT,
            Category.UNJUST_DISMISSAL,
            Category.UNSAFE_WORK,
            Category.FORCED_WORK,
            Category.CHILD_LABOUR,
            Category.INTERMEDIARY_FRAUD,
        ],
    ),
    (
        "wages",
        gettext_lazy("Wages"),
        gettext_lazy("Article 25"),
        [Category.UNPAID_WAGES, Category.UNPAID_OVERTIME, Category.LOWER_PAY],
    ),
    (
        "detention",
        gettext_lazy("Detention and expulsion"),
        gettext_lazy("Articles 16, 17, 21 and 22"),
        [Category.POLICE, Category.DOCUMENTS_TAKEN],
    ),
]


def _countries_of(actor: Actor, filters: Filters) -> list[str]:
    table = selectors.table_by_country(Filters(period=filters.period))
    return [r.key for r in table.rows if not r.total and (r.figures[0].value is None or r.figures[0].value)]


def _matrix(actor: Actor, filters: Filters, **kwargs: Any) -> TableData:
    return selectors.table_matrix(actor=actor, filters=filters, **kwargs)


def _cmw_sections(actor: Actor, filters: Filters) -> list[Section]:
    countries = _countries_of(actor, filters) or ["RU", "KZ"]
    category = selectors.category_label
    country = selectors.country_label
    sections = []
    for code, title, articles, categories in CMW_THEMES:
        section = Section(title=f"{title} ({articles})")
        section.blocks.append(
            Block(
                _matrix(
                    actor,
                    filters,
                    face="F1",
                    row_dim=3,
                    col_dim=1,
                    rows=categories,
                    cols=countries,
                    fixed={"d0": "*", "d2": "*"},
                    row_label=category,
                    col_label=country,
                    title=_("Cases by violation and host country"),
                    name=f"cmw_{code}_country",
                )
            )
        )
        section.blocks.append(
            Block(
                _matrix(
                    actor,
                    filters,
                    face="F2",
                    row_dim=2,
                    col_dim=3,
                    rows=categories,
                    cols=[OPEN, *Outcome.values],
                    fixed={"d0": filters.country or "*", "d1": "*"},
                    row_label=category,
                    col_label=lambda o: selectors._label(selectors.OUTCOME_LABELS, o),
                    title=_("Outcomes of these cases"),
                    name=f"cmw_{code}_outcomes",
                )
            )
        )
        for block in section.blocks:
            if block.table.rows and block.table.rows[-1].total:
                block.table.rows[-1].label = _("All cases, every violation")
        if code == "wages":
            section.blocks.append(
                _block(
                    selectors.table_money(
                        Filters(filters.period, filters.country, "", Category.UNPAID_WAGES)
                    ),
                    f"cmw-{code}-money",
                )
            )
        sections.append(section)
    justice = Section(title=f"{_('Access to justice')} ({_('Articles 18 and 83')})")
    justice.blocks.append(
        Block(
            _matrix(
                actor,
                filters,
                face="F2",
                row_dim=3,
                col_dim=0,
                rows=[OPEN, *Outcome.values],
                cols=countries,
                fixed={"d1": "*", "d2": "*"},
                row_label=lambda o: selectors._label(selectors.OUTCOME_LABELS, o),
                col_label=country,
                title=_("Outcomes by host country"),
                name="cmw_justice_outcomes",
            )
        )
    )
    justice.blocks.append(
        _block(selectors.table_money(Filters(filters.period, filters.country)), "cmw-justice-money")
    )
    justice.blocks.append(
        _block(selectors.table_referrals(Filters(filters.period, filters.country)), "cmw-justice-referrals")
    )
    sections.append(justice)
    sections.extend(_court_sections(filters))
    consular = Section(
        title=f"{_('Consular assistance')} ({_('Articles 23 and 65')})",
        intro=_(
            "Cases handled by embassies, consulates and honorary consuls, next to the other kinds of organisation."
        ),
    )
    consular.blocks.append(
        _block(selectors.table_by_kind(Filters(filters.period, filters.country)), "cmw-consular-kinds")
    )
    consular.blocks.append(Block(selectors.table_response_times(Filters(filters.period, filters.country))))
    consular.blocks.append(
        Block(selectors.table_referrals(Filters(filters.period, filters.country, OrganisationKind.EMBASSY)))
    )
    sections.append(consular)
    return sections


def _court_sections(filters: Filters) -> list[Section]:
    """Court decisions on citizens (liberty and procedural guarantees, equality before the courts
    with an interpreter, expulsion), from the missions' court monitoring; suppressed like the rest."""
    statistics = court_statistics(period=filters.period or "")
    if not statistics.decisions:
        return []
    title, articles = _("Court decisions on citizens of Kyrgyzstan"), _("Articles 16, 18 and 22")
    section = Section(
        title=f"{title} ({articles})",
        intro=_(
            "Decisions of courts of the host countries brought in by the missions from the courts' sites, "
            "by the date of the decision: detention, expulsion and whether an interpreter took part."
        ),
    )
    section.blocks.extend(Block(table) for table in statistics.tables)
    return [section]


def _situation_sections(actor: Actor, filters: Filters, network: bool) -> list[Section]:
    tables = {t.name: t for t in selectors.tables_for(actor=actor, filters=filters, rows_limit=40)}
    groups = [
        (_("Cases"), ["by_category", "by_country", "by_city", "by_sector", "by_month", "by_kind", "urgent"]),
        (_("Help and its results"), ["outcomes", "money", "response_times", "referrals", "repeat_parties"]),
    ]
    if network:
        groups.append(
            (_("The network, organisation by organisation"), ["network_response_times", "network_referrals"])
        )
    sections = []
    for title, names in groups:
        section = Section(title=title)
        for name in names:
            if name in tables:
                section.blocks.append(_block(tables[name], f"pdf-{name}"))
        sections.append(section)
    return sections


def _instrument_rows(actor: Actor) -> list[dict[str, Any]]:
    rows = []
    for instrument in selectors.instruments_list(actor=actor):
        statuses = {s.country: s for s in instrument.statuses.all()}
        cells = []
        for code in ("KG", "RU", "KZ"):
            status = statuses.get(code)
            if status is None:
                cells.append("—")
                continue
            text = f"{status.get_status_display()} {CONFIDENCE_MARKS.get(status.confidence, '')}"
            if status.since:
                text += f" ({status.since}{' ' + CONFIDENCE_MARKS[status.since_confidence] if status.since_confidence and status.since_confidence != 'confirmed' else ''})"
            cells.append(text)
        rows.append({"title": instrument.text("title"), "cells": cells})
    return rows


def _indicator_rows(actor: Actor, period: str) -> list[dict[str, Any]]:
    rows = []
    for indicator in selectors.indicators_list(actor=actor):
        values = [v for v in indicator.values.all() if v.period == period or not v.computed]
        latest = values[0] if values else None
        shown = latest.display if latest is not None else "—"
        rows.append(
            {
                "name": indicator.text("name"),
                "unit": indicator.get_unit_display(),
                "value": shown,
                "period": latest.display_period if latest else "",
                "baseline": indicator.baseline if indicator.baseline is not None else "—",
                "target": indicator.target if indicator.target is not None else "—",
            }
        )
    return rows


def _recommendation_summary(actor: Actor) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for recommendation in selectors.recommendations_list(actor=actor):
        counts[recommendation.status] = counts.get(recommendation.status, 0) + 1
    return [(str(label), counts.get(code, 0)) for code, label in RecommendationStatus.choices]


def report_context(
    *, actor: Actor, kind: str, filters: Filters, network: bool, progress: Callable[[int], None]
) -> dict[str, Any]:
    info = selectors.publication_info(actor=actor)
    progress(20)
    if kind == ReportKind.CMW_ANNEX:
        sections = _cmw_sections(actor, filters)
    else:
        sections = _situation_sections(actor, filters, network)
    progress(50)
    period = f"{filters.period}/{selectors.add_months(filters.period, 11)}" if filters.period else ""
    headline = selectors.table_by_category(filters).rows[-1].figures[0]
    return {
        "kind": kind,
        "title": dict(ReportKind.choices)[kind],
        "filters": filters_text(filters),
        "published_at": info.published_at,
        "generated_at": timezone.now(),
        "legend": legend(info.threshold),
        "headline": headline,
        "sections": sections,
        "instruments": _instrument_rows(actor),
        "indicators": _indicator_rows(actor, period),
        "recommendations": _recommendation_summary(actor) if kind == ReportKind.SITUATION else [],
        "countries": [("KG", Country.KG.label), ("RU", Country.RU.label), ("KZ", Country.KZ.label)],
        "currencies": Currency.choices,
    }


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - a heavy library, loaded only when this runs

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def build_report(
    *, actor: Actor, kind: str, filters: Filters, network: bool, progress: Callable[[int], None]
) -> tuple[str, bytes]:
    context = report_context(actor=actor, kind=kind, filters=filters, network=network, progress=progress)
    progress(70)
    data = render_pdf("monitoring/pdf/report.html", context)
    progress(95)
    stamp = timezone.localdate().isoformat()
    name = "cmw-annex" if kind == ReportKind.CMW_ANNEX else "situation-report"
    return f"korgoo-{name}-{filters.period or 'none'}-{stamp}.pdf", data
