"""The labelled corpus shipped in `data/corpus/` and its split by author."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"


@dataclass(frozen=True)
class Example:
    id: str
    author: str
    style: str
    variety: str
    text: str
    categories: tuple[str, ...]
    urgent: bool


def held_out_authors(directory: Path = CORPUS_DIR) -> frozenset[str]:
    """The authors the benchmark keeps apart: the model never sees how they write."""
    return frozenset(json.loads((directory / "split.json").read_text(encoding="utf-8"))["held_out_authors"])


def load(directory: Path = CORPUS_DIR) -> list[Example]:
    """Every example, in file and line order."""
    out = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out.append(
                Example(
                    id=row["id"],
                    author=row["author"],
                    style=row["style"],
                    variety=row["variety"],
                    text=row["text"],
                    categories=tuple(row["categories"]),
                    urgent=bool(row["urgent"]),
                )
            )
    return out


def split(examples: list[Example], directory: Path = CORPUS_DIR) -> tuple[list[Example], list[Example]]:
    """(training, held out), by author."""
    held = held_out_authors(directory)
    return [e for e in examples if e.author not in held], [e for e in examples if e.author in held]
