"""The demo's broadcast history: the network coordinator warned Moscow of a mass raid, and every
worker in Kazakhstan of a consulate closed for a day (so the home page offers a choice of country)."""

from __future__ import annotations

from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_match

from .choices import AlertKind
from .services import broadcast_send


def build_broadcast_world(*, coordinator: Actor) -> dict[str, int]:
    moscow = locality_match("Moscow", Country.RU)
    broadcast_send(
        actor=coordinator,
        kind=AlertKind.RAID,
        country=Country.RU,
        locality_id=moscow,
        texts={
            "ky": "Демо: бүгүн Москванын түштүгүндөгү базарларда көп текшерүү жүрүп жатат. Документтериңизди өзүңүз менен алып жүрүңүз. Кармалсаңыз, консулдукка кабарлоону талап кылыңыз.",
            "ru": "Демо: сегодня на рынках юга Москвы массовые проверки. Держите документы при себе. Если вас задержали, требуйте сообщить в консульство.",
            "en": "Demo: mass checks at the markets in the south of Moscow today. Keep your documents with you. If you are detained, ask them to inform the consulate.",
        },
    )
    broadcast_send(
        actor=coordinator,
        kind=AlertKind.CONSULAR_CLOSURE,
        country=Country.KZ,
        locality_id=None,
        texts={
            "ky": "Демо: Алматыдагы консулдук бөлүм эртең иштебейт. Жазылгандар кийинки күнү кезексиз кабыл алынат. Шашылыш учурда ишеним телефонуна чалыңыз.",
            "ru": "Демо: консульский отдел в Алматы завтра не работает. Записанных примут на следующий день без очереди. В срочном случае звоните на телефон доверия.",
            "en": "Demo: the consular section in Almaty is closed tomorrow. Those with an appointment will be seen the next day without queuing. In an emergency, call the hotline.",
        },
    )
    return {"broadcasts": 2}
