"""The rules that read a decision: each field, the sentence it came from, and how sure the rule is.

Every rule is a regular expression over the decision's text (morphology from pymorphy3 where a court's
name must be put back into the nominative case), so a reviewer can see why a value was taken: the
sentence is kept with it. A value the rules are unsure of (confidence below `REVIEW_BELOW`) puts the
decision into the review queue.

Where a rule reads the operative part (what the court ordered: after «ПОСТАНОВИЛ:», «РЕШИЛ:»,
«ПРИГОВОРИЛ:»), it does so because the reasoning part quotes the charge, the prosecutor's request and
earlier decisions, which are not what the court decided.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
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


# --- Court -------------------------------------------------------------------------------------------

_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
_TAIL = (
    r"(?:[ ]+по[ ]+[а-яё]+(?:[ ]+[а-яё]+){0,2})?"  # «суд по административным правонарушениям»
    # A name wrapped onto the next line (PDF) continues after «г.» or «города».
    r"(?:(?:[ ]+|(?<=г\.)\n|(?<=города)\n)(?:г\.|гор\.|города|района|области|края|округа|автономного|Республики|республики|"
    r"федерального|значения|" + _CAP + r"(?![ ]+[А-ЯЁ]\.)))*"
)
_COURT_NOM = re.compile(
    r"(?<![А-ЯЁа-яё])((?:"
    + _CAP
    + r")(?:[ ]+[а-яё]+(?:ый|ий|ой)){0,3}[ ]+(?:военный[ ]+)?суд)(?![а-яё])("
    + _TAIL
    + ")"
)
_COURT_GEN = re.compile(
    r"(?<![А-ЯЁа-яё])((?:"
    + _CAP
    + r")(?:[ ]+[а-яё]+(?:ого)){0,3}[ ]+(?:военного[ ]+)?суда)(?![а-яё])("
    + _TAIL
    + ")"
)
_BEFORE_ACCUSATIVE = re.compile(r"(?:\b(?:в|во|через|из|на)\s*)$", re.I)
_NOT_A_COURT_NAME = {"Верховный", "Верховного", "Конституционный", "Конституционного", "Судебная"}


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # noqa: PLC0415 - a heavy library, loaded only when this runs

    return pymorphy3.MorphAnalyzer()


def _nominative(word: str) -> str:
    """One adjective of a court's name from the genitive back to the nominative case."""
    if word == "суда":
        return "суд"
    lowered = word.lower()
    for parse in _morph().parse(lowered):
        if {"ADJF", "gent"} in parse.tag:
            inflected = parse.inflect({"nomn", "sing", "masc"})
            if inflected is not None:
                new = str(inflected.word)
                return new[0].upper() + new[1:] if word[0].isupper() else new
    return word


def _clean_tail(tail: str) -> str:
    tail = re.sub(r"\s+", " ", tail).strip()
    # A trailing capitalised word that starts the next phrase («… области Иванов И.И.») is a name,
    # not a place: a place ends with a genitive ending.
    words = tail.split(" ")
    while words and words[-1][:1].isupper() and not re.search(r"(?:ы|и|а|я|ого|ой|ей|ска|ска)$", words[-1]):
        words.pop()
    return " ".join(words)


def normalise_court(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    name = re.sub(r"\bг\.\s*", "г. ", name)
    return name


def find_court(text: str, sentences: Sentences, title: str = "") -> Fact:
    candidates: list[tuple[int, str, float]] = []
    for match in _COURT_NOM.finditer(text):
        if match.group(1).split()[0] in _NOT_A_COURT_NAME:
            continue
        if _BEFORE_ACCUSATIVE.search(text[max(0, match.start() - 8) : match.start()]):
            continue  # «обжаловано в Московский городской суд»: the court of appeal, not this one
        name = match.group(1) + " " + _clean_tail(match.group(2))
        candidates.append((match.start(), normalise_court(name), 0.95))
    for match in _COURT_GEN.finditer(text):
        if match.group(1).split()[0] in _NOT_A_COURT_NAME:
            continue
        before = text[max(0, match.start() - 40) : match.start()].lower()
        if not re.search(r"(?:судь[яи]|председател\w*|с\s*уд\w*|аппарат\w*)\s*$", before):
            continue  # only «Судья Ленинского районного суда …», the court that decides
        words = [_nominative(w) for w in match.group(1).split()]
        name = " ".join(words) + " " + _clean_tail(match.group(2))
        candidates.append((match.start(), normalise_court(name), 0.9))
    if title:
        for match in _COURT_NOM.finditer(title):
            if match.group(1).split()[0] not in _NOT_A_COURT_NAME:
                name = normalise_court(match.group(1) + " " + _clean_tail(match.group(2)))
                return Fact(name, title, 0.95)
    if not candidates:
        return Fact("", "", 0.0)
    position, name, confidence = min(candidates)
    return Fact(name, sentences.at(position), confidence)


# --- Case number -------------------------------------------------------------------------------------

_NUMBER = r"([0-9]{1,5}[А-Яа-яA-Za-z]{0,2}(?:-[0-9]{1,6}){1,4}(?:/[0-9]{1,6})?(?:/[0-9]{2,4})?)"
_CASE_LABELLED = re.compile(r"Номер\s+дела[^0-9]{0,30}" + _NUMBER)
_CASE_NUMBER = re.compile(r"(?:Дело|дело|ДЕЛО|Материал|Іс)\s*(?:№|N|No\.?)\s*" + _NUMBER)
_CASE_BARE = re.compile(r"(?m)^\s*№\s*" + _NUMBER)


def find_case_number(text: str, sentences: Sentences, title: str = "") -> Fact:
    for pattern in (_CASE_LABELLED, _CASE_NUMBER):
        match = pattern.search(text)
        if match:
            return Fact(_normal_number(match.group(1)), sentences.at(match.start()), 0.95)
    match = _CASE_NUMBER.search(title) or _CASE_BARE.search(text)
    if match:
        return Fact(_normal_number(match.group(1)), sentences.at(match.start()) or title, 0.85)
    return Fact("", "", 0.0)


def _normal_number(number: str) -> str:
    # The Cyrillic «а» of «2а-…» and a Latin «a» look alike; courts mean the Cyrillic one.
    return number.replace("a", "а").replace("A", "А")


# --- Date --------------------------------------------------------------------------------------------

MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_DATE = re.compile(
    r"«?\b(\d{1,2})»?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})(?:\s*(?:года|г\.?))?"
    r"|\b(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:года|г\.?))?"
)
_DATE_LABELLED = re.compile(
    r"Дата\s+(?:решения|вынесения|рассмотрения|постановления|судебного\s+акта|приговора)[^:\n]{0,30}:\s*"
)
_BIRTH = re.compile(r"^\W{0,3}(?:года\s+)?(?:рождения|г\.\s?р\.|г\.р)", re.I)


def _date_at(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group(1):
            return dt.date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None


def find_decided_on(text: str, sentences: Sentences) -> Fact:
    labelled = _DATE_LABELLED.search(text)
    if labelled:
        match = _DATE.match(text, labelled.end())
        if match and (value := _date_at(match)):
            return Fact(value.isoformat(), sentences.at(labelled.start()), 0.95)
    heading = _HEADING.search(text)
    start = heading.end() if heading else 0
    for match in _DATE.finditer(text, start):
        if _BIRTH.match(text[match.end() : match.end() + 20]):
            continue
        if re.search(r"\b(?:от|с|по|до)\s*$", text[max(0, match.start() - 4) : match.start()]):
            continue  # «протокол от 10.03.2024», a period: not the day of the decision
        value = _date_at(match)
        if value is not None:
            return Fact(value.isoformat(), sentences.at(match.start()), 0.95 if heading else 0.7)
    return Fact(None, "", 0.0)


# --- Proceeding --------------------------------------------------------------------------------------

_PROCEEDING_SIGNS = (
    (
        "criminal",
        re.compile(
            r"П\s?Р\s?И\s?Г\s?О\s?В\s?О\s?Р(?![а-яё])|уголовн\w+\s+дел|подсудим|уголовн\w+\s+преследовани"
        ),
    ),
    (
        "administrative",
        re.compile(
            r"административн\w+\s+правонарушени|административн\w+\s+исков|административн\w+\s+истц|"
            r"КоАП|КАС\s+РФ|административн\w+\s+дел"
        ),
    ),
    ("civil", re.compile(r"гражданск\w+\s+дел|исков\w+\s+заявлени|по\s+иску|исков\w+\s+требовани|ГПК")),
)
_NUMBER_PROCEEDING = {
    "1": "criminal",
    "22": "criminal",
    "5": "administrative",
    "05": "administrative",
    "12": "administrative",
    "2а": "administrative",
    "3а": "administrative",
    "2": "civil",
    "02": "civil",
    "33": "civil",
    "11": "civil",
}


def find_proceeding(text: str, sentences: Sentences, case_number: str) -> Fact:
    first: tuple[int, str] | None = None
    for kind, pattern in _PROCEEDING_SIGNS:
        match = pattern.search(text)
        if match and (first is None or match.start() < first[0] or kind == "criminal"):
            first = (match.start(), kind)
            if kind == "criminal" and match.start() < 3000:
                break
    by_number = _NUMBER_PROCEEDING.get(case_number.split("-", 1)[0].lower()) if "-" in case_number else None
    if first is None:
        if by_number:
            return Fact(by_number, "", 0.7)
        return Fact("administrative", "", 0.0)
    position, kind = first
    confidence = 0.95 if by_number in (None, kind) else 0.6
    return Fact(kind, sentences.at(position), confidence)


# --- Articles ----------------------------------------------------------------------------------------

_CODES = (
    (
        "KoAP_KZ",
        r"КоАП\s*(?:РК|Республики\s+Казахстан)|Кодекса?\s+(?:Республики\s+Казахстан|РК)\s+об\s+"
        r"административных\s+правонарушениях|Кодекса?\s+об\s+административных\s+правонарушениях\s+"
        r"(?:Республики\s+Казахстан|РК)",
    ),
    (
        "KoAP_RU",
        r"КоАП\s*(?:РФ|Российской\s+Федерации)|Кодекса?\s+(?:Российской\s+Федерации|РФ)\s+об\s+"
        r"административных\s+правонарушениях",
    ),
    ("UK_RU", r"УК\s*РФ|Уголовного\s+кодекса\s+(?:Российской\s+Федерации|РФ)"),
    ("TK_RU", r"ТК\s*РФ|Трудового\s+кодекса\s+(?:Российской\s+Федерации|РФ)"),
)
_CODE_GROUPS = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _CODES)
_ARTICLE_REF = re.compile(
    r"(?:ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*,?\s*)?"
    r"(?:ст(?:ать[а-я]*|\.)\s*(?:ст\.\s*)?)"
    r"(?P<list>\d{1,3}(?:\.\d{1,2})*(?:\s*(?:,|и)\s*\d{1,3}(?:\.\d{1,2})*)*)\s*"
    r"(?:" + _CODE_GROUPS + ")"
)


# «ст. 517 ч. 3 КоАП РК»: the article before its part, as Kazakh courts often write it.
_ARTICLE_REVERSED = re.compile(
    r"ст(?:ать[а-я]*|\.)\s*(?P<list>\d{1,3}(?:\.\d{1,2})*)\s*,?\s*ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*"
    r"(?:" + _CODE_GROUPS.replace("?P<", "?P<r_") + ")"
)
# «ч. 2 ст. 322, ч. 3 ст. 327 УК РФ»: references before the one that names the code share its code.
_ARTICLE_BEFORE = re.compile(
    r"(?:ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*)?ст(?:ать[а-я]*|\.)\s*"
    r"(?P<number>\d{1,3}(?:\.\d{1,2})*)\s*,\s*$"
)


def _substantive(code: str, article: str) -> bool:
    """Only the articles that charge or ground a claim: the special part of the codes, not their
    general or procedural provisions (КоАП РФ chapters 5–21; УК РФ articles 105–361; КоАП РК
    articles 73–683; the whole ТК РФ, which a wage claim relies on)."""
    head = int(article.split(".")[0])
    if code == "KoAP_RU":
        return 5 <= head <= 21
    if code == "UK_RU":
        return 105 <= head <= 361
    if code == "KoAP_KZ":
        return 73 <= head <= 683
    return True


def _articles_in(text: str, offset: int = 0) -> list[tuple[int, dict[str, Any]]]:
    found: list[tuple[int, dict[str, Any]]] = []
    for match in _ARTICLE_REF.finditer(text):
        code = next(name for name, _ in _CODES if match.group(name))
        before: list[tuple[int, dict[str, Any]]] = []
        start = match.start()
        while chained := _ARTICLE_BEFORE.search(text, max(0, start - 40), start):
            before.insert(
                0,
                (
                    chained.start(),
                    {"code": code, "article": chained.group("number"), "part": chained.group("part")},
                ),
            )
            start = chained.start()
        found.extend(
            (offset + at, article) for at, article in before if _substantive(code, article["article"])
        )
        numbers = re.split(r"\s*(?:,|и)\s*", match.group("list"))
        for index, number in enumerate(numbers):
            if not _substantive(code, number):
                continue
            part = match.group("part") if index == 0 else None
            found.append((offset + match.start(), {"code": code, "article": number, "part": part}))
    for match in _ARTICLE_REVERSED.finditer(text):
        code = next(name for name, _ in _CODES if match.group(f"r_{name}"))
        number = match.group("list")
        if _substantive(code, number):
            found.append(
                (offset + match.start(), {"code": code, "article": number, "part": match.group("part")})
            )
    found.sort(key=lambda item: item[0])
    return found


def parse_articles(text: str) -> list[dict[str, Any]]:
    """Articles as a reviewer types them («ч. 2 ст. 322, ч. 3 ст. 327 УК РФ»), read by the same rules
    as a decision."""
    found: list[dict[str, Any]] = []
    for _position, article in _articles_in(text):
        if article not in found:
            found.append(article)
    return found


def find_articles(text: str, sentences: Sentences, operative: int | None, proceeding: str) -> Fact:
    found: list[tuple[int, dict[str, Any]]] = []
    if operative is not None and proceeding != "civil":
        found = _articles_in(text[operative:], operative)
    confidence = 0.95
    if not found:
        found = _articles_in(text)
        confidence = 0.9 if proceeding == "civil" else 0.75
    with_part = {(a["code"], a["article"]) for _, a in found if a["part"]}
    articles: list[dict[str, Any]] = []
    positions: list[int] = []
    for position, article in found:
        if article["part"] is None and (article["code"], article["article"]) in with_part:
            continue
        if article not in articles:
            articles.append(article)
            positions.append(position)
    if not articles:
        return Fact([], "", 0.5)
    return Fact(articles, sentences.at(positions[0]), confidence)


# --- Citizenship -------------------------------------------------------------------------------------

_KG = (
    r"(?:Кыргызск\w+\s+Республик\w+|Киргизск\w+\s+Республик\w+|Республик\w+\s+Кыргызстан|"
    r"Республик\w+\s+Киргизия|Киргизи[иия]|Кыргызстан\w*|Киргизстан\w*|КР(?![А-ЯЁа-яё])|"
    r"Кыргызстана)"
)
_CITIZEN_KG = re.compile(
    r"граждан(?:ин|ина|ину|ином|ка|ки|ке|кой|ство|ства|стве|е)?(?![а-яё])"
    r"(?:\s*(?:иностранного\s+государства|РФ\s+не\s+является)?\s*[:\-–—]?\s*)"
    + _KG
    + r"|Қырғыз\s+Республикасының\s+азамат",
)
_BORN_KG = re.compile(r"урожен(?:ец|ка|ца|ки|цем|кой)|место\s+рождения")
_BORN_KG_PLACE = re.compile(r"Киргизск\w+\s+ССР|Кирг\.\s*ССР|Киргизи[ия]|" + _KG)
_OTHER_CITIZEN = re.compile(
    r"граждан(?:ин|ина|ину|ином|ка|ки|ке|кой|ство|ства)?(?![а-яё])\s*[:\-–—]?\s*(?:Республики\s+|Республика\s+)?"
    r"(?:Узбекистан|Таджикистан|Туркменистан|Азербайджан|Армени|Молдов|Украин|Казахстан|Российской\s+Федерации|РФ)"
)


def find_citizenship(text: str, sentences: Sentences) -> Fact:
    match = _CITIZEN_KG.search(text)
    if match:
        return Fact(True, sentences.at(match.start()), 0.98)
    other = _OTHER_CITIZEN.search(text)
    for born in _BORN_KG.finditer(text):
        window = text[born.end() : born.end() + 120]
        if _BORN_KG_PLACE.search(window) and other is None:
            # Born in Kyrgyzstan (or the Kirghiz SSR) and no other citizenship named: most likely a
            # citizen, but the decision does not say so; a reviewer confirms.
            return Fact(True, sentences.at(born.start()), 0.6)
    if other:
        return Fact(False, sentences.at(other.start()), 0.95)
    return Fact(False, "", 0.9)


# --- What the court ordered --------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<int>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[,.](?P<frac>\d{1,2}))?\s*"
    r"(?:\([^)]{0,120}\)\s*)?"
    r"(?P<cur>руб(?:лей|ля|ль)?\.?|тенге|тг\.?)"
    r"(?:\s*(?P<kop>\d{1,2})\s*коп(?:еек|ейки|ейка)?\.?)?"
)


def _money(match: re.Match[str]) -> tuple[Decimal, str]:
    whole = Decimal(re.sub(r"[ \u00a0]", "", match.group("int")))
    cents = match.group("frac") or match.group("kop")
    if cents:
        whole += Decimal(cents.ljust(2, "0")) / 100
    currency = "KZT" if match.group("cur").startswith("т") else "RUB"
    return whole.quantize(Decimal("0.01")), currency


_FINE_IMPOSED = re.compile(r"штраф\w*[^.]{0,40}?в\s+(?:размере|сумме)")
_NO_EXPULSION = re.compile(
    r"без\s+(?:назначения\s+)?(?:дополнительного\s+)?(?:наказания\s+в\s+виде\s+)?(?:административного\s+)?"
    r"(?:принудительного\s+)?выдворени|выдворени\w*\s+не\s+(?:назнач|применя)"
)
_CONTROLLED = re.compile(
    r"контролируем\w*\s+самостоятельн\w*\s+выезд|самостоятельн\w*\s+(?:контролируем\w*\s+)?выезд"
)
_FORCED = re.compile(
    r"принудительн\w*\s+(?:административн\w*\s+)?выдворени|выдворени\w*[^.]{0,80}принудительн"
)
_EXPULSION = re.compile(r"выдворени")
# Within one sentence: a full stop counts as its end only before a capital letter, and not after an
# initial («Б.Т. в», «К. Т. Осмонова» do not end it).
_SAME_SENTENCE = r"(?:[^.\n]|\.(?!\s+[А-ЯЁ])|(?<=[\s.][А-ЯЁ])\.){0,200}?"
_DETENTION = re.compile(
    r"(?:[Пп]омест\w*|[Пп]омещ\w*|[Сс]одерж\w*|[Вв]одвор\w*)"
    + _SAME_SENTENCE
    + r"(?:[Сс]пециальн\w*\s+учреждени|[Цц]ентр\w*\s+временного\s+содержания|ЦВСИГ|СУВСИГ|ЦВСИ|"
    r"[Сс]пецприемник|[Сс]пециальн\w*\s+при[её]мник)"
)
_NO_DETENTION = re.compile(
    r"без\s+помещени|не\s+помещать|помещени\w*" + _SAME_SENTENCE + r"не\s+(?:требуется|имеется)"
)


def _first(pattern: re.Pattern[str], text: str, offset: int) -> int | None:
    match = pattern.search(text)
    return offset + match.start() if match else None


def find_orders(text: str, sentences: Sentences, operative: int | None, proceeding: str) -> dict[str, Fact]:
    start = operative if operative is not None else 0
    part = text[start:]
    sure = 0.95 if operative is not None else 0.6
    facts: dict[str, Fact] = {}

    # Lower case, with every full stop that ends a sentence turned into «§» (same length), so that
    # «[^§]» stays within one sentence even across initials and «ч. 1.1 ст. 18.8».
    lowered = re.sub(r"(?<![\s.][А-ЯЁ])\.(?=\s+[А-ЯЁA-Z«]|\s*$)", "§", part, flags=re.M).lower()
    # An appeal that strikes the expulsion out of the first decision and leaves the rest standing.
    removed = re.search(r"исключить[^§]{0,300}?выдворени", lowered)
    upheld = re.search(r"оставить\s+без\s+изменени", lowered)

    # Expulsion and its form.
    where: int | None
    if removed:
        expulsion = Fact("none", sentences.at(start + removed.start()), 0.7)
    elif (where := _first(_NO_EXPULSION, part, start)) is not None:
        expulsion = Fact("none", sentences.at(where), sure)
    elif (where := _first(_CONTROLLED, part, start)) is not None:
        expulsion = Fact("controlled_departure", sentences.at(where), sure)
    elif (where := _first(_FORCED, part, start)) is not None:
        expulsion = Fact("forced", sentences.at(where), sure)
    elif (where := _first(_EXPULSION, part, start)) is not None:
        # Expulsion without its form: in practice a forced one, but the text does not say.
        expulsion = Fact("forced", sentences.at(where), 0.6)
    else:
        expulsion = Fact("none", "", sure)
    facts["expulsion"] = expulsion

    detention = _DETENTION.search(part)
    if removed:
        facts["detention"] = Fact(False, sentences.at(start + removed.start()), 0.7)
    elif detention and not _NO_DETENTION.search(part):
        facts["detention"] = Fact(True, sentences.at(start + detention.start()), sure)
    else:
        facts["detention"] = Fact(False, "", sure)

    # The outcome.
    outcome: str
    where = None
    fine_elsewhere: re.Match[str] | None = None
    claim = re.search(r"исков\w*\s+(?:заявлени|требовани)|\bиск(?:а|е|ом)?\b", lowered)
    if (
        claim
        and proceeding in ("civil", "administrative")
        and not re.search(r"административн\w+\s+штраф", lowered)
    ):
        partly = re.search(
            r"удовлетворить\s+частично|частично\s+удовлетворить|в\s+остальной\s+части", lowered
        )
        rejected = re.search(
            r"в\s+удовлетворени\w*[^§]{0,200}?отказать|в\s+иске\s+отказать|оставить\s+без\s+удовлетворения",
            lowered,
        )
        granted = re.search(r"удовлетворить|взыскать", lowered)
        if partly:
            outcome, where = "claim_partly_granted", partly.start()
        elif rejected and not (granted and granted.start() < rejected.start()):
            outcome, where = "claim_rejected", rejected.start()
        elif granted:
            outcome, where = "claim_granted", granted.start()
        else:
            outcome = "other"
    elif proceeding == "criminal":
        acquit = re.search(r"оправда", lowered)
        dismissed = re.search(r"уголовное\s+дело[^§]{0,120}прекратить|прекратить[^§]{0,80}уголовн", lowered)
        prison = re.search(r"лишени\w+\s+свободы", lowered)
        suspended = re.search(r"условн\w*|ст(?:\.|атьи)\s*73\s+УК", part)
        fine = re.search(r"штраф", lowered)
        if acquit:
            outcome, where = "acquittal", acquit.start()
        elif dismissed:
            outcome, where = "dismissed", dismissed.start()
        elif prison and suspended:
            outcome, where = "suspended_sentence", suspended.start()
        elif prison:
            outcome, where = "imprisonment", prison.start()
        elif fine:
            outcome, where = "fine", fine.start()
        else:
            outcome = "other"
    else:
        dismissed = re.search(
            r"производство\s+по\s+делу[^§]{0,200}?прекратить|прекратить\s+производство", lowered
        )
        fine = re.search(r"штраф", lowered)
        expelled = expulsion.value != "none"
        if not fine and upheld and not dismissed:
            # The fine stands as the first decision imposed it, quoted before the operative part.
            quoted = _FINE_IMPOSED.search(text, 0, start)
            if quoted:
                fine_elsewhere = quoted
        if dismissed:
            outcome, where = "dismissed", dismissed.start()
        elif fine and expelled:
            outcome, where = "fine_and_expulsion", fine.start()
        elif fine:
            outcome, where = "fine", fine.start()
        elif fine_elsewhere is not None:
            outcome = "fine_and_expulsion" if expelled else "fine"
        elif expelled:
            outcome, where = "expulsion", _first(_EXPULSION, part, 0)
        else:
            outcome = "other"
    if outcome in ("dismissed", "acquittal"):
        # Nothing was ordered: a mention of expulsion or of the centre is the order being undone.
        facts["expulsion"] = Fact("none", "", sure)
        facts["detention"] = Fact(False, "", sure)
    if fine_elsewhere is not None:
        facts["outcome"] = Fact(outcome, sentences.at(fine_elsewhere.start()), 0.7)
    else:
        facts["outcome"] = Fact(
            outcome,
            sentences.at(start + where) if where is not None else "",
            sure if outcome != "other" else 0.5,
        )

    # The fine: its amount in the sentence that imposes it.
    fine_amount: Fact = Fact(None, "", sure)
    currency: str | None = None
    if outcome in ("fine", "fine_and_expulsion"):
        imposed = _FINE_IMPOSED.search(part)
        if fine_elsewhere is not None:
            window = text[fine_elsewhere.start() : fine_elsewhere.start() + 400]
            amount = _AMOUNT.search(window)
            if amount:
                value, currency = _money(amount)
            fine_amount = Fact(f"{value}" if amount else None, sentences.at(fine_elsewhere.start()), 0.7)
        elif imposed:
            window = part[imposed.start() : imposed.start() + 400]
            amount = _AMOUNT.search(window)
            if amount:
                value, currency = _money(amount)
                fine_amount = Fact(f"{value}", sentences.at(start + imposed.start()), sure)
            elif re.search(r"МРП|месячн\w+\s+расч[её]тн\w+\s+показател", window):
                # Only the number of monthly calculation indices: the sum depends on the year's index.
                currency = "KZT"
                fine_amount = Fact(None, sentences.at(start + imposed.start()), 0.5)
            else:
                fine_amount = Fact(None, sentences.at(start + imposed.start()), 0.5)
        else:
            fine_amount = Fact(None, "", 0.5)
    facts["fine_amount"] = fine_amount

    # The sum awarded to the claimant (not the state duty «в доход бюджета»).
    awarded: Fact = Fact(None, "", sure)
    if outcome in ("claim_granted", "claim_partly_granted"):
        total = re.search(r"(?:всего|итого)[^.]{0,60}?", part, re.I)
        amounts: list[Decimal] = []
        first_at: int | None = None
        if total:
            amount = _AMOUNT.search(part, total.end())
            if amount and amount.start() - total.end() < 60:
                value, currency = _money(amount)
                amounts = [value]
                first_at = total.start()
        if not amounts:
            for sentence in re.finditer(r"[Вв]зыскать[^§\n]*", lowered):
                sentence_text = part[sentence.start() : sentence.end()]
                body = sentence_text
                if "в пользу" not in body or "в доход" in body:
                    continue
                for amount in _AMOUNT.finditer(body):
                    value, currency = _money(amount)
                    amounts.append(value)
                first_at = first_at if first_at is not None else sentence.start()
        if amounts and first_at is not None:
            awarded = Fact(f"{sum(amounts, Decimal('0.00'))}", sentences.at(start + first_at), sure)
        else:
            awarded = Fact(None, "", 0.5)
    facts["awarded_amount"] = awarded
    facts["currency"] = Fact(currency, fine_amount.sentence or awarded.sentence, sure)
    return facts


# --- Interpreter -------------------------------------------------------------------------------------

_INTERPRETER_YES = re.compile(
    r"с\s+участием\s+(?:[\w-]+\s+){0,4}?переводчика|при\s+(?:помощи|участии)\s+переводчика|"
    r"через\s+переводчика|с\s+помощью\s+переводчика|переводчик\w*\s+(?:ФИО|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.)|"
    r"услуг\w*\s+переводчика\s+(?:были\s+)?(?:предоставлен|обеспечен)|переводчику\s+разъяснен|"
    r"переводчик\w*\s+предупрежд[её]н|заведомо\s+неправильный\s+перевод",
    re.I,
)
_INTERPRETER_NO = re.compile(
    r"в\s+(?:услугах|помощи)\s+переводчика\s+не\s+нужда|от\s+(?:услуг\s+)?переводчика(?:\s+\S+){0,3}?\s+отказал|"
    r"переводчик\w*\s+не\s+(?:нуждается|требуется|нужен)|не\s+нуждается\s+в\s+(?:услугах\s+|помощи\s+)?переводчик|"
    r"русским\s+языком\s+владеет\s+свободно,?\s+в\s+переводчике\s+не\s+нуждается",
    re.I,
)


def find_interpreter(text: str, sentences: Sentences) -> Fact:
    for yes in _INTERPRETER_YES.finditer(text):
        sentence = sentences.at(yes.start())
        if not _INTERPRETER_NO.search(sentence):  # «от услуг переводчика Асанов Б.Т. отказался»
            return Fact(True, sentence, 0.95)
    no = _INTERPRETER_NO.search(text)
    if no:
        return Fact(False, sentences.at(no.start()), 0.95)
    return Fact(None, "", 0.9)


# --- Country -----------------------------------------------------------------------------------------

_KAZAKHSTAN = re.compile(r"Республики\s+Казахстан|КоАП\s+РК|тенге|Қазақстан|\bМРП\b")


def find_country(text: str) -> str:
    kz = len(_KAZAKHSTAN.findall(text))
    ru = len(re.findall(r"Российской\s+Федерации|РФ\b|рубл", text))
    return "KZ" if kz > ru else "RU"


def extract(text: str, title: str = "") -> Extraction:
    """Every field of a decision, each with the sentence it came from."""
    sentences = Sentences(text)
    operative = operative_start(text)
    facts: dict[str, Fact] = {}
    facts["court"] = find_court(text, sentences, title)
    facts["case_number"] = find_case_number(text, sentences, title)
    facts["decided_on"] = find_decided_on(text, sentences)
    facts["proceeding"] = find_proceeding(text, sentences, facts["case_number"].value)
    proceeding = facts["proceeding"].value
    facts["articles"] = find_articles(text, sentences, operative, proceeding)
    facts["kyrgyz_citizen"] = find_citizenship(text, sentences)
    facts.update(find_orders(text, sentences, operative, proceeding))
    facts["interpreter"] = find_interpreter(text, sentences)
    return Extraction(facts={name: facts[name] for name in FIELDS}, country=find_country(text))
