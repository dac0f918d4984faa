"""Counting a million cases opens no report: the employer is counted from the keyed hash written at
intake, and the full rebuild groups identical facts in the database. Both must give the same
tallies as the case-by-case incremental refresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from korgoo.cases.models import Case
from korgoo.cases.reporting import employer_digest, employer_digests_fill
from korgoo.monitoring.models import CaseFact, MonitoringState, Tally
from korgoo.monitoring.refresh import tallies_refresh
from korgoo.monitoring.universes import month_of

from .conftest import World, make_case, months_ago

pytestmark = pytest.mark.django_db


def tallies() -> dict[tuple[Any, ...], tuple[int, int]]:
    return {
        (t.face, t.month, t.d0, t.d1, t.d2, t.d3, t.d4, t.d5): (t.n, t.cents) for t in Tally.objects.all()
    }


def employer_rows() -> dict[tuple[str, str], int]:
    return {(t.d1, t.d2): t.n for t in Tally.objects.filter(face="E")}


def test_no_report_is_opened_to_count_employers(world: World) -> None:
    for name in ("ООО «Склад-Сервис»", "склад сервис", "Агро Плюс"):
        make_case(world.ngo_a, employer=name)
    # Reports that cannot be opened at all: counting must not need them.
    Case.objects.update(sealed_report=b"\x00" * 48)
    for full in (False, True):
        report = tallies_refresh(full=full)
        assert report.cases == 3 and report.reports_opened == 0
        assert employer_rows() == {
            ("employer", employer_digest("склад сервис")): 2,
            ("employer", employer_digest("агро плюс")): 1,
        }


def test_a_case_sealed_before_the_column_is_opened_once_and_counted_alike(world: World) -> None:
    old = make_case(world.ngo_a, employer="ТОО «Агро-Плюс»", categories=("intermediary_fraud",))
    make_case(world.ngo_a, employer="агро плюс", categories=("intermediary_fraud",))
    Case.objects.filter(pk=old.pk).update(employer_digest=None)
    report = tallies_refresh(full=True)
    assert report.reports_opened == 1
    assert employer_rows() == {("agency", employer_digest("агро плюс")): 2}
    assert employer_digests_fill() == 1
    assert tallies_refresh(full=True).reports_opened == 0
    assert employer_rows() == {("agency", employer_digest("агро плюс")): 2}


def test_erased_content_counts_no_employer_even_if_its_digest_was_left(world: World) -> None:
    kept = make_case(world.ngo_a, employer="Склад")
    gone = make_case(world.ngo_a, employer="Склад")
    Case.objects.filter(pk=gone.pk).update(content_erased=True, sealed_report=b"", wrapped_key=b"")
    assert Case.objects.get(pk=gone.pk).employer_digest == kept.employer_digest != ""
    tallies_refresh(full=True)
    assert employer_rows() == {("employer", employer_digest("склад")): 1}


def test_the_grouped_full_rebuild_equals_the_case_by_case_refresh(world: World) -> None:
    # Five cases with the same shape and money, so the rebuild counts them as one group of five;
    # three other shapes beside them.
    for _ in range(5):
        make_case(
            world.ngo_a,
            employer="Склад",
            closed_hours=30,
            outcome="resolved",
            money=Decimal("100.25"),
            currency="RUB",
        )
    make_case(world.ngo_a, employer="Агро", categories=("unpaid_wages", "police"), responded_hours=2)
    make_case(world.ngo_b, city="Kazan", urgent=True, reported_on=months_ago(3))
    make_case(
        world.union_kz, country="KZ", city="Almaty", employer="Склад", categories=("intermediary_fraud",)
    )
    # A watermark long ago: every case goes through the case-by-case (incremental) path.
    MonitoringState.objects.create(name="cases", watermark=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    case_by_case = tallies_refresh()
    assert case_by_case.full is False and case_by_case.cases == 8
    incremental = tallies()
    assert incremental
    Tally.objects.all().delete()
    CaseFact.objects.all().delete()
    tallies_refresh(full=True)
    assert tallies() == incremental
    month = month_of(months_ago(1))
    # 5 × 100.25 RUB = 501.25 RUB = 50125 kopecks, in one tally row of the money face.
    assert incremental[("FM", month, "RU", "ngo", "unpaid_wages", "RUB", "", "")] == (5, 50125)
    assert incremental[("F1", month, "RU", "ngo", "*", "", "", "")] == (6, 0)
    assert employer_rows()[("employer", employer_digest("склад"))] == 5
    assert employer_rows()[("agency", employer_digest("склад"))] == 1
