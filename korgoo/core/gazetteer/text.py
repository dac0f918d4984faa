"""How a typed city name is brought to a key that every spelling of the same name shares.

Workers write the same city in Cyrillic or Latin letters, in Russian, Kyrgyz or English, with or
without «г.» or «шаары», and with the grammar of the sentence they think in («Москвада», «в Москве»).
`key` turns any of them into one Latin skeleton: Cyrillic letters (Russian, Kyrgyz, Kazakh and their
neighbours) are transliterated, accents dropped, and spellings that transliteration schemes write
differently are folded (zh/j/dzh, kh/h, w/v, y/i, ye/e, doubled letters once), so «Москва», «moskva»
and «Moskwa» share the key `moskva`. `candidates` lists the forms of a typed text worth looking up:
as written, without the words for "city", without a case ending.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kyrgyz and Kazakh
    "ң": "n", "ө": "o", "ү": "u", "қ": "k", "ғ": "g", "ұ": "u", "ә": "a", "һ": "h", "і": "i",
    # Ukrainian, Belarusian, Serbian, Macedonian: they appear among the names other languages give
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ј": "y", "љ": "l", "њ": "n", "ћ": "ch", "ђ": "dj",
    "џ": "dzh", "ѓ": "g", "ќ": "k", "ѕ": "dz", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ҕ": "g",
    "ӈ": "n", "ҥ": "n", "ӧ": "o", "ӱ": "u", "ӓ": "a", "ӹ": "y", "ӝ": "j", "ӟ": "z", "ҡ": "k",
    "ҙ": "z", "ҫ": "s", "җ": "j", "ӆ": "l",
}  # fmt: skip

# Latin letters that do not decompose into a base letter and an accent.
_LATIN = {"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ł": "l", "đ": "d"}

# Spellings that transliteration schemes write differently, folded to one, in this order.
_FOLDS = [
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("dj", "j"),
    ("kh", "h"), ("tz", "ts"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("q", "k"), ("x", "ks"),
]  # fmt: skip
# Schemes write Russian «е» as "ye" or "e" (Yekaterinburg, Ekaterinburg): the y before an e goes,
# repeatedly, so that «ные» and "nyye" agree. (Before other vowels y becomes i like any other y, so
# "Ul'yanovsk" and "Ulianovsk" agree, and «Янсан» stays apart from «Ансан».)
_GLIDE = re.compile(r"y(?=e)")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(.)\1+")

# Words that say "city" or "in" around a name: «г. Москва», «Бишкек шаары», "city of London".
_CITY_WORDS = frozenset(
    ["г", "гор", "город", "городе", "городок", "в", "во", "шаар", "шаары", "шаарында", "шаарындагы", "ш",
     "ш-ры", "city", "of", "the", "in", "gorod", "shaar", "shaary", "sh"]
)  # fmt: skip
_WORD = re.compile(r"[\w’'ʹʼ`-]+")

# Kyrgyz case endings on a place name (locative, dative, ablative, genitive, and «-дагы»), Cyrillic
# and as they are typed in Latin letters; longest first.
_KY_ENDINGS = sorted(
    {
        *(f"{c}{v}{e}" for c in "дт" for v in "аеоө" for e in ("н",)),
        *(f"{c}{v}" for c in "дтгк" for v in "аеоө"),
        *(f"{c}{v}{e}" for c in "дт" for v in "аеоөу" for e in ("гы", "ги", "гу", "гү")),
        *(f"{c}{v}н" for c in "нд" for v in "ыиуү"),
        *(f"{c}{v}n" for c in "dt" for v in "aeo"),
        *(f"{c}{v}" for c in "dtgk" for v in "aeo"),
    },
    key=len,
    reverse=True,
)
# Russian endings after «в», «из», «до» (Москве, Казани, Новосибирске, Перми) and what they replace.
_RU_ENDINGS = [("е", "а"), ("е", ""), ("и", "ь"), ("и", "а"), ("и", ""), ("ы", "а"), ("у", "а")]


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones (Russian, Kyrgyz, Kazakh and neighbours); Latin is kept."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def key(text: str) -> str:
    """The skeleton every spelling of one name shares: «Москва», "Moskwa", "moskva" → "moskva"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    latin = transliterate(folded)
    latin = "".join(_LATIN.get(ch, ch) for ch in latin)
    latin = unicodedata.normalize("NFKD", latin)
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    latin = _NOT_KEY.sub("", latin)
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    previous = None
    while previous != latin:
        previous, latin = latin, _GLIDE.sub("", latin)
    latin = latin.replace("y", "i")
    return _DOUBLES.sub(r"\1", latin)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().replace("ё", "е"))


def _without_city_words(words: list[str]) -> list[str]:
    kept = [w for w in words if w.strip(".") not in _CITY_WORDS]
    return kept or words


def bare(text: str) -> str:
    """The name alone: before a comma or a bracket, without the words for "city"."""
    head = re.split(r"[,(/;]", text, maxsplit=1)[0]
    return " ".join(_without_city_words(_words(head)))


def candidates(text: str) -> list[str]:
    """Forms of a typed place name to look up, most literal first: as typed; before a comma or a
    bracket; without the words for "city"; then with a Kyrgyz or Russian case ending taken off the
    last word («Москвада», «в Москве» → «Москва»)."""
    out: list[str] = []

    def add(value: str) -> None:
        value = " ".join(value.split())
        if value and value not in out:
            out.append(value)

    add(text)
    add(re.split(r"[,(/;]", text, maxsplit=1)[0])
    name = bare(text)
    add(name)
    words = name.split()
    if not words:
        return out
    *first, last = words
    prefix = " ".join(first)
    for ending in _KY_ENDINGS:
        stem = last[: -len(ending)].rstrip("-'’")
        if last.endswith(ending) and len(stem) >= 2:
            add(f"{prefix} {stem}")
    for ending, replacement in _RU_ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            add(f"{prefix} {last[: -len(ending)]}{replacement}")
    return out
