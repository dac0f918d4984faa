"""The domain's words in Kyrgyz, Russian and the mix of both, each pointing at a category or at
urgency, so that every suggestion can show the words that made it.

A pattern is one or more parts that must match consecutive words (one other word may sit between
two parts). A part is
- `~lemma`: a Russian word whose pymorphy3 lemma is `lemma` («заперли» → `~запереть`);
- `word$`: exactly this word, after folding;
- `a|b`: any of the alternatives, for this one word (a pattern of several words is written as
  separate patterns);
- otherwise a prefix of the folded word: Kyrgyz adds its suffixes at the end, so «кама» finds
  «камап», «камашты», «камалып» (and, from Latin letters, "kamap").
Everything is compared in folded spelling (`normalise.fold`), so «өлтүрөм», «олтуром» and "oltorom"
meet. Urgency is read from the lexicon first: the model can add to it, never take it away.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalise import fold

URGENT = "urgent"

# (pattern, urgent) per category. Urgent patterns count for urgency and for their category.
PATTERNS: dict[str, list[tuple[str, bool]]] = {
    "unpaid_wages": [
        ("~зарплата", False), ("зп$", False), ("не ~платить", False), ("не ~выплатить", False),
        ("не ~заплатить", False), ("~расчёт", False), ("~расчет", False), ("~аванс", False),
        ("~задерживать ~зарплата", False), ("айлик|аилиг", False), ("акчабиз", False), ("акимди|акибизди", False),
        ("толобо", False), ("тиин", False), ("эсептешпе|есептешпе", False), ("зарплата", False),
        ("бербеи жатат", False), ("бербеит", False), ("бербеи коиду", False),
    ],
    "unpaid_overtime": [
        ("~переработка", False), ("~сверхурочный", False), ("без ~выходной", False), ("~ночной", False),
        ("~доплата", False), ("~праздник", False), ("ашикча|ашик", False), ("дем алиш", False),
        ("тунку", False), ("маирам", False), ("кошумча", False), ("переработка", False),
        ("сверхурочн", False), ("выходнои", False), ("доплата", False), ("саат", False),
    ],
    "lower_pay": [
        ("~местный", False), ("меньше чем", False), ("~приезжий", False), ("~платить меньше", False),
        ("жергиликтуу", False), ("еки есе", False), ("орустарга|казактарга", False), ("местнии", False),
        ("аз толоит|берет", False), ("~мигрант", False), ("мигрант", False),
    ],
    "no_contract": [
        ("~договор", False), ("~оформить", False), ("неофициально", False), ("~трудовой", False),
        ("келишим", False), ("договор", False), ("расмии", False), ("оозеки", False), ("оформить", False),
    ],
    "unjust_dismissal": [
        ("~уволить", False), ("~увольнение", False), ("~выгнать с ~работа", False), ("не ~приходить", False),
        ("~сократить", False), ("бошот", False), ("жумуштан чигар", False), ("жумуштан кууп", False),
        ("келбе$", False), ("уволит|увольн|уволили", False), ("работадан кууп", False),
    ],
    "documents_taken": [
        ("~паспорт", False), ("~документ", False), ("~миграционный ~карта", False), ("паспорт", False),
        ("документ", False), ("тартип ал", False),
    ],
    "unsafe_work": [
        ("~каска", False), ("~спецодежда", False), ("без ~маска", False), ("~проводка", False),
        ("~ток", False), ("~мороз", False), ("каска", False), ("коргоочу", False), ("маскасиз", False),
        ("спецодежда", False), ("бииктик|висота", False),
        ("~упасть", True), ("без ~сознание", True), ("~отрезать", True), ("~погибнуть", True),
        ("~обжечься", True), ("~обрушиться", True), ("~раненый", True), ("~травма", True),
        ("кулап", True), ("есин жогот", True), ("кесилип", True), ("олуп кал", True), ("олду$", True),
        ("куиуп кал", True), ("жарадар", True), ("травма", True), ("колум|колу синди", True),
    ],
    "forced_work": [
        ("~запереть", True), ("~запирать", True), ("не ~выпускать", True), ("не ~отпускать", True),
        ("~закрыть на$|в$", True), ("~держать ~сила", True), ("~раб", True), ("~рабство", True),
        ("~продать нас", True), ("не ~уйти", True), ("~отработать ~долг", True), ("~охрана", True),
        ("кама", True), ("чигарба", True), ("кетирбе", True), ("кулпула", True), ("кул катари", True),
        ("кулчулук", True), ("сатип жибер", True), ("кетпеис", True), ("чига албаи", True),
        ("куч менен", True), ("закрить кил", True), ("продать кил", True), ("охрана", True),
        ("долг|кариз иштеп", True),
    ],
    "violence": [
        ("~бить", True), ("~избить", True), ("~ударить", True), ("~приставать", True), ("~пристать", True),
        ("~изнасиловать", True), ("~насиловать", True), ("~домогаться", True), ("~убить", True),
        ("~угрожать", True), ("~нож", True), ("~трогать", True),
        ("урат$|урду$|уруп$|урушат|урушту|урушкан|урган$", True), ("сабап|сабади|сабашти|сабаит", True),
        ("асилип|асилат|асилган", True), ("зордук", True), ("олтурам|олтуром|олтурот|олтуруп", True),
        ("бичак", True), ("саиип кет", True), ("тииишет|тииишип", True), ("колун салип", True),
        ("коркут", True), ("зомбулук", True), ("избить|избил", True), ("приставать", True),
        ("убить", True), ("бетиме", True),
    ],
    "child_labour": [
        ("~несовершеннолетний", True), ("~школьник", True), ("малолетк", True), ("~подросток", True),
        ("~ребёнок ~работать", True), ("дети ~работать", True), ("жаши жете елек", True),
        ("мектеп окуучу", True), ("балдарди иштет", True), ("несовершеннолетн", True),
    ],
    "police": [
        ("~штраф", False), ("~мент", False), ("~полиция", False), ("~участковый", False),
        ("~проверка", False), ("милиция", False), ("текшеруу", False), ("проверка", False),
        ("штраф", False), ("ментте", False), ("полиция", False), ("аиип сал", False),
        ("~задержать", True), ("~спецприёмник", True), ("~спецприемник", True), ("~депортация", True),
        ("~депортировать", True), ("~выдворить", True), ("~выдворять", True), ("~облава", True),
        ("кармап кет", True), ("кармашти", True), ("кармап алип", True), ("камак", True), ("депортац", True),
        ("спецприем", True), ("реид", True), ("облава", True), ("болумдо", True), ("задержать", True),
        ("милиция|полиция алип", True),
    ],
    "intermediary_fraud": [
        ("~посредник", False), ("~агентство", False), ("~поддельный", False), ("~фальшивый", False),
        ("~обмануть", False), ("~вербовщик", False), ("~трудоустройство", False), ("ортомчу", False),
        ("агенттик", False), ("жасалма", False), ("алдап|алдади|алдашти", False), ("фальшив", False),
        ("посредник", False), ("агентство", False), ("обманул", False), ("орноштуруу", False),
    ],
    "medical_refused": [
        ("~полис", False), ("~поликлиника", False), ("~больница", False), ("~больничный", False),
        ("~врач", False), ("~страховка", False), ("оорукана", False), ("камсиздандир", False),
        ("дарилаба", False), ("кабил алба", False), ("больница", False), ("полис", False),
        ("врач", False), ("страховка", False),
        ("~скорый не ~ехать", True), ("~кровотечение", True), ("~умирать", True),
        ("~температура 40", True), ("тез жардам келбе", True), ("кан агип", True),
        ("оор абал", True), ("катуу ооруп", True), ("исигим 40", True),
        ("скорая келбе", True),
    ],
    "housing": [
        ("~общежитие", False), ("~общага", False), ("~вагончик", False), ("~барак", False),
        ("~квартира", False), ("~выселять", False), ("~выселить", False), ("~отопление", False),
        ("~залог", False), ("жатакана", False), ("батир", False), ("вагончик", False), ("барак", False),
        ("жилуулук", False), ("кочого", False), ("залог", False), ("общага", False),
        ("выселить", False), ("отопление", False),
    ],
}  # fmt: skip

# The category codes triage suggests: the cases app's `Category` values (a test holds them equal;
# triage sits below the cases app and cannot import it). "other" has no words of its own.
CATEGORIES: tuple[str, ...] = (*PATTERNS, "other")

# Words that make a report urgent whatever it is about: danger to life, detention, a child working.
URGENT_ONLY: list[str] = [
    "~опасность",
    "коркунуч",
    "~спасти",
    "~самоубийство",
    "~жизнь ~угроза",
    "~задержание",
    "~суицид",
    "олум",
    "~смерть",
]


@dataclass(frozen=True)
class Part:
    kind: str  # "lemma", "exact" or "prefix"
    values: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    label: str  # a category code
    urgent: bool
    parts: tuple[Part, ...]
    source: str


def _part(text: str, fold: object) -> Part:
    assert callable(fold)
    if text.startswith("~"):
        return Part("lemma", tuple(v.lstrip("~") for v in text.split("|")))
    if text.endswith("$") or "$|" in text:
        return Part("exact", tuple(fold(v.rstrip("$")) for v in text.split("|")))
    return Part("prefix", tuple(fold(v) for v in text.split("|")))


def compiled() -> list[Pattern]:
    """Every pattern, parsed: the urgent-only ones carry the label "" (no category)."""
    out = [
        Pattern(label, urgent, tuple(_part(p, fold) for p in source.split(" ")), source)
        for label, entries in PATTERNS.items()
        for source, urgent in entries
    ]
    out += [Pattern("", True, tuple(_part(p, fold) for p in s.split(" ")), s) for s in URGENT_ONLY]
    return out
