"""What a reading of a decision holds (facts with their sentence and how sure they are) and the
sentences of the text, with where the operative part starts."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

REVIEW_BELOW = 0.8

FIELDS = (
    "court",
    "case_number",
    "decided_on",
    "proceeding",
    "articles",
    "kyrgyz_citizen",
    "outcome",
    "fine_amount",
    "currency",
    "expulsion",
    "detention",
    "interpreter",
    "awarded_amount",
)


@dataclass(frozen=True)
class Fact:
    value: Any
    sentence: str = ""
    confidence: float = 1.0

    @property
    def unsure(self) -> bool:
        return self.confidence < REVIEW_BELOW


@dataclass
class Extraction:
    facts: dict[str, Fact] = field(default_factory=dict)
    country: str = "RU"

    @property
    def needs_review(self) -> bool:
        return any(fact.unsure for fact in self.facts.values())

    def value(self, name: str) -> Any:
        return self.facts[name].value


# --- Sentences ---------------------------------------------------------------------------------------


class Sentences:
    """The text cut into sentences (razdel), to find the sentence around any position."""

    def __init__(self, text: str) -> None:
        from razdel import sentenize  # noqa: PLC0415 - a heavy library, loaded only when this runs

        self.text = text
        self.spans: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            for sentence in sentenize(line):
                self.spans.append((offset + sentence.start, offset + sentence.stop))
            offset += len(line) + 1
        self.starts = [start for start, _ in self.spans]

    def at(self, position: int) -> str:
        index = bisect_right(self.starts, position) - 1
        if index < 0:
            return ""
        start, stop = self.spans[index]
        return self.text[start:stop].strip()


def _spaced(word: str) -> str:
    """A heading word as courts type it, also letter-spaced («П О С Т А Н О В И Л»)."""
    return r"\s?".join(word)


_OPERATIVE = re.compile(
    r"(?:"
    + "|".join(
        _spaced(w) for w in ("ПОСТАНОВИЛ", "РЕШИЛ", "ПРИГОВОРИЛ", "ОПРЕДЕЛИЛ", "ОПРЕДЕЛИЛА", "ПОСТАНОВИЛА")
    )
    + r")\s*:|(?:постановил|решил|приговорил|определил|ҚАУЛЫ\s+ЕТТІ|ҚАУЛЫ ЕТТІ)\s*:",
)
_HEADING = re.compile(
    r"^\s*(?:ЗАОЧНОЕ\s+)?(?:"
    + "|".join(_spaced(w) for w in ("ПОСТАНОВЛЕНИЕ", "РЕШЕНИЕ", "ПРИГОВОР", "ОПРЕДЕЛЕНИЕ", "ҚАУЛЫ"))
    + r")(?![а-яё])",
    re.M,
)


def operative_start(text: str) -> int | None:
    found = list(_OPERATIVE.finditer(text))
    return found[-1].end() if found else None
