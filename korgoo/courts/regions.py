"""Regions of the courts and the consular district each falls in.

A decision is counted by the region of its court (a subject of the Russian Federation, a region or
city of republican significance of Kazakhstan), recognised from the court's name and the text. The
consular district decides which Kyrgyz mission gets the alert for a decision: the mission in the
district's city if the network has one, else any of the country's government organisations.

Consular districts follow the list of Kyrgyz missions published by the Ministry of Foreign Affairs of
the Kyrgyz Republic (mfa.gov.kg, «Загранучреждения»), checked 2026-11-16; a region not listed goes
to the embassy in the capital.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Region:
    key: str
    country: str
    name_ru: str
    name_ky: str
    name_en: str
    mission_city: str  # the English name of the city of the Kyrgyz mission covering it (gazetteer)
    pattern: re.Pattern[str]

    @property
    def name(self) -> str:
        language = (get_language() or "ru")[:2]
        return {"ky": self.name_ky, "en": self.name_en}.get(language, self.name_ru)


def _r(key: str, country: str, ru: str, ky: str, en: str, mission: str, pattern: str) -> Region:
    return Region(key, country, ru, ky, en, mission, re.compile(pattern))


REGIONS = [
    _r("RU-MOW", "RU", "Москва", "Москва", "Moscow", "Moscow", r"Москв[аыеу]\b|Московский\s+городской"),
    _r(
        "RU-MOS",
        "RU",
        "Московская область",
        "Москва облусу",
        "Moscow Oblast",
        "Moscow",
        r"Московск\w+\s+област",
    ),
    _r(
        "RU-SPE",
        "RU",
        "Санкт-Петербург",
        "Санкт-Петербург",
        "Saint Petersburg",
        "Saint Petersburg",
        r"Санкт-Петербург",
    ),
    _r(
        "RU-LEN",
        "RU",
        "Ленинградская область",
        "Ленинград облусу",
        "Leningrad Oblast",
        "Saint Petersburg",
        r"Ленинградск\w+\s+област",
    ),
    _r(
        "RU-SVE",
        "RU",
        "Свердловская область",
        "Свердловск облусу",
        "Sverdlovsk Oblast",
        "Yekaterinburg",
        r"Екатеринбург|Свердловск",
    ),
    _r(
        "RU-CHE",
        "RU",
        "Челябинская область",
        "Челябинск облусу",
        "Chelyabinsk Oblast",
        "Yekaterinburg",
        r"Челябинск",
    ),
    _r("RU-TYU", "RU", "Тюменская область", "Тюмень облусу", "Tyumen Oblast", "Yekaterinburg", r"Тюмен"),
    _r(
        "RU-NVS",
        "RU",
        "Новосибирская область",
        "Новосибирск облусу",
        "Novosibirsk Oblast",
        "Novosibirsk",
        r"Новосибирск",
    ),
    _r(
        "RU-KYA",
        "RU",
        "Красноярский край",
        "Красноярск крайы",
        "Krasnoyarsk Krai",
        "Novosibirsk",
        r"Красноярск",
    ),
    _r("RU-IRK", "RU", "Иркутская область", "Иркутск облусу", "Irkutsk Oblast", "Novosibirsk", r"Иркутск"),
    _r("RU-SAM", "RU", "Самарская область", "Самара облусу", "Samara Oblast", "Moscow", r"Самар"),
    _r(
        "RU-KAZ",
        "RU",
        "Республика Татарстан",
        "Татарстан Республикасы",
        "Tatarstan",
        "Moscow",
        r"Казан[ьи]|Татарстан",
    ),
    _r("KZ-ALA", "KZ", "Алматы", "Алматы", "Almaty", "Almaty", r"Алматы|Алма-Ат"),
    _r(
        "KZ-ALM",
        "KZ",
        "Алматинская область",
        "Алматы облусу",
        "Almaty Region",
        "Almaty",
        r"Алматинск\w+\s+област|Конаев|Талгар|Каскелен",
    ),
    _r("KZ-AST", "KZ", "Астана", "Астана", "Astana", "Astana", r"Астан[аыеу]"),
    _r("KZ-SHY", "KZ", "Шымкент", "Шымкент", "Shymkent", "Almaty", r"Шымкент"),
    _r(
        "KZ-KAR",
        "KZ",
        "Карагандинская область",
        "Караганды облусу",
        "Karaganda Region",
        "Astana",
        r"Караганд",
    ),
]
BY_KEY = {region.key: region for region in REGIONS}


def region_of(court: str, text: str, country: str) -> Region | None:
    """The court's region: from its name first (a court is named after its town), then the text's
    first mention of a place of the same country."""
    for haystack in (court, text[:3000]):
        for region in REGIONS:
            if region.country == country and region.pattern.search(haystack):
                return region
    return None


def region_choices() -> list[tuple[str, str]]:
    return [(region.key, region.name) for region in REGIONS]
