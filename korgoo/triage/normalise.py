"""Bringing a worker's text to one spelling before it is read.

Workers type Kyrgyz in Cyrillic, without the letters ө ү ң when the phone has no Kyrgyz keyboard, or
in Latin letters in more than one way ("jok", "zhok"; "ishteym", "ishteim"; "iwtep", "qayda").
`to_cyrillic` turns a Latin word into Cyrillic by the rules below; `fold` then folds the letters the
spellings disagree on (ө→о, ү→у, ң→н, ы→и, й→и, ё→е, э→е), so that every spelling of one word gives
one key. Russian words typed in Latin letters come out as Russian Cyrillic by the same rules.

The rules are the project's own: `kyrgyz-transliteration` 0.2.0 restores ө ү ң from a word list but
reads "ai" as «аи» ("ailyk" → «аилык») and leaves an "h" after z ("kozhoyun" → «козhоюн»), and the
zh spelling is common among workers.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first: a digraph wins over its first letter.
_DIGRAPHS = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("kh", "х"), ("ts", "ц"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("oe", "ө"), ("ue", "ү"), ("dj", "ж"),
]  # fmt: skip
_SINGLE = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "ш", "x": "х", "z": "з",
}  # fmt: skip
_VOWELS = set("aeiouy")
_LATIN_WORD = re.compile(r"[a-z']+")
_TOKEN = re.compile(r"[0-9a-zа-яёөүң]+")
_FOLD = str.maketrans(
    {"ө": "о", "ү": "у", "ң": "н", "ы": "и", "й": "и", "ё": "е", "э": "е", "ъ": "", "ь": ""}
)


def _latin_word(word: str) -> str:
    """One lower-case Latin word in Cyrillic letters."""
    out: list[str] = []
    i = 0
    word = word.replace("'", "")
    while i < len(word):
        for latin, cyr in _DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            ch = word[i]
            prev = word[i - 1] if i else ""
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if ch == "y":
                # y is «й» next to a vowel it glides into or out of, «ы» elsewhere.
                if (i == 0 and nxt in _VOWELS) or (prev in _VOWELS and nxt not in _VOWELS):
                    out.append("й")
                else:
                    out.append("ы")
            elif ch == "i" and prev in "aeou" and prev and nxt not in _VOWELS:
                out.append("й")  # "ishteim", "bolboi": a vowel and i before a consonant or the end
            elif ch == "e" and i == 0:
                out.append("э")  # "emne", "emgek", "erteng"
            elif ch == "n" and nxt == "g" and (i + 2 == len(word) or word[i + 2] not in _VOWELS):
                out.append("ң")  # "kerek bolsong", "mening": ng at the end or before a consonant
                i += 1
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """The text lower-cased, with every Latin word written in Cyrillic; Cyrillic words are kept."""
    low = unicodedata.normalize("NFKC", text).casefold()
    return _LATIN_WORD.sub(lambda m: _latin_word(m.group(0)), low)


def fold(word: str) -> str:
    """One key for the spellings of a Cyrillic word: ө ү ң ы й ё э folded, signs dropped."""
    return word.translate(_FOLD)


def tokens(text: str) -> list[tuple[str, str]]:
    """The words of a text as (what the worker typed, lower-case Cyrillic), in order."""
    low = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for match in re.finditer(r"[0-9a-zа-яёөүң']+", low):
        raw = match.group(0).strip("'")
        if not raw:
            continue
        shown = text[match.start() : match.end()]
        out.append((shown, _latin_word(raw) if _LATIN_WORD.fullmatch(raw) else raw))
    return out
