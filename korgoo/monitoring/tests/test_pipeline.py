"""From cases to published figures: incremental refresh by watermark, the full rebuild, suppression
end to end, medians, employers with repeated reports, computed indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, CaseCategory
from korgoo.monitoring.models import CaseFact, PublishedCell, Tally
from korgoo.monitoring.publishing import monitoring_publish
from korgoo.monitoring.refresh import tallies_refresh
from korgoo.monitoring.universes import month_of, periods

from .conftest import World, make_case, months_ago, refresh_and_publish

pytestmark = pytest.mark.django_db


def cell(face: str, window: str | None = None, **dims: str) -> PublishedCell | None:
    from korgoo.monitoring.universes import published_dims

    names = published_dims(face)
    fixed = {f"d{i}": dims.get(name, "*") for i, name in enumerate(names)}
    window = window or periods(timezone.localdate(), None)[0][0]
    return PublishedCell.objects.filter(face=face, window=window, **fixed).first()


def value(face: str, **dims: str) -> int | None:
    found = cell(face, **dims)
    return 0 if found is None else found.value


def tallies() -> dict[tuple[Any, ...], tuple[int, int]]:
    return {
        (t.face, t.month, t.d0, t.d1, t.d2, t.d3, t.d4, t.d5): (t.n, t.cents) for t in Tally.objects.all()
    }


def test_refresh_counts_cases_and_is_idempotent(world: World) -> None:
    for _ in range(7):
        make_case(world.ngo_a, categories=("unpaid_wages",))
    make_case(world.ngo_b, city="Kazan", categories=("documents_taken", "unpaid_wages"))
    report = tallies_refresh()
    assert report.cases == 8
    first = tallies()
    again = tallies_refresh()  # the overlap re-reads the same cases: nothing may change
    assert again.cases == 8 and tallies() == first
    month = month_of(months_ago(1))
    assert first[("F1", month, "RU", "ngo", "*", "", "", "")] == (8, 0)
    assert first[("F1", month, "RU", "ngo", "unpaid_wages", "", "", "")] == (8, 0)
    assert first[("F1", month, "RU", "ngo", "documents_taken", "", "", "")] == (1, 0)


def test_incremental_refresh_follows_changes_and_equals_a_full_rebuild(world: World) -> None:
    cases = [make_case(world.ngo_a) for _ in range(6)]
    tallies_refresh()
    # A case is re-categorised and closed with money; another one is deleted; a new one arrives.
    changed = cases[0]
    CaseCategory.objects.filter(case=changed).update(category="police")
    Case.objects.filter(pk=changed.pk).update(
        status="closed",
        outcome="resolved",
        closed_at=changed.created_at + dt.timedelta(days=3),
        money_recovered=Decimal("15000.50"),
        money_currency="RUB",
        updated_at=timezone.now(),
    )
    Case.objects.filter(pk=cases[1].pk).delete()
    make_case(world.union_kz, country="KZ", city="Almaty")
    report = tallies_refresh()
    assert report.removed == 1
    incremental = tallies()
    tallies_refresh(full=True)
    assert tallies() == incremental
    month = month_of(months_ago(1))
    assert incremental[("FM", month, "RU", "ngo", "police", "RUB", "", "")] == (1, 1500050)
    assert CaseFact.objects.count() == 6


def test_watermark_skips_unchanged_cases(world: World) -> None:
    make_case(world.ngo_a)
    tallies_refresh()
    later = tallies_refresh()
    assert later.cases == 1  # inside the overlap window
    from korgoo.monitoring.models import MonitoringState

    MonitoringState.objects.filter(name="cases").update(watermark=timezone.now() + dt.timedelta(hours=1))
    assert tallies_refresh().cases == 0


def test_small_cells_are_published_as_suppressed_without_their_value(world: World) -> None:
    for _ in range(12):
        make_case(world.ngo_a, categories=("unpaid_wages",))
    for _ in range(2):
        make_case(world.ngo_a, categories=("documents_taken",))
    for _ in range(9):
        make_case(world.union_kz, country="KZ", city="Almaty", categories=("unpaid_wages",))
    refresh_and_publish()
    assert value("F1", category="*") == 23
    hidden = cell("F1", category="documents_taken")
    assert hidden is not None and hidden.value is None  # 2 cases: suppressed, value not stored
    # The row total of Russia is published, so a second cell in Russia's row must be hidden too.
    assert value("F1", country="RU", category="*") == 14
    russia = [
        c for c in PublishedCell.objects.filter(face="F1", d0="*", d1="RU", d2="*") if c.d3 not in ("*",)
    ]
    assert sum(1 for c in russia if c.value is None) >= 2
    assert (
        not PublishedCell.objects.filter(value=2).exists()
        and not PublishedCell.objects.filter(value=1).exists()
    )


def test_medians_need_enough_cases(world: World) -> None:
    from korgoo.conftest import make_org

    ngo_c = make_org("НКО C", city="Moscow")
    for hours in (2, 5, 20, 30, 50, 70, 80, 90, 100):
        make_case(world.ngo_a, responded_hours=hours, closed_hours=hours + 100)
    for hours in (2, 3, 4, 5, 6, 7):
        make_case(ngo_c, responded_hours=hours)
    for hours in (3, 4):
        make_case(world.ngo_b, city="Kazan", responded_hours=hours)
    refresh_and_publish()
    overall = cell("F5")
    assert overall is not None and overall.value == 17
    assert 4 <= overall.extra["median_first_response_hours"] <= 24
    # NGO B's two cases are hidden, with no median. The kind total is published, so one of the
    # other two NGOs is hidden with it; the one left visible shows its medians.
    org_b = cell("F5", kind="ngo", org=str(world.ngo_b.pk))
    assert org_b is not None and org_b.value is None and "median_first_response_hours" not in org_b.extra
    assert value("F5", kind="ngo") == 17
    others = [cell("F5", kind="ngo", org=str(o.pk)) for o in (world.ngo_a, ngo_c)]
    visible = [c for c in others if c is not None and c.value is not None]
    assert len(visible) == 1
    # Both have enough cases behind their medians, so both show one.
    assert all(c is not None and "median_first_response_hours" in c.extra for c in others)


def test_employers_named_twice_are_counted_never_named(world: World) -> None:
    for name in (
        "ООО «Склад-Сервис»",
        "ооо склад сервис",
        "Склад Сервис LLC",
        "СКЛАД-СЕРВИС",
        "склад-сервис",
    ):
        make_case(world.ngo_a, employer=name)
    for name in ("Агро Плюс", "агро плюс", "ТОО Агро-Плюс", "Агро плюс", "АГРО ПЛЮС"):
        make_case(world.ngo_a, employer=name, categories=("intermediary_fraud",))
    make_case(world.ngo_a, employer="Единственный")
    refresh_and_publish()
    employers = cell("E1", party="employer")
    agencies = cell("E1", party="agency")
    assert employers is not None and employers.value == 5 and employers.extra == {"parties": 1}
    assert agencies is not None and agencies.value == 5
    for row in Tally.objects.filter(face="E"):
        assert "клад" not in row.d2.lower() and len(row.d2) == 32
    assert AuditEvent.objects.filter(action="monitoring.cases_tallied").exists()


def test_periods_are_disjoint_blocks_of_twelve_months(world: World) -> None:
    make_case(world.ngo_a, reported_on=months_ago(2))
    make_case(world.ngo_a, reported_on=months_ago(14))
    refresh_and_publish()
    blocks = periods(timezone.localdate(), month_of(months_ago(14)))
    assert len(blocks) == 2
    assert blocks[0][0] > blocks[1][1]
    from korgoo.monitoring.models import MonitoringState

    assert MonitoringState.objects.get(name="cases").details["periods"] == [list(b) for b in blocks]


def test_computed_indicators_come_from_published_figures(world: World) -> None:
    from korgoo.monitoring.importers import indicators_import
    from korgoo.monitoring.models import IndicatorValue

    indicators_import()
    for _ in range(6):
        make_case(world.ngo_a, responded_hours=10, closed_hours=200, outcome="resolved")
    for _ in range(6):
        make_case(world.ngo_a, responded_hours=100, closed_hours=300, outcome="unresolved")
    refresh_and_publish()
    first, last = periods(timezone.localdate(), None)[0]
    values = {
        v.indicator.code: v for v in IndicatorValue.objects.filter(period=f"{first}/{last}", computed=True)
    }
    assert values["cases-received"].value == 12
    assert values["wage-cases-resolved"].value == Decimal("50.0")
    assert values["answered-within-3-days"].value == Decimal("50.0")
    assert values["median-days-first-response"].value is not None
    assert values["documents-taken-reports"].value == 0


def test_publication_replaces_the_previous_one(world: World) -> None:
    for _ in range(6):
        make_case(world.ngo_a)
    refresh_and_publish()
    before = PublishedCell.objects.count()
    monitoring_publish()
    assert PublishedCell.objects.count() == before
