"""Per-field exact-match precision and recall of the court decision extraction on the corpus.

    PYTHONPATH=. python benchmarks/courts_extraction.py

Precision: of the values the rules gave (not empty), the share equal to the expected value.
Recall: of the expected values that are not empty, the share the rules gave exactly.
Exact: the share of decisions where the value equals the expected one (empty included).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korgoo.courts.extraction.documents import read_document  # noqa: E402
from korgoo.courts.extraction.rules import FIELDS, extract  # noqa: E402

CORPUS = ROOT / "korgoo" / "courts" / "tests" / "corpus"
# Pages written after the rules, in wordings the rules were not written for. Their first run is in
# RESULTS.md; the rules were then corrected for what they missed, so they now test those corrections.
HELDOUT = ROOT / "korgoo" / "courts" / "tests" / "heldout"


def empty(value: object) -> bool:
    return value is None or value == "" or value == []


def run(corpus: Path = CORPUS) -> dict[str, dict[str, float]]:
    stats = {name: {"given": 0, "expected": 0, "right_given": 0, "right": 0, "exact": 0} for name in FIELDS}
    stats["needs_review"] = {"given": 0, "expected": 0, "right_given": 0, "right": 0, "exact": 0}
    files = sorted(p for p in corpus.iterdir() if p.suffix != ".json")
    misses: list[str] = []
    started = time.perf_counter()
    for path in files:
        want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        document = read_document(path.read_bytes(), path.name)
        got = extract(document.text, document.title)
        values = {name: got.value(name) for name in FIELDS}
        values["needs_review"] = got.needs_review
        for name, value in values.items():
            if name not in want:
                continue
            row = stats[name]
            expected = want[name]
            if not empty(value):
                row["given"] += 1
                row["right_given"] += value == expected
            if not empty(expected):
                row["expected"] += 1
                row["right"] += value == expected
            row["exact"] += value == expected
            if value != expected:
                misses.append(f"{path.name}: {name}: got {value!r}, expected {expected!r}")
    elapsed = time.perf_counter() - started
    print(f"{len(files)} decisions, {elapsed:.1f} s ({elapsed / len(files) * 1000:.0f} ms each)\n")
    print(f"{'field':16} {'precision':>9} {'recall':>7} {'exact':>7}")
    result = {}
    for name, row in stats.items():
        if not row["given"] and not row["expected"] and not row["exact"]:
            continue
        precision = row["right_given"] / row["given"] if row["given"] else 1.0
        recall = row["right"] / row["expected"] if row["expected"] else 1.0
        exact = row["exact"] / len(files)
        result[name] = {"precision": precision, "recall": recall, "exact": exact}
        print(f"{name:16} {precision:9.1%} {recall:7.1%} {exact:7.1%}")
    if misses:
        print("\nMisses:")
        print("\n".join(misses))
    return result


if __name__ == "__main__":
    print("Corpus (the rules were written on it)")
    run(CORPUS)
    print("\nWritten after the rules (first run before any correction: see RESULTS.md)")
    run(HELDOUT)
