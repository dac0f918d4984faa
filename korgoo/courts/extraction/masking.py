"""Names of private persons out of a decision's text, before anything is stored in the clear.

Russian courts depersonalise their published decisions themselves («ФИО1», «<адрес>»), but not always
and not everywhere; Kazakh courts often do not. Korgoo masks what is left: every person natasha's
named-entity model finds, and every «Фамилия И.О.» / «И.О. Фамилия» it might have missed. The judge
is a public official acting in office and stays named (the decision is theirs); everyone else —
the person concerned, witnesses, the interpreter, the claimant — becomes «[ФИО]».
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MASK = "[ФИО]"

_INITIALS_AFTER = re.compile(
    r"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]{1,30}(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ]\.\s?[А-ЯЁ]?\.?)"
)
_INITIALS_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ]\.\s?[А-ЯЁ]\.)\s?([А-ЯЁ][а-яё]{1,30})")
_OFFICIAL = re.compile(r"(?:судь[яиеюй]|председательствующ\w*)\s*(?:[А-ЯЁа-яё.\-]+\s+){0,8}$", re.I)
# Words that start a «Word И.» pattern without being a surname.
_NOT_SURNAMES = {
    "Судья",
    "Суд",
    "Дело",
    "Статья",
    "Ст",
    "Часть",
    "Республики",
    "Республика",
    "Федерации",
    "Кодекса",
    "Российской",
    "Москвы",
    "Москва",
    "Казахстан",
    "Кыргызстан",
    "Таджикистан",
    "Узбекистан",
    "Председательствующий",
    "Секретарь",
    "При",
    "Гражданин",
    "Гражданка",
    "Постановление",
    "Решение",
    "Приговор",
    "Определение",
}


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # noqa: PLC0415 - a heavy library, loaded only when this runs

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _is_official(text: str, start: int) -> bool:
    return bool(_OFFICIAL.search(text[max(0, start - 80) : start]))


def person_names(text: str) -> set[str]:
    """The strings that name private persons in `text` (each as written, in every case form seen)."""
    from natasha import Doc  # noqa: PLC0415 - a heavy library, loaded only when this runs

    segmenter, tagger = _natasha()
    names: set[str] = set()
    official: set[str] = set()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    for span in doc.spans:
        if span.type != "PER":
            continue
        value = text[span.start : span.stop].strip()
        if len(value) < 3:
            continue
        (official if _is_official(text, span.start) else names).add(value)
    for pattern in (_INITIALS_AFTER, _INITIALS_BEFORE):
        for match in pattern.finditer(text):
            surname = match.group(1) if pattern is _INITIALS_AFTER else match.group(2)
            if surname in _NOT_SURNAMES:
                continue
            value = match.group(0).strip()
            (official if _is_official(text, match.start()) else names).add(value)
    # A judge's surname found elsewhere without the title stays named too.
    official_surnames = {_surname(name) for name in official}
    return {name for name in names if _surname(name) not in official_surnames and name not in official}


def _surname(name: str) -> str:
    words = [w for w in re.split(r"[\s.]+", name) if len(w) > 1]
    return words[0] if words else name


def mask_names(text: str, names: set[str]) -> str:
    """`text` with every one of `names` replaced by «[ФИО]» (longest first, whole words only)."""
    if not names:
        return text
    pattern = re.compile(
        r"(?<![А-ЯЁа-яё])(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![а-яё])"
    )
    return pattern.sub(MASK, text)
