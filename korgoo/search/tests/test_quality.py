"""Search quality: queries written as workers type them — Kyrgyz with and without Kyrgyz letters,
Russian in any form, English, Latin letters, typos — each with the result that must come first.

The suite runs on SQLite (FTS5) and on PostgreSQL (full-text search); a change to the analysis or
the ranking that breaks one of these fails it.
"""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.agencies.models import Agency
from korgoo.search.selectors import search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_help_once")]

# (language of the page, the query as typed, the kind and key — or agency name — that must be first)
QUERIES = [
    # Kyrgyz
    ("ky", "Россияда айлык төлөнбөй жатат", "article", "unpaid-wages-russia"),
    ("ky", "Казакстанда айлыгымды бербей жатышат", "article", "unpaid-wages-kazakhstan"),
    ("ky", "Россияда айлык толонбой жатат", "article", "unpaid-wages-russia"),  # no Kyrgyz keyboard
    ("ky", "паспортумду кожоюн алып алды", "article", "passport-taken"),
    ("ky", "Россияда каттоо канча күн", "article", "registration-russia"),
    ("ky", "медкароо манжа изи", "article", "medical-exam-fingerprinting-russia"),
    ("ky", "ашыкча иштеген саат Россия", "article", "overtime-russia"),
    ("ky", "жумуштан бошотуп салышты Казакстан", "article", "dismissal-kazakhstan"),
    ("ky", "балдар мектепке", "article", "children-school"),
    ("ky", "чет өлкөгө кетерден мурун", "article", "pre-departure-guide"),
    ("ky", "чет олкого кетерден мурун", "article", "pre-departure-guide"),
    ("ky", "Екатеринбургдагы консулдук", "place", "kg-cg-yekaterinburg"),
    ("ky", "Алматыдагы консулдук", "place", "kg-cg-almaty"),
    ("ky", "агенттикти кантип текшерсе болот", "article", "check-recruitment-agency"),
    ("ky", "үйгө кайтып келсем", "article", "returning-home"),
    ("ky", "Ала Тоо Жумуш Сервис", "agency", "Ала-Тоо Жумуш Сервис"),
    # Russian
    ("ru", "не платят зарплату в России что делать", "article", "unpaid-wages-russia"),
    ("ru", "зарплта не платят в казахстане", "article", "unpaid-wages-kazakhstan"),  # a typo
    ("ru", "забрали паспорт работодатель", "article", "passport-taken"),
    ("ru", "пасспорт забрали", "article", "passport-taken"),  # a typo
    ("ru", "регистрация в Казахстане", "article", "registration-kazakhstan"),
    ("ru", "медосмотр и отпечатки пальцев", "article", "medical-exam-fingerprinting-russia"),
    ("ru", "сверхурочные в Казахстане", "article", "overtime-kazakhstan"),
    ("ru", "уволили без причины Россия", "article", "dismissal-russia"),
    ("ru", "работаю без договора как доказать", "article", "proving-your-work"),
    ("ru", "задержали полиция депортация", "article", "detention-expulsion"),
    ("ru", "реестр контролируемых лиц", "article", "register-of-controlled-persons-russia"),
    ("ru", "пенсия за стаж в России", "article", "pensions-eaeu"),
    ("ru", "несчастный случай на работе", "article", "accident-at-work"),
    ("ru", "консульство в Новосибирске", "place", "kg-cg-novosibirsk"),
    ("ru", "посольство в Москве", "place", "kg-embassy-moscow"),
    ("ru", "Гражданское содействие", "place", "civic-assistance-moscow"),
    # English
    # The Ministry's office in Moscow takes complaints about unpaid wages: a place to go comes first.
    ("en", "unpaid wages russia", "place", "kg-ministry-labour-office-moscow"),
    ("en", "my passport was taken", "article", "passport-taken"),
    ("en", "registration kazakhstan", "article", "registration-kazakhstan"),
    ("en", "fingerprints medical exam", "article", "medical-exam-fingerprinting-russia"),
    ("en", "overtime pay kazakhstan", "article", "overtime-kazakhstan"),
    ("en", "school for my children", "article", "children-school"),
    ("en", "consulate yekaterinburg", "place", "kg-cg-yekaterinburg"),
    ("en", "check a recruitment agency", "article", "check-recruitment-agency"),
    ("en", "honorary consul voronezh", "place", "kg-honorary-consul-voronezh"),
    ("en", "trafficking violence help", "article", "violence-trafficking"),
    ("en", "health insurance", "article", "health-care-insurance"),
    ("en", "IOM Bishkek", "place", "iom-center-bishkek"),
    # Kyrgyz and Russian typed in Latin letters
    ("ky", "Rossiyada aylyk tolonboy jatat", "article", "unpaid-wages-russia"),
    ("ru", "zarplata ne platyat kazakhstan", "article", "unpaid-wages-kazakhstan"),
    ("ru", "pasport zabrali", "article", "passport-taken"),
    ("ru", "konsulstvo novosibirsk", "place", "kg-cg-novosibirsk"),
    ("ky", "Ala Too Jumush Servise", "agency", "Ала-Тоо Жумуш Сервис"),
    ("ru", "sulaiman staff", "agency", "Сулайман Стафф"),
]


def test_there_are_at_least_thirty_queries_in_each_way_of_typing() -> None:
    assert len(QUERIES) >= 30
    assert {language for language, *_rest in QUERIES} == {"ky", "ru", "en"}


def test_every_query_finds_what_it_must_first(real_help: Any) -> None:
    agencies = dict(Agency.objects.values_list("name", "pk"))
    failures = []
    for language, query, kind, key in QUERIES:
        expected = str(agencies[key]) if kind == "agency" else key
        hits = search(query=query, language=language).hits
        first = (hits[0].kind, hits[0].key) if hits else None
        if first != (kind, expected):
            failures.append(f"{query!r}: expected {kind} {key}, got {[(h.kind, h.key) for h in hits[:3]]}")
    assert failures == [], "\n".join(failures)


def test_russian_forms_kyrgyz_suffixes_and_typos_find_the_same_article(real_help: Any) -> None:
    for query in ("зарплата", "зарплату", "зарплаты", "зарплатой"):
        keys = [hit.key for hit in search(query=query, language="ru").hits[:5]]
        assert {"unpaid-wages-russia", "unpaid-wages-kazakhstan"} & set(keys), (query, keys)
    for query in ("паспорт", "паспортум", "паспортумду", "паспортуңузду"):
        assert search(query=query + " тартып алышты", language="ky").hits[0].key == "passport-taken", query
    assert search(query="депортацыя", language="ru").corrected == [("депортацыя", "депортация")]
