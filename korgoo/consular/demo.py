"""The consular part of the demo world: the embassy in Moscow and the consulate in Almaty publish
their services, with slots for the coming weeks from today, bookings, a hall with tickets today, and a
caseworker's emergency booking on an urgent case."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from korgoo.cases.choices import Category, Status
from korgoo.cases.models import Case
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError
from korgoo.organisations.models import Organisation

from . import selectors, services
from .models import Mission, Slot
from .services import PlanSpec, ServiceSpec

PASSPORT_DOCS = (
    "Эски паспорт (болсо), 3×4 өлчөмүндөгү 2 сүрөт, туулгандыгы тууралуу күбөлүктүн көчүрмөсү.",
    "Старый паспорт (если есть), 2 фотографии 3×4, копия свидетельства о рождении.",
    "Your old passport (if any), two 3×4 photos, a copy of the birth certificate.",
)
RETURN_DOCS = (
    "Паспорт жоголгону же тартылып алынганы тууралуу полициянын маалымкаты (болсо), 2 сүрөт, инсандыгыңызды тастыктаган каалаган документ.",
    "Справка из полиции об утрате или изъятии паспорта (если есть), 2 фотографии, любой документ, подтверждающий личность.",
    "A police note that the passport was lost or taken (if you have one), two photos, any document showing who you are.",
)
NOTARY_DOCS = (
    "Паспорт жана күбөлөндүрүлүүчү документтер.",
    "Паспорт и документы, которые нужно заверить.",
    "Your passport and the documents to be certified.",
)
REGISTRATION_DOCS = (
    "Паспорт жана жашаган жериңиздин дареги.",
    "Паспорт и адрес, где вы живёте.",
    "Your passport and the address where you live.",
)
CONSULTATION_DOCS = (
    "Эмгек келишими, акы төлөнгөнү тууралуу документтер, иш боюнча кат алышуулар (болсо).",
    "Трудовой договор, документы об оплате, переписка с работодателем (если есть).",
    "Your employment contract, pay records, messages with the employer (if any).",
)
NAMES = {
    "passport": ("Паспорт алуу же алмаштыруу", "Оформление или замена паспорта", "Passport: new or replaced"),
    "return_certificate": (
        "Кыргызстанга кайтуу күбөлүгү",
        "Свидетельство на возвращение в Кыргызстан",
        "Certificate of return to Kyrgyzstan",
    ),
    "notarial": ("Нотариалдык аракеттер", "Нотариальные действия", "Notarial acts"),
    "registration": ("Консулдук каттоо", "Консульский учёт", "Consular registration"),
    "labour_consultation": (
        "Эмгек атташесинин кеңеши",
        "Консультация атташе по труду",
        "Consultation with the labour attaché",
    ),
}
WEEKDAYS = (0, 1, 2, 3, 4)


def _texts(code: str, documents: tuple[str, str, str]) -> dict[str, tuple[str, str]]:
    names = NAMES[code]
    return {lang: (names[i], documents[i]) for i, lang in enumerate(("ky", "ru", "en"))}


def _moscow() -> list[ServiceSpec]:
    day = PlanSpec(
        WEEKDAYS, dt.time(9), dt.time(17), dt.time(13), dt.time(14), capacity=2, emergency_capacity=1
    )
    return [
        ServiceSpec("passport", 30, _texts("passport", PASSPORT_DOCS), day, windows=(1, 2)),
        ServiceSpec(
            "return_certificate",
            30,
            _texts("return_certificate", RETURN_DOCS),
            PlanSpec(WEEKDAYS, dt.time(9), dt.time(13), capacity=1, emergency_capacity=2),
            windows=(3,),
        ),
        ServiceSpec("notarial", 20, _texts("notarial", NOTARY_DOCS), day, windows=(2, 3)),
        ServiceSpec("registration", 15, _texts("registration", REGISTRATION_DOCS), day, windows=(1,)),
        ServiceSpec(
            "labour_consultation",
            60,
            _texts("labour_consultation", CONSULTATION_DOCS),
            PlanSpec((1, 3), dt.time(10), dt.time(16), dt.time(13), dt.time(14), capacity=1),
            windows=(4,),
        ),
    ]


def _almaty() -> list[ServiceSpec]:
    day = PlanSpec(
        WEEKDAYS, dt.time(9), dt.time(16), dt.time(12, 30), dt.time(13, 30), capacity=1, emergency_capacity=1
    )
    return [
        ServiceSpec("passport", 30, _texts("passport", PASSPORT_DOCS), day, windows=(1,)),
        ServiceSpec("return_certificate", 30, _texts("return_certificate", RETURN_DOCS), day, windows=(2,)),
        ServiceSpec("notarial", 20, _texts("notarial", NOTARY_DOCS), day, windows=(2,)),
        ServiceSpec("registration", 15, _texts("registration", REGISTRATION_DOCS), day, windows=(1,)),
    ]


def _passport(rng: random.Random) -> str:
    return rng.choice(["AC", "AN", "ID"]) + f"{rng.randint(1000000, 9999999)}"


def build_consular_world(
    *,
    admin: Actor,
    embassy: Organisation,
    consulate: Organisation,
    desk: Actor,
    caseworker: Actor,
    rng: random.Random,
) -> dict[str, int]:
    """Missions, slots from today, bookings, today's hall in Moscow and one emergency booking."""
    moscow = services.mission_publish(
        actor=admin,
        organisation=embassy,
        timezone_name="Europe/Moscow",
        address="ул. Большая Ордынка, 64",
        windows=4,
        services_offered=_moscow(),
    )
    almaty = services.mission_publish(
        actor=admin,
        organisation=consulate,
        timezone_name="Asia/Almaty",
        address="ул. Ади Шарипова, 30",
        windows=2,
        services_offered=_almaty(),
    )
    slots = 0
    for mission in (moscow, almaty):
        today = timezone.now().astimezone(selectors.local_zone(mission)).date()
        slots += services.slots_generate(actor=None, mission=mission, start=today, days=21)
    bookings = _book_some(moscow, rng, 40) + _book_some(almaty, rng, 15)
    _today_in_the_hall(moscow, desk, rng)
    emergency = _emergency(caseworker, moscow, rng)
    return {"missions": 2, "slots": slots, "bookings": bookings + emergency}


def _open_slots(mission: Mission) -> list[Slot]:
    now = timezone.now()
    return list(
        Slot.objects.filter(mission=mission, opens_at__lte=now, starts_at__gt=now).select_related("service")
    )


def _book_some(mission: Mission, rng: random.Random, count: int) -> int:
    made = 0
    candidates = _open_slots(mission)
    rng.shuffle(candidates)
    for slot in candidates[: count * 2]:
        if made >= count:
            break
        try:
            services.booking_create(
                slot_id=slot.pk,
                service_code=slot.service.code,
                passport_number=_passport(rng),
                phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                channel=rng.choice(["", "sms"]),
            )
            made += 1
        except ApplicationError:
            continue
    return made


def _today_in_the_hall(mission: Mission, desk: Actor, rng: random.Random) -> None:
    """Three people came this morning: two were called to windows; one walk-in waits."""
    for service_code in ("passport", "notarial", "registration"):
        services.ticket_walk_in(actor=desk, service_code=service_code)
    services.ticket_call_next(actor=desk, window_number=1)
    services.ticket_call_next(actor=desk, window_number=2)


def _emergency(caseworker: Actor, mission: Mission, rng: random.Random) -> int:
    """The embassy's caseworker gives an urgent case (passport taken) an emergency place ahead of the release."""
    case = (
        Case.objects.filter(
            organisation=caseworker.organisation, categories__category=Category.DOCUMENTS_TAKEN
        )
        .exclude(status=Status.CLOSED)
        .first()
    )
    if case is None:
        return 0
    now = timezone.now()
    # The first time whose general release is still to come: the worker does not wait for it.
    slot = (
        Slot.objects.filter(mission=mission, service__code="return_certificate", opens_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if slot is None:
        return 0
    services.booking_emergency_create(
        actor=caseworker, case_id=case.pk, slot_id=slot.pk, passport_number=_passport(rng)
    )
    return 1


__all__: list[Any] = ["build_consular_world"]
