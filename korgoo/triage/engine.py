"""Reading a report's text: suggested categories, urgency, and the words behind each.

`triage_text` is pure and offline. It normalises the text (`normalise`), finds the lexicon's words
(`lexicon`, with Russian lemmas and Kyrgyz prefixes) and scores the text with the shipped linear
model (`model`). A category is suggested when the model is confident, or when the lexicon names it
and the model agrees at least a little. Urgency is lexicon-first: any urgent word, an urgent
category, or the model's urgent score makes the text urgent, because a missed locked-in worker costs
far more than a caseworker's click to lower a wrong suggestion. Every suggestion carries the words
that made it, as the worker typed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from korgoo.core.morphology import russian

from . import model as model_module
from .lexicon import CATEGORIES, URGENT, Part, Pattern, compiled
from .morphology import ky_stem, ru_lemma
from .normalise import fold, tokens

# Categories that are urgent by their nature (the cases app's URGENT_CATEGORIES).
URGENT_BY_NATURE = frozenset({"forced_work", "violence", "child_labour"})
MODEL_ALONE = 0.5  # the model's probability that suggests a category on its own
WITH_LEXICON = 0.2  # enough when the lexicon names the category too
URGENT_MODEL = 0.5  # the model's urgent probability that makes a text urgent
OTHER = "other"
_CHILD_AGE = re.compile(r"^(?:[5-9]|1[0-7])$")
_AGE_WORDS = ("жаш", "лет", "год")
MAX_WORDS = 2000


@dataclass(frozen=True)
class Evidence:
    subject: str  # a category code, or "urgent"
    words: tuple[str, ...]


@dataclass(frozen=True)
class Triage:
    categories: tuple[str, ...]
    urgent: bool
    evidence: tuple[Evidence, ...] = field(default=())
    scores: dict[str, float] = field(default_factory=dict, compare=False)
    # What the lexicon alone found (for measuring each half; suggestions use both).
    lexicon_categories: tuple[str, ...] = field(default=(), compare=False)
    lexicon_urgent: bool = field(default=False, compare=False)

    def words_for(self, subject: str) -> tuple[str, ...]:
        return next((e.words for e in self.evidence if e.subject == subject), ())


@lru_cache(maxsize=1)
def _patterns() -> list[Pattern]:
    return compiled()


def _part_matches(part: Part, folded: str, lemma: str) -> bool:
    if part.kind == "lemma":
        return lemma in part.values
    if part.kind == "exact":
        return folded in part.values
    return any(folded.startswith(v) for v in part.values)


@lru_cache(maxsize=1)
def _first_words() -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[tuple[str, int]]]]:
    """The patterns (by their index in `_patterns()`) by what their first word must be: a folded word,
    a lemma, or a prefix (these by the prefix's first letter)."""
    exact: dict[str, list[int]] = {}
    lemma: dict[str, list[int]] = {}
    prefix: dict[str, list[tuple[str, int]]] = {}
    for number, pattern in enumerate(_patterns()):
        first = pattern.parts[0]
        for value in first.values:
            if first.kind == "lemma":
                lemma.setdefault(value, []).append(number)
            elif first.kind == "exact":
                exact.setdefault(value, []).append(number)
            else:
                prefix.setdefault(value[:1], []).append((value, number))
    return exact, lemma, prefix


def _starts(folded: list[str], lemmas: list[str]) -> dict[int, list[int]]:
    """For each pattern whose first part some word matches, those words' positions in order: the
    only places `_find` needs to try (instead of every word for every pattern)."""
    exact, lemma, prefix = _first_words()
    starts: dict[int, list[int]] = {}
    for position, (word, word_lemma) in enumerate(zip(folded, lemmas, strict=True)):
        numbers = {
            *exact.get(word, ()),
            *lemma.get(word_lemma, ()),
            *(n for value, n in prefix.get(word[:1], ()) if word.startswith(value)),
        }
        if "" in prefix:  # an empty prefix matches every word
            numbers.update(n for _value, n in prefix[""])
        for number in numbers:
            starts.setdefault(number, []).append(position)
    return starts


def _find(
    pattern: Pattern, folded: list[str], lemmas: list[str], starts: list[int] | None = None
) -> list[int] | None:
    """Positions of the words matching the pattern's parts (one other word allowed between), or None.
    `starts`, when given, are the only positions whose word matches the first part."""
    first = pattern.parts[0]
    for start in range(len(folded)) if starts is None else starts:
        if starts is None and not _part_matches(first, folded[start], lemmas[start]):
            continue
        found = [start]
        for part in pattern.parts[1:]:
            nxt = next(
                (
                    j
                    for j in (found[-1] + 1, found[-1] + 2)
                    if j < len(folded) and _part_matches(part, folded[j], lemmas[j])
                ),
                None,
            )
            if nxt is None:
                break
            found.append(nxt)
        else:
            return found
    return None


def _top_words(contributions: list[float], shown: list[str], limit: int = 2) -> tuple[str, ...]:
    ranked = sorted((i for i, c in enumerate(contributions) if c > 0.05), key=lambda i: -contributions[i])[
        :limit
    ]
    return tuple(shown[i] for i in sorted(ranked))


def triage_text(text: str) -> Triage:
    """Suggested categories (codes), urgency and evidence for a worker's text."""
    words = tokens(text)[:MAX_WORDS]
    if not words:
        return Triage(categories=(), urgent=False)
    shown = [w for w, _ in words]
    cyrillic = [c for _, c in words]
    folded = [fold(c) for c in cyrillic]
    lemmas = [ru_lemma(c) for c in cyrillic]

    hits: dict[str, set[int]] = {}
    urgent_hits: set[int] = set()
    candidates = _starts(folded, lemmas)
    for number, pattern in enumerate(_patterns()):
        if number not in candidates:
            continue
        found = _find(pattern, folded, lemmas, candidates[number])
        if found is None:
            continue
        if pattern.label:
            hits.setdefault(pattern.label, set()).update(found)
        if pattern.urgent:
            urgent_hits.update(found)
    # A child's age next to "years" («14 жаштагы», «15 лет»): a child at work is urgent.
    for i, f in enumerate(folded[:-1]):
        if _CHILD_AGE.match(f) and folded[i + 1].startswith(_AGE_WORDS):
            hits.setdefault("child_labour", set()).update({i, i + 1})
            urgent_hits.update({i, i + 1})

    scored = model_module.load().score(cyrillic)
    p = scored.probabilities
    chosen = [
        c
        for c in CATEGORIES
        if c != OTHER and (p.get(c, 0.0) >= MODEL_ALONE or (c in hits and p.get(c, 0.0) >= WITH_LEXICON))
    ]
    if not chosen:
        # Nothing sure: the likeliest category the lexicon names, else "other".
        named = sorted(hits, key=lambda c: -p.get(c, 0.0))
        chosen = named[:1] or [OTHER]

    evidence: list[Evidence] = []
    for c in chosen:
        positions = hits.get(c)
        words_c = (
            tuple(shown[i] for i in sorted(positions))
            if positions
            else _top_words(scored.contributions.get(c, []), shown)
        )
        evidence.append(Evidence(c, words_c))

    urgent = (
        bool(urgent_hits) or p.get(URGENT, 0.0) >= URGENT_MODEL or bool(URGENT_BY_NATURE.intersection(chosen))
    )
    if urgent:
        if urgent_hits:
            urgent_words = tuple(shown[i] for i in sorted(urgent_hits))
        else:
            urgent_words = tuple(
                w for e in evidence if e.subject in URGENT_BY_NATURE for w in e.words
            ) or _top_words(scored.contributions.get(URGENT, []), shown)
        evidence.append(Evidence(URGENT, urgent_words))
    return Triage(
        categories=tuple(chosen),
        urgent=urgent,
        evidence=tuple(evidence),
        scores=p,
        lexicon_categories=tuple(c for c in CATEGORIES if c in hits),
        lexicon_urgent=bool(urgent_hits),
    )


# Short Kyrgyz words and endings that Russian lacks, in folded spelling.
_KY_WORDS = frozenset(
    [
        "жок",
        "жатат",
        "жатам",
        "жатабиз",
        "жатишат",
        "жатат",
        "деп",
        "дейт",
        "менен",
        "учун",
        "бизди",
        "мени",
        "мага",
        "бизге",
        "биз",
        "мен",
        "ал",
        "алар",
        "кандаи",
        "кантип",
        "кайда",
        "емне",
        "болот",
        "болду",
        "берди",
        "кетти",
        "керек",
        "жардам",
    ]
)
_KY_ENDINGS = (
    "бай",
    "бей",
    "ган",
    "ген",
    "шту",
    "шти",
    "дан",
    "ден",
    "тан",
    "тен",
    "да",
    "де",
    "та",
    "те",
    "ды",
    "ди",
)


def variety(text: str) -> str:
    """The way a text is written: "ky_latn" (mostly Latin letters), "ru", "ky" or "mix" (Kyrgyz with
    Russian words). A Cyrillic word counts as Russian when pymorphy3's dictionary knows it and it has
    no Kyrgyz letter, word or ending, or when its stem is a Russian word under Kyrgyz endings
    («зарплатаны»); the share of Russian words decides (loanwords such as «паспорт» count as
    Russian, so Kyrgyz full of them reads as mixed)."""
    words = tokens(text)
    letters = [(shown, cyr) for shown, cyr in words if not cyr.isdigit()]
    if not letters:
        return ""
    latin = sum(1 for shown, _c in letters if shown.isascii())
    if latin * 2 > len(letters):
        return "ky_latn"
    russian = 0
    for _shown, cyr in letters:
        folded = fold(cyr)
        kyrgyz = (
            any(ch in "өүң" for ch in cyr)
            or folded in _KY_WORDS
            or (len(folded) > 4 and folded.endswith(_KY_ENDINGS) and not _known_russian(cyr))
        )
        if not kyrgyz and _known_russian(cyr):
            russian += 1
        elif len(stem := ky_stem(folded)) >= 4 and stem != folded and _known_russian(stem):
            russian += 1  # a Russian word with Kyrgyz endings: «зарплатаны», «паспортту»
    share = russian / len(letters)
    if share >= 0.8:
        return "ru"
    if share < 0.25:
        return "ky"
    return "mix"


@lru_cache(maxsize=50_000)
def _known_russian(word: str) -> bool:
    return bool(russian().word_is_known(word))
