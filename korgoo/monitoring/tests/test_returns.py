"""Returns home and hand-overs by region and outcome, with small cells hidden: a region with one
returned worker is never shown, nor can it be worked out from the totals."""

from __future__ import annotations

from typing import Any

from django.test import Client

from korgoo.conftest import login, report
from korgoo.homecoming.services import return_record_by_worker
from korgoo.intake.services import report_submit
from korgoo.monitoring.homecoming import return_statistics

from .conftest import World


def _returned(region: str, country: str = "RU", city: str = "Moscow") -> None:
    submitted = report_submit(new=report(country=country, city=city))
    return_record_by_worker(report=submitted.report, region=region)


def _row(table: Any, key: str) -> list[Any]:
    return [f.value for f in next(r for r in table.rows if r.key == key).figures]


def test_returns_by_region_hide_a_lone_worker_and_protect_it_from_the_totals(
    world: World, settings: Any
) -> None:
    settings.KORGOO_MONITORING_MIN_CELL = 5
    for _ in range(6):
        _returned("osh_city")
    for _ in range(3):
        _returned("bishkek")
    for _ in range(2):
        _returned("bishkek", country="KZ", city="Almaty")
    _returned("naryn")
    statistics = return_statistics()
    assert statistics.returns == 12
    by_region = next(t for t in statistics.tables if t.name == "returns-by-region")
    # Columns: Kazakhstan, Russia, all host countries. 12 returned in all: published.
    assert len(by_region.columns) == 3
    assert _row(by_region, "all")[-1] == 12
    # Naryn: one worker from Russia (fewer than 5), hidden; nobody from Kazakhstan: zero, shown.
    assert _row(by_region, "naryn") == [0, None, None]
    # 12 - 6 (Osh) - 5 (Bishkek) would give Naryn's 1 back: so Osh's or Bishkek's total is hidden too.
    assert None in (_row(by_region, "osh_city")[-1], _row(by_region, "bishkek")[-1])
    # Bishkek from Kazakhstan: 2 workers, hidden.
    assert _row(by_region, "bishkek")[0] is None
    # No hand-over yet: every published figure of that column is whole, and open cases likewise.
    by_handover = next(t for t in statistics.tables if t.name == "handovers-by-region")
    assert _row(by_handover, "all")[0] == 12
    by_outcome = next(t for t in statistics.tables if t.name == "returns-by-outcome")
    assert _row(by_outcome, "all")[0] == 12


def test_the_returns_page_is_for_monitoring_roles(world: World) -> None:
    _returned("osh_city")
    page = login(Client(), world.analyst).get("/ru/staff/monitoring/returns/")
    assert page.status_code == 200
    assert "Возвращения домой и передачи организациям на родине" in page.content.decode()
    assert login(Client(), world.caseworker_a).get("/ru/staff/monitoring/returns/").status_code == 403
