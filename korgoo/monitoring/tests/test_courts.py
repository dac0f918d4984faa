"""Court decision statistics: counted once, by period, with small cells hidden."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from korgoo.conftest import make_member
from korgoo.courts.services import decision_ingest
from korgoo.courts.tests.conftest import Missions, make_missions, page
from korgoo.monitoring.courts import HIDDEN, court_statistics
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def missions(db: Any) -> Missions:
    return make_missions()


def _table(statistics: Any, name: str) -> dict[str, list[Any]]:
    table = next(t for t in statistics.tables if t.name == name)
    rows = {row.label: [str(figure) for figure in row.figures] for row in table.rows}
    rows.update({row.key: [str(figure) for figure in row.figures] for row in table.rows})  # "RU", "KZ"
    return rows


def test_counts_and_suppression(missions: Missions, settings: Any, clock: Any) -> None:
    settings.KORGOO_MONITORING_MIN_CELL = 2
    embassy = missions.actor(missions.embassy_worker)
    consulate = missions.actor(missions.consulate_worker)
    # Kyrgyz citizens, decided 2026: Ekaterinburg ×3 (two Ленинский, one Октябрьский), Moscow ×2
    # (Басманный, Пресненский), Novosibirsk ×1; a Tajik citizen (014-) is not counted.
    for name in ("001-", "010-", "002-", "011-", "012-", "003-", "014-"):
        decision_ingest(actor=embassy, data=page(name))
    decision_ingest(actor=consulate, data=page("001-"))  # the same decision, brought in again: once
    with translation.override("ru"):
        statistics = court_statistics()
    assert statistics.decisions == 6
    by_court = _table(statistics, "courts-by-region")
    assert by_court["RU"] == ["6"]
    assert by_court["Свердловская область"] == ["3"]
    # Two decisions of the Ленинский court are published; the Октябрьский court's single one is hidden,
    # and so is its sibling that would give it back by subtraction from the region's 3.
    assert by_court["— Ленинский районный суд г. Екатеринбурга"] == [HIDDEN]
    assert by_court["— Октябрьский районный суд г. Екатеринбурга"] == [HIDDEN]
    # Novosibirsk's single decision is hidden, and with it a sibling region (Moscow, the smaller), or
    # the country's 6 minus Sverdlovsk's 3 would give it back.
    assert by_court["Новосибирская область"] == [HIDDEN]
    assert by_court["Москва"] == [HIDDEN]
    # With a threshold of 1 nothing is hidden. Expulsions: 001, 010, 011 forced, 002, 012 controlled
    # (interpreter yes, yes, yes, no, no); 003 fined without expulsion. Without an interpreter: 2 of 5.
    settings.KORGOO_MONITORING_MIN_CELL = 1
    interpreters = _table(court_statistics(), "courts-interpreter")
    assert interpreters["RU"] == ["5", "2", "0", "40 %"]
    # With 3, the share needs 3 decisions without an interpreter and 3 with: not shown.
    settings.KORGOO_MONITORING_MIN_CELL = 3
    assert _table(court_statistics(), "courts-interpreter")["RU"][3] in (HIDDEN, "—")


def test_the_page_shows_the_tables_to_analysts_only(
    missions: Missions,
    client_for: Any,
    settings: Any,
) -> None:
    settings.KORGOO_MONITORING_MIN_CELL = 1
    decision_ingest(actor=missions.actor(missions.embassy_worker), data=page("001-"))
    analyst = make_member(missions.ngo, "analyst.courts", Role.ANALYST)
    page_ = client_for(analyst).get("/ru/staff/monitoring/courts/")
    assert page_.status_code == 200
    html = page_.content.decode()
    assert (
        "Ленинский районный суд г. Екатеринбурга" in html and 'data-testid="table-courts-by-article"' in html
    )
    assert "18.8 КоАП РФ" in html
    # No text, no names, no case numbers reach the statistics.
    assert "Асанов" not in html and "5-412/2026" not in html
    assert client_for(missions.embassy_viewer).get("/ru/staff/monitoring/courts/").status_code == 403


def test_the_tables_download_as_xlsx_and_join_the_cmw_annex(
    missions: Missions, client_for: Any, settings: Any
) -> None:
    import io

    from openpyxl import load_workbook

    from korgoo.monitoring.reports import _court_sections
    from korgoo.monitoring.selectors.common import Filters

    settings.KORGOO_MONITORING_MIN_CELL = 1
    decision_ingest(actor=missions.actor(missions.embassy_worker), data=page("001-"))
    analyst = make_member(missions.ngo, "analyst.xlsx", Role.ANALYST)
    answer = client_for(analyst).get("/ru/staff/monitoring/courts/", {"format": "xlsx"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/octet-stream"
    book = load_workbook(io.BytesIO(answer.content))
    assert len(book.sheetnames) == 6  # "About" and the five tables
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("Ленинский районный суд г. Екатеринбурга" in c for c in cells)
    with translation.override("ru"):
        sections = _court_sections(Filters(period=""))
    assert len(sections) == 1 and "статьи 16, 18 и 22" in sections[0].title
    assert [b.table.name for b in sections[0].blocks] == [t.name for t in court_statistics().tables]
