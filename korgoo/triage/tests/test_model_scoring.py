"""The model's scoring gives exactly what the straightforward computation gives.

`Model.score` keeps each word's features once per process and works out a label's per-word
contributions only when asked. `plain_score` below is the scoring written out directly (every
feature of every word, every label's contributions); on every text of the shipped corpus, and on
texts of words the process has not met before, the two agree to the last bit."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

from korgoo.triage import corpus
from korgoo.triage.model import Model, load
from korgoo.triage.morphology import ky_stem, ru_lemma
from korgoo.triage.normalise import fold, tokens


def plain_features(cyrillic: str) -> list[str]:
    folded = fold(cyrillic)
    padded = f" {folded} "
    out = [
        padded[i : i + n]
        for n in range(2, 5)
        for i in range(max(1, len(padded) - n + 1))
        if len(padded[i : i + n]) == n
    ]
    out.append("s:" + ky_stem.__wrapped__(folded))
    out.append("l:" + ru_lemma(cyrillic))
    return out


def plain_score(model: Model, words: Sequence[str]) -> tuple[dict[str, float], dict[str, list[float]]]:
    per_word = [plain_features(w) for w in words]
    counts = Counter(f for feats in per_word for f in feats if f in model.idf)
    values = {f: (1.0 + math.log(c)) * model.idf[f] for f, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    totals = list(model.intercepts)
    by_feature: dict[str, list[float]] = {}
    for f, v in values.items():
        x = v / norm
        share = [0.0] * len(model.labels)
        for i, w in model.weights[f]:
            totals[i] += w * x
            share[i] = w * x / counts[f]
        by_feature[f] = share
    contributions = {label: [0.0] * len(words) for label in model.labels}
    for position, feats in enumerate(per_word):
        for f in feats:
            found = by_feature.get(f)
            if found is None:
                continue
            for i, label in enumerate(model.labels):
                contributions[label][position] += found[i]
    probabilities = {
        label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
        for label, t in zip(model.labels, totals, strict=True)
    }
    return probabilities, contributions


def _check(model: Model, text: str) -> None:
    words = [c for _shown, c in tokens(text)]
    expected_p, expected_c = plain_score(model, words)
    scored = model.score(words)
    assert scored.probabilities == expected_p, text
    # Asked in a random order, some twice: each label's list is the same whenever it is asked.
    labels = list(model.labels)
    random.Random(text).shuffle(labels)
    for label in [*labels, *labels[:3]]:
        assert scored.contributions[label] == expected_c[label], (text, label)
    assert dict(scored.contributions) == expected_c
    assert scored.contributions.get("no such label") is None


def test_scoring_matches_the_plain_computation_on_the_whole_corpus() -> None:
    model = load()
    examples = corpus.load()
    assert len(examples) > 900
    for example in examples:
        _check(model, example.text)


def test_scoring_matches_on_new_words_and_repeated_ones() -> None:
    model = load()
    rng = random.Random(1116)
    letters = "абвгдежзийклмнопрстуфхцчшыэюяөүң"
    for _ in range(50):
        new = [
            "".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(0, 8))
        ]
        repeated = ["айлык", "бербей", "жатат", "паспорт", "зарплата", "айлык"]
        _check(model, " ".join(rng.sample(new + repeated, len(new) + len(repeated))))
    _check(model, "")
