"""Loading the directory files: what is loaded, re-import without duplicates, what changes, and
errors that name the file and line."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from korgoo.audit.models import AuditEvent
from korgoo.conftest import make_org
from korgoo.demo.world import DEMO_PLACES_FILE
from korgoo.directory import loaders
from korgoo.directory.choices import Origin
from korgoo.directory.models import City, Place, PlaceService, PlaceTranslation, Service

from .conftest import SHIPPED_PLACES, load_directory, rows_in

pytestmark = pytest.mark.django_db


def _copy(tmp_path: Path) -> Path:
    """The production files and the demo world's places, side by side in a folder to edit."""
    target = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, target)
    shutil.copy(DEMO_PLACES_FILE, target / "places_demo.csv")
    return target


def _edit(path: Path, key: str, drop: bool = False, **changes: str) -> int:
    """Change (or drop) the row of `key` in a CSV file; return its line number."""
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    line = next(n for n, row in enumerate(rows, start=2) if row["key"] == key)
    if drop:
        rows = [row for row in rows if row["key"] != key]
    else:
        rows[line - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


def test_the_shipped_files_load_with_translations_services_and_languages(directory_loaded: Any) -> None:
    assert directory_loaded.counts["services"]["created"] == rows_in(loaders.SERVICES_FILE)
    assert directory_loaded.counts["cities"]["created"] == rows_in(loaders.CITIES_FILE)
    assert directory_loaded.counts["places"]["created"] == Place.objects.count() == SHIPPED_PLACES
    consulate = Place.objects.get(key="demo-consulate-yekaterinburg")
    assert consulate.kind == "consulate" and consulate.is_demo and consulate.woman_available is True
    assert consulate.city == City.objects.get(slug="yekaterinburg")
    names = dict(PlaceTranslation.objects.filter(place=consulate).values_list("language", "name"))
    assert set(names) == {"ky", "ru", "en"} and "Екатеринбургдагы" in names["ky"]
    hours = dict(PlaceTranslation.objects.filter(place=consulate).values_list("language", "hours"))
    assert hours == {
        "ky": "Дүйшөмбү–жума 09:00–18:00",
        "ru": "Пн–Пт 09:00–18:00",
        "en": "Mon–Fri 09:00–18:00",
    }
    assert set(PlaceService.objects.filter(place=consulate).values_list("service__code", flat=True)) == {
        "consular-services",
        "document-recovery",
        "legal-consultation",
        "repatriation-help",
    }
    assert sorted(consulate.languages.values_list("language", flat=True)) == ["ky", "ru"]
    real = Place.objects.get(key="kg-cg-yekaterinburg")
    assert not real.is_demo and real.confirmed and real.woman_available is None and real.phone == ""


def test_a_second_import_changes_nothing(directory_loaded: Any) -> None:
    before = (Place.objects.count(), Service.objects.count(), PlaceTranslation.objects.count())
    again = load_directory()
    assert not again.has_changes
    assert again.counts["places"] == {"created": 0, "updated": 0, "unchanged": SHIPPED_PLACES, "withdrawn": 0}
    assert (Place.objects.count(), Service.objects.count(), PlaceTranslation.objects.count()) == before


def test_the_command_reports_what_changed_and_only_that(tmp_path: Path, db: Any) -> None:
    out = StringIO()
    call_command("import_directory", "--demo-places", str(DEMO_PLACES_FILE), stdout=out)
    assert f"places: {SHIPPED_PLACES} created" in out.getvalue()
    data = _copy(tmp_path)
    places = data / "places_demo.csv"
    _edit(places, "demo-clinic-moscow", name_en="Demo: Clinic for migrant workers")
    _edit(places, "demo-other-osh", drop=True)
    out = StringIO()
    call_command(
        "import_directory", "--places", str(data / "places.csv"), "--demo-places", str(places), stdout=out
    )
    report = out.getvalue()
    # One demo place changed, one dropped: every other shipped place is unchanged.
    unchanged = SHIPPED_PLACES - 2
    assert f"places: 1 updated, {unchanged} unchanged, 1 withdrawn" in report, report
    clinic = Place.objects.get(key="demo-clinic-moscow")
    assert clinic.translations.get(language="en").name == "Demo: Clinic for migrant workers"
    withdrawn = Place.objects.get(key="demo-other-osh")
    assert withdrawn.is_active is False  # hidden, never deleted
    assert AuditEvent.objects.filter(action="directory.imported").count() == 2


@pytest.mark.parametrize(
    ("key", "changes", "message"),
    [
        ("demo-clinic-moscow", {"kind": "hospital"}, "unknown kind 'hospital'"),
        ("demo-legal-aid-kazan", {"city": "Omsk"}, "unknown city 'Omsk'; add it to cities.csv first"),
        ("demo-clinic-moscow", {"services": "medical-referral;massage"}, "unknown service 'massage'"),
        ("demo-embassy-moscow", {"country": "KZ"}, "city 'Moscow' is in RU, not in KZ"),
        (
            "demo-embassy-moscow",
            {"woman_available": "maybe"},
            "woman_available must be true or false or empty, not 'maybe'",
        ),
        ("demo-embassy-moscow", {"checked_on": "01.02.2026"}, "checked_on must be a date written YYYY-MM-DD"),
        ("demo-embassy-moscow", {"website": "not a site"}, "website 'not a site' is not a web address"),
    ],
)
def test_errors_name_the_file_and_line_and_change_nothing(
    tmp_path: Path, db: Any, key: str, changes: dict[str, str], message: str
) -> None:
    data = _copy(tmp_path)
    demo = data / "places_demo.csv"
    line = _edit(demo, key, **changes)
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", "--places", str(data / "places.csv"), "--demo-places", str(demo))
    assert f"places_demo.csv, line {line}: {message}" in str(raised.value)
    assert Place.objects.count() == 0 and Service.objects.count() == 0


def test_a_phone_number_is_refused_without_the_page_it_was_read_on(tmp_path: Path, db: Any) -> None:
    data = _copy(tmp_path)
    real = data / "places.csv"
    line = _edit(real, "kibhr", phone="+7 700 123 45 67")
    with pytest.raises(loaders.DataFileProblems) as raised:
        loaders.read_directory(place_files=[(real, False)])
    assert [str(p) for p in raised.value.problems] == [
        f"places.csv, line {line}: a phone number is published only with the page it was read on (source_url)"
    ]
    # With its page it is published, and the entry says whether the page is the place's own.
    _edit(real, "kibhr", source_url="https://example.net/kibhr-contacts")
    read = loaders.read_directory(place_files=[(real, False)])
    assert next(p for p in read.places if p.key == "kibhr").phone == "+7 700 123 45 67"


def test_a_value_longer_than_its_field_is_refused_with_its_line(tmp_path: Path, db: Any) -> None:
    """SQLite would store a source of any length and PostgreSQL would stop the import half-way: the
    loader measures each value against the model's field and names the row instead."""
    limit = Place._meta.get_field("source").max_length
    assert limit == 500
    data = _copy(tmp_path)
    real = data / "places.csv"
    line = _edit(real, "kibhr", source="s" * (limit + 1), address="a" * 301)
    with pytest.raises(loaders.DataFileProblems) as raised:
        loaders.read_directory(place_files=[(real, False)])
    assert [str(p) for p in raised.value.problems] == [
        f"places.csv, line {line}: address is 301 characters long; at most 300 fit (shorten it)",
        f"places.csv, line {line}: source is 501 characters long; at most 500 fit (shorten it)",
    ]
    assert Place.objects.count() == 0
    # Exactly as long as the field allows is read, and stored whole.
    _edit(real, "kibhr", source="s" * limit, address="a" * 300)
    load_directory([(real, False)], index=False)
    assert Place.objects.get(key="kibhr").source == "s" * limit


def test_no_production_data_file_holds_demo_data(tmp_path: Path) -> None:
    """Demo places live in the demo world: every file of the production data folders is free of the
    marks of invented data, and the loader refuses a real entry that carries one."""
    package = Path(loaders.__file__).resolve().parents[1]
    found = [
        f"{path.relative_to(package)}: {match.group()}"
        for folder in package.glob("*/data")
        if folder.parent.name != "demo"
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".csv", ".json", ".toml", ".md", ".txt")
        for match in loaders.PLACEHOLDERS.finditer(path.read_text(encoding="utf-8"))
        if path.suffix != ".md"
    ]
    assert found == []
    assert loaders.PLACEHOLDERS.search(DEMO_PLACES_FILE.read_text(encoding="utf-8"))
    data = _copy(tmp_path)
    real = data / "places.csv"
    line = _edit(real, "kibhr", address="Демо-адрес", phone="+7 000 000-00-01", source_url="https://a.kg/")
    with pytest.raises(loaders.DataFileProblems) as raised:
        loaders.read_directory(place_files=[(real, False)])
    assert f"places.csv, line {line}: phone holds demo data ('+7 000 000-00-01')" in str(raised.value)


def test_an_entry_kept_by_its_organisation_is_never_overwritten_by_the_files(directory_loaded: Any) -> None:
    org = make_org("Consulate in Yekaterinburg")
    place = Place.objects.get(key="kg-cg-yekaterinburg")
    Place.objects.filter(pk=place.pk).update(
        origin=Origin.ORGANISATION, organisation=org, phone="+7 343 000 00 00"
    )
    report = load_directory()
    place.refresh_from_db()
    assert place.phone == "+7 343 000 00 00" and place.origin == Origin.ORGANISATION
    assert "kg-cg-yekaterinburg" not in report.changed.get("places", [])
