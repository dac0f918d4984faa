"""Word forms to what the lexicon and the model look up: Russian lemmas, Kyrgyz stems.

Russian words are lemmatised with pymorphy3 and its Russian dictionary (offline): «заперли»,
«запер» → «запереть». No Kyrgyz lemmatiser or stemmer works offline (the `kyrgyz` package on PyPI
inflects nouns — stem to case form — but does not take a typed word back to its stem;
`kyrgyz-morph-tagger` pulls gigabytes and downloads models at run time), so Kyrgyz words are
stemmed here by stripping suffixes, on folded spelling (`normalise.fold`): Kyrgyz adds suffixes
in a fixed order (plural, possessive, case; on verbs negation, tense, person), so peeling the
common ones from the end, longest first, leaves a stem the lexicon's stems are prefixes of.
"""

from __future__ import annotations

from functools import lru_cache

from korgoo.core.morphology import russian

from .normalise import fold

# Folded spelling: ө ү ы are о у и here, so each suffix is listed once per vowel it harmonises to.
_V = "аеоуи"  # the vowels after folding
_SUFFIXES = sorted(
    {
        # verbs: -ышты/-шты (they did), -ды (did), -ат/-ет (does), -ган (who did), -бай (not doing),
        # -ып (having done), -йм (I do), -быз (we)
        *(f"{a}шт{b}" for a in ("", *_V) for b in "иу"),
        *(f"{c}{v}" for c in "дт" for v in "иу"),
        *(f"{v}т" for v in "аео"),
        *(f"{c}{v}н" for c in "гк" for v in "аео"),
        *(f"{c}{v}и" for c in "бпм" for v in "аео"),
        *(f"{v}п" for v in "иу"),
        *(f"{v}им" for v in "аео"),
        *(f"{c}{v}з" for c in "бп" for v in "иу"),
        # plural
        *(f"{c}{v}р" for c in "лдт" for v in "аео"),
        # possessive: my, your, our (his/her is the accusative's vowel, left alone)
        *(f"{v}м" for v in "иу"),
        *(f"{v}н" for v in "иу"),
        *(f"{v}б{v}з" for v in "иу"),
        # case: genitive, dative, accusative, locative, ablative
        *(f"{c}{v}н" for c in "днт" for v in "иу"),
        *(f"{c}{v}" for c in "гк" for v in "аео"),
        *(f"{c}{v}" for c in "днт" for v in "иу"),
        *(f"{c}{v}" for c in "дт" for v in "аео"),
        *(f"{c}{v}н" for c in "дтн" for v in "аео"),
        *(f"{c}{v}г{w}" for c in "дт" for v in "аео" for w in "иу"),
    },
    key=len,
    reverse=True,
)
MIN_STEM = 3


@lru_cache(maxsize=50_000)
def ky_stem(word: str) -> str:
    """The stem of a folded Kyrgyz word: suffixes stripped from the end while a stem of at least
    three letters remains (at most four rounds): «паспортторубузду» → «паспорт»."""
    stem = fold(word)
    for _ in range(4):
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
                break
        else:
            break
    return stem


@lru_cache(maxsize=50_000)
def ru_lemma(word: str) -> str:
    """The Russian dictionary form of a lower-case Cyrillic word (itself when unknown)."""
    if not word or any(ch in "өүң" for ch in word):
        return word
    parses = russian().parse(word)
    return str(parses[0].normal_form) if parses else word
