"""Quality and speed of triage on the held-out authors of the corpus.

    python -m benchmarks.triage_quality [--no-write]

Reads the shipped model (trained without the held-out authors) and the corpus
(`korgoo/triage/data/corpus/`), triages every message of the held-out authors and reports, per
category, precision, recall and F1; the macro-F1 over categories; urgent recall and precision; the
same by language variety (Kyrgyz, Russian, mixed, Latin Kyrgyz); and the time one report takes
(median, p95, max, after one warm-up pass). Writes the section "Triage of the worker's text" of
benchmarks/RESULTS.md unless `--no-write`. Exits 1 when a target is missed: macro-F1 ≥ 0.80, urgent
recall ≥ 0.95, urgent precision ≥ 0.60, p95 under 20 ms per report.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from benchmarks.common import percentiles, write_section
from korgoo.triage import corpus
from korgoo.triage.engine import triage_text
from korgoo.triage.lexicon import CATEGORIES

TARGETS = {"macro_f1": 0.80, "urgent_recall": 0.95, "urgent_precision": 0.60, "p95_ms": 20.0}
VARIETIES = {"ky": "Kyrgyz (Cyrillic)", "ru": "Russian", "mix": "mixed", "ky_latn": "Kyrgyz in Latin letters"}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def measure(examples: Sequence[corpus.Example], predictions: Sequence[tuple[tuple[str, ...], bool]]) -> dict:
    per_category = {}
    for c in CATEGORIES:
        tp = sum(
            1 for e, (cats, _u) in zip(examples, predictions, strict=True) if c in e.categories and c in cats
        )
        fp = sum(
            1
            for e, (cats, _u) in zip(examples, predictions, strict=True)
            if c not in e.categories and c in cats
        )
        fn = sum(
            1
            for e, (cats, _u) in zip(examples, predictions, strict=True)
            if c in e.categories and c not in cats
        )
        per_category[c] = (*prf(tp, fp, fn), tp + fn)
    present = [c for c in CATEGORIES if per_category[c][3]]
    macro = sum(per_category[c][2] for c in present) / len(present) if present else 0.0
    tp = sum(1 for e, (_c, u) in zip(examples, predictions, strict=True) if e.urgent and u)
    fp = sum(1 for e, (_c, u) in zip(examples, predictions, strict=True) if not e.urgent and u)
    fn = sum(1 for e, (_c, u) in zip(examples, predictions, strict=True) if e.urgent and not u)
    up, ur, _uf = prf(tp, fp, fn)
    return {
        "per_category": per_category,
        "macro_f1": macro,
        "urgent_recall": ur,
        "urgent_precision": up,
        "urgent_n": tp + fn,
        "n": len(examples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()

    training, held = corpus.split(corpus.load())
    for e in held[:50]:
        triage_text(e.text)  # warm-up: the model file, pymorphy3's dictionary, caches
    timings = []
    predictions = []
    model_only = []
    lexicon_only = []
    for e in held:
        start = time.perf_counter()
        result = triage_text(e.text)
        timings.append((time.perf_counter() - start) * 1000)
        predictions.append((result.categories, result.urgent))
        p = result.scores
        sure = tuple(c for c in CATEGORIES if p.get(c, 0.0) >= 0.5)
        model_only.append(
            (sure or (max(CATEGORIES, key=lambda c: p.get(c, 0.0)),), p.get("urgent", 0.0) >= 0.5)
        )
        lexicon_only.append((result.lexicon_categories or ("other",), result.lexicon_urgent))
    overall = measure(held, predictions)
    speed = percentiles(timings)

    lines = [
        "Command: `python -m benchmarks.triage_quality` — the shipped model "
        f"(`korgoo/triage/data/model.json.gz`, trained on {len(training)} messages of 9 authors) "
        f"against the **{len(held)}** messages of the held-out authors "
        f"({', '.join(sorted(corpus.held_out_authors()))}: typos in all three Cyrillic varieties, a Latin "
        "spelling with zh/i/kh that no training author uses, long messages), one report at a time.",
        "",
        "| category | precision | recall | F1 | messages |",
        "|---|---:|---:|---:|---:|",
    ]
    for c, (p, r, f, n) in overall["per_category"].items():
        lines.append(f"| {c} | {p:.2f} | {r:.2f} | {f:.2f} | {n} |")
    lines += [
        "",
        "| variety | messages | macro-F1 | urgent recall | urgent precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for code, name in VARIETIES.items():
        idx = [i for i, e in enumerate(held) if e.variety == code]
        if not idx:
            continue
        sub = measure([held[i] for i in idx], [predictions[i] for i in idx])
        lines.append(
            f"| {name} | {sub['n']} | {sub['macro_f1']:.2f} | {sub['urgent_recall']:.2f} "
            f"| {sub['urgent_precision']:.2f} |"
        )
    lines.append(
        f"| **all** | {overall['n']} | **{overall['macro_f1']:.2f}** | **{overall['urgent_recall']:.2f}** "
        f"| **{overall['urgent_precision']:.2f}** |"
    )
    lines += [
        "",
        "Each half alone, on the same messages (the model: categories at probability ≥ 0.5, else the "
        "likeliest, urgent at ≥ 0.5; the lexicon: the categories and urgency its words name, else "
        '"other"):',
        "",
        "| reading | macro-F1 | urgent recall | urgent precision |",
        "|---|---:|---:|---:|",
    ]
    for name, preds in (
        ("model alone", model_only),
        ("lexicon alone", lexicon_only),
        ("both (shipped)", predictions),
    ):
        m = measure(held, preds)
        lines.append(
            f"| {name} | {m['macro_f1']:.2f} | {m['urgent_recall']:.2f} | {m['urgent_precision']:.2f} |"
        )
    free = corpus.load(corpus.CORPUS_DIR.parent / "checks")
    free_measure = measure(free, [(r.categories, r.urgent) for r in (triage_text(e.text) for e in free)])
    lines += [
        "",
        f"Messages written apart from the corpus's clauses ({len(free)}, `korgoo/triage/data/checks/free.jsonl`, "
        "new wording of the same situations in all four varieties; never used to train or tune): "
        f"macro-F1 **{free_measure['macro_f1']:.2f}**, urgent recall **{free_measure['urgent_recall']:.2f}**, "
        f"urgent precision **{free_measure['urgent_precision']:.2f}**.",
    ]
    lines += [
        "",
        f"Time per report: median {speed['median']:.2f} ms, p95 {speed['p95']:.2f} ms, max {speed['max']:.2f} ms "
        f"({speed['n']} reports).",
        "",
        "Targets: macro-F1 ≥ 0.80, urgent recall ≥ 0.95 with urgent precision ≥ 0.60, under 20 ms per "
        "report. The corpus is written by the project (`scripts/triage_corpus.py`) and the lexicon by the "
        "same hands: these figures say how triage reads new ways of writing (typos, an unseen Latin "
        "spelling, long messages) of the situations it knows, not how it reads situations no clause "
        "describes. The acceptance rates that monitoring publishes are the measure on real reports.",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Triage of the worker's text", body)
    met = (
        overall["macro_f1"] >= TARGETS["macro_f1"]
        and overall["urgent_recall"] >= TARGETS["urgent_recall"]
        and overall["urgent_precision"] >= TARGETS["urgent_precision"]
        and speed["p95"] < TARGETS["p95_ms"]
    )
    print("targets met" if met else "TARGET MISSED", file=sys.stderr)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
