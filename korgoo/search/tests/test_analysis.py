"""The analysis of words, the same for the index and for queries."""

from __future__ import annotations

import pytest

from korgoo.search.analysis import fold, index_terms, ky_stem, query_words, ru_lemma, to_cyrillic


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("документтериңизди", "документ"),
        ("айлыгы", "айлык"),  # the voiced г turns back into к
        ("айлыгыңызды", "айлык"),
        ("паспортуңузду", "паспорт"),
        ("укуктарыңыз", "укук"),
        ("жумуштан", "жумуш"),
        ("элчиликке", "элчилик"),
        ("консулдугу", "консулдук"),
        ("мигранттар", "мигрант"),
        ("төлөнбөсө", "төлөн"),
        ("төлөнбөй", "төлөн"),
        ("екатеринбургдагы", "екатеринбург"),  # no devoicing before a consonant suffix
        ("айлык", "айлык"),  # a stem stays a stem
        ("ал", "ал"),
    ],
)
def test_common_kyrgyz_suffixes_are_stripped(word: str, stem: str) -> None:
    assert ky_stem(word) == stem


def test_forms_of_one_kyrgyz_word_share_one_stem() -> None:
    for forms in (
        ("кызматкер", "кызматкерлер", "кызматкерлерге", "кызматкериңиз"),
        ("каттоо", "каттоодон", "каттоого"),
        ("келишим", "келишими", "келишимди", "келишимиңиз"),
    ):
        assert len({ky_stem(form) for form in forms}) == 1, forms


def test_russian_words_get_their_dictionary_form() -> None:
    assert {ru_lemma(w) for w in ("зарплата", "зарплату", "зарплаты", "зарплатой")} == {"зарплата"}
    assert ru_lemma("платят") == "платить"


def test_latin_letters_are_read_as_cyrillic_and_kyrgyz_letters_fold() -> None:
    assert to_cyrillic("aylyk") == "айлык" and to_cyrillic("ailyk") == "айлык"
    assert to_cyrillic("zarplata") == "зарплата" and to_cyrillic("jumush") == "жумуш"
    assert fold("төлөнбөй үйүң") == "толонбой уйун"


def test_the_index_keeps_the_word_and_its_forms() -> None:
    assert index_terms("Зарплату не платят", "ru") == ["зарплата", "зарплату", "не", "платить", "платят"]
    kyrgyz = index_terms("Паспортуңузду тартып алышса", "ky")
    assert {"паспортуңузду", "паспорт", "тартып", "тарт", "алышса"} <= set(kyrgyz)
    names = index_terms("Ала-Тоо Жумуш Сервис", "", names=True)
    assert {"ала", "тоо", "жумуш", "jumus", "servis"} <= set(names)
    assert index_terms("the wages of a worker", "en") == ["wage", "wages", "worker"]


def test_a_query_word_stands_for_its_forms_and_stop_words_are_dropped() -> None:
    words = query_words("не платят зарплату что делать")
    assert [w.word for w in words] == ["не", "платят", "зарплату"]
    terms = {(a.term, a.prefix) for a in words[2].alternatives}
    assert ("зарплата", False) in terms and ("зарплату", False) in terms
    latin = {a.term for a in query_words("aylyk")[0].alternatives}
    assert "айлык" in latin
    kyrgyz = query_words("паспортумду кожоюн алып алды")
    # In a Kyrgyz query no guessed Russian forms are tried («алды» is not «алда»).
    assert all(a.term != "алда" for w in kyrgyz for a in w.alternatives)
