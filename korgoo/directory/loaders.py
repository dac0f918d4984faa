"""Reading the directory files (`data/*.csv`): parsed and checked, nothing written.

Every problem names its file and line, and all problems of a run are reported together, so an
editor can fix a file in one go. The formats are documented in `data/README.md`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_get
from korgoo.core.i18n import HELP_LANGUAGES
from korgoo.core.loading import DataFileProblems, Problem

from .choices import PlaceKind, Spoken
from .models import Place, PlaceTranslation

DATA_DIR = Path(__file__).resolve().parent / "data"
SERVICES_FILE = DATA_DIR / "services.csv"
CITIES_FILE = DATA_DIR / "cities.csv"
PLACES_FILE = DATA_DIR / "places.csv"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A phone number: digits with spaces, hyphens and brackets, or a short national number (111, 150).
_PHONE = re.compile(r"^(?:\+?[0-9][0-9 ()\-]{5,30}|[0-9]{3,4})$")
# What a production file must never hold: the marks of invented demo data.
PLACEHOLDERS = re.compile(r"Демо:|Demo:|\+7 000|\+996 000|example\.org", re.IGNORECASE)


@dataclass
class ServiceRow:
    code: str
    names: dict[str, str]
    order: int


@dataclass
class CityRow:
    slug: str
    country: str
    names: dict[str, str]
    locality_id: int | None = None


@dataclass
class PlaceRow:
    key: str
    kind: str
    country: str
    city: str  # a city slug, or "" for a place that works across the country
    names: dict[str, str]
    hours: dict[str, str]
    address: str
    phone: str
    email: str
    website: str
    whatsapp: str
    telegram: str
    languages: list[str]
    woman_available: bool | None
    free_of_charge: bool | None
    services: list[str]
    confirmed: bool
    source: str
    checked_on: dt.date | None
    is_demo: bool
    source_file: str
    line: int = 0
    source_url: str = ""


@dataclass
class DirectoryFiles:
    services: list[ServiceRow] = field(default_factory=list)
    cities: list[CityRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    place_files: list[str] = field(default_factory=list)


class _Reader:
    """Rows of one CSV file with their line numbers, and the problems found in them."""

    def __init__(self, path: Path, required: list[str], problems: list[Problem]) -> None:
        self.name = path.name
        self.problems = problems
        self.rows: list[tuple[int, dict[str, str]]] = []
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.problem(0, "the file does not exist")
            return
        except UnicodeDecodeError:
            self.problem(0, "the file is not UTF-8 text")
            return
        reader = csv.DictReader(text.splitlines())
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            self.problem(1, f"missing columns: {', '.join(missing)}")
            return
        for row in reader:
            line = reader.line_num
            if None in row:
                self.problem(line, "more values than columns (is a comma missing its quotes?)")
                continue
            self.rows.append((line, {k: (v or "").strip() for k, v in row.items()}))

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))


def _yes_no(value: str, reader: _Reader, line: int, column: str, *, unknown: bool) -> bool | None:
    folded = value.lower()
    if folded in ("true", "yes", "1"):
        return True
    if folded in ("false", "no", "0"):
        return False
    if folded == "" and unknown:
        return None
    reader.problem(line, f"{column} must be true or false{' or empty' if unknown else ''}, not {value!r}")
    return None


def _date(value: str, reader: _Reader, line: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        reader.problem(line, f"{column} must be a date written YYYY-MM-DD, not {value!r}")
        return None


def _names(row: dict[str, str], prefix: str, reader: _Reader, line: int, *, required: bool) -> dict[str, str]:
    names = {lang: row.get(f"{prefix}_{lang}", "") for lang in HELP_LANGUAGES}
    names = {lang: name for lang, name in names.items() if name}
    if required and not names:
        reader.problem(
            line,
            f"give {prefix} in at least one of {', '.join(prefix + '_' + code for code in HELP_LANGUAGES)}",
        )
    return names


def read_services(path: Path, problems: list[Problem]) -> list[ServiceRow]:
    reader = _Reader(path, ["code", "name_ky", "name_ru", "name_en"], problems)
    rows: list[ServiceRow] = []
    seen: set[str] = set()
    for position, (line, row) in enumerate(reader.rows, start=1):
        code = row["code"]
        if not _SLUG.match(code):
            reader.problem(line, f"code must be lower-case letters, digits and hyphens, not {code!r}")
            continue
        if code in seen:
            reader.problem(line, f"service {code!r} is listed twice")
            continue
        seen.add(code)
        names = _names(row, "name", reader, line, required=True)
        order = row.get("order", "")
        rows.append(
            ServiceRow(code=code, names=names, order=int(order) if order.isdigit() else position * 10)
        )
    return rows


def read_cities(path: Path, problems: list[Problem]) -> list[CityRow]:
    reader = _Reader(path, ["slug", "country", "name_ky", "name_ru", "name_en"], problems)
    rows: list[CityRow] = []
    seen: set[str] = set()
    for line, row in reader.rows:
        slug, country = row["slug"], row["country"].upper()
        if not _SLUG.match(slug):
            reader.problem(line, f"slug must be lower-case letters, digits and hyphens, not {slug!r}")
            continue
        if slug in seen:
            reader.problem(line, f"city {slug!r} is listed twice")
            continue
        if country not in Country.values:
            reader.problem(line, f"unknown country code {country!r}")
            continue
        seen.add(slug)
        locality_id = None
        if row.get("geonames_id"):
            locality = locality_get(row["geonames_id"])
            if locality is None or locality.country != country:
                reader.problem(
                    line, f"geonames_id {row['geonames_id']!r} is not a city of {country} in the gazetteer"
                )
                continue
            locality_id = locality.id
        rows.append(
            CityRow(
                slug=slug,
                country=country,
                names=_names(row, "name", reader, line, required=True),
                locality_id=locality_id,
            )
        )
    return rows


def _longest(model: type[Place] | type[PlaceTranslation], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.max_length is not None
    return field.max_length


# The longest value each column may hold: the model's own field, so a row that would not fit is
# refused here, with its line, rather than cut short or failing half-way through an import.
_COLUMN_LIMITS: dict[str, int] = {
    **{column: _longest(Place, column) for column in (
        "key", "address", "phone", "email", "website", "whatsapp", "telegram", "source", "source_url",
    )},
    **{f"name_{lang}": _longest(PlaceTranslation, "name") for lang in HELP_LANGUAGES},
    **{f"hours_{lang}": _longest(PlaceTranslation, "hours") for lang in HELP_LANGUAGES},
    "hours": _longest(PlaceTranslation, "hours"),
}  # fmt: skip


PLACE_COLUMNS = [
    "key", "kind", "name_ky", "name_ru", "name_en", "country", "city", "address", "phone", "email",
    "website", "languages", "woman_available", "free_of_charge", "services", "confirmed", "source",
    "checked_on",
]  # fmt: skip


def read_places(
    path: Path,
    problems: list[Problem],
    *,
    is_demo: bool,
    cities: list[CityRow],
    services: set[str],
) -> list[PlaceRow]:
    """Places of one file. `city` may be a city slug or its English name; it must be in cities.csv."""
    reader = _Reader(path, PLACE_COLUMNS, problems)
    by_name: dict[str, CityRow] = {}
    for known in cities:
        by_name[known.slug] = known
        for name in known.names.values():
            by_name.setdefault(name.casefold(), known)
    rows: list[PlaceRow] = []
    for line, row in reader.rows:
        before = len(problems)
        for column, limit in _COLUMN_LIMITS.items():
            if len(row.get(column, "")) > limit:
                reader.problem(
                    line,
                    f"{column} is {len(row[column])} characters long; at most {limit} fit (shorten it)",
                )
        key = row["key"]
        if not _SLUG.match(key):
            reader.problem(line, f"key must be lower-case letters, digits and hyphens, not {key!r}")
        kind = row["kind"].replace("-", "_")
        if kind not in PlaceKind.values:
            reader.problem(line, f"unknown kind {row['kind']!r}; use one of {', '.join(PlaceKind.values)}")
        country = row["country"].upper()
        if country not in Country.values:
            reader.problem(line, f"unknown country code {row['country']!r}")
        city_slug = ""
        if row["city"]:
            city: CityRow | None = by_name.get(row["city"]) or by_name.get(row["city"].casefold())
            if city is None:
                reader.problem(line, f"unknown city {row['city']!r}; add it to cities.csv first")
            elif city.country != country:
                reader.problem(line, f"city {row['city']!r} is in {city.country}, not in {country}")
            else:
                city_slug = city.slug
        names = _names(row, "name", reader, line, required=True)
        hours = {lang: row.get(f"hours_{lang}", "") or row.get("hours", "") for lang in HELP_LANGUAGES}
        languages = [code for code in row["languages"].split(";") if code.strip()]
        for code in languages:
            if code not in Spoken.values:
                reader.problem(line, f"unknown language code {code!r}; use one of {', '.join(Spoken.values)}")
        wanted = [code for code in row["services"].split(";") if code.strip()]
        for code in wanted:
            if code not in services:
                reader.problem(line, f"unknown service {code!r}; add it to services.csv first")
        confirmed = bool(_yes_no(row["confirmed"], reader, line, "confirmed", unknown=False))
        phone = row["phone"]
        if phone and not _PHONE.match(phone):
            reader.problem(line, f"phone {phone!r} is not a phone number (+, digits, spaces, hyphens)")
        source_url = row.get("source_url", "")
        if source_url:
            try:
                URLValidator(schemes=["https", "http"])(source_url)
            except ValidationError:
                reader.problem(line, f"source_url {source_url!r} is not a web address (https://…)")
        if phone and not source_url and not is_demo:
            reader.problem(line, "a phone number is published only with the page it was read on (source_url)")
        if not is_demo:
            for column, value in row.items():
                if value and PLACEHOLDERS.search(value):
                    reader.problem(
                        line, f"{column} holds demo data ({value!r}); demo places live in the demo world"
                    )
        email = row["email"]
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                reader.problem(line, f"e-mail {email!r} is not an e-mail address")
        website = row["website"]
        if website:
            try:
                URLValidator(schemes=["https", "http"])(website)
            except ValidationError:
                reader.problem(line, f"website {website!r} is not a web address (https://…)")
        place = PlaceRow(
            key=key,
            kind=kind,
            country=country,
            city=city_slug,
            names=names,
            hours={lang: text for lang, text in hours.items() if text},
            address=row["address"],
            phone=phone,
            email=email,
            website=website,
            whatsapp=row.get("whatsapp", ""),
            telegram=row.get("telegram", ""),
            languages=languages,
            woman_available=_yes_no(row["woman_available"], reader, line, "woman_available", unknown=True),
            free_of_charge=_yes_no(row["free_of_charge"], reader, line, "free_of_charge", unknown=True),
            services=wanted,
            confirmed=confirmed,
            source=row["source"],
            checked_on=_date(row["checked_on"], reader, line, "checked_on"),
            is_demo=is_demo,
            source_url=source_url,
            source_file=path.name,
            line=line,
        )
        if len(problems) == before:
            rows.append(place)
    return rows


def read_directory(
    *,
    services_file: Path = SERVICES_FILE,
    cities_file: Path = CITIES_FILE,
    place_files: list[tuple[Path, bool]] | None = None,
) -> DirectoryFiles:
    """Read the catalogue, the cities and the place files `(path, is_demo)`; raise DataFileProblems
    listing every problem when anything is wrong."""
    if place_files is None:
        place_files = [(PLACES_FILE, False)]
    problems: list[Problem] = []
    files = DirectoryFiles()
    files.services = read_services(services_file, problems)
    files.cities = read_cities(cities_file, problems)
    codes = {s.code for s in files.services}
    keys: dict[str, str] = {}
    for path, is_demo in place_files:
        for place in read_places(path, problems, is_demo=is_demo, cities=files.cities, services=codes):
            if place.key in keys:
                problems.append(
                    Problem(path.name, place.line, f"key {place.key!r} is already used in {keys[place.key]}")
                )
                continue
            keys[place.key] = f"{path.name}, line {place.line}"
            files.places.append(place)
        files.place_files.append(path.name)
    if problems:
        raise DataFileProblems(problems)
    return files
