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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .morphology import ky_stem, ru_lemma
from .normalise import fold

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"
NGRAM_MIN, NGRAM_MAX = 2, 4


def word_features(cyrillic: str) -> list[str]:
    """The features one word contributes (its Cyrillic form, lower case)."""
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
    return out


def text_features(words: Sequence[str]) -> list[str]:
    """Every feature of a text's words, in order (the analyzer given to scikit-learn too)."""
    return [f for w in words for f in word_features(w)]


@dataclass(frozen=True)
class Scored:
    probabilities: dict[str, float]
    # per label, the contribution of each word (by position) to its score
    contributions: dict[str, list[float]]


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

    def score(self, words: Sequence[str]) -> Scored:
        per_word = [word_features(w) for w in words]
        counts = Counter(f for feats in per_word for f in feats if f in self.idf)
        values = {f: (1.0 + math.log(c)) * self.idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        totals = list(self.intercepts)
        by_feature: dict[str, list[float]] = {}
        for f, v in values.items():
            x = v / norm
            share = [0.0] * len(self.labels)
            for i, w in self.weights[f]:
                totals[i] += w * x
                share[i] = w * x / counts[f]
            by_feature[f] = share
        contributions: dict[str, list[float]] = {label: [0.0] * len(words) for label in self.labels}
        for position, feats in enumerate(per_word):
            for f in feats:
                found = by_feature.get(f)
                if found is None:
                    continue
                for i, label in enumerate(self.labels):
                    contributions[label][position] += found[i]
        probabilities = {
            label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
            for label, t in zip(self.labels, totals, strict=True)
        }
        return Scored(probabilities, contributions)


@lru_cache(maxsize=1)
def load(path: str = str(MODEL_PATH)) -> Model:
    """The shipped model (read once per process)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return Model(json.load(fh))
