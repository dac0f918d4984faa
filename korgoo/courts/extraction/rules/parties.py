"""Who and where: the court, the case number, the date, the kind of proceeding, the person's
citizenship and the country of the court."""

from __future__ import annotations

import datetime as dt
import re

from korgoo.core.morphology import russian

from .base import _HEADING, Fact, Sentences

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


def _nominative(word: str) -> str:
    """One adjective of a court's name from the genitive back to the nominative case."""
    if word == "суда":
        return "суд"
    lowered = word.lower()
    for parse in russian().parse(lowered):
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


# --- Country -----------------------------------------------------------------------------------------

_KAZAKHSTAN = re.compile(r"Республики\s+Казахстан|КоАП\s+РК|тенге|Қазақстан|\bМРП\b")


def find_country(text: str) -> str:
    kz = len(_KAZAKHSTAN.findall(text))
    ru = len(re.findall(r"Российской\s+Федерации|РФ\b|рубл", text))
    return "KZ" if kz > ru else "RU"
