"""Cases by city: counted by gazetteer id, whatever the worker typed, labelled from the gazetteer in
the page's language; a city the gazetteer does not know is counted among "other cities" and what the
worker typed never becomes a label — not even for a cell whose count is hidden."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from korgoo.monitoring.models import CaseFact, MonitoringState, PublishedCell, Tally
from korgoo.monitoring.refresh import tallies_refresh
from korgoo.organisations.services import api_token_create

from .conftest import World, make_case, months_ago, refresh_and_publish

pytestmark = pytest.mark.django_db

MOSCOW, KAZAN, ALMATY = "524901", "551487", "1526384"
INJECTED = ['<script>alert("x")</script>', "Kazan (RU)'; DROP TABLE", "Деревня Лесная", "ул. Ленина 5, кв. 7"]


def table(world: World, language: str, **params: str) -> dict[str, Any]:
    token = api_token_create(
        user=world.coordinator.user, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": language})
    period = client.get("/api/v1/monitoring/periods/").json()["periods"][0]["first"]
    body: dict[str, Any] = client.get(
        "/api/v1/monitoring/tables/by_city/", {"period": period, **params}
    ).json()
    return body


@pytest.fixture
def typed(world: World) -> World:
    # Moscow, typed nine ways; Kazan six times; Almaty five; and strings no gazetteer holds.
    for city in [
        "Москва",
        "москва",
        "moskva",
        "Moskwa",
        "Moscow",
        "Маскөө",
        "г. Москва",
        "Москвада",
        "Мсква",
    ]:
        make_case(world.ngo_a, city=city, reported_on=months_ago(1))
    for _ in range(6):
        make_case(world.ngo_b, city="Казань", reported_on=months_ago(1))
    for _ in range(5):
        make_case(world.union_kz, country="KZ", city="Алматы", reported_on=months_ago(1))
    for city in INJECTED:
        make_case(world.ngo_b, city=city, reported_on=months_ago(1))
    make_case(world.ngo_b, city="Алматы", reported_on=months_ago(1))  # a Kazakh city typed for Russia
    refresh_and_publish()
    return world


def test_every_spelling_counts_for_one_city_and_labels_come_from_the_gazetteer(typed: World) -> None:
    rows = {row["key"]: row for row in table(typed, "ru", country="RU")["rows"]}
    assert rows[f"RU/{MOSCOW}"]["label"] == "Москва" and rows[f"RU/{MOSCOW}"]["values"] == [9]
    assert set(rows) == {f"RU/{MOSCOW}", f"RU/{KAZAN}", "RU/other", "*"}
    assert rows[f"RU/{KAZAN}"]["label"] == "Казань"
    # Five cities nobody can name, counted together under one label.
    assert rows["RU/other"]["label"] == "Другие города"
    assert rows["*"]["values"] == [20]
    # A cell may be hidden to protect a small one elsewhere in the linked tables; a shown one is true.
    assert rows[f"RU/{KAZAN}"]["values"] in ([6], [None]) and rows["RU/other"]["values"] in ([5], [None])
    english = {row["key"]: row["label"] for row in table(typed, "en", country="RU")["rows"]}
    assert english[f"RU/{MOSCOW}"] == "Moscow" and english["RU/other"] == "Other cities"
    everywhere = {row["key"]: row["label"] for row in table(typed, "ky")["rows"]}
    assert everywhere[f"KZ/{ALMATY}"] == "Алматы (Казакстан)"


def test_no_typed_string_is_ever_a_label_or_a_key(typed: World, client_for: Any) -> None:
    body = table(typed, "ru")
    shown = " ".join(f"{row['key']} {row['label']}" for row in body["rows"])
    for words in [*INJECTED, "Маскөө", "moskva", "Мсква", "Kazan"]:
        assert words not in shown
    # Nor in the stored tallies, facts and published cells: only ids, "other" and margins.
    stored = {c for c in PublishedCell.objects.filter(face="F4").values_list("d1", flat=True)}
    stored |= set(Tally.objects.filter(face="F4").values_list("d1", flat=True))
    stored |= set(CaseFact.objects.values_list("city", flat=True))
    assert stored <= {MOSCOW, KAZAN, ALMATY, "other", "*"}
    page = client_for(typed.analyst).get("/ru/staff/monitoring/").content.decode()
    csv_text = (
        client_for(typed.analyst).get("/ru/staff/monitoring/export/by_city.csv").content.decode("utf-8-sig")
    )
    for words in INJECTED:
        assert words not in page and words not in csv_text
        assert "alert" not in page


def test_small_cells_of_other_cities_are_hidden_with_a_complement(world: World) -> None:
    for _ in range(7):
        make_case(world.ngo_a, city="Москва", reported_on=months_ago(1))
    for _ in range(6):
        make_case(world.ngo_b, city="Kazan", reported_on=months_ago(1))
    for city in ("Деревня Лесная", "Село Озёрное"):
        make_case(world.ngo_b, city=city, reported_on=months_ago(1))
    refresh_and_publish()
    rows = {row["key"]: row for row in table(world, "en", country="RU")["rows"]}
    assert rows["RU/other"]["values"] == [None] and rows["RU/other"]["label"] == "Other cities"
    assert rows["*"]["values"] == [15]
    # With the total shown, a second cell must go too, or 2 = 15 − 7 − 6.
    hidden = [key for key, row in rows.items() if row["values"] == [None]]
    assert len(hidden) >= 2


def test_a_stored_label_that_is_not_a_city_is_never_shown(typed: World) -> None:
    cell = PublishedCell.objects.filter(face="F4", d0="RU", d1=MOSCOW).first()
    assert cell is not None
    PublishedCell.objects.create(face="F4", window=cell.window, d0="RU", d1="<b>Kazan (RU)</b>", value=12)
    PublishedCell.objects.create(
        face="F4", window=cell.window, d0="RU", d1=ALMATY, value=12
    )  # another country's
    labels = [row["label"] for row in table(typed, "ru")["rows"]]
    assert not [label for label in labels if "Kazan (RU)" in label or label.startswith("Алматы (Россия)")]


def test_the_migration_removes_typed_labels_and_the_next_refresh_rebuilds(typed: World) -> None:
    migration = __import__("korgoo.monitoring.migrations.0004_city_ids", fromlist=["rebuild_at_next_refresh"])
    window = PublishedCell.objects.filter(face="F4").values_list("window", flat=True).first()
    PublishedCell.objects.create(face="F4", window=window, d0="RU", d1="деревня лесная", value=None)
    migration.rebuild_at_next_refresh(apps, None)
    assert not PublishedCell.objects.filter(face="F4").exists()
    assert not Tally.objects.filter(face="F4").exists()
    assert MonitoringState.objects.get(name="cases").watermark is None
    report = tallies_refresh()  # no watermark: every case is read again
    assert report.cases == 25 and Tally.objects.filter(face="F4").exists()
    refresh_and_publish()
    rows = {row["key"]: row["values"] for row in table(typed, "ru", country="RU")["rows"]}
    assert rows[f"RU/{MOSCOW}"] == [9] and rows["RU/other"] in ([5], [None]) and rows["*"] == [20]
