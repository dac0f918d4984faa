"""Training the triage model from the corpus (needs scikit-learn; run by `korgoo build_triage_model`).

The model is trained on the corpus without its held-out authors, so that the benchmark measures the
very file that ships. Everything is deterministic: the corpus is read in order, the solver is
liblinear with a fixed random state, and the weights are rounded before they are written, so the
same corpus always gives the same file, byte for byte.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

from . import corpus
from .lexicon import CATEGORIES, URGENT
from .model import MODEL_PATH, text_features
from .normalise import tokens

SEED = 20261204
C = 4.0
MIN_DF = 2
DIGITS = 4


def _doc(text: str) -> list[str]:
    return [cyr for _shown, cyr in tokens(text)]


def _analyzer(doc: Sequence[str]) -> list[str]:
    return text_features(doc)


def train(examples: Sequence[corpus.Example], labels: Sequence[str]) -> dict:
    """The model's data (labels, intercepts, per-feature idf and weights) as written to JSON."""
    import numpy as np  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - a heavy library, loaded only when this runs

    docs = [_doc(e.text) for e in examples]
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=MIN_DF, lowercase=False)
    matrix = vectorizer.fit_transform(docs)
    vocabulary = vectorizer.get_feature_names_out()
    coefs = []
    intercepts = []
    for label in labels:
        target = np.array(
            [(e.urgent if label == URGENT else label in e.categories) for e in examples], dtype=int
        )
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=SEED)
        clf.fit(matrix, target)
        coefs.append(clf.coef_[0])
        intercepts.append(round(float(clf.intercept_[0]), DIGITS))
    features: dict[str, list] = {}
    for j, feature in enumerate(vocabulary):
        weights = [[i, round(float(coefs[i][j]), DIGITS)] for i in range(len(labels))]
        features[str(feature)] = [
            round(float(vectorizer.idf_[j]), DIGITS),
            [w for w in weights if w[1] != 0.0],
        ]
    return {
        "labels": list(labels),
        "intercepts": intercepts,
        "features": features,
        "meta": {"examples": len(examples), "seed": SEED, "C": C, "min_df": MIN_DF},
    }


def build(path: Path = MODEL_PATH) -> dict:
    """Train on the corpus without the held-out authors and write the model file."""
    training, _held = corpus.split(corpus.load())
    data = train(training, [*CATEGORIES, URGENT])
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    # mtime=0 and no file name in the header: the same model gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write(payload)
    return data
