"""Who and what the demo world holds: its organisations, staff, routing rules and the stories of
its cases, in the words workers and caseworkers use. `korgoo.demo.world` builds it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from korgoo.cases.choices import Category
from korgoo.core.choices import Country, OrganisationKind
from korgoo.organisations.models import Role

PASSWORD = settings.KORGOO_DEMO_PASSWORD
# Invented places of help that show how the directory looks when full (every name starts «Демо:»).
# They live here, with the demo world, never among the production data files.
DEMO_PLACES_FILE = Path(__file__).resolve().parent / "data" / "places_demo.csv"

ORGANISATIONS = {
    "ngo_moscow": ("Центр «Мигрант Укугу» (Москва)", OrganisationKind.NGO, Country.RU, "Moscow", True),
    "embassy_moscow": (
        "Посольство Кыргызской Республики в Российской Федерации",
        OrganisationKind.EMBASSY,
        Country.RU,
        "Moscow",
        True,
    ),
    "union_moscow": (
        "Профсоюз трудовых мигрантов (Москва)",
        OrganisationKind.TRADE_UNION,
        Country.RU,
        "Moscow",
        False,
    ),
    "diaspora_spb": (
        "Кыргызская диаспора Санкт-Петербурга",
        OrganisationKind.DIASPORA,
        Country.RU,
        "Saint Petersburg",
        False,
    ),
    "ngo_almaty": (
        "Центр поддержки мигрантов «Жардам» (Алматы)",
        OrganisationKind.NGO,
        Country.KZ,
        "Almaty",
        True,
    ),
    "consulate_almaty": (
        "Генеральное консульство Кыргызской Республики в Алматы",
        OrganisationKind.EMBASSY,
        Country.KZ,
        "Almaty",
        False,
    ),
    # The analysts' ministry: monitoring only, no case is routed to it.
    "ministry_kg": (
        "Министерство труда, социального обеспечения и миграции Кыргызской Республики",
        OrganisationKind.OTHER,
        Country.KG,
        "Bishkek",
        False,
    ),
}

USERS = [
    # username, full name, organisation key, role
    ("ngo.moscow", "Айгүл Токтосунова", "ngo_moscow", Role.CASEWORKER),
    ("embassy.moscow", "Бакыт Асанов", "embassy_moscow", Role.CASEWORKER),
    ("union.moscow", "Ирина Соколова", "union_moscow", Role.CASEWORKER),
    ("ngo.almaty", "Гүлнара Жумабаева", "ngo_almaty", Role.CASEWORKER),
    ("consulate.almaty", "Нурлан Осмонов", "consulate_almaty", Role.CASEWORKER),
    # The embassy in Moscow is the network's designated coordinator; the consulate in Almaty
    # coordinates Kazakhstan's network.
    ("coordinator", "Эрмек Садыков", "embassy_moscow", Role.NETWORK_COORDINATOR),
    ("coordinator.almaty", "Айжан Бекова", "consulate_almaty", Role.COORDINATOR),
    ("ngo.moscow.admin", "Жазгүл Мамытова", "ngo_moscow", Role.ORG_ADMIN),
    ("ngo.moscow.viewer", "Асел Бекова", "ngo_moscow", Role.VIEWER),
    ("analyst", "Данияр Касымов", "ministry_kg", Role.ANALYST),
    ("editor", "Нургүл Асанова", "ngo_moscow", Role.EDITOR),
    ("viewer", "Руслан Иманов", "union_moscow", Role.VIEWER),
]
# What demo staff stated on «About me» (gender, lawyer); the others said nothing.
PROFILES = {
    "ngo.moscow": ("woman", True),
    "embassy.moscow": ("man", True),
    "union.moscow": ("woman", False),
    "ngo.almaty": ("woman", False),
    "consulate.almaty": ("man", False),
    "coordinator": ("man", False),
    "ngo.moscow.admin": ("woman", True),
}
# Background cases over the last year, so that the dashboards show figures (and a few hidden ones).
BACKGROUND_CASES = 560

RULES = [
    # organisation key, country, city (its English name in the gazetteer; "" for any), category, priority
    ("union_moscow", Country.RU, "Moscow", Category.UNPAID_WAGES, 100),
    ("embassy_moscow", Country.RU, "Moscow", Category.DOCUMENTS_TAKEN, 100),
    ("ngo_moscow", Country.RU, "Moscow", "", 100),
    ("diaspora_spb", Country.RU, "Saint Petersburg", "", 100),
    ("ngo_moscow", Country.RU, "", "", 200),
    ("consulate_almaty", Country.KZ, "Almaty", Category.DOCUMENTS_TAKEN, 100),
    ("ngo_almaty", Country.KZ, "Almaty", "", 100),
    ("ngo_almaty", Country.KZ, "", "", 200),
]

ALL_KINDS = [
    OrganisationKind.NGO,
    OrganisationKind.TRADE_UNION,
    OrganisationKind.DIASPORA,
    OrganisationKind.OMBUDSMAN,
    OrganisationKind.EMBASSY,
    OrganisationKind.HONORARY_CONSUL,
]
NO_GOVERNMENT = [OrganisationKind.NGO, OrganisationKind.TRADE_UNION, OrganisationKind.DIASPORA]


@dataclass(frozen=True)
class Story:
    language: str
    country: str
    city: str  # as a worker would type it: «Маскөө», «moskva», «г. Москва»… all reach the Moscow rules
    categories: tuple[str, ...]
    description: str
    employer: str = ""
    woman: bool = False
    share_with: tuple[str, ...] = tuple(ALL_KINDS)


STORIES = [
    Story(
        "ky",
        Country.RU,
        "Маскөө",
        (Category.UNPAID_WAGES, Category.NO_CONTRACT),
        "Курулушта үч ай иштедим, акыркы эки айлык төлөнгөн жок. Келишим түзүлгөн эмес. Бригадир «кийинки айда берем» дейт.",
        "ООО «СтройМонолит»",
    ),
    Story(
        "ru",
        Country.RU,
        "Москва",
        (Category.UNPAID_WAGES,),
        "Работал на складе в Подольске, за октябрь не заплатили 48 000 рублей. Обещали перевести на карту, но до сих пор ничего.",
        "ООО «ЛогистикПро»",
    ),
    Story(
        "ky",
        Country.RU,
        "moskva",
        (Category.DOCUMENTS_TAKEN,),
        "Иш берүүчү паспортумду «каттоо үчүн» алып, кайтарбай жатат. Эми көчөгө чыкканга коркуп жатам.",
        "Кафе «Восток»",
        share_with=tuple(ALL_KINDS),
    ),
    Story(
        "ru",
        Country.RU,
        "г. Москва",
        (Category.UNPAID_OVERTIME,),
        "Работаем по 12 часов шесть дней в неделю, платят как за 8 часов. Выходные тоже не оплачивают отдельно.",
        "ИП Карапетян (овощебаза)",
    ),
    Story(
        "ky",
        Country.RU,
        "Питер",
        (Category.UNSAFE_WORK,),
        "Курулушта бийиктиктен кулап, бутумду сындырдым. Жумуш берүүчү ооруканага алып барган жок, эми акча төлөбөйт.",
        "ООО «Невский Дом»",
    ),
    Story(
        "ru",
        Country.RU,
        "Санкт-Петербург",
        (Category.UNJUST_DISMISSAL, Category.UNPAID_WAGES),
        "Уволили без объяснений после того, как я попросил расчёт. Не отдали зарплату за последние три недели.",
        "Сеть пекарен «Хлебный двор»",
    ),
    Story(
        "ky",
        Country.RU,
        "Екатеринбург",
        (Category.POLICE,),
        "Жатаканага полиция келип, бизди текшерди. Бир досумду алып кетишти, кайда экенин билбейбиз.",
        "",
    ),
    Story(
        "ru",
        Country.RU,
        "Москвада",
        (Category.FORCED_WORK,),
        "Нас держат в ангаре, выходить не дают, телефоны забрали. Говорят, что мы должны отработать долг за дорогу.",
        "",
        woman=True,
    ),
    Story(
        "ky",
        Country.RU,
        "Moscow",
        (Category.VIOLENCE,),
        "Кожоюн мага асылып, коркутат. Эч кимге айта албай жатам. Аял адис менен сүйлөшкүм келет.",
        "",
        woman=True,
        share_with=tuple(NO_GOVERNMENT),
    ),
    Story(
        "ru",
        Country.RU,
        "Новосибирск",
        (Category.INTERMEDIARY_FRAUD,),
        "Посредник в Бишкеке взял 60 000 сомов за патент и работу. Патент оказался поддельным, работы нет.",
        "Агентство «Ала-Тоо Жумуш»",
    ),
    Story(
        "ky",
        Country.KZ,
        "Алматы",
        (Category.UNPAID_WAGES,),
        "Базарда жүк ташуучу болуп иштедим. Эки айлык акымды бербей, «сен мыйзамсызсың» деп коркутат.",
        "Барахолка, контейнер 214",
    ),
    Story(
        "ru",
        Country.KZ,
        "Алматы",
        (Category.DOCUMENTS_TAKEN, Category.FORCED_WORK),
        "На ферме под Алматы у нас забрали паспорта, работаем без выходных, денег не дают, уйти не можем.",
        "Крестьянское хозяйство «Береке»",
    ),
    Story(
        "ky",
        Country.KZ,
        "Almaty",
        (Category.NO_CONTRACT, Category.LOWER_PAY),
        "Тигүү цехинде иштейм. Жергиликтүү кызматкерлерге эки эсе көп төлөшөт, бизге келишим беришпейт.",
        "Швейный цех «Нур»",
    ),
    Story(
        "ru",
        Country.KZ,
        "Астана",
        (Category.MEDICAL_REFUSED,),
        "Сын заболел, в поликлинике отказали без полиса. Мы работаем официально, но страховки нет.",
        "",
    ),
    Story(
        "ky",
        Country.KZ,
        "Алматыда",
        (Category.HOUSING,),
        "Батирдин ээси акчабызды алып, бизди көчөгө чыгарып салды. Балдарым менен кайда барарыбызды билбейм.",
        "",
        woman=True,
    ),
    Story(
        "ru",
        Country.RU,
        "Moskwa",
        (Category.CHILD_LABOUR,),
        "На рынке работают дети 13–14 лет, таскают тяжёлые мешки весь день. Один из них — мой племянник.",
        "",
    ),
    Story(
        "ky",
        Country.RU,
        "Маскөө",
        (Category.UNPAID_WAGES, Category.UNPAID_OVERTIME),
        "Такси паркында иштейм. Айып пул деп айлыктан акча кармап калышат, ашыкча саат үчүн төлөбөйт.",
        "Таксопарк «Город»",
    ),
    Story(
        "ru",
        Country.RU,
        "москва",
        (Category.OTHER,),
        "Не могу получить трудовой договор на руки, работодатель говорит, что это не положено.",
        "ООО «Чистый мир» (клининг)",
    ),
    Story(
        "en",
        Country.TR,
        "Istanbul",
        (Category.UNPAID_WAGES, Category.DOCUMENTS_TAKEN),
        "I work in a textile workshop. They took my passport and have not paid me for two months.",
        "",
        share_with=tuple(ALL_KINDS),
    ),
    Story(
        "ky",
        Country.RU,
        "Казань",
        (Category.UNPAID_WAGES,),
        "Складда жүк жүктөөчү болуп иштедим, акыркы айдын акчасын беришкен жок.",
        "ООО «ВолгаСклад»",
    ),
    # The worker ticked the wrong box, or one of several: triage reads the rest in the text.
    Story(
        "ky",
        Country.RU,
        "Москва",
        (Category.OTHER,),
        "Бизди жатаканадан чыгарбай камап коюшту. Телефондорубузду алып коюшту, эмне кылабыз?",
        "",
    ),
    Story(
        "ky",
        Country.RU,
        "moskva",
        (Category.UNPAID_WAGES,),
        "3 ai boldu aylyk berbey jatat, brigadir pasportumdu alyp koydu kaytarbay jatat",
        "ООО «СтройМонолит»",
    ),
    Story(
        "ru",
        Country.KZ,
        "Алматы",
        (Category.UNPAID_WAGES,),
        "Зарплату не платят два месяца. Брата задержали на рынке, держат в отделе, говорят выдворят.",
        "Барахолка, контейнер 214",
    ),
]

MESSAGES_TO_WORKER = {
    "ky": [
        "Саламатсызбы! Кайрылууңузду алдык. Иштеген күндөрүңүздүн тизмесин жана айлык боюнча билдирүүлөрдү сактап коюңуз.",
        "Иш берүүчүгө талап кат даярдадык. Эртең ага жөнөтөбүз.",
    ],
    "ru": [
        "Здравствуйте! Мы получили ваше обращение. Сохраните переписку с работодателем и список отработанных дней.",
        "Мы подготовили претензию работодателю и отправим её завтра.",
    ],
    "en": [
        "Hello! We received your report. Please keep any messages from your employer and a list of the days you worked.",
        "We have prepared a written demand to the employer.",
    ],
}
MESSAGES_FROM_WORKER = {
    "ky": "Рахмат! Бардык скриншотторду сактадым.",
    "ru": "Спасибо! Скриншоты переписки сохранил.",
    "en": "Thank you, I saved the screenshots.",
}
