"""Small-cell suppression for linked statistical tables (primary and complementary suppression).

Every figure Korgoo publishes about cases is a cell of a *face*: a table over a few dimensions
(month, country, organisation kind, violation category, outcome...), together with all its margins
(a dimension set to ``*`` is summed over). Faces share cells: the number of cases in Russia is the
same cell in the table by month, by outcome and by city. All faces of one period form one
*universe*, and suppression is decided for the whole universe at once, so no combination of
published tables, filters, exports or API answers can give back a suppressed cell.

Rules:

1. **Primary**: a cell counting at least one and fewer than ``threshold`` cases is suppressed.
   Zero is published (it describes nobody).
2. **Complementary** (the hypercube method, as in τ-ARGUS "HyperCube"): each primary cell ``p`` is
   protected by a set of cells whose signed changes keep every published figure unchanged: pick, in
   each dimension where ``p`` is concrete, another value; the ``2^k`` corners get ``+1``/``-1``
   alternately; corners are extended ("lifted") to a common value in the other dimensions of the
   faces that contain them. Every cell that this change touches is suppressed. Then the true table
   and the table moved by ``±δ`` along that vector agree on everything published, so ``p`` cannot
   be worked out — not from row or column totals, not from other tables, not by subtracting one
   filter from another. Corners are chosen so that the move is possible with counts that stay
   non-negative (the cells that would go down hold at least one case), cheapest first.

Dimensions can be hierarchical (a city belongs to a country, an organisation to a kind): then
alternatives are siblings under the same parent. A dimension can have an *explicit* total (the
category: a case may have several categories, so "all categories" counts cases, not the sum); the
method treats it as if it were a sum, which is the stricter assumption for the attacker's side.

The module is pure Python with no Django import, so it can be tested on crafted tables.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

STAR = "*"
Key = tuple[str, ...]


@dataclass(frozen=True)
class Universe:
    """The dimensions and faces of one family of linked tables."""

    dims: tuple[str, ...]
    faces: Mapping[str, tuple[str, ...]]
    parents: Mapping[str, str] = field(default_factory=dict)  # child dimension -> parent dimension
    explicit_totals: frozenset[str] = frozenset()  # dimensions whose "*" is counted, not summed

    def index(self, dim: str) -> int:
        return self.dims.index(dim)

    def key(self, **values: str) -> Key:
        """A cell key from keyword values; every dimension not named is ``*``."""
        unknown = set(values) - set(self.dims)
        if unknown:
            raise KeyError(f"unknown dimensions: {sorted(unknown)}")
        return tuple(values.get(d, STAR) for d in self.dims)

    def face_of(self, key: Key) -> list[str]:
        """The faces a key belongs to (its concrete dimensions are all in the face)."""
        concrete = {self.dims[i] for i, v in enumerate(key) if v != STAR}
        return [name for name, dims in self.faces.items() if concrete <= set(dims)]


@dataclass
class Cube:
    """The certificate that protects a primary cell: corners (fully lifted, ``*`` where any common
    value would do) with their signs, and every published cell the move touches."""

    primary: Key
    corners: list[tuple[Key, int]]
    touched: set[Key]
    feasible: bool


@dataclass
class Result:
    suppressed: set[Key]
    primary: set[Key]
    cubes: list[Cube]


def margins(universe: Universe, finest: Mapping[str, Mapping[Key, int]]) -> dict[Key, int]:
    """All cells of all faces (every margin), from each face's finest cells.

    ``finest[face]`` maps keys concrete on the face's dimensions (for an explicit-total dimension,
    the ``*`` rows are given too) to counts. A key that several faces share gets the same value from
    each face when the data are consistent; the first face's value is kept.
    """
    cells: dict[Key, int] = {}
    for face, rows in finest.items():
        dims = universe.faces[face]
        options_for = _coarsenings(universe, dims)
        face_cells: dict[Key, int] = defaultdict(int)
        for key, n in rows.items():
            for coarse in options_for(key):
                face_cells[coarse] += n
        for key, n in face_cells.items():
            cells.setdefault(key, n)
    return cells


def sum_margins(universe: Universe, face: str, finest: Mapping[Key, float]) -> dict[Key, float]:
    """Margins of an additive measure (an amount of money) over one face."""
    options_for = _coarsenings(universe, universe.faces[face])
    out: dict[Key, float] = defaultdict(float)
    for key, value in finest.items():
        for coarse in options_for(key):
            out[coarse] += value
    return dict(out)


def _coarsenings(universe: Universe, dims: tuple[str, ...]) -> Callable[[Key], Iterable[Key]]:
    """A function giving every coarsening of a finest key within a face: each dimension kept or
    set to ``*``; a hierarchical pair (country, city) gives (country, city), (country, *), (*, *);
    an explicit-total dimension is never summed (its ``*`` rows are given)."""
    in_face = set(dims)
    pairs = {
        universe.index(child): universe.index(parent)
        for child, parent in universe.parents.items()
        if child in in_face and parent in in_face
    }
    parent_positions = set(pairs.values())
    options_per_dim: list[tuple[int, str]] = []
    for d in dims:
        i = universe.index(d)
        if i in parent_positions or d in universe.explicit_totals:
            options_per_dim.append((i, "keep"))
        elif i in pairs:
            options_per_dim.append((i, "pair"))
        else:
            options_per_dim.append((i, "free"))

    def options(key: Key) -> Iterable[Key]:
        choices: list[list[tuple[int, ...]]] = []
        for i, how in options_per_dim:
            if how == "keep":
                choices.append([()])
            elif how == "pair":
                choices.append([(), (i,), (i, pairs[i])])
            else:
                choices.append([(), (i,)])
        for combo in itertools.product(*choices):
            out = list(key)
            for starred in combo:
                for i in starred:
                    out[i] = STAR
            yield tuple(out)

    return options


class _Search:
    def __init__(self, universe: Universe, cells: Mapping[Key, int], threshold: int) -> None:
        self.u = universe
        self.cells = cells
        self.threshold = threshold
        self.face_idx = {
            name: frozenset(universe.index(d) for d in dims) for name, dims in universe.faces.items()
        }
        self.parent_idx = {universe.index(c): universe.index(p) for c, p in universe.parents.items()}
        # Values seen per dimension (under each parent value for hierarchical dimensions).
        self.domain: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for key in cells:
            for i, value in enumerate(key):
                if value == STAR:
                    continue
                parent = key[self.parent_idx[i]] if i in self.parent_idx else ""
                bucket = self.domain[i][parent]
                if value not in bucket:
                    bucket.append(value)
        self.suppressed: set[Key] = set()
        # The shapes (which dimensions are concrete) that are cells of some face.
        self.shapes: set[int] = set()
        for dims in self.face_idx.values():
            ordered = sorted(dims)
            for picks in itertools.product((False, True), repeat=len(ordered)):
                chosen = {i for i, pick in zip(ordered, picks, strict=True) if pick}
                if all(parent in chosen for child, parent in self.parent_idx.items() if child in chosen):
                    self.shapes.add(sum(1 << i for i in chosen))
        self._valid: dict[Key, bool] = {}
        self._children: dict[tuple[int, str], list[str]] = {}
        self._mixes: dict[tuple[int, tuple[int, ...]], list[tuple[int, ...]]] = {}

    def value(self, key: Key) -> int:
        return self.cells.get(key, 0)

    def valid(self, key: Key) -> bool:
        known = self._valid.get(key)
        if known is None:
            known = sum(1 << i for i, v in enumerate(key) if v != STAR) in self.shapes
            self._valid[key] = known
        return known

    def _corner_touch(
        self,
        corner: Key,
        lift: Mapping[int, str],
        varying: list[int],
        fixed: list[int],
        lift_dims: list[int],
        faces: list[frozenset[int]],
    ) -> tuple[list[Key], bool]:
        """The cells a corner's move touches in the faces around it, and whether one of its finest
        cells is empty (it cannot go down by one)."""
        keys: list[Key] = []
        empty = False
        varying_at, fixed_at, lift_at = set(varying), set(fixed), set(lift_dims)
        for dims in faces:
            # In the face, a varying dimension takes the corner's value; a fixed or lifted one its
            # value or "*"; every other dimension "*". Every valid mix of those is touched.
            base = [STAR] * len(corner)
            optional: list[tuple[int, str]] = []
            for i in sorted(dims):
                if i in varying_at:
                    base[i] = corner[i]
                elif i in fixed_at:
                    optional.append((i, corner[i]))
                elif i in lift_at and i in lift:
                    optional.append((i, lift[i]))
            optional = [(i, v) for i, v in optional if v != STAR]  # "*" either way
            finest = list(base)
            for i, v in optional:
                finest[i] = v
            finest_key = tuple(finest)
            if self.valid(finest_key) and self.value(finest_key) < 1:
                empty = True
            for chosen in self._valid_mixes(base, [i for i, _v in optional]):
                key = list(base)
                for j in chosen:
                    i, v = optional[j]
                    key[i] = v
                keys.append(tuple(key))
        return keys, empty

    def _valid_mixes(self, base: list[str], optional: list[int]) -> list[tuple[int, ...]]:
        """Which of the optional positions (by index in `optional`) may be concrete together with
        the concrete positions of `base` for the key to be a cell of some face: a key's validity
        depends on its shape alone, so this is worked out once per shape, not once per key."""
        base_shape = sum(1 << i for i, v in enumerate(base) if v != STAR)
        memo = (base_shape, tuple(optional))
        mixes = self._mixes.get(memo)
        if mixes is None:
            mixes = [
                chosen
                for r in range(len(optional) + 1)
                for chosen in itertools.combinations(range(len(optional)), r)
                if base_shape | sum(1 << optional[j] for j in chosen) in self.shapes
            ]
            self._mixes[memo] = mixes
        return mixes

    def cube(self, p: Key) -> Cube:
        concrete = [i for i, v in enumerate(p) if v != STAR]
        implied = {self.parent_idx[i] for i in concrete if i in self.parent_idx}
        varying: list[int] = []
        fixed: list[int] = sorted(implied)
        alternatives: dict[int, list[str]] = {}
        for i in concrete:
            if i in implied:
                continue
            parent = p[self.parent_idx[i]] if i in self.parent_idx else ""
            siblings = [s for s in self.domain[i].get(parent, []) if s != p[i]]
            if siblings:
                varying.append(i)
                alternatives[i] = siblings
            else:
                fixed.append(i)
        core = set(varying) | implied
        faces = [dims for dims in self.face_idx.values() if core <= dims]
        lift_dims = sorted(set().union(*faces) - set(concrete)) if faces else []
        per_dim = {0: 1, 1: 5, 2: 3, 3: 2}.get(len(varying), 2)
        ranked = {i: self._rank(p, i, alternatives[i])[:per_dim] for i in varying}
        best: Cube | None = None
        best_score: tuple[int, int, int] | None = None
        common: dict[int, str] | None = None
        # The combinations share corners (the primary's own in every one): what a corner lifts to
        # and touches is worked out once per corner.
        lift_memo: dict[Key, dict[int, str]] = {}
        touch_memo: dict[tuple[Key, tuple[tuple[int, str], ...]], tuple[list[Key], bool]] = {}
        for combo in itertools.product(*(ranked[i] for i in varying)):
            alt = dict(zip(varying, combo, strict=True))
            corners = self._corners(p, varying, alt)
            if common is None:  # chosen once, with the most promising alternatives
                common = self._common_lift(p, corners, lift_dims, faces)
            lifts = self._corner_lifts(corners, common, lift_dims, faces, lift_memo)
            cube = self._touch(p, corners, lifts, varying, fixed, lift_dims, faces, touch_memo)
            new = [k for k in cube.touched if k not in self.suppressed]
            score = (0 if cube.feasible else 1, sum(self.value(k) + 1 for k in new), len(new))
            if best_score is None or score < best_score:
                best, best_score = cube, score
        assert best is not None
        return best

    def _rank(self, p: Key, i: int, siblings: list[str]) -> list[str]:
        def score(s: str) -> tuple[int, int, str]:
            key = (*p[:i], s, *p[i + 1 :])
            n = self.value(key)
            # Cells already hidden cost nothing; then small non-empty cells; empty cells last.
            return (0 if key in self.suppressed else 1 if n > 0 else 2, n, s)

        return sorted(siblings, key=score)

    @staticmethod
    def _corners(p: Key, varying: list[int], alt: dict[int, str]) -> list[tuple[Key, int]]:
        corners = []
        for flips in itertools.product((False, True), repeat=len(varying)):
            key = list(p)
            for i, flip in zip(varying, flips, strict=True):
                if flip:
                    key[i] = alt[i]
            corners.append((tuple(key), -1 if sum(flips) % 2 else 1))
        return corners

    def _common_lift(
        self, p: Key, corners: list[tuple[Key, int]], lift_dims: list[int], faces: list[frozenset[int]]
    ) -> dict[int, str]:
        """One lifted value per dimension the corners are summed over, shared by all corners, so
        that every figure that sums over a varying dimension stays the same."""
        common: dict[int, str] = {}
        for i in lift_dims:  # parents come before their children in the universe's order
            parent = self.parent_idx.get(i)
            if parent is None:
                candidates = list(dict.fromkeys(v for values in self.domain[i].values() for v in values))
            elif parent in common:
                candidates = list(self.domain[i].get(common[parent], []))
            else:
                continue  # a child whose parent varies by corner: chosen per corner
            if candidates:
                common[i] = self._best_lift(p, corners, i, candidates, common, faces)
        return common

    def _corner_lifts(
        self,
        corners: list[tuple[Key, int]],
        common: dict[int, str],
        lift_dims: list[int],
        faces: list[frozenset[int]],
        memo: dict[Key, dict[int, str]],
    ) -> list[dict[int, str]]:
        """The common lift, plus, for a child of a hierarchical dimension whose parent varies, the
        child of each corner's own parent where its cases are (`memo`: by corner, for one cube)."""
        per_corner = [i for i in lift_dims if i in self.parent_idx and i not in common]
        if not per_corner:
            return [common] * len(corners)
        lifts = []
        for corner, _sign in corners:
            lift = memo.get(corner)
            if lift is None:
                lift = dict(common)
                for i in per_corner:
                    children = self._busiest_children(i, corner[self.parent_idx[i]])
                    if children:
                        lift[i] = self._best_child(corner, lift, i, children, faces)
                memo[corner] = lift
            lifts.append(lift)
        return lifts

    def _busiest_children(self, i: int, parent_value: str, limit: int = 6) -> list[str]:
        """The children of a parent value with the most cases overall (the likeliest to hold the
        corner's cases), so that a hierarchical lift looks at a few, not at every organisation."""
        cached = self._children.get((i, parent_value))
        if cached is None:
            parent = self.parent_idx[i]

            def total(child: str) -> int:
                key = [STAR] * len(self.u.dims)
                key[parent], key[i] = parent_value, child
                return self.value(tuple(key))

            cached = sorted(self.domain[i].get(parent_value, []), key=lambda c: (-total(c), c))[:limit]
            self._children[(i, parent_value)] = cached
        return cached

    @staticmethod
    def _in_face(corner: Key, lift: Mapping[int, str], face: frozenset[int]) -> Key:
        """The cell of `face` where a corner lands with its lifted values."""
        key = [v if i in face else STAR for i, v in enumerate(corner)]
        for i, v in lift.items():
            if i in face:
                key[i] = v
        return tuple(key)

    def _best_child(
        self, corner: Key, lift: dict[int, str], i: int, children: list[str], faces: list[frozenset[int]]
    ) -> str:
        def score(child: str) -> tuple[int, str]:
            trial = {**lift, i: child}
            return (
                min((self.value(self._in_face(corner, trial, f)) for f in faces if i in f), default=0),
                child,
            )

        return max(children, key=score)

    def _best_lift(
        self,
        p: Key,
        corners: list[tuple[Key, int]],
        i: int,
        candidates: list[str],
        chosen: Mapping[int, str],
        faces: list[frozenset[int]],
    ) -> str:
        """The lift value that keeps the primary's own lifted cells non-empty, leaves the fewest
        empty corners and touches the fewest cases in the other corners (face by face)."""
        around = [f for f in faces if i in f]

        def score(v: str) -> tuple[int, int, int, str]:
            empty = 0
            cost = 0
            own = 1
            lift = {**chosen, i: v}
            for face in around:
                for corner, _sign in corners:
                    k = self._in_face(corner, lift, face)
                    n = self.value(k) if self.valid(k) else 0
                    empty += n == 0
                    if corner == p:
                        own = min(own, n)
                    elif k not in self.suppressed:
                        cost += n + 1
            return (0 if own > 0 else 1, empty, cost, v)

        return min(candidates, key=score)

    def _touch(
        self,
        p: Key,
        corners: list[tuple[Key, int]],
        lifts: list[dict[int, str]],
        varying: list[int],
        fixed: list[int],
        lift_dims: list[int],
        faces: list[frozenset[int]],
        memo: dict[tuple[Key, tuple[tuple[int, str], ...]], tuple[list[Key], bool]],
    ) -> Cube:
        touched: set[Key] = set()
        lifted_corners: list[tuple[Key, int]] = []
        decreasing_plus_ok = True  # every +1 corner can go down by one
        decreasing_minus_ok = True  # every -1 corner can go down by one
        for (corner, sign), lift in zip(corners, lifts, strict=True):
            full = list(corner)
            for i, v in lift.items():
                full[i] = v
            lifted_corners.append((tuple(full), sign))
            memo_key = (corner, tuple(sorted(lift.items())))
            found = memo.get(memo_key)
            if found is None:
                found = memo[memo_key] = self._corner_touch(corner, lift, varying, fixed, lift_dims, faces)
            keys, empty = found
            touched.update(keys)
            if empty:
                if sign > 0:
                    decreasing_plus_ok = False
                else:
                    decreasing_minus_ok = False
        return Cube(
            primary=p,
            corners=lifted_corners,
            touched=touched,
            feasible=decreasing_plus_ok or decreasing_minus_ok,
        )


def suppress(universe: Universe, cells: Mapping[Key, int], threshold: int) -> Result:
    """The cells to hide: every primary cell and the complementary cells that protect it."""
    search = _Search(universe, cells, threshold)
    primary = {k for k, n in cells.items() if 0 < n < threshold}
    search.suppressed |= primary
    protected: set[Key] = set()
    cubes: list[Cube] = []
    # Coarse cells first: their cubes often cover the finer cells below them.
    for p in sorted(primary, key=lambda k: (-sum(v == STAR for v in k), cells[k], k)):
        if p in protected:
            continue
        cube = search.cube(p)
        search.suppressed |= cube.touched
        cubes.append(cube)
        protected |= cube.touched & primary
    return Result(suppressed=search.suppressed, primary=primary, cubes=cubes)


def effect(cube: Cube, key: Key) -> int:
    """How much the cube's move changes the published figure `key` (0: unchanged).

    A corner's ``*`` stands for one value shared by all corners, so a figure concrete there is
    affected exactly as if it were ``*`` (for the worst case, where the values match)."""
    total = 0
    for corner, sign in cube.corners:
        if all(k in (STAR, c) or c == STAR for k, c in zip(key, corner, strict=True)):
            total += sign
    return total
