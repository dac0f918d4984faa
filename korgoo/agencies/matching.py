"""Finding an agency by a name as a worker heard it: in Cyrillic or Latin letters, with typos, with
or without quotes and legal forms («ОсОО "Ала-Тоо"», "Ala Too LLC", "ала тоо жумуш").

Both the registry's names and the worker's words are brought to one Latin "skeleton": legal forms
and quotes are dropped, Kyrgyz and Russian letters are transliterated (ң → ng, ө → o, ү → u, ж → zh…),
and spellings that sound alike are folded (zh/j/dzh → j, kh/h → h, ts/c → c, y/i → i, doubled letters
once). Skeletons are compared with rapidfuzz; a permit number is matched exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# Legal forms, in Kyrgyz, Russian and English, written out or shortened, and generic words. (Not the Kazakh «ТОО»: in
# Kyrgyz «тоо» is a mountain, and half the names have one.)
_LEGAL_FORMS = [
    "жоопкерчилиги чектелген коому",
    "жоопкерчилиги чектелген коом",
    "общество с ограниченной ответственностью",
    "limited liability company",
    "жеке ишкер",
    "индивидуальный предприниматель",
    "осоо", "оcоо", "ооо", "оао", "зао", "пао", "ао", "жчк", "ип", "чп",
    "llc", "ltd", "limited", "inc", "co", "osoo", "ooo",
    # Words that say what the company is, not which one: workers add or drop them.
    "агентство", "агенттиги", "агенттик", "агенство", "agency", "agentstvo", "компания", "company", "фирма",
]  # fmt: skip
_FORMS = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(f) for f in sorted(_LEGAL_FORMS, key=len, reverse=True))
    + r")\.?(?!\w)"
)
_QUOTES = re.compile("[«»\"“”„‟'’‘`´]")
_NON_WORD = re.compile(r"[^\w]+")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "қ": "k", "ғ": "g", "ұ": "u", "і": "i", "ә": "a", "һ": "h",
}  # fmt: skip

# Spellings that sound alike, folded to one (applied in this order, after transliteration).
_FOLDS = [
    ("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("ch", "c"), ("sh", "s"),
    ("yu", "u"), ("ya", "a"), ("yo", "o"), ("ph", "f"), ("w", "v"), ("q", "k"), ("x", "ks"),
    ("y", "i"), ("ü", "u"), ("ö", "o"), ("ı", "i"), ("ñ", "n"), ("ng", "n"), ("c", "k"),
]  # fmt: skip


def transliterate(text: str) -> str:
    """Latin letters for Kyrgyz and Russian Cyrillic (Latin text is kept as it is)."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def clean_name(text: str) -> str:
    """A name without quotes, legal forms and punctuation, lower-case, single-spaced."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    folded = _QUOTES.sub(" ", folded)
    folded = _FORMS.sub(" ", folded)
    return " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())


def skeleton(text: str) -> str:
    """The Latin skeleton of a name: words kept apart by single spaces."""
    latin = transliterate(clean_name(text))
    latin = unicodedata.normalize("NFKD", latin)
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", latin)


def permit_key(text: str) -> str:
    """A permit number without spaces, dashes or case: "demo-25-001" → "DEMO25001"."""
    return re.sub(r"[\W_]+", "", text).upper()


def similarity(query: str, name: str) -> float:
    """How alike two skeletons are, 0–100: whole names, word order ignored, and without spaces
    ("AlaToo" against "Ala Too"). A short query that is only part of a name scores lower."""
    if not query or not name:
        return 0.0
    whole = max(
        fuzz.ratio(query, name),
        fuzz.token_sort_ratio(query, name),
        fuzz.ratio(query.replace(" ", ""), name.replace(" ", "")),
    )
    if len(query.replace(" ", "")) >= 5:
        # "ala too" for "ala too jumus servis": the worker heard part of the name.
        whole = max(whole, 0.9 * fuzz.token_set_ratio(query, name), 0.85 * fuzz.partial_ratio(query, name))
    return float(whole)


@dataclass(frozen=True)
class Candidate:
    key: str  # the agency's id
    names: tuple[str, ...]  # skeletons of its names (Cyrillic and Latin)
    permit: str


def best_matches(
    query: str, candidates: list[Candidate], *, limit: int = 5, floor: float = 60.0
) -> list[tuple[Candidate, float]]:
    """Candidates ordered by how well their best name matches the query (at least `floor`)."""
    wanted = skeleton(query)
    permit = permit_key(query)
    scored = []
    for candidate in candidates:
        if permit and len(permit) >= 4 and candidate.permit == permit:
            scored.append((candidate, 100.0))
            continue
        score = max((similarity(wanted, name) for name in candidate.names), default=0.0)
        if score >= floor:
            scored.append((candidate, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].key))
    return scored[:limit]
