"""Matching a name as heard against the registry: scripts, quotes, legal forms, typos."""

from __future__ import annotations

import pytest

from korgoo.agencies.matching import Candidate, best_matches, clean_name, permit_key, skeleton, transliterate


def test_names_lose_quotes_and_legal_forms_but_keep_their_words() -> None:
    assert clean_name("ОсОО «Ала-Тоо Жумуш Сервис»") == "ала тоо жумуш сервис"
    assert clean_name('ООО "Нур-Ордо Тренд"') == "нур ордо тренд"
    assert clean_name("Ala-Too Zhumush Servis LLC") == "ala too zhumush servis"
    assert clean_name("Жоопкерчилиги чектелген коому Арча Персонал") == "арча персонал"
    assert skeleton("Агентство «Ала-Тоо Жумуш»") == skeleton("Ala-Too Jumush agency") == "ala to jumus"
    assert clean_name("ТОО «Тоо-Ата»") == "тоо тоо ата"  # «тоо» is a mountain in Kyrgyz, not a legal form


def test_kyrgyz_letters_are_transliterated_as_the_ministry_does() -> None:
    assert transliterate("теңир-тоо көпүрө жолу") == "tengir-too kopuro zholu"
    assert skeleton("Теңир-Тоо") == skeleton("Tengir Too") == skeleton("tenir-to")


CANDIDATES = [
    Candidate(key=str(n), names=(skeleton(cyr), skeleton(lat)), permit=permit_key(permit))
    for n, (cyr, lat, permit) in enumerate(
        [
            ("Ала-Тоо Жумуш Сервис", "Ala-Too Zhumush Servis", "DEMO-25-001"),
            ("Сулайман Стафф", "Sulaiman Staff", "DEMO-25-005"),
            ("Көк-Жар Стафф", "Kok-Zhar Staff", "DEMO-25-016"),
            ("Шамал Консалтинг", "Shamal Konsalting", "DEMO-25-024"),
            ("Эмгек Жолу Плюс", "Emgek Zholu Plyus", "DEMO-24-007"),
            ("Ош Эмгек Борбору", "Osh Emgek Borboru", "DEMO-25-021"),
        ]
    )
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ala Too Jumush Servise", "0"),  # Latin, j for zh, a typo
        ("ала тоо жумуш сервис", "0"),
        ("ОсОО «Ала-Тоо Жумуш Сервис»", "0"),
        ("Sulayman staf", "1"),
        ("Кок Жар Стаф", "2"),  # о and у for ө and ү
        ("shamal consulting", "3"),
        ("demo 25 024", "3"),  # the permit number, typed loosely
        ("DEMO-24-007", "4"),
    ],
)
def test_a_name_as_heard_finds_its_agency_first(typed: str, expected: str) -> None:
    found = best_matches(typed, CANDIDATES)
    assert found and found[0][0].key == expected, found
    assert found[0][1] >= 92


def test_unknown_names_find_nothing() -> None:
    assert best_matches("Бакыт Тревел", CANDIDATES) == []
    assert best_matches("Zhibek Zholu International", CANDIDATES, floor=75) == []


def test_a_single_common_word_matches_several_names_alike() -> None:
    found = best_matches("emgek", CANDIDATES, floor=75)
    assert {c.key for c, _score in found} == {"4", "5"}
    assert found[0][1] == found[1][1]
