"""The gazetteer: the cities workers report from, each with a stable id and its names.

One answer to "which city is this": a city is a *locality* identified by its GeoNames id (Moscow is
524901 in every release of GeoNames), with its name in Kyrgyz, Russian and English and the other
spellings workers use. Routing rules and statistics keep ids, never the words a worker typed; a
label shown to anyone comes from here, in the page's language. (The help directory's `City` and
`Place` are something else: the towns and addresses of places of help.)

The data is `data/localities.csv`, built from GeoNames by `korgoo build_gazetteer` (see `build`) and
shipped with the code: the cities of Russia, Kazakhstan and Kyrgyzstan of at least 15,000 people and
the larger cities of the other countries the report form offers. It is read once per process.

- `locality_match(text, country)`: the id of the city a worker typed, or None. Exact keys first (any
  script, spelling, «г.», case endings), then one or two typos (rapidfuzz), only within the country.
- `locality_get(id)`, `locality_name(id, language)`: a locality and its name.
- `localities_for(country)`, `locality_suggestions(country, language)`: for choices and suggestions.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import bare, candidates, key

DATA = Path(__file__).resolve().parent / "data"
LOCALITIES_FILE = DATA / "localities.csv"
OVERRIDES_FILE = DATA / "overrides.csv"
VARIANT_SEPARATOR = "|"

# The countries the gazetteer covers, in the order the report form offers them.
COUNTRIES = ("RU", "KZ", "KG", "TR", "KR", "AE", "DE", "GB", "US")

# Suggestions while the worker types: the largest cities of the chosen country, or of every country
# when none is chosen yet. A phone on a slow network gets a few kilobytes, not two thousand options.
SUGGESTIONS_PER_COUNTRY = 80
SUGGESTIONS_ANY_COUNTRY = {"RU": 20, "KZ": 10, "KG": 10}
SUGGESTIONS_ANY_OTHER = 3


@dataclass(frozen=True)
class Locality:
    """A city of the gazetteer. `id` is its GeoNames id."""

    id: int
    country: str
    population: int
    name_ky: str
    name_ru: str
    name_en: str
    variants: tuple[str, ...] = ()
    timezone: str = ""  # its IANA time zone (GeoNames): Russia alone spans eleven

    def name(self, language: str | None = None) -> str:
        """The name in a language (ky, ru, en; default: the active one), English for any other."""
        lang = (language or get_language() or "ky")[:2]
        if lang == "ky":
            return self.name_ky
        if lang == "ru":
            return self.name_ru
        return self.name_en

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_ky, self.name_ru, self.name_en)


@dataclass(frozen=True)
class _Index:
    by_id: dict[int, Locality]
    by_country: dict[str, tuple[Locality, ...]]  # most populous first
    exact: dict[str, dict[str, int]]  # country → key → the best locality with that key
    name_keys: dict[str, list[str]]  # country → the keys of its cities' own names, for typos
    rank: dict[tuple[str, str], tuple[int, int]]  # (country, key) → (0: a name, 1: a variant; −population)


def read(path: Path = LOCALITIES_FILE) -> list[Locality]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Locality(
                id=int(row["id"]),
                country=row["country"],
                population=int(row["population"]),
                name_ky=row["name_ky"],
                name_ru=row["name_ru"],
                name_en=row["name_en"],
                variants=tuple(v for v in row["variants"].split(VARIANT_SEPARATOR) if v),
                timezone=row["timezone"],
            )
            for row in csv.DictReader(handle)
        ]


@functools.cache
def _index() -> _Index:
    localities = read()
    by_country: dict[str, list[Locality]] = {}
    best: dict[tuple[str, str], tuple[tuple[int, int, int], int]] = {}
    for locality in localities:
        by_country.setdefault(locality.country, []).append(locality)
        spellings = [(0, n) for n in locality.names] + [(1, v) for v in locality.variants]
        for kind, spelling in spellings:
            k = key(spelling)
            if not k:
                continue
            # A city's own name beats another city's variant (Stavropol is not Tolyatti, whose old
            # name it was); then the larger city wins.
            rank = (kind, -locality.population, locality.id)
            slot = (locality.country, k)
            if slot not in best or rank < best[slot][0]:
                best[slot] = (rank, locality.id)
    exact: dict[str, dict[str, int]] = {}
    for (country, k), (_rank, locality_id) in best.items():
        exact.setdefault(country, {})[k] = locality_id
    return _Index(
        by_id={loc.id: loc for loc in localities},
        by_country={
            c: tuple(sorted(items, key=lambda loc: (-loc.population, loc.id)))
            for c, items in by_country.items()
        },
        exact=exact,
        name_keys={
            country: sorted(k for k in keys if best[(country, k)][0][0] == 0)
            for country, keys in exact.items()
        },
        rank={slot: (rank[0], rank[1]) for slot, (rank, _id) in best.items()},
    )


def locality_get(locality_id: int | str | None) -> Locality | None:
    """The locality with this id, or None (no id, or an id the gazetteer does not hold)."""
    if locality_id in (None, ""):
        return None
    try:
        return _index().by_id.get(int(locality_id))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def locality_name(locality_id: int | str | None, language: str | None = None) -> str:
    """The name of a locality in a language (default: the active one), or "" for no locality."""
    locality = locality_get(locality_id)
    return locality.name(language) if locality is not None else ""


def localities_for(country: str) -> tuple[Locality, ...]:
    """The localities of a country, most populous first (none for a country the gazetteer lacks)."""
    return _index().by_country.get(country, ())


def _allowed_typos(length: int) -> int:
    if length < 4:
        return 0
    if length < 8:
        return 1
    if length < 13:
        return 2
    return 3


def locality_match(text: str, country: str) -> int | None:
    """The id of the city of `country` that `text` names, or None if it names none the gazetteer
    holds (then the report is routed by its country and counted among "other cities").

    Spellings in any script and scheme, «г.», «шаары» and Kyrgyz or Russian case endings are matched
    exactly; then a typo or two of a city's name, in proportion to the length of the name. A city of
    another country is never matched.
    """
    index = _index()
    exact = index.exact.get(country)
    if not exact or not text or not text.strip():
        return None
    text = text[:200]
    for candidate in candidates(text):
        found = exact.get(key(candidate))
        if found is not None:
            return found
    wanted = key(bare(text))
    allowed = _allowed_typos(len(wanted))
    if not allowed:
        return None
    # Typos are looked for among the cities' own names only: a typo of one of the hundred spellings
    # other languages give a city is more often another city («Алматы» is one letter from a Tatar
    # spelling of Almetyevsk).
    near = process.extract(
        wanted, index.name_keys[country], scorer=OSA.distance, score_cutoff=allowed, limit=20
    )
    if not near:
        return None
    choice, _distance, _position = min(near, key=lambda hit: (hit[1], index.rank[(country, hit[0])]))
    return exact[choice]


def locality_suggestions(country: str | None, language: str | None = None) -> list[str]:
    """Names to suggest while a worker types a city, in the page's language: the largest cities of
    the country, or of every country while none is chosen."""
    chosen: Sequence[Locality]
    if country is not None and country in COUNTRIES:
        chosen = localities_for(country)[:SUGGESTIONS_PER_COUNTRY]
    else:
        chosen = [
            loc
            for c in COUNTRIES
            for loc in localities_for(c)[: SUGGESTIONS_ANY_COUNTRY.get(c, SUGGESTIONS_ANY_OTHER)]
        ]
    names = []
    for locality in chosen:
        name = locality.name(language)
        if name not in names:
            names.append(name)
    return names


def locality_choices(country: str, language: str | None = None) -> list[tuple[int, str]]:
    """(id, label) for every locality of a country, by name; two cities of one name (there are two
    Zheleznogorsks) are told apart by their population."""
    localities = localities_for(country)
    names = [loc.name(language) for loc in localities]
    twice = {n for n, count in Counter(names).items() if count > 1}
    labelled = [
        (loc.id, f"{name} · {loc.population:,}".replace(",", "\u202f") if name in twice else name)
        for loc, name in zip(localities, names, strict=True)
    ]
    return sorted(labelled, key=lambda item: (item[1].casefold(), item[0]))
