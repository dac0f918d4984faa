"""Turning text into search terms, the same way for what is indexed and for what a worker types.

- Words are case-folded; «ё» becomes «е»; old-font «ѳ» becomes «ө».
- Russian: each word also gives its dictionary form (pymorphy3): «зарплату», «зарплаты» → «зарплата».
- Kyrgyz: there is no Kyrgyz stemmer, so common suffixes are stripped here (plural, possessive, case,
  a few verb endings): «документтериңизди» → «документ», «айлыгы» → «айлык». A worker's Kyrgyz
  word is then looked up as the start of indexed stems, which forgives what the rules miss.
- English: Snowball stems («wages» → «wage»).
- Latin letters typed for Kyrgyz or Russian words («zarplata», «aylyk») are also read as Cyrillic.
- Names of agencies and places also give a Latin "skeleton" (`korgoo.agencies.matching`), so «Ala Too
  Jumush» finds «Ала-Тоо Жумуш».

Typo tolerance (similar words of the index) and synonyms are applied to queries by `selectors`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from korgoo.agencies.matching import skeleton
from korgoo.core.morphology import russian

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile("[а-яёңөүА-ЯЁҢӨҮ]")
_KYRGYZ_ONLY = re.compile("[ңөү]")
_LATIN = re.compile("^[a-z0-9]+$")
TERM = re.compile(r"^[^\W_]+$", re.UNICODE)

STOP_WORDS = frozenset(
    """
    и в во что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
    было вот от меня еще о из ему теперь когда даже ну ли если уже или ни быть был него до вас
    там потом себя ей может они тут где есть надо ней для мы тебя их чем была сам без чего раз тоже
    себе под будет ж тогда кто этот того потому этого какой ним здесь этом один мой тем чтобы нее
    были куда зачем всех можно при об после над больше тот через эти нас про всего них какая эту моя
    этой перед том такой им более всю между делать мой мои мою это свой свою свои меня мне нам ваш
    жана менен үчүн бул ал мен сен сиз биз алар эмне кантип кайда качан деп да де эле бир ошол ушул
    болуп болот мага менин сизге сиздин өз же бирок эгер ким кандай болсо анын аны ага ар дагы
    керек кылуу кылып жатат жатам жатабыз жатасыз жатышат жатышты турат калды калат кетти
    кылам кылсам кылабыз кылат кылышат кылса кыл эмнеге болот барбы
    the a an and or of to in on at for by with from is are was were be been it its this that what
    how my me i you your do does did can if as so about into over
    """.split()  # noqa: SIM905 (a word list reads best as text)
)

_EN = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return text.replace("ё", "е").replace("ѳ", "ө")


def words(text: str) -> list[str]:
    """The words of a text, normalised."""
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=200_000)
def ru_known(word: str) -> bool:
    """Whether the Russian dictionary knows the word (Kyrgyz words it does not: it only guesses)."""
    return (
        bool(_CYRILLIC.search(word)) and not _KYRGYZ_ONLY.search(word) and bool(russian().word_is_known(word))
    )


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    """The Russian dictionary form of a word (the most likely one)."""
    if not _CYRILLIC.search(word) or _KYRGYZ_ONLY.search(word):
        return word
    return str(russian().parse(word)[0].normal_form).replace("ё", "е")


# Kyrgyz suffixes, by length (longest first within the set). Vowel harmony gives the variants.
_KY_SUFFIXES = sorted(
    set(
        """
        ыңыздар иңиздер уңуздар үңүздөр ыңыздын иңиздин уңуздун үңүздүн
        ыңыз иңиз уңуз үңүз ңыз ңиз ңуз ңүз ыбыз ибиз убуз үбүз быз биз буз бүз
        ндагы ндеги ндогу ндөгү дагы деги догу дөгү тагы теги тогу төгү
        лар лер лор лөр дар дер дор дөр тар тер тор төр
        нын нин нун нүн дын дин дун дүн тын тин тун түн
        дан ден дон дөн тан тен тон төн нан нен нон нөн
        нда нде ндо ндө
        ган ген гон гөн кан кен кон көн
        бай бей бой бөй пай пей пой пөй
        ны ни ну нү ды ди ду дү ты ти ту тү
        га ге го гө ка ке ко кө на не но нө
        да де до дө та те то тө
        са се со сө ба бе бо бө па пе по пө
        сы си су сү ым им ум үм ың иң уң үң
        ып ип уп үп ар ер ор өр
        уу үү
        """.split()  # noqa: SIM905 (a word list reads best as text)
    ),
    key=lambda s: (-len(s), s),
)
_KY_VOWELS = set("аеиоөуүыэюя")
_SINGLE = set("ыиуүаеоө")


@lru_cache(maxsize=200_000)
def ky_stem(word: str) -> str:
    """A Kyrgyz word without its common suffixes (at most four), and with the stem's last consonant
    unvoiced again where a vowel suffix had voiced it (айлыгы → айлык, китеби → китеп)."""
    if not _CYRILLIC.search(word):
        return word
    stem = word
    voiced = False
    for _round in range(4):
        for suffix in _KY_SUFFIXES:
            rest = stem[: -len(suffix)]
            if stem.endswith(suffix) and len(rest) >= 3 and _KY_VOWELS & set(rest):
                stem, voiced = rest, suffix[0] in _KY_VOWELS
                break
        else:
            if stem[-1:] in _SINGLE and len(stem) >= 5 and stem[-2:-1] not in _KY_VOWELS:
                stem, voiced = stem[:-1], True
                continue
            break
    if voiced and stem[-1:] in ("г", "б"):
        stem = stem[:-1] + {"г": "к", "б": "п"}[stem[-1]]
    return stem


_FOLD = str.maketrans("өүң", "оун")


def fold(term: str) -> str:
    """Kyrgyz letters as a Russian keyboard types them (ө → о, ү → у, ң → н): many workers have no
    Kyrgyz keyboard. Both the index and the query also carry this form of Kyrgyz stems."""
    return term.translate(_FOLD)


@lru_cache(maxsize=100_000)
def en_stem(word: str) -> str:
    if not _LATIN.match(word):
        return word
    return str(_EN.stemWord(word))


_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("yu", "ю"),
    ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("ö", "ө"), ("ü", "ү"), ("ng", "ң"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"),
    ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"),
    ("y", "ы"), ("z", "з"),
]  # fmt: skip


@lru_cache(maxsize=50_000)
def to_cyrillic(word: str) -> str:
    """A Latin spelling of a Kyrgyz or Russian word read as Cyrillic: «aylyk» → «айлык»."""
    if not re.match("^[a-zöü]+$", word):
        return word
    # y or i after a vowel and before a consonant (or at the end) is «й»: «ailyk», «aylyk» → «айлык».
    word = re.sub(r"(?<=[aeiouöü])[yi](?=[^aeiouöü]|$)", "§", word)
    out = []
    i = 0
    while i < len(word):
        if word[i] == "§":
            out.append("й")
            i += 1
            continue
        for latin, cyrillic in _LATIN_TO_CYRILLIC:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


# --- Index side ---------------------------------------------------------------------------------


def index_terms(text: str, language: str, *, names: bool = False) -> list[str]:
    """The terms a text is indexed under: each word, and its dictionary form or stem in `language`
    (ky, ru, en, or "" for text in several languages). `names`: also Latin skeletons of the words
    (for names of agencies and places)."""
    terms: list[str] = []
    for word in words(text):
        if word in STOP_WORDS:
            continue
        forms = {word}
        cyrillic = bool(_CYRILLIC.search(word))
        if cyrillic and language in ("ru", ""):
            forms.add(ru_lemma(word))
        if cyrillic and language in ("ky", ""):
            stem = ky_stem(word)
            forms.add(stem)
            forms.add(fold(stem))
        if not cyrillic and language in ("en", ""):
            forms.add(en_stem(word))
        if names:
            forms.add(skeleton(word).replace(" ", ""))
        terms.extend(sorted(f for f in forms if f and TERM.match(f)))
    return terms


# --- Query side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    term: str
    weight: float
    prefix: bool = False


@dataclass
class QueryWord:
    word: str
    alternatives: list[Alternative]


def _add(found: dict[tuple[str, bool], Alternative], term: str, weight: float, prefix: bool = False) -> None:
    if not term or not TERM.match(term):
        return
    key = (term, prefix)
    if key not in found or found[key].weight < weight:
        found[key] = Alternative(term, weight, prefix)


def query_words(query: str) -> list[QueryWord]:
    """The words of a query, each with the terms that may stand for it in the index."""
    out: list[QueryWord] = []
    typed = [w for w in words(query)[:12] if w not in STOP_WORDS]
    cyrillic = [w for w in typed if _CYRILLIC.search(w)]
    # A query in Kyrgyz: a Kyrgyz letter, or most of its words unknown to the Russian dictionary.
    # Then Russian dictionary forms are not tried (they would be guesses, and match by accident).
    kyrgyz = any(_KYRGYZ_ONLY.search(w) for w in typed) or (
        bool(cyrillic) and sum(1 for w in cyrillic if not ru_known(w)) * 2 > len(cyrillic)
    )
    for word in typed:
        found: dict[tuple[str, bool], Alternative] = {}
        readings = [(word, 1.0)]
        if not _CYRILLIC.search(word) and re.match("^[a-zöü]+$", word) and len(word) >= 3:
            readings.append((to_cyrillic(word), 0.85))
        for reading, weight in readings:
            _add(found, reading, weight)
            if _CYRILLIC.search(reading):
                if not kyrgyz and ru_known(reading):  # a guess for an unknown word only adds noise
                    _add(found, ru_lemma(reading), weight * 0.95)
                stem = ky_stem(reading)
                _add(found, stem, weight * 0.9, prefix=len(stem) >= 4)
                folded = fold(ky_stem(fold(reading)))
                _add(found, folded, weight * 0.85, prefix=len(folded) >= 4)
            else:
                stem = en_stem(reading)
                _add(found, stem, weight * 0.95)
                if len(stem) >= 4:
                    _add(found, stem, weight * 0.85, prefix=True)
        if not _CYRILLIC.search(word):
            _add(found, skeleton(word).replace(" ", ""), 0.8)
        out.append(QueryWord(word=word, alternatives=list(found.values())))
    return out


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Words a worker may use for the same thing (data/synonyms.txt): word → the other words."""
    path = Path(__file__).resolve().parent / "data" / "synonyms.txt"
    groups: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = tuple(dict.fromkeys(normalise(w.strip()) for w in line.split(",") if w.strip()))
        for member in members:
            others = tuple(m for m in members if m != member)
            groups[member] = tuple(dict.fromkeys([*groups.get(member, ()), *others]))
    return groups
