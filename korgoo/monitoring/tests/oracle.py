"""An attacker with every published figure: which hidden cells can be worked out exactly?

Independent of the suppression code: the figures are rebuilt from the underlying cells (every
combination of dimension values, empty ones included, since the attacker does not know which are
empty), each published figure is one linear equation, and a hidden figure is recoverable exactly
when it is a linear combination of published ones (row-space membership, computed over a large
prime field, where 0/1 matrices of this size have the same rank as over the rationals).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from korgoo.monitoring.suppression import STAR, Key, Universe

PRIME = (1 << 61) - 1


def base_cells(
    universe: Universe, domain: Mapping[str, Iterable[str] | Mapping[str, Iterable[str]]]
) -> list[Key]:
    """Every fully concrete combination. A hierarchical dimension's domain maps parent value ->
    child values."""
    axes: list[list[tuple[int, str]]] = []
    handled: set[str] = set()
    for d in universe.dims:
        if d in handled:
            continue
        children = [c for c, p in universe.parents.items() if p == d]
        if children:
            child = children[0]
            tree = domain[child]
            assert isinstance(tree, Mapping)
            axes.append(
                [
                    ((universe.index(d), parent), (universe.index(child), value))  # type: ignore[misc]
                    for parent in domain[d]  # type: ignore[union-attr]
                    for value in tree.get(parent, [])
                ]
            )
            handled |= {d, child}
        else:
            axes.append([((universe.index(d), v),) for v in domain[d]])  # type: ignore[misc]
            handled.add(d)
    out = []
    for combo in itertools.product(*axes):
        key = [STAR] * len(universe.dims)
        for part in combo:
            for i, v in part:  # type: ignore[misc]
                key[i] = v
        out.append(tuple(key))
    return out


def lattice(universe: Universe, base: list[Key]) -> set[Key]:
    """Every figure of every face: each base cell coarsened within each face."""
    keys: set[Key] = set()
    for dims in universe.faces.values():
        positions = [universe.index(d) for d in dims]
        for b in base:
            projected = tuple(b[i] if i in positions else STAR for i in range(len(b)))
            for mask in itertools.product((False, True), repeat=len(positions)):
                key = list(projected)
                for i, star in zip(positions, mask, strict=True):
                    if star:
                        key[i] = STAR
                candidate = tuple(key)
                if _tree_ok(universe, candidate):
                    keys.add(candidate)
    return keys


def _tree_ok(universe: Universe, key: Key) -> bool:
    for child, parent in universe.parents.items():
        if key[universe.index(child)] != STAR and key[universe.index(parent)] == STAR:
            return False
    return True


def _vector(key: Key, base: list[Key]) -> dict[int, int]:
    return {j: 1 for j, b in enumerate(base) if all(k in (STAR, v) for k, v in zip(key, b, strict=True))}


class RowSpace:
    """Incremental row echelon form of sparse vectors modulo PRIME."""

    def __init__(self) -> None:
        self.pivots: dict[int, dict[int, int]] = {}

    def reduce(self, vector: dict[int, int]) -> dict[int, int]:
        v = dict(vector)
        while v:
            lead = min(v)
            row = self.pivots.get(lead)
            if row is None:
                return v
            factor = v[lead]
            for j, x in row.items():
                value = (v.get(j, 0) - factor * x) % PRIME
                if value:
                    v[j] = value
                else:
                    v.pop(j, None)
        return v

    def add(self, vector: dict[int, int]) -> None:
        v = self.reduce(vector)
        if not v:
            return
        lead = min(v)
        inverse = pow(v[lead], PRIME - 2, PRIME)
        self.pivots[lead] = {j: (x * inverse) % PRIME for j, x in v.items()}


def recoverable(
    universe: Universe, base: list[Key], published: Iterable[Key], hidden: Iterable[Key]
) -> set[Key]:
    """The hidden figures that are linear combinations of the published ones."""
    space = RowSpace()
    for key in published:
        space.add(_vector(key, base))
    return {key for key in hidden if not space.reduce(_vector(key, base))}
