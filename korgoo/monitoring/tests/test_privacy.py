"""No analyst view, export or API answer lets a cell under the threshold be recovered.

1. The real pipeline (cases → tallies → suppression → published cells) on crafted data is checked
   by an independent attacker (`oracle.py`): with every published figure of every table, no cell
   counting 1–4 cases is a linear combination of published figures; published figures are true.
2. Every answer an analyst can get — each table, for each filter combination, through the API,
   CSV and XLSX exports and the dashboard — shows only published figures: no count between 1 and
   the threshold, and suppressed cells as null or "x".
"""

from __future__ import annotations

import functools
import io
import itertools
import random
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.conftest import make_org
from korgoo.monitoring.models import PublishedCell
from korgoo.monitoring.suppression import STAR, Key, Universe
from korgoo.monitoring.universes import CASES, REFERRALS, month_of, periods, published_dims
from korgoo.organisations.models import Organisation

from .conftest import World, make_case, months_ago, refresh_and_publish
from .oracle import base_cells, lattice, recoverable

pytestmark = pytest.mark.django_db
T = 5


def _published(universe: Universe, window: str) -> tuple[dict[Key, int], set[Key]]:
    shown: dict[Key, int] = {}
    hidden: set[Key] = set()
    for face in universe.faces:
        dims = published_dims(face)
        for row in PublishedCell.objects.filter(face=face, window=window):
            key = universe.key(**{d: getattr(row, f"d{i}") for i, d in enumerate(dims)})
            if row.value is None:
                hidden.add(key)
            else:
                shown[key] = row.value
    return shown, hidden


def _domain(universe: Universe, records: list[Key]) -> dict[str, Any]:
    domain: dict[str, Any] = {}
    for d in universe.dims:
        i = universe.index(d)
        if d in universe.parents:
            parent = universe.index(universe.parents[d])
            tree: dict[str, list[str]] = {}
            for r in records:
                tree.setdefault(r[parent], [])
                if r[i] not in tree[r[parent]]:
                    tree[r[parent]].append(r[i])
            domain[d] = tree
        else:
            domain[d] = sorted({r[i] for r in records})
    return domain


def _truth(key: Key, records: list[Key]) -> int:
    return sum(1 for r in records if all(k in (STAR, v) for k, v in zip(key, r, strict=True)))


def _attack(universe: Universe, records: list[Key], window: str) -> set[Key]:
    """Check the publication against the truth and return the small cells the attacker recovers."""
    shown, hidden = _published(universe, window)
    base = base_cells(universe, _domain(universe, records))
    figures = lattice(universe, base)
    for key, n in shown.items():
        assert n == _truth(key, records), key
    for key in figures - set(shown) - hidden:
        assert _truth(key, records) == 0, key  # not stored and not hidden: a published zero
    primary = {k for k in figures if 0 < _truth(k, records) < T}
    assert primary <= hidden
    assert hidden  # the crafted data do have small cells
    return recoverable(universe, base, figures - hidden, primary)


def _case_record(
    case: Any,
    org: Organisation | None,
    categories: tuple[str, ...],
    outcome: str,
    responded: bool,
    money: bool,
) -> Key:
    return CASES.key(
        month=month_of(case.reported_on),
        country=case.country,
        city=str(case.locality_id) if case.locality_id else "other",
        kind=org.kind if org else "queue",
        org=str(org.pk) if org else "queue",
        category=categories[0],
        outcome=outcome,
        urgent="n",
        responded="y" if responded else "n",
        closed="n" if outcome == "open" else "y",
        currency="RUB" if money else "none",
        sector=case.sector or "unsaid",
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_by_month_country_city_kind_violation_and_outcome(world: World, seed: int) -> None:
    rng = random.Random(seed)
    places = [("RU", "Moscow"), ("RU", "Kazan"), ("KZ", "Almaty")]
    orgs = [world.ngo_a, world.union_kz]
    records = []
    for _ in range(40 + 10 * seed):
        country, city = rng.choices(places, weights=[6, 2, 3])[0]
        org = rng.choice(orgs)
        category = rng.choices(["unpaid_wages", "documents_taken"], weights=[4, 1])[0]
        closed = rng.random() < 0.3
        case = make_case(
            org,
            country=country,
            city=city,
            categories=(category,),
            reported_on=months_ago(rng.choice([1, 2])),
            closed_hours=48 if closed else None,
            outcome="resolved",
        )
        records.append(_case_record(case, org, (category,), "resolved" if closed else "open", False, False))
    refresh_and_publish()
    window = periods(timezone.localdate(), None)[0][0]
    assert _attack(CASES, records, window) == set()


def test_response_closure_and_money_per_organisation(world: World) -> None:
    ngo_c = make_org("НКО C", city="Moscow")
    rng = random.Random(7)
    records = []
    for org, n in ((world.ngo_a, 9), (ngo_c, 3), (world.embassy, 8)):
        for _ in range(n):
            responded = rng.random() < 0.7
            closed = rng.random() < 0.5
            money = closed and rng.random() < 0.5
            case = make_case(
                org,
                reported_on=months_ago(1),
                responded_hours=rng.choice([3, 30, 90]) if responded else None,
                closed_hours=200 if closed else None,
                outcome="resolved",
                money=rng.choice([5000, 12000]) if money else None,
                currency="RUB",
            )
            records.append(
                _case_record(case, org, ("unpaid_wages",), "resolved" if closed else "open", responded, money)
            )
    refresh_and_publish()
    window = periods(timezone.localdate(), None)[0][0]
    assert _attack(CASES, records, window) == set()


def test_referrals_between_organisations(world: World) -> None:
    from korgoo.monitoring.refresh import tallies_refresh
    from korgoo.referrals.models import Referral

    ngo_c = make_org("НКО C", city="Moscow")
    rng = random.Random(11)
    records = []
    pairs = [
        (world.ngo_a, world.embassy),
        (world.ngo_a, ngo_c),
        (ngo_c, world.embassy),
        (world.embassy, world.ngo_a),
    ]
    for _ in range(34):
        source, target = rng.choices(pairs, weights=[6, 2, 1, 3])[0]
        category = rng.choice(["unpaid_wages", "police"])
        case = make_case(source, categories=(category,), reported_on=months_ago(1))
        state = rng.choices(["accepted", "declined"], weights=[3, 1])[0]
        Referral.objects.create(
            case=case, from_organisation=source, to_organisation=target, state=state, sealed_note=b""
        )
        records.append(
            REFERRALS.key(
                country="RU",
                category=category,
                from_kind=source.kind,
                from_org=str(source.pk),
                to_kind=target.kind,
                to_org=str(target.pk),
                state=state,
            )
        )
    tallies_refresh()
    refresh_and_publish()
    window = periods(timezone.localdate(), None)[0][0]
    assert _attack(REFERRALS, records, window) == set()


# --- Every answer an analyst can get -------------------------------------------------------------

# Columns that do not count cases: medians, amounts, shares, and the number of employers or
# agencies behind a published count of reports.
# Columns that are not counts of cases: medians, sums of money, shares, and the number of distinct
# employers behind a published (never small) count of reports. Matched in every language.
NOT_CASE_COUNTS = (
    "Amount recovered",
    "Median days to first response",
    "Answered within 3 days, %",
    "Median days to closure",
    "Employers or agencies named in two or more reports",
)


@functools.cache
def _not_case_counts() -> frozenset[str]:
    from django.utils import translation

    labels = []
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            labels.extend(translation.gettext(msgid) for msgid in NOT_CASE_COUNTS)
    assert len(set(labels)) == 3 * len(NOT_CASE_COUNTS), "catalogues not compiled"
    return frozenset(labels)


COUNT_TABLES = {
    "by_category",
    "by_country",
    "by_city",
    "by_sector",
    "by_month",
    "by_kind",
    "urgent",
    "outcomes",
    "referrals",
}


def _small_counts(table: dict[str, Any]) -> list[tuple[str, str, Any]]:
    found = []
    for row in table["rows"]:
        for column, value in zip(table["columns"], row["values"], strict=True):
            if column in _not_case_counts():
                continue
            if isinstance(value, int) and 0 < value < T:
                found.append((row["label"], column, value))
    return found


@pytest.fixture
def crafted(world: World) -> World:
    rng = random.Random(5)
    for _ in range(60):
        make_case(
            rng.choice([world.ngo_a, world.ngo_b, world.union_kz, world.embassy]),
            country=rng.choices(["RU", "KZ"], weights=[3, 1])[0],
            city=rng.choice(["Moscow", "Kazan", "Almaty", "Astana"]),
            categories=(
                rng.choices(["unpaid_wages", "documents_taken", "police", "violence"], weights=[8, 2, 2, 1])[
                    0
                ],
            ),
            reported_on=months_ago(rng.choice([0, 1, 2, 3])),
            responded_hours=rng.choice([None, 4, 30, 100]),
            closed_hours=rng.choice([None, None, 300]),
            outcome=rng.choice(["resolved", "unresolved"]),
            money=rng.choice([None, 7000]),
            currency="RUB",
            employer=rng.choice(["", "Склад", "Агро", "Стройка"]),
            sector=rng.choices(["", "construction", "trade", "domestic"], weights=[2, 6, 3, 1])[0],
        )
    refresh_and_publish()
    return world


def test_no_api_answer_shows_a_small_count(crafted: World) -> None:
    from korgoo.monitoring.choices import Table
    from korgoo.organisations.services import api_token_create

    token = api_token_create(
        user=crafted.coordinator.user, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    client = Client(headers={"Authorization": f"Bearer {token}"})
    info = client.get("/api/v1/monitoring/periods/").json()
    period = info["periods"][0]["first"]
    answers = 0
    hidden = 0
    for table, country, kind, category in itertools.product(
        Table.values, ["", "RU", "KZ"], ["", "ngo", "embassy"], ["", "unpaid_wages", "police"]
    ):
        response = client.get(
            f"/api/v1/monitoring/tables/{table}/",
            {"period": period, "country": country, "kind": kind, "category": category},
        )
        assert response.status_code == 200, table
        body = response.json()
        assert _small_counts(body) == [], (table, country, kind, category)
        hidden += sum(sum(row["suppressed"]) for row in body["rows"])
        answers += 1
    assert answers == len(Table.values) * 27
    assert hidden > 0


def test_no_export_or_page_shows_a_small_count(crafted: World, client_for: Any) -> None:
    from openpyxl import load_workbook

    client = client_for(crafted.analyst)
    for params in ({}, {"country": "RU"}, {"country": "KZ", "category": "unpaid_wages"}, {"kind": "ngo"}):
        workbook = load_workbook(
            io.BytesIO(client.get("/ru/staff/monitoring/export/all.xlsx", params).content)
        )
        for sheet in workbook.worksheets[1:]:
            rows = list(sheet.iter_rows(values_only=True))
            header = rows[0]
            for row in rows[1:]:
                for column, value in zip(header, row, strict=False):
                    if column in _not_case_counts():
                        continue
                    assert not (isinstance(value, int) and 0 < value < T), (sheet.title, row)
        page = client.get("/ru/staff/monitoring/", params).content.decode()
        for chunk in page.split('data-testid="table-')[1:]:
            name = chunk.split('"', 1)[0]
            table = chunk.split("</table>", 1)[0]
            if name in COUNT_TABLES:
                for small in range(1, T):
                    assert f'<td class="">{small}</td>' not in table, name


def test_suppressed_cells_are_x_in_every_format(crafted: World, client_for: Any) -> None:
    client = client_for(crafted.analyst)
    csv_text = client.get("/ru/staff/monitoring/export/by_city.csv").content.decode("utf-8-sig")
    assert ",x" in csv_text
    page = client.get("/ru/staff/monitoring/").content.decode()
    assert '<td class="hidden">x</td>' in page
    assert Counter(c.value is None for c in PublishedCell.objects.all())[True] > 0
