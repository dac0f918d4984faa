import gzip
import json
import random
import time

import pytest

from korgoo.cases.choices import URGENT_CATEGORIES, Category
from korgoo.triage import build, corpus
from korgoo.triage.engine import MAX_WORDS, URGENT_BY_NATURE, _find, _patterns, _starts, triage_text
from korgoo.triage.lexicon import CATEGORIES, PATTERNS, compiled
from korgoo.triage.model import MODEL_PATH
from korgoo.triage.morphology import ru_lemma
from korgoo.triage.normalise import fold, tokens


def test_triage_knows_exactly_the_case_categories() -> None:
    assert set(CATEGORIES) == set(Category.values)
    assert {str(c) for c in URGENT_CATEGORIES} == URGENT_BY_NATURE


def test_every_lexicon_pattern_parses() -> None:
    patterns = compiled()
    assert len(patterns) > sum(len(v) for v in PATTERNS.values())
    assert all(p.parts and all(part.values for part in p.parts) for p in patterns)


def test_locked_in_written_in_latin_letters_is_urgent_with_the_words() -> None:
    # "they locked us in the dormitory and do not let us out", Kyrgyz typed in Latin letters
    result = triage_text("bizdi jatakanadan chygarbay kamap koyushtu")
    assert result.urgent
    assert "forced_work" in result.categories
    assert set(result.words_for("urgent")) >= {"kamap"}
    assert set(result.words_for("forced_work")) >= {"kamap"}


def test_the_same_in_cyrillic_and_in_the_zh_spelling() -> None:
    for text in ("Бизди жатаканадан чыгарбай камап коюшту", "bizdi zhatakanadan chigarbai kamap koiushtu"):
        result = triage_text(text)
        assert result.urgent, text
        assert "forced_work" in result.categories, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("aylyk berbey jatat", "unpaid_wages"),
        ("3 ай болду зарплата бербей жатат", "unpaid_wages"),
        ("хозяин забрал паспорт", "documents_taken"),
        ("уволили без причины", "unjust_dismissal"),
        ("посредник взял деньги и пропал", "intermediary_fraud"),
    ],
)
def test_plain_reports_are_not_urgent(text: str, category: str) -> None:
    result = triage_text(text)
    assert category in result.categories
    assert not result.urgent
    assert result.words_for(category)


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("начальник бизди урат", "violence", "урат"),
        ("брата задержали завтра депортация", "police", "задержали"),
        ("цехте 14 жаштагы балдар иштейт", "child_labour", "жаштагы"),
        ("досум бийиктиктен кулап эсин жоготту", "unsafe_work", "кулап"),
        ("нас заперли на складе", "forced_work", "заперли"),
    ],
)
def test_urgent_situations_in_both_languages(text: str, category: str, word: str) -> None:
    result = triage_text(text)
    assert result.urgent
    assert category in result.categories
    assert word in result.words_for("urgent")


def test_a_question_is_other_and_not_urgent() -> None:
    result = triage_text("как продлить регистрацию")
    assert result.categories == ("other",)
    assert not result.urgent


def test_empty_text_suggests_nothing() -> None:
    result = triage_text("  !!! ")
    assert result.categories == () and not result.urgent and result.evidence == ()


def test_one_report_takes_under_20_ms() -> None:
    text = "Саламатсыздарбы Москвада курулушта иштейм 3 айдан бери айлык бербей жатат паспортту алып койду"
    triage_text(text)  # the first call reads the model and the dictionary
    times = []
    for _ in range(21):
        start = time.perf_counter()
        triage_text(text)
        times.append(time.perf_counter() - start)
    assert sorted(times)[10] < 0.020  # the median, so that a busy machine's pause does not decide


def test_the_corpus_is_large_varied_and_split_by_author() -> None:
    examples = corpus.load()
    training, held = corpus.split(examples)
    assert len(examples) >= 600
    assert {e.variety for e in examples} == {"ky", "ru", "mix", "ky_latn"}
    assert {e.author for e in training}.isdisjoint({e.author for e in held})
    assert all(set(e.categories) <= set(Category.values) and e.categories for e in examples)
    assert len({e.text for e in examples}) == len(examples)
    # The check messages, written apart from the clauses, stay out of training.
    free = corpus.load(corpus.CORPUS_DIR.parent / "checks")
    assert len(free) == 40 and {e.variety for e in free} == {"ky", "ru", "mix", "ky_latn"}
    assert all(set(e.categories) <= set(Category.values) for e in free)
    assert not {e.text for e in free} & {e.text for e in examples}


def test_the_shipped_model_is_small_and_what_the_command_builds(tmp_path) -> None:
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    rebuilt = tmp_path / "model.json.gz"
    build.build(rebuilt)
    assert rebuilt.read_bytes() == MODEL_PATH.read_bytes()
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["meta"]["examples"] == len(corpus.split(corpus.load())[0])


def test_the_variety_of_a_text_is_told_apart() -> None:
    from korgoo.triage.engine import variety

    assert variety("bizdi jatakanadan chygarbay kamap koyushtu") == "ky_latn"
    assert variety("Нас заперли в общежитии и не выпускают") == "ru"
    assert variety("Бизди жатаканадан чыгарбай камап коюшту") == "ky"
    assert variety("хозяин зарплатаны бербей жатат, паспортту алып койду") == "mix"
    # Over the whole corpus, most messages are told right (Kyrgyz and mixed blur into each other).
    examples = corpus.load()
    right = sum(1 for e in examples if variety(e.text) == e.variety)
    assert right / len(examples) >= 0.8
    latin = [e for e in examples if e.variety == "ky_latn"]
    assert all(variety(e.text) == "ky_latn" for e in latin)


def test_the_first_word_index_finds_exactly_what_trying_every_word_finds() -> None:
    """Each pattern is tried only where some word matches its first part (`_starts`); on every text
    of the corpus and the free checks, and on word salads made of their words, every pattern is
    found at the same positions as by trying every word."""
    texts = [e.text for e in corpus.load()] + [
        e.text for e in corpus.load(corpus.CORPUS_DIR.parent / "checks")
    ]
    words = " ".join(texts).split()
    rnd = random.Random(20261205)
    texts += [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 40))) for _ in range(300)]
    patterns = _patterns()
    compared = 0
    for text in texts:
        cyrillic = [c for _shown, c in tokens(text)][:MAX_WORDS]
        folded = [fold(c) for c in cyrillic]
        lemmas = [ru_lemma(c) for c in cyrillic]
        starts = _starts(folded, lemmas)
        for number, pattern in enumerate(patterns):
            everywhere = _find(pattern, folded, lemmas)
            assert _find(pattern, folded, lemmas, starts.get(number, [])) == everywhere, (
                text,
                pattern.source,
            )
            compared += everywhere is not None
    assert compared > 500  # the patterns were found often enough for the comparison to mean something
