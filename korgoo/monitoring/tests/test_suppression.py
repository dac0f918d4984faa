"""Small-cell suppression on crafted tables: primary cells hidden, complementary cells chosen so that
no hidden cell can be worked out from totals or from the other tables of the same universe."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping

import pytest

from korgoo.monitoring.suppression import STAR, Key, Universe, effect, margins, suppress

from .oracle import base_cells, lattice, recoverable

T = 5


def _check(
    universe: Universe, records: list[Key], domain: Mapping[str, object]
) -> tuple[dict[Key, int], set[Key]]:
    """Suppress the universe built from `records` (one fully concrete key per case) and prove with
    the oracle that no primary cell can be recovered."""
    finest: dict[str, Counter[Key]] = {}
    for face, dims in universe.faces.items():
        positions = {universe.index(d) for d in dims}
        finest[face] = Counter(tuple(v if i in positions else STAR for i, v in enumerate(r)) for r in records)
    cells = margins(universe, finest)
    result = suppress(universe, cells, T)
    assert result.primary == {k for k, n in cells.items() if 0 < n < T}
    assert result.primary <= result.suppressed
    base = base_cells(universe, domain)  # type: ignore[arg-type]
    figures = lattice(universe, base)
    assert set(cells) <= figures
    published = figures - result.suppressed
    assert recoverable(universe, base, published, result.primary) == set()
    # Each cube's certificate: every published figure is unchanged by the move.
    for cube in result.cubes:
        assert effect(cube, cube.primary) != 0
        assert all(effect(cube, k) == 0 for k in published)
    return cells, result.suppressed


ONE_D = Universe(dims=("category",), faces={"c": ("category",)})


def test_a_lone_small_cell_gets_a_partner_so_the_total_does_not_give_it_away() -> None:
    records = [("wages",)] * 12 + [("documents",)] * 3 + [("violence",)] * 8 + [("police",)] * 20
    cells, hidden = _check(ONE_D, records, {"category": ["wages", "documents", "violence", "police"]})
    assert ("documents",) in hidden
    # The smallest other cell is the complement; the total stays published.
    assert ("violence",) in hidden
    assert (STAR,) not in hidden and cells[(STAR,)] == 43
    assert ("wages",) not in hidden and ("police",) not in hidden


TWO_D = Universe(dims=("country", "category"), faces={"t": ("country", "category")})


def test_a_row_with_exactly_one_small_cell_gets_a_second_one_and_so_does_its_column() -> None:
    table = {
        ("RU", "wages"): 40,
        ("RU", "documents"): 2,
        ("RU", "police"): 15,
        ("KZ", "wages"): 22,
        ("KZ", "documents"): 9,
        ("KZ", "police"): 30,
    }
    records = [k for k, n in table.items() for _ in range(n)]
    cells, hidden = _check(
        TWO_D, records, {"country": ["RU", "KZ"], "category": ["wages", "documents", "police"]}
    )
    rows: dict[str, int] = Counter(k[0] for k in hidden if k[0] != STAR and k[1] != STAR)
    cols: dict[str, int] = Counter(k[1] for k in hidden if k[0] != STAR and k[1] != STAR)
    assert ("RU", "documents") in hidden
    assert rows["RU"] >= 2 and rows["KZ"] >= 2  # every row with a hidden cell has two
    assert cols["documents"] >= 2  # and every column
    # Totals are published and consistent with the true counts.
    assert cells[(STAR, STAR)] == sum(table.values())
    for country in ("RU", "KZ"):
        assert (country, STAR) not in hidden
        assert cells[(country, STAR)] == sum(n for k, n in table.items() if k[0] == country)


def test_a_small_total_is_hidden_with_every_cell_below_it() -> None:
    records = [("RU", "wages")] * 30 + [("KZ", "wages")] * 2 + [("KZ", "police")] * 1 + [("RU", "police")] * 9
    _cells, hidden = _check(TWO_D, records, {"country": ["RU", "KZ"], "category": ["wages", "police"]})
    assert {("KZ", STAR), ("KZ", "wages"), ("KZ", "police")} <= hidden


LINKED = Universe(
    dims=("month", "country", "city", "category", "outcome"),
    faces={
        "by_month": ("month", "country", "category"),
        "by_outcome": ("country", "category", "outcome"),
        "by_city": ("country", "city"),
    },
    parents={"city": "country"},
)
LINKED_DOMAIN = {
    "month": ["01", "02", "03"],
    "country": ["RU", "KZ"],
    "city": {"RU": ["Moscow", "Kazan"], "KZ": ["Almaty", "Astana"]},
    "category": ["wages", "documents", "police"],
    "outcome": ["open", "resolved", "unresolved"],
}


def _random_records(seed: int, n: int, skew: float) -> list[Key]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        country = "RU" if rng.random() < skew else "KZ"
        out.append(
            (
                rng.choice(LINKED_DOMAIN["month"]),
                country,
                rng.choice(LINKED_DOMAIN["city"][country]),  # type: ignore[index]
                rng.choices(LINKED_DOMAIN["category"], weights=[6, 2, 1])[0],
                rng.choices(LINKED_DOMAIN["outcome"], weights=[5, 3, 1])[0],
            )
        )
    return out


@pytest.mark.parametrize("seed", range(8))
def test_linked_tables_never_let_a_small_cell_be_recovered(seed: int) -> None:
    records = _random_records(seed, n=60 + 15 * seed, skew=0.8)
    _cells, hidden = _check(LINKED, records, LINKED_DOMAIN)
    assert hidden  # the crafted data do have small cells


def test_hierarchical_cities_are_protected_inside_their_country() -> None:
    records = (
        [("01", "RU", "Moscow", "wages", "open")] * 40
        + [("01", "RU", "Kazan", "wages", "open")] * 2
        + [("01", "KZ", "Almaty", "wages", "open")] * 20
        + [("01", "KZ", "Astana", "wages", "open")] * 11
    )
    _cells, hidden = _check(LINKED, records, LINKED_DOMAIN)
    assert LINKED.key(country="RU", city="Kazan") in hidden
    assert LINKED.key(country="RU", city="Moscow") in hidden  # its only sibling must go too
    assert LINKED.key(country="RU") not in hidden  # the country total stays


def test_the_attacker_does_recover_cells_when_only_the_small_ones_are_hidden() -> None:
    """The oracle itself: hiding only the primary cells is not enough, and it says so."""
    records = _random_records(3, n=80, skew=0.8)
    finest = {
        face: Counter(
            tuple(v if i in {LINKED.index(d) for d in dims} else STAR for i, v in enumerate(r))
            for r in records
        )
        for face, dims in LINKED.faces.items()
    }
    cells = margins(LINKED, finest)
    primary = {k for k, n in cells.items() if 0 < n < T}
    base = base_cells(LINKED, LINKED_DOMAIN)  # type: ignore[arg-type]
    published = lattice(LINKED, base) - primary
    assert recoverable(LINKED, base, published, primary)


@pytest.mark.parametrize("seed", range(8))
def test_sparse_tables_where_most_cells_are_small(seed: int) -> None:
    records = _random_records(100 + seed, n=12 + 4 * seed, skew=0.5)
    _check(LINKED, records, LINKED_DOMAIN)
