"""The statistical half of triage: a linear classifier over character n-grams, stems and lemmas.

Each word of the text (in Cyrillic, folded) gives its character n-grams of 2 to 4 letters with word
boundaries, its Kyrgyz stem and its Russian lemma. The features are weighted by tf-idf (sublinear tf,
L2 norm) and each label (the categories, and "urgent") has a logistic regression over them, trained
one against the rest by `korgoo build_triage_model` with scikit-learn. The trained weights are
stored as plain JSON (`data/model.json.gz`, checked into the repository): reading them needs
neither scikit-learn nor pickle, and scoring is a sparse dot product done here.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .morphology import ky_stem, ru_lemma
from .normalise import fold

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"
NGRAM_MIN, NGRAM_MAX = 2, 4


def word_features(cyrillic: str) -> list[str]:
    """The features one word contributes (its Cyrillic form, lower case)."""
    return list(_word_features(cyrillic))


@lru_cache(maxsize=50_000)
def _word_features(cyrillic: str) -> tuple[str, ...]:
    # Worked out once per distinct word a process meets: a report's words are mostly words it has
    # seen before, and the n-grams, stem and lemma of a word never change.
    folded = fold(cyrillic)
    padded = f" {folded} "
    out = [
        padded[i : i + n]
        for n in range(NGRAM_MIN, NGRAM_MAX + 1)
        for i in range(max(1, len(padded) - n + 1))
        if len(padded[i : i + n]) == n
    ]
    out.append("s:" + ky_stem(folded))
    out.append("l:" + ru_lemma(cyrillic))
    return tuple(out)


def text_features(words: Sequence[str]) -> list[str]:
    """Every feature of a text's words, in order (the analyzer given to scikit-learn too)."""
    return [f for w in words for f in word_features(w)]


class Contributions(Mapping[str, list[float]]):
    """Per label, the contribution of each word (by position) to its score, worked out for a label
    only when it is asked for: triage looks at one or two labels' words, not at all of them.

    A word's contribution to a label is the sum, over the word's features in order, of the feature's
    share of the label's score (its weight times its value, divided among its occurrences)."""

    def __init__(
        self,
        model: Model,
        per_word: list[tuple[str, ...]],
        values: dict[str, float],
        counts: Counter[str],
    ) -> None:
        self._model = model
        self._per_word = per_word
        self._values = values  # feature → its normalised value in this text
        self._counts = counts
        self._done: dict[str, list[float]] = {}

    def __getitem__(self, label: str) -> list[float]:
        found = self._done.get(label)
        if found is not None:
            return found
        if label not in self._model.labels:
            raise KeyError(label)
        i = self._model.labels.index(label)
        weights = self._model.weights
        share: dict[str, float] = {}
        for f, x in self._values.items():
            listed = weights[f]
            if i < len(listed) and listed[i][0] == i:  # the usual case: a weight for every label
                share[f] = listed[i][1] * x / self._counts[f]
                continue
            for j, w in listed:
                if j == i:
                    share[f] = w * x / self._counts[f]
                    break
        out = []
        for feats in self._per_word:
            total = 0.0
            for f in feats:
                # A feature without a weight for this label adds nothing (0.0 leaves a sum as it is).
                if f in share:
                    total += share[f]
            out.append(total)
        self._done[label] = out
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._model.labels)

    def __len__(self) -> int:
        return len(self._model.labels)


@dataclass(frozen=True)
class Scored:
    probabilities: dict[str, float]
    # per label, the contribution of each word (by position) to its score
    contributions: Mapping[str, list[float]]


class Model:
    """Weights read from the project's own JSON file."""

    def __init__(self, data: dict) -> None:
        self.labels: list[str] = data["labels"]
        self.intercepts: list[float] = data["intercepts"]
        self.idf: dict[str, float] = {}
        self.weights: dict[str, list[tuple[int, float]]] = {}
        for feature, (idf, weights) in data["features"].items():
            self.idf[feature] = idf
            self.weights[feature] = [(int(i), float(w)) for i, w in weights]
        self.meta: dict = data.get("meta", {})
        self._known = lru_cache(maxsize=50_000)(self._known_features)

    def _known_features(self, word: str) -> tuple[str, ...]:
        """The features of a word that the model has weights for, in order (the others count for
        nothing)."""
        return tuple(f for f in _word_features(word) if f in self.idf)

    def score(self, words: Sequence[str]) -> Scored:
        per_word = [self._known(w) for w in words]
        counts = Counter(f for feats in per_word for f in feats)
        values = {f: (1.0 + math.log(c)) * self.idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        totals = list(self.intercepts)
        normalised: dict[str, float] = {}
        for f, v in values.items():
            x = normalised[f] = v / norm
            for i, w in self.weights[f]:
                totals[i] += w * x
        probabilities = {
            label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
            for label, t in zip(self.labels, totals, strict=True)
        }
        return Scored(probabilities, Contributions(self, per_word, normalised, counts))


@lru_cache(maxsize=1)
def load(path: str = str(MODEL_PATH)) -> Model:
    """The shipped model (read once per process)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return Model(json.load(fh))
