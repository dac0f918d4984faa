"""The demo world: organisations, staff, routing rules and a few dozen cases in every state.

Built only by `korgoo demo`, never in production. Everything goes through the real services, so the
demo data is sealed, audited and routed exactly like real data; afterwards the dates are spread over
the past weeks so the inbox looks lived in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from korgoo.accounts.models import User
from korgoo.cases import services as case_services
from korgoo.cases.choices import Category, Outcome, SharedField, Status
from korgoo.cases.models import Case, CaseEvent, CaseMessage
from korgoo.cases.services import NewReport
from korgoo.core.actor import Actor
from korgoo.core.choices import Country, OrganisationKind
from korgoo.core.gazetteer import locality_match
from korgoo.intake.models import Report
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import membership_create, organisation_create
from korgoo.referrals.services import referral_accept, referral_offer
from korgoo.search.demo import build_help_world

PASSWORD = settings.KORGOO_DEMO_PASSWORD

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
    ("analyst", "Мээрим Кадырова", "embassy_moscow", Role.ANALYST),
]

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


def _user(username: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=full_name,
        email=f"{username}@demo.korgoo.invalid",
        preferred_language="ru",
    )
    if superuser:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def build_world(*, seed: int = 7) -> dict[str, int]:
    """Create the demo world in an empty database and return what was made."""
    rng = random.Random(seed)  # noqa: S311 - demo data shape, not security
    admin = _user("admin", "Platform administrator", superuser=True)
    admin_actor = Actor(user=admin, is_platform_admin=True)
    orgs: dict[str, Organisation] = {}
    for key, (name, kind, country, city, woman) in ORGANISATIONS.items():
        orgs[key] = organisation_create(
            actor=admin_actor,
            name=name,
            kind=kind,
            country=country,
            city=city,
            languages=["ky", "ru"],
            woman_caseworker_available=woman,
        )
    actors: dict[str, Actor] = {}
    for username, full_name, org_key, role in USERS:
        membership = membership_create(
            actor=admin_actor, organisation=orgs[org_key], user=_user(username, full_name), role=role
        )
        actors[username] = actor_for_membership(membership)
    coordinator = actors["coordinator"]
    for org_key, country, city, category, priority in RULES:
        locality_id = locality_match(city, country) if city else None
        if city and locality_id is None:
            raise ValueError(f"the demo rule's city {city!r} is not in the gazetteer")
        case_services.routing_rule_create(
            actor=coordinator,
            organisation=orgs[org_key],
            country=country,
            locality_id=locality_id,
            category=category,
            priority=priority,
        )
    # Places of help, rights articles and the (demo) agency registry, before the stories, so that the
    # demo's fraud reports are linked to registry agencies like real ones.
    made_help = build_help_world()

    actor_of_org = {
        m.organisation_id: actor_for_membership(m)
        for m in Membership.objects.select_related("user", "organisation").filter(role=Role.CASEWORKER)
    }
    cases: list[Case] = []
    for _round in range(2):
        for story in STORIES:
            new = NewReport(
                language=story.language,
                country=story.country,
                city=story.city,
                categories=list(story.categories),
                description=story.description,
                employer_name=story.employer,
                contact_channel=rng.choice(["", "whatsapp", "telegram", "phone"]),
                contact_value=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                prefers_woman_caseworker=story.woman,
                share_with=list(story.share_with),
            )
            if not new.contact_channel:
                new = NewReport(**{**new.__dict__, "contact_value": ""})
            cases.append(report_submit(new=new).report.case)

    made = {"organisations": len(orgs), "users": len(USERS) + 1, "cases": len(cases), **made_help}
    for index, case in enumerate(cases):
        case.refresh_from_db()
        actor = actor_of_org.get(case.organisation_id) if case.organisation_id else None
        if actor is None:
            continue  # stays in the coordinators' queue
        stage = index % 6
        if stage == 0:
            continue  # new, untouched
        language = case.language
        case_services.case_message_to_worker(actor=actor, case=case, body=MESSAGES_TO_WORKER[language][0])
        if stage >= 2:
            case_services.case_message_from_worker(case=case, body=MESSAGES_FROM_WORKER[language])
            case_services.case_note_add(
                actor=actor, case=case, body="Проверить, есть ли у работника фото табеля."
            )
        if stage == 3:
            case_services.case_set_status(actor=actor, case=case, status=Status.NEGOTIATION)
            case_services.case_message_to_worker(actor=actor, case=case, body=MESSAGES_TO_WORKER[language][1])
        if stage == 4:
            case_services.case_set_status(actor=actor, case=case, status=Status.COURT)
        if stage == 5:
            outcome = rng.choice(
                [
                    Outcome.RESOLVED,
                    Outcome.RESOLVED,
                    Outcome.PARTLY_RESOLVED,
                    Outcome.UNRESOLVED,
                    Outcome.LOST_CONTACT,
                ]
            )
            money = (
                Decimal(rng.choice([35000, 48000, 60000, 120000]))
                if outcome in (Outcome.RESOLVED, Outcome.PARTLY_RESOLVED)
                else None
            )
            currency = "KZT" if case.country == Country.KZ else "RUB"
            if money is not None and currency == "KZT":
                money *= 5
            case_services.case_close(
                actor=actor,
                case=case,
                outcome=outcome,
                money_recovered=money,
                money_currency=currency if money is not None else "",
                documents_returned=Category.DOCUMENTS_TAKEN in [c.category for c in case.categories.all()],
            )

    # Referrals: one accepted (NGO Moscow → trade union), one waiting for an answer (→ diaspora).
    ngo = actors["ngo.moscow"]
    ngo_cases = [c for c in Case.objects.filter(organisation=orgs["ngo_moscow"], status=Status.IN_PROGRESS)]
    if len(ngo_cases) >= 2:
        accepted = referral_offer(
            actor=ngo,
            case=ngo_cases[0],
            to_organisation=orgs["union_moscow"],
            fields=[SharedField.DESCRIPTION, SharedField.EMPLOYER, SharedField.MESSAGES],
            note="Работодатель — член отраслевого объединения, профсоюз сможет надавить.",
        )
        referral_accept(actor=actors["union.moscow"], referral=accepted)
        referral_offer(
            actor=ngo,
            case=ngo_cases[1],
            to_organisation=orgs["diaspora_spb"],
            fields=[SharedField.DESCRIPTION],
            note="Работник переехал в Петербург.",
        )
    _spread_dates(rng)
    # Court decisions on citizens, with the missions' alerts and a review queue.
    from korgoo.courts.demo import build_court_world

    made.update(build_court_world(embassy=actors["embassy.moscow"], consulate=actors["consulate.almaty"]))
    return made


def _spread_dates(rng: random.Random) -> None:
    """Move the demo cases back over the last eight weeks, keeping each case's order of events."""
    now = timezone.now()
    for case in Case.objects.all():
        shift = dt.timedelta(days=rng.randint(1, 56), hours=rng.randint(0, 20))
        Case.objects.filter(pk=case.pk).update(
            reported_on=(case.created_at - shift).date(),
            last_activity_at=case.last_activity_at
            - shift
            + dt.timedelta(days=min(shift.days, rng.randint(0, 5))),
            due_on=(case.due_on - dt.timedelta(days=shift.days // 2)) if case.due_on else None,
            first_response_at=(case.first_response_at - shift + dt.timedelta(hours=rng.randint(2, 60)))
            if case.first_response_at
            else None,
            closed_at=case.closed_at - shift + dt.timedelta(days=shift.days // 2) if case.closed_at else None,
        )
        CaseEvent.objects.filter(case=case).update(at=now - shift)
        CaseMessage.objects.filter(case=case).update(
            sent_at=now - shift + dt.timedelta(hours=rng.randint(1, 40))
        )
        Report.objects.filter(case=case).update(submitted_at=now - shift)
