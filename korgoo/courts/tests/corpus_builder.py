"""Builds the corpus of decision pages the extraction tests and the benchmark read.

Each page is written the way its court publishes: a GAS «Правосудие» district or regional court
(`*.sudrf.ru`, windows-1251 HTML with the case card and the text block, letter-spaced headings), Moscow's
portal (mos-gorsud.ru, UTF-8, the card's rows and the act's text), Kazakh courts (office.sud.kz, UTF-8),
and attachments as PDF, RTF and DOCX. The expected extraction of each page is written beside it as
JSON from the scenario itself (what the decision says), never from the extractor's output.

Run `python -m korgoo.courts.tests.corpus_builder` to write the files again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "corpus"
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


@dataclass
class Person:
    nom: str
    gen: str
    short: str
    short_gen: str
    born: str


PEOPLE = [
    Person(
        "Асанов Бакыт Турсунбекович",
        "Асанова Бакыта Турсунбековича",
        "Асанов Б.Т.",
        "Асанова Б.Т.",
        "12.03.1990",
    ),
    Person(
        "Жумабаев Нурлан Кадырович",
        "Жумабаева Нурлана Кадыровича",
        "Жумабаев Н.К.",
        "Жумабаева Н.К.",
        "03.07.1995",
    ),
    Person(
        "Токтогулова Айгерим Маратовна",
        "Токтогуловой Айгерим Маратовны",
        "Токтогулова А.М.",
        "Токтогуловой А.М.",
        "21.11.1998",
    ),
    Person(
        "Мамытов Эрлан Советбекович",
        "Мамытова Эрлана Советбековича",
        "Мамытов Э.С.",
        "Мамытова Э.С.",
        "30.01.1987",
    ),
    Person(
        "Исаков Тимур Алмазбекович",
        "Исакова Тимура Алмазбековича",
        "Исаков Т.А.",
        "Исакова Т.А.",
        "08.05.2001",
    ),
    Person(
        "Каримов Рустам Ильхомович",
        "Каримова Рустама Ильхомовича",
        "Каримов Р.И.",
        "Каримова Р.И.",
        "17.09.1993",
    ),
    Person(
        "Садыкова Жылдыз Бакировна",
        "Садыковой Жылдыз Бакировны",
        "Садыкова Ж.Б.",
        "Садыковой Ж.Б.",
        "02.02.1996",
    ),
    Person(
        "Орозбеков Азамат Нуриданович",
        "Орозбекова Азамата Нуридановича",
        "Орозбеков А.Н.",
        "Орозбекова А.Н.",
        "25.12.1989",
    ),
]
JUDGES = ["Иванова Е.А.", "Петров С.В.", "Смирнова О.Н.", "Кузнецов Д.И.", "Сейткали А.Б.", "Лебедева М.П."]
INTERPRETERS = ["Абдыкадыровой Г.С.", "Мырзаканова Б.Ж.", "Алиевой Н.Т."]

# The ways decisions say a person is a citizen of Kyrgyzstan (or is not).
CITIZENSHIP = {
    "kr": ("гражданина Кыргызской Республики {gen}, {born} года рождения, уроженца г. Ош", True),
    "rk": (
        "{gen}, {born} года рождения, гражданина Республики Кыргызстан, уроженца Джалал-Абадской области",
        True,
    ),
    "kirgizii": ("гражданина Киргизии {gen}, {born} г.р.", True),
    "colon": ("{gen}, {born} года рождения, место рождения: Кыргызстан, гражданство: Кыргызстан", True),
    "kirg_rep": ("{gen}, {born} года рождения, являющегося гражданином Киргизской Республики", True),
    "ssr_only": (
        "{gen}, {born} года рождения, уроженца с. Кара-Суу Киргизской ССР, паспорт AN 1234567",
        True,
    ),
    "uz_born_kg": (
        "гражданина Республики Узбекистан {gen}, {born} года рождения, уроженца Ошской области Киргизской ССР",
        False,
    ),
    "tj": ("гражданина Республики Таджикистан {gen}, {born} года рождения", False),
    "kr_short": ("гражданина КР {gen}, {born} года рождения", True),
}


@dataclass
class Scenario:
    slug: str
    layout: str  # sudrf, sudrf_criminal, sudrf_civil, sudrf_appeal, mosgorsud, kz, kz_civil
    court: str
    court_gen: str
    place: str
    case_number: str
    decided_on: dt.date
    person: int = 0
    citizenship: str = "kr"
    article: tuple[str, str, str | None] = ("KoAP_RU", "18.8", "1.1")
    outcome: str = "fine_and_expulsion"
    fine: str | None = "2000.00"
    expulsion: str = "forced"
    detention: bool = True
    interpreter: bool | None = True
    awarded: str | None = None
    words_date: bool = True
    encoding: str = "windows-1251"
    container: str = "html"  # html, pdf, rtf, docx
    tk_articles: list[tuple[str, str | None]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _date(day: dt.date, words: bool) -> str:
    if words:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"
    return f"{day:%d.%m.%Y}"


def _money(value: str, currency: str = "руб.") -> str:
    whole, cents = value.split(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    if cents != "00":
        return f"{grouped} руб. {cents} коп." if currency == "руб." else f"{grouped},{cents} {currency}"
    return f"{grouped} {currency}"


def _article_ru(article: tuple[str, str, str | None], long: bool = False) -> str:
    code, number, part = article
    names = {
        "KoAP_RU": ("КоАП РФ", "Кодекса Российской Федерации об административных правонарушениях"),
        "UK_RU": ("УК РФ", "Уголовного кодекса Российской Федерации"),
        "KoAP_KZ": ("КоАП РК", "Кодекса Республики Казахстан об административных правонарушениях"),
    }
    name = names[code][1 if long else 0]
    if long:
        return (f"частью {part} статьи {number} " if part else f"статьей {number} ") + name
    return (f"ч. {part} ст. {number} " if part else f"ст. {number} ") + name


def _interpreter_intro(s: Scenario) -> str:
    if s.interpreter:
        return f"с участием переводчика {INTERPRETERS[s.person % 3]}, "
    return ""


def _interpreter_note(s: Scenario, person: Person) -> str:
    if s.interpreter:
        return (
            "Переводчику разъяснены права и обязанности, предусмотренные ст. 25.10 КоАП РФ, он предупрежден "
            "об административной ответственности за выполнение заведомо неправильного перевода."
        )
    if s.interpreter is False:
        variants = [
            f"{person.short} пояснил, что русским языком владеет, в услугах переводчика не нуждается.",
            f"От услуг переводчика {person.short} отказался, пояснив, что русским языком владеет свободно.",
        ]
        return variants[s.person % 2]
    return ""


def _orders_admin(s: Scenario, person: Person, code_name: str = "Российской Федерации") -> list[str]:
    lines = []
    if s.outcome == "dismissed":
        lines.append(
            f"Производство по делу об административном правонарушении, предусмотренном {_article_ru(s.article)}, "
            f"в отношении {person.short_gen} прекратить на основании п. 2 ч. 1 ст. 24.5 КоАП РФ в связи с "
            "отсутствием состава административного правонарушения."
        )
        if s.extra.get("release"):
            lines.append(
                f"{person.short} из Центра временного содержания иностранных граждан освободить немедленно."
            )
        return lines
    fine = _money(s.fine or "0.00", "руб.")
    words = {"2000.00": "(двух тысяч) ", "5000.00": "(пяти тысяч) ", "7000.00": "(семи тысяч) "}.get(
        s.fine or "", ""
    )
    fine = fine.replace(" руб.", f" {words}рублей") if words else fine
    sentence = (
        f"Признать {person.gen} виновным в совершении административного правонарушения, предусмотренного "
        f"{_article_ru(s.article, long=s.extra.get('long', False))}, и назначить ему административное наказание "
        f"в виде административного штрафа в размере {fine}"
    )
    if s.expulsion == "forced":
        sentence += f" с принудительным административным выдворением за пределы {code_name}."
    elif s.expulsion == "controlled_departure":
        sentence += (
            f" с административным выдворением за пределы {code_name} в форме контролируемого "
            f"самостоятельного выезда из {code_name}."
        )
    elif s.expulsion == "unstated":
        sentence += f" с административным выдворением за пределы {code_name}."
    elif s.extra.get("say_no_expulsion"):
        sentence += f" без административного выдворения за пределы {code_name}."
    else:
        sentence += "."
    lines.append(sentence)
    if s.detention:
        centre = s.extra.get(
            "centre",
            "Центр временного содержания иностранных граждан ГУ МВД России по "
            + s.extra.get("subject", "г. Москве"),
        )
        lines.append(
            f"До исполнения постановления в части административного выдворения поместить {person.short_gen} в {centre}."
        )
    lines.append(
        "Штраф подлежит уплате по реквизитам: получатель УФК, ИНН 7707089101, КПП 770731005, "
        "КБК 18811601181019000140, УИН 18891779990123456789."
    )
    return lines


def admin_text(s: Scenario) -> list[str]:
    person = PEOPLE[s.person]
    who = CITIZENSHIP[s.citizenship][0].format(gen=person.gen, born=person.born)
    heading = "П О С Т А Н О В Л Е Н И Е" if s.person % 2 == 0 else "ПОСТАНОВЛЕНИЕ"
    operative = "П О С Т А Н О В И Л :" if s.person % 2 == 0 else "ПОСТАНОВИЛ:"
    judge = JUDGES[s.person % 4]
    date_line = f"{s.place}, {_date(s.decided_on, s.words_date)}"
    if s.person % 3 == 1:
        date_line = f"{_date(s.decided_on, s.words_date)} {s.place}"
    arrival = s.decided_on - dt.timedelta(days=200)
    return [
        f"Дело № {s.case_number}",
        heading,
        "по делу об административном правонарушении",
        date_line,
        f"Судья {s.court_gen} {judge}, {_interpreter_intro(s)}рассмотрев в открытом судебном заседании дело об "
        f"административном правонарушении, предусмотренном {_article_ru(s.article)}, в отношении {who},",
        "У С Т А Н О В И Л :" if s.person % 2 == 0 else "УСТАНОВИЛ:",
        f"{(s.decided_on - dt.timedelta(days=1)):%d.%m.%Y} в 10 час. 30 мин. по адресу: <адрес> сотрудниками ОВМ "
        f"выявлен иностранный гражданин {person.short}, который прибыл в Российскую Федерацию "
        f"{arrival:%d.%m.%Y}, по истечении разрешенного срока пребывания от выезда уклонился, чем нарушил "
        "п. 2 ст. 5 Федерального закона от 25.07.2002 № 115-ФЗ «О правовом положении иностранных граждан в "
        f"Российской Федерации», то есть совершил правонарушение, предусмотренное {_article_ru(s.article)}.",
        f"Права, предусмотренные ст. 25.1 КоАП РФ и ст. 51 Конституции РФ, {person.short} разъяснены.",
        _interpreter_note(s, person),
        f"В судебном заседании {person.short} вину признал, в содеянном раскаялся. Его вина подтверждается "
        "протоколом об административном правонарушении, рапортом, сведениями АС ЦБДУИГ.",
        "Руководствуясь ст. ст. 29.9, 29.10 КоАП РФ, судья",
        operative,
        *_orders_admin(s, person),
        f"Постановление может быть обжаловано в течение 10 суток со дня вручения или получения копии "
        f"постановления через {s.court_gen.replace('суда', 'суд').replace('ого ', 'ый ', 1) if False else 'районный суд'}.",
        f"Судья {judge}",
    ]


def criminal_text(s: Scenario) -> list[str]:
    person = PEOPLE[s.person]
    who = CITIZENSHIP[s.citizenship][0].format(gen=person.gen, born=person.born)
    judge = JUDGES[s.person % 4]
    if s.outcome == "fine":
        order = f"и назначить ему наказание в виде штрафа в размере {_money(s.fine or '0.00', 'рублей')}."
    elif s.outcome == "suspended_sentence":
        order = (
            "и назначить ему наказание в виде лишения свободы сроком на 1 (один) год. На основании ст. 73 УК РФ "
            "назначенное наказание считать условным с испытательным сроком 1 (один) год."
        )
    else:
        order = "и назначить ему наказание в виде лишения свободы сроком на 1 (один) год 6 (шесть) месяцев с отбыванием наказания в колонии-поселении."
    return [
        f"Дело № {s.case_number}",
        "П Р И Г О В О Р",
        "Именем Российской Федерации",
        f"{s.place} {_date(s.decided_on, s.words_date)}",
        f"{s.court} в составе председательствующего судьи {judge}, при секретаре Федоровой К.С., с участием "
        f"государственного обвинителя — помощника прокурора Соколова А.А., подсудимого {person.short_gen}, "
        f"защитника — адвоката Морозова В.В.{', переводчика ' + INTERPRETERS[s.person % 3] if s.interpreter else ''},",
        f"рассмотрев в открытом судебном заседании уголовное дело в отношении {who}, холостого, "
        f"не судимого, обвиняемого в совершении преступления, предусмотренного {_article_ru(s.article)},",
        "У С Т А Н О В И Л:",
        f"{person.short} совершил использование заведомо подложного документа при следующих обстоятельствах. "
        f"{(s.decided_on - dt.timedelta(days=90)):%d.%m.%Y} {person.short}, находясь по адресу: <адрес>, "
        "предъявил сотруднику полиции патент с заведомо подложными сведениями.",
        _interpreter_note(s, person)
        .replace("ст. 25.10 КоАП РФ", "ст. 59 УПК РФ")
        .replace(
            "административной ответственности за выполнение", "уголовной ответственности по ст. 307 УК РФ за"
        ),
        "Суд квалифицирует действия подсудимого по " + _article_ru(s.article) + ".",
        "Руководствуясь ст. ст. 307–309 УПК РФ, суд",
        "П Р И Г О В О Р И Л:",
        f"{person.nom} признать виновным в совершении преступления, предусмотренного {_article_ru(s.article)}, {order}",
        "Меру пресечения до вступления приговора в законную силу оставить прежней.",
        f"Председательствующий судья {judge}",
    ]


def civil_text(s: Scenario) -> list[str]:
    person = PEOPLE[s.person]
    judge = JUDGES[s.person % 4]
    employer = ["ООО «СтройМонтаж»", "ИП Григорьев С.П.", "ООО «Торговый дом «Восток»"][s.person % 3]
    said = (
        f"{person.short}, являющийся гражданином Кыргызской Республики, работал у ответчика"
        if s.citizenship == "kr"
        else f"{person.short} работал у ответчика"
    )
    articles = ", ".join(number for number, _ in s.tk_articles[:2])
    lines = [
        f"Дело № {s.case_number}",
        "Р Е Ш Е Н И Е" if s.person % 2 else "РЕШЕНИЕ",
        "Именем Российской Федерации",
        f"{_date(s.decided_on, s.words_date)} {s.place}",
        f"{s.court} в составе председательствующего судьи {judge}, при секретаре Николаевой Т.А., рассмотрев в "
        f"открытом судебном заседании гражданское дело по иску {person.gen} к {employer} о взыскании "
        "задолженности по заработной плате, компенсации за задержку выплат, компенсации морального вреда,",
        "У С Т А Н О В И Л:",
        f"{person.nom} обратился в суд с иском к {employer}, просил взыскать невыплаченную заработную плату в "
        "размере 210 000 руб., компенсацию морального вреда 50 000 руб.",
        f"{said} с {(s.decided_on - dt.timedelta(days=300)):%d.%m.%Y} в должности подсобного рабочего без "
        "оформления трудового договора.",
        f"В соответствии со ст. {articles} ТК РФ работодатель обязан выплачивать в полном размере причитающуюся "
        "работнику заработную плату.",
    ]
    for number, part in s.tk_articles[2:]:
        ref = f"ч. {part} ст. {number}" if part else f"ст. {number}"
        lines.append(
            f"Согласно {ref} Трудового кодекса Российской Федерации требования истца в этой части обоснованны."
        )
    lines += ["Руководствуясь ст. ст. 194–199 ГПК РФ, суд", "Р Е Ш И Л:"]
    if s.outcome == "claim_rejected":
        lines.append(f"В удовлетворении исковых требований {person.gen} к {employer} отказать.")
    else:
        head = "Исковые требования {} удовлетворить{}.".format(
            person.gen, " частично" if s.outcome == "claim_partly_granted" else ""
        )
        lines.append(head)
        parts = s.extra["parts"]
        named = [
            "задолженность по заработной плате",
            "компенсацию за задержку выплаты заработной платы",
            "компенсацию морального вреда",
        ]
        body = ", ".join(f"{named[i]} в размере {_money(value)}" for i, value in enumerate(parts))
        total = f", всего {_money(s.awarded or '0.00')}" if s.extra.get("total") else ""
        lines.append(f"Взыскать с {employer} в пользу {person.gen} {body}{total}.")
        if s.outcome == "claim_partly_granted":
            lines.append("В остальной части исковых требований отказать.")
        lines.append(
            f"Взыскать с {employer} в доход местного бюджета государственную пошлину в размере 3 969 руб."
        )
    lines.append(f"Решение может быть обжаловано в апелляционном порядке в течение месяца. Судья {judge}")
    return lines


def appeal_text(s: Scenario) -> list[str]:
    person = PEOPLE[s.person]
    judge = JUDGES[s.person % 4]
    who = CITIZENSHIP[s.citizenship][0].format(gen=person.gen, born=person.born)
    return [
        f"Дело № {s.case_number}",
        "Р Е Ш Е Н И Е",
        f"{s.place} {_date(s.decided_on, s.words_date)}",
        f"Судья {s.court_gen} {judge}, рассмотрев в открытом судебном заседании жалобу защитника на постановление "
        f"судьи районного суда по делу об административном правонарушении, предусмотренном {_article_ru(s.article)}, "
        f"в отношении {who},",
        "У С Т А Н О В И Л:",
        "Постановлением судьи районного суда назначено административное наказание в виде административного штрафа "
        "с принудительным административным выдворением за пределы Российской Федерации.",
        _interpreter_note(s, person),
        "Протокол об административном правонарушении составлен без участия переводчика, хотя лицо русским языком "
        "не владеет, что является существенным нарушением.",
        "Руководствуясь ст. 30.7 КоАП РФ, судья",
        "Р Е Ш И Л:",
        "Жалобу защитника удовлетворить.",
        f"Постановление судьи районного суда отменить, производство по делу об административном правонарушении, "
        f"предусмотренном {_article_ru(s.article)}, в отношении {person.short_gen} прекратить на основании п. 2 "
        "ч. 1 ст. 24.5 КоАП РФ.",
        f"{person.short} из Центра временного содержания иностранных граждан освободить.",
        f"Судья {judge}",
    ]


def kz_text(s: Scenario) -> list[str]:
    person = PEOPLE[s.person]
    judge = JUDGES[4]
    if s.extra.get("mrp_only"):
        fine = "15 (пятнадцати) МРП"
    else:
        whole = f"{int((s.fine or '0.00').split('.')[0]):,}".replace(",", " ")
        fine = f"10 (десяти) МРП, что составляет {whole} (сорок три тысячи двести пятьдесят) тенге"
    order = (
        f"{person.nom} признать виновным в совершении административного правонарушения, предусмотренного "
        f"{_article_ru(s.article, long=s.extra.get('long', False))}, и подвергнуть административному взысканию в виде "
        f"штрафа в размере {fine}"
    )
    if s.expulsion == "forced":
        order += " с административным выдворением за пределы Республики Казахстан в принудительном порядке."
    elif s.expulsion == "controlled_departure":
        order += " с административным выдворением за пределы Республики Казахстан путем контролируемого самостоятельного выезда."
    else:
        order += " без административного выдворения за пределы Республики Казахстан."
    lines = [
        s.court,
        "ПОСТАНОВЛЕНИЕ",
        "по делу об административном правонарушении",
        f"Дело № {s.case_number}",
        f"{s.place} {_date(s.decided_on, s.words_date)}",
        f"Судья {s.court_gen} {judge}, {_interpreter_intro(s)}рассмотрев материалы дела об административном "
        f"правонарушении в отношении {CITIZENSHIP[s.citizenship][0].format(gen=person.gen, born=person.born)}, "
        f"привлекаемого к административной ответственности по {_article_ru(s.article)},",
        "УСТАНОВИЛ:",
        f"{person.short} осуществлял трудовую деятельность без разрешения в нарушение требований Закона Республики "
        "Казахстан «О миграции населения», чем нарушил правила пребывания в Республике Казахстан.",
        _interpreter_note(s, person).replace("ст. 25.10 КоАП РФ", "ст. 762 КоАП РК"),
        "Руководствуясь ст. 829-1 КоАП РК, суд",
        "ПОСТАНОВИЛ:",
        order,
    ]
    if s.detention:
        lines.append(
            f"До выдворения {person.short_gen} водворить в специальное учреждение Департамента полиции {s.extra.get('city_gen', 'г. Алматы')}."
        )
    lines.append("Постановление может быть обжаловано, опротестовано в течение десяти суток. Судья " + judge)
    return lines


TEXTS = {
    "sudrf": admin_text,
    "mosgorsud": admin_text,
    "sudrf_criminal": criminal_text,
    "sudrf_civil": civil_text,
    "sudrf_appeal": appeal_text,
    "kz": kz_text,
}


def _paragraphs(lines: list[str]) -> str:
    return "\n".join(f'<p style="text-indent:35.4pt;text-align:justify">{line}</p>' for line in lines if line)


def sudrf_page(s: Scenario, lines: list[str]) -> str:
    tab = "Судебные акты" if s.person % 2 else "Текст документа"
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={s.encoding}">
<title>{s.court} | Дело № {s.case_number}</title></head>
<body>
<div id="header-nav"><a href="/">Главная</a> <a href="/modules.php?name=sud_delo">Судебное делопроизводство</a></div>
<table class="menu"><tr><td><a href="/modules.php?name=press_dep">Пресс-служба</a></td><td>Верховный Суд Российской Федерации</td></tr></table>
<div id="heading"><h1 class="heading">{s.court}</h1><p>{s.extra.get("address", "г. " + s.place.replace("г. ", ""))}</p></div>
<div class="contentt">
<div id="tab_content_Document"><b>{tab}</b></div>
<div id="cont_doc1">
<span style="font-family:Times New Roman">
{_paragraphs(lines)}
</span></div></div>
<div class="footer">© ГАС РФ «Правосудие»</div>
</body></html>"""


def mosgorsud_page(s: Scenario, lines: list[str]) -> str:
    return f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Карточка дела — Суды общей юрисдикции города Москвы</title></head>
<body>
<nav class="menu">Суды общей юрисдикции города Москвы · Услуги · Карточка дела</nav>
<div class="cardsud_wrapper">
<div class="row_card"><div class="left">Уникальный идентификатор дела</div><div class="right">77RS0005-02-{s.decided_on.year}-0{s.person}1234-56</div></div>
<div class="row_card"><div class="left">Номер дела ~ материала</div><div class="right">{s.case_number} ~ М-{s.person}5{s.person}7/{s.decided_on.year}</div></div>
<div class="row_card"><div class="left">Дата регистрации</div><div class="right">{(s.decided_on - dt.timedelta(days=1)):%d.%m.%Y}</div></div>
<div class="row_card"><div class="left">Статья КоАП РФ</div><div class="right">ч. {s.article[2]} ст. {s.article[1]}</div></div>
<div class="row_card"><div class="left">Текущее состояние</div><div class="right">Вынесено постановление о назначении административного наказания</div></div>
</div>
<h2>Судебные акты</h2>
<div class="detail-cart"><div class="wrapper-search-tables">
{_paragraphs(lines)}
</div></div>
<footer>© Московский городской суд</footer>
</body></html>"""


def kz_page(s: Scenario, lines: list[str]) -> str:
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="UTF-8"><title>Судебный акт — Судебный кабинет</title></head>
<body><header>Верховный Суд Республики Казахстан · Судебный кабинет</header>
<div class="act-view"><div class="act-text">
{"".join(f"<div>{line}</div>" for line in lines if line)}
</div></div></body></html>"""


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def _rtf(lines: list[str]) -> bytes:
    body = []
    for line in lines:
        if not line:
            continue
        encoded = "".join(
            ch
            if ord(ch) < 128 and ch not in "\\{}"
            else (
                "\\" + ch
                if ch in "\\{}"
                else "".join(f"\\'{b:02x}" for b in ch.encode("cp1251", errors="replace"))
            )
            for ch in line
        )
        body.append(r"\pard\qj\fi709 " + encoded + r"\par")
    head = r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman\fcharset204 Times New Roman;}}{\info{\author Sud}}\f0\fs28 "
    return (head + "\n".join(body) + "}").encode("ascii")


def _docx(lines: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines if line
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{paragraphs}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("[Content_Types].xml", date_time=(2026, 1, 1, 0, 0, 0)),
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 1, 0, 0, 0)), document)
    return buffer.getvalue()


def render(s: Scenario) -> tuple[str, bytes]:
    lines = TEXTS[s.layout](s)
    if s.layout in ("kz",):
        html = kz_page(s, lines)
    elif s.layout == "mosgorsud":
        html = mosgorsud_page(s, lines)
    else:
        html = sudrf_page(s, lines)
    if s.container == "pdf":
        return "pdf", _pdf(html)
    if s.container == "rtf":
        head = [s.court] if s.layout != "kz" else []
        return "rtf", _rtf(head + lines)
    if s.container == "docx":
        head = [s.court] if s.layout != "kz" else []
        return "docx", _docx(head + lines)
    encoding = "utf-8" if s.layout in ("mosgorsud", "kz") else s.encoding
    return "html", html.encode(encoding)


def expected(s: Scenario) -> dict[str, Any]:
    proceeding = {"sudrf_criminal": "criminal", "sudrf_civil": "civil"}.get(s.layout, "administrative")
    if s.layout == "sudrf_civil":
        articles = [{"code": "TK_RU", "article": n, "part": p} for n, p in s.tk_articles]
    else:
        code, number, part = s.article
        articles = [{"code": code, "article": number, "part": part}]
    currency = None
    if s.fine or s.awarded or s.extra.get("mrp_only"):
        currency = "KZT" if s.layout == "kz" else "RUB"
    return {
        "court": s.court,
        "case_number": s.case_number,
        "decided_on": s.decided_on.isoformat(),
        "proceeding": proceeding,
        "articles": articles,
        "kyrgyz_citizen": CITIZENSHIP[s.citizenship][1],
        "outcome": s.outcome,
        "fine_amount": s.fine,
        "currency": currency,
        # Expulsion without its form stated: in practice a forced one, and the decision is reviewed.
        "expulsion": "forced" if s.expulsion == "unstated" else s.expulsion,
        "detention": s.detention,
        "interpreter": s.interpreter,
        "awarded_amount": s.awarded,
        "needs_review": bool(s.extra.get("needs_review", False)),
    }


D = dt.date
EKB = (
    "Ленинский районный суд г. Екатеринбурга",
    "Ленинского районного суда г. Екатеринбурга",
    "г. Екатеринбург",
)
EKB2 = (
    "Октябрьский районный суд г. Екатеринбурга",
    "Октябрьского районного суда г. Екатеринбурга",
    "г. Екатеринбург",
)
NSK = (
    "Железнодорожный районный суд г. Новосибирска",
    "Железнодорожного районного суда г. Новосибирска",
    "г. Новосибирск",
)
SPB = ("Невский районный суд Санкт-Петербурга", "Невского районного суда Санкт-Петербурга", "Санкт-Петербург")
CHE = ("Советский районный суд г. Челябинска", "Советского районного суда г. Челябинска", "г. Челябинск")
KAZAN = ("Вахитовский районный суд г. Казани", "Вахитовского районного суда г. Казани", "г. Казань")
BASMAN = ("Басманный районный суд города Москвы", "Басманного районного суда города Москвы", "город Москва")
PRESNYA = (
    "Пресненский районный суд города Москвы",
    "Пресненского районного суда города Москвы",
    "город Москва",
)
GOLOV = (
    "Головинский районный суд города Москвы",
    "Головинского районного суда города Москвы",
    "город Москва",
)
SVERDL_OBL = ("Свердловский областной суд", "Свердловского областного суда", "г. Екатеринбург")
ALMATY = (
    "Специализированный межрайонный административный суд г. Алматы",
    "Специализированного межрайонного административного суда г. Алматы",
    "г. Алматы",
)
ASTANA = (
    "Специализированный межрайонный административный суд г. Астаны",
    "Специализированного межрайонного административного суда г. Астаны",
    "г. Астана",
)
MSK_CENTRE = "Центр временного содержания иностранных граждан ГУ МВД России по г. Москве"
SPB_CENTRE = "Специальное учреждение временного содержания иностранных граждан ГУ МВД России по г. Санкт-Петербургу и Ленинградской области"
TK_BASIC = [("21", None), ("22", None), ("136", None), ("236", None)]


def _s(slug: str, layout: str, court: tuple[str, str, str], number: str, day: dt.date, **kw: Any) -> Scenario:
    return Scenario(slug, layout, court[0], court[1], court[2], number, day, **kw)


SCENARIOS = [
    _s(
        "001-sudrf-ekb-forced",
        "sudrf",
        EKB,
        "5-412/2026",
        D(2026, 10, 14),
        extra={"subject": "Свердловской области"},
    ),
    _s(
        "002-sudrf-ekb-controlled",
        "sudrf",
        EKB2,
        "5-988/2026",
        D(2026, 9, 3),
        person=1,
        citizenship="rk",
        expulsion="controlled_departure",
        detention=False,
        interpreter=False,
    ),
    _s(
        "003-sudrf-nsk-fine-only",
        "sudrf",
        NSK,
        "5-77/2026",
        D(2026, 3, 12),
        person=2,
        citizenship="kirgizii",
        outcome="fine",
        expulsion="none",
        detention=False,
        interpreter=None,
        extra={"say_no_expulsion": True},
    ),
    _s(
        "004-sudrf-spb-318",
        "sudrf",
        SPB,
        "5-1502/2026",
        D(2026, 7, 21),
        person=3,
        citizenship="colon",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        extra={"centre": SPB_CENTRE},
    ),
    _s(
        "005-sudrf-che-1810",
        "sudrf",
        CHE,
        "5-230/2026",
        D(2026, 5, 6),
        person=4,
        citizenship="kirg_rep",
        article=("KoAP_RU", "18.10", "1"),
        words_date=False,
        interpreter=False,
        detention=False,
        expulsion="controlled_departure",
    ),
    _s(
        "006-sudrf-kazan-uzbek",
        "sudrf",
        KAZAN,
        "5-611/2026",
        D(2026, 6, 30),
        person=5,
        citizenship="uz_born_kg",
        extra={"subject": "Республике Татарстан"},
    ),
    _s(
        "007-sudrf-ekb-tajik",
        "sudrf",
        EKB,
        "5-415/2026",
        D(2026, 10, 15),
        person=5,
        citizenship="tj",
        expulsion="controlled_departure",
        detention=False,
        interpreter=True,
    ),
    _s(
        "008-sudrf-nsk-ssr-only",
        "sudrf",
        NSK,
        "5-91/2026",
        D(2026, 4, 2),
        person=6,
        citizenship="ssr_only",
        extra={"subject": "Новосибирской области", "needs_review": True},
    ),
    _s(
        "009-sudrf-che-dismissed",
        "sudrf",
        CHE,
        "5-244/2026",
        D(2026, 5, 19),
        person=7,
        outcome="dismissed",
        fine=None,
        expulsion="none",
        detention=False,
        interpreter=True,
        extra={"release": True},
    ),
    _s(
        "010-sudrf-ekb-kr-short",
        "sudrf",
        EKB2,
        "5-1001/2026",
        D(2026, 9, 9),
        person=0,
        citizenship="kr_short",
        words_date=False,
        extra={"subject": "Свердловской области", "long": True},
    ),
    _s(
        "011-mos-basman-forced",
        "mosgorsud",
        BASMAN,
        "05-1234/2026",
        D(2026, 10, 2),
        person=1,
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        extra={"centre": MSK_CENTRE},
    ),
    _s(
        "012-mos-presnya-controlled",
        "mosgorsud",
        PRESNYA,
        "05-2210/2026",
        D(2026, 8, 11),
        person=2,
        article=("KoAP_RU", "18.8", "3.1"),
        fine="7000.00",
        expulsion="controlled_departure",
        detention=False,
        interpreter=False,
    ),
    _s(
        "013-mos-golov-fine",
        "mosgorsud",
        GOLOV,
        "05-0877/2026",
        D(2026, 2, 17),
        person=3,
        citizenship="rk",
        article=("KoAP_RU", "18.10", "2"),
        fine="5000.00",
        outcome="fine",
        expulsion="none",
        detention=False,
        extra={"say_no_expulsion": True},
    ),
    _s(
        "014-mos-basman-tj",
        "mosgorsud",
        BASMAN,
        "05-1240/2026",
        D(2026, 10, 3),
        person=4,
        citizenship="tj",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        extra={"centre": MSK_CENTRE},
    ),
    _s(
        "015-mos-golov-colon",
        "mosgorsud",
        GOLOV,
        "05-0912/2026",
        D(2026, 3, 1),
        person=6,
        citizenship="colon",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        words_date=False,
        interpreter=None,
        extra={"centre": MSK_CENTRE},
    ),
    _s(
        "016-mos-presnya-dismissed",
        "mosgorsud",
        PRESNYA,
        "05-2301/2026",
        D(2026, 8, 20),
        person=7,
        article=("KoAP_RU", "18.8", "3.1"),
        outcome="dismissed",
        fine=None,
        expulsion="none",
        detention=False,
    ),
    _s(
        "017-sudrf-crim-327-fine",
        "sudrf_criminal",
        NSK,
        "1-312/2026",
        D(2026, 6, 10),
        person=0,
        article=("UK_RU", "327", "3"),
        outcome="fine",
        fine="15000.00",
        expulsion="none",
        detention=False,
    ),
    _s(
        "018-sudrf-crim-322-suspended",
        "sudrf_criminal",
        EKB,
        "1-88/2026",
        D(2026, 2, 26),
        person=1,
        citizenship="rk",
        article=("UK_RU", "322", "2"),
        outcome="suspended_sentence",
        fine=None,
        expulsion="none",
        detention=False,
        interpreter=False,
    ),
    _s(
        "019-sudrf-crim-322-prison",
        "sudrf_criminal",
        SPB,
        "1-455/2026",
        D(2026, 7, 1),
        person=3,
        citizenship="kirgizii",
        article=("UK_RU", "322", "2"),
        outcome="imprisonment",
        fine=None,
        expulsion="none",
        detention=False,
    ),
    _s(
        "020-sudrf-crim-3221-tj",
        "sudrf_criminal",
        CHE,
        "1-129/2026",
        D(2026, 4, 14),
        person=5,
        citizenship="tj",
        article=("UK_RU", "322.1", "1"),
        outcome="suspended_sentence",
        fine=None,
        expulsion="none",
        detention=False,
        interpreter=None,
    ),
    _s(
        "021-sudrf-civil-partly",
        "sudrf_civil",
        CHE,
        "2-1460/2026",
        D(2026, 9, 24),
        person=0,
        outcome="claim_partly_granted",
        fine=None,
        awarded="138450.30",
        expulsion="none",
        detention=False,
        interpreter=None,
        tk_articles=[*TK_BASIC, ("237", None)],
        extra={"parts": ["120000.00", "8450.30", "10000.00"]},
    ),
    _s(
        "022-sudrf-civil-granted-total",
        "sudrf_civil",
        EKB2,
        "2-3321/2026",
        D(2026, 11, 2),
        person=1,
        outcome="claim_granted",
        fine=None,
        awarded="100000.00",
        expulsion="none",
        detention=False,
        interpreter=None,
        tk_articles=[("21", None), ("22", None), ("140", "1")],
        extra={"parts": ["95000.00", "5000.00"], "total": True},
    ),
    _s(
        "023-sudrf-civil-rejected",
        "sudrf_civil",
        KAZAN,
        "2-775/2026",
        D(2026, 5, 28),
        person=4,
        citizenship="none",
        outcome="claim_rejected",
        fine=None,
        expulsion="none",
        detention=False,
        interpreter=None,
        tk_articles=[("21", None), ("22", None), ("392", "2")],
    ),
    _s(
        "024-sudrf-civil-granted",
        "sudrf_civil",
        NSK,
        "2-2089/2026",
        D(2026, 8, 7),
        person=6,
        citizenship="none",
        outcome="claim_granted",
        fine=None,
        awarded="64000.00",
        expulsion="none",
        detention=False,
        interpreter=None,
        words_date=False,
        tk_articles=TK_BASIC,
        extra={"parts": ["60000.00", "4000.00"]},
    ),
    _s(
        "025-sudrf-appeal-dismissed",
        "sudrf_appeal",
        SVERDL_OBL,
        "71-512/2026",
        D(2026, 10, 28),
        person=0,
        outcome="dismissed",
        fine=None,
        expulsion="none",
        detention=False,
        interpreter=False,
    ),
    _s(
        "026-kz-almaty-forced",
        "kz",
        ALMATY,
        "7594-26-00-3/2451",
        D(2026, 11, 5),
        person=1,
        article=("KoAP_KZ", "517", "2"),
        fine="43250.00",
        extra={"city_gen": "г. Алматы"},
    ),
    _s(
        "027-kz-almaty-controlled",
        "kz",
        ALMATY,
        "7594-26-00-3/2460",
        D(2026, 11, 6),
        person=2,
        citizenship="rk",
        article=("KoAP_KZ", "517", "2"),
        fine="43250.00",
        expulsion="controlled_departure",
        detention=False,
        interpreter=False,
    ),
    _s(
        "028-kz-astana-fine",
        "kz",
        ASTANA,
        "7194-26-00-3/812",
        D(2026, 9, 15),
        person=3,
        citizenship="kirg_rep",
        article=("KoAP_KZ", "517", "1"),
        fine="43250.00",
        outcome="fine",
        expulsion="none",
        detention=False,
        interpreter=None,
        extra={"long": True},
    ),
    _s(
        "029-kz-almaty-mrp",
        "kz",
        ALMATY,
        "7594-26-00-3/2502",
        D(2026, 11, 12),
        person=4,
        article=("KoAP_KZ", "517", "2"),
        fine=None,
        words_date=False,
        extra={"mrp_only": True, "needs_review": True, "city_gen": "г. Алматы"},
    ),
    _s(
        "030-kz-astana-uzbek",
        "kz",
        ASTANA,
        "7194-26-00-3/830",
        D(2026, 9, 20),
        person=5,
        citizenship="uz_born_kg",
        article=("KoAP_KZ", "517", "2"),
        fine="43250.00",
        extra={"city_gen": "г. Астаны"},
    ),
    _s(
        "031-pdf-ekb-forced",
        "sudrf",
        EKB,
        "5-420/2026",
        D(2026, 10, 16),
        person=2,
        container="pdf",
        extra={"subject": "Свердловской области"},
    ),
    _s(
        "032-pdf-kz-controlled",
        "kz",
        ALMATY,
        "7594-26-00-3/2470",
        D(2026, 11, 7),
        person=6,
        container="pdf",
        article=("KoAP_KZ", "517", "2"),
        fine="43250.00",
        expulsion="controlled_departure",
        detention=False,
    ),
    _s(
        "033-rtf-nsk-forced",
        "sudrf",
        NSK,
        "5-95/2026",
        D(2026, 4, 3),
        person=7,
        container="rtf",
        citizenship="rk",
        extra={"subject": "Новосибирской области"},
    ),
    _s(
        "034-rtf-civil",
        "sudrf_civil",
        CHE,
        "2-1502/2026",
        D(2026, 10, 1),
        person=3,
        container="rtf",
        outcome="claim_granted",
        fine=None,
        awarded="75000.00",
        expulsion="none",
        detention=False,
        interpreter=None,
        tk_articles=TK_BASIC,
        extra={"parts": ["70000.00", "5000.00"]},
    ),
    _s(
        "035-docx-spb-controlled",
        "sudrf",
        SPB,
        "5-1530/2026",
        D(2026, 7, 25),
        person=4,
        container="docx",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        expulsion="controlled_departure",
        detention=False,
        interpreter=True,
    ),
    _s(
        "036-docx-crim-fine",
        "sudrf_criminal",
        KAZAN,
        "1-402/2026",
        D(2026, 8, 19),
        person=6,
        container="docx",
        citizenship="colon",
        article=("UK_RU", "327", "3"),
        outcome="fine",
        fine="10000.00",
        expulsion="none",
        detention=False,
    ),
    _s(
        "037-sudrf-utf8-resaved",
        "sudrf",
        KAZAN,
        "5-640/2026",
        D(2026, 7, 2),
        person=2,
        encoding="utf-8",
        citizenship="kirgizii",
        expulsion="controlled_departure",
        detention=False,
        interpreter=False,
    ),
    _s(
        "038-sudrf-form-unstated",
        "sudrf",
        SPB,
        "5-1611/2026",
        D(2026, 8, 4),
        person=7,
        citizenship="kr",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        expulsion="unstated",
        detention=False,
        interpreter=True,
        extra={"needs_review": True},
    ),
    _s(
        "039-kz-astana-mrp",
        "kz",
        ASTANA,
        "7194-26-00-3/901",
        D(2026, 10, 21),
        person=0,
        citizenship="kirgizii",
        article=("KoAP_KZ", "517", "2"),
        fine=None,
        expulsion="controlled_departure",
        detention=False,
        interpreter=False,
        extra={"mrp_only": True, "needs_review": True},
    ),
    _s(
        "040-mos-ssr-only",
        "mosgorsud",
        GOLOV,
        "05-1377/2026",
        D(2026, 11, 10),
        person=1,
        citizenship="ssr_only",
        article=("KoAP_RU", "18.8", "3.1"),
        fine="5000.00",
        extra={"centre": MSK_CENTRE, "needs_review": True},
    ),
]
CITIZENSHIP["none"] = ("{gen}, {born} года рождения", False)


def build() -> None:
    HERE.mkdir(exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    for scenario in SCENARIOS:
        suffix, data = render(scenario)
        if scenario.slug == "037-sudrf-utf8-resaved":
            # Saved by a browser: re-encoded to UTF-8 with the old windows-1251 declaration left in.
            data = data.decode("utf-8").replace('charset=utf-8"', 'charset=windows-1251"').encode("utf-8")
        (HERE / f"{scenario.slug}.{suffix}").write_bytes(data)
        (HERE / f"{scenario.slug}.json").write_text(
            json.dumps(expected(scenario), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    build()
