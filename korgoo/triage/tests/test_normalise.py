import pytest

from korgoo.triage.morphology import ky_stem, ru_lemma
from korgoo.triage.normalise import fold, to_cyrillic, tokens


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # "j" spelling: ж as j, ы and й as y
        ("bizdi jatakanadan chygarbay kamap koyushtu", "бизди жатаканадан чыгарбай камап коюшту"),
        ("aylyk berbey jatat", "айлык бербей жатат"),
        # "zh" spelling: ж as zh, й as i after a vowel, kh for х
        ("emgek kelishimin tuzgon zhok", "эмгек келишимин тузгон жок"),
        ("ishteim", "иштейм"),
        ("tsekhte", "цехте"),
        # "w" spelling: ш as w, к as q
        ("iwteym qununo", "иштейм кунуно"),
        # ng at the end of a word is ң
        ("erteng", "эртең"),
        # Russian typed in Latin letters
        ("zarplata jok", "зарплата жок"),
    ],
)
def test_latin_words_become_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_cyrillic_is_kept_and_lower_cased() -> None:
    assert to_cyrillic("Айлык БЕРБЕЙ жатат") == "айлык бербей жатат"


def test_fold_gives_one_key_to_the_spellings_of_a_word() -> None:
    # «өлтүрөм» as written, without the Kyrgyz letters, and from "oltorom" in Latin letters
    assert fold("өлтүрөм") == fold("олтуром") == fold(to_cyrillic("olturom"))
    assert fold("чыгарбай") == fold(to_cyrillic("chigarbai"))


def test_tokens_keep_what_the_worker_typed() -> None:
    assert tokens("Kamap koyushtu!! 3 kun") == [
        ("Kamap", "камап"),
        ("koyushtu", "коюшту"),
        ("3", "3"),
        ("kun", "кун"),
    ]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("паспортторубузду", "паспорт"),  # plural + our + accusative
        ("документтерди", "документ"),  # plural + accusative
        ("жатаканадан", "жатакана"),  # ablative
        ("жумуштан", "жумуш"),
        ("кулчулукта", "кулчулук"),  # locative
        ("ооруканага", "оорукана"),  # dative
        ("депортацияны", "депортация"),  # accusative
        ("бербей", "бер"),  # negative converb
        ("урат", "урат"),  # too short to strip: the stem stays three letters at least
    ],
)
def test_kyrgyz_stems(word: str, stem: str) -> None:
    assert ky_stem(word) == stem


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("заперли", "запереть"), ("избили", "избить"), ("выдворяют", "выдворять"), ("паспорта", "паспорт")],
)
def test_russian_lemmas(word: str, lemma: str) -> None:
    assert ru_lemma(word) == lemma


def test_kyrgyz_words_are_not_given_to_the_russian_dictionary() -> None:
    assert ru_lemma("өлтүрөм") == "өлтүрөм"
