"""A network coordinator warns Moscow: the alert reaches only the chats, linked to a report of a
Moscow worker, whose worker asked for alerts — on Telegram, WhatsApp and SMS, against the local
fakes of the providers — each in the worker's language, through the outbox; and it is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.broadcasts.models import Broadcast
from korgoo.broadcasts.services import broadcast_send
from korgoo.channels.models import ChannelLink, Outbound
from korgoo.channels.services import channel_alerts_set, channel_link_create
from korgoo.channels.tests.conftest import CHAT, Chat, drain
from korgoo.channels.tests.test_telegram import report_in_kyrgyz
from korgoo.channels.tests.test_whatsapp_sms import _text
from korgoo.conftest import MOSCOW, login, report
from korgoo.core.errors import PermissionDenied, Throttled
from korgoo.intake.services import report_submit
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db

SAINT_PETERSBURG = 498817
KY = "Бүгүн түштүк базарларда көп текшерүү болот. Документтериңизди алып жүрүңүз."
RU = "Сегодня на южных рынках массовые проверки. Держите документы при себе."


def _case(city: str = "Moscow") -> Any:
    return report_submit(new=report(city=city)).report.case


def test_a_broadcast_reaches_only_the_opted_in_linked_chats_of_the_chosen_city(
    chat: Chat, graph: Any, gateway: Any, network: dict[str, Any], settings: Any
) -> None:
    settings.KORGOO_CHANNEL_RATE_LIMITS = {n: 10_000 for n in ("telegram", "whatsapp", "sms", "simulator")}
    # A Moscow worker links this Telegram chat to the report and asks for alerts, in the chat.
    receipt = report_in_kyrgyz(chat, link="link:yes", quiet="quiet:none")
    chat.type("/track")
    chat.type(receipt)
    assert "track:alerts_on" in chat.buttons()
    chat.press("track:alerts_on")
    assert ChannelLink.objects.get(provider="telegram").alerts_since is not None
    assert "track:alerts_off" in chat.buttons()
    # Another Moscow worker linked a Telegram chat but never asked for alerts.
    channel_link_create(case=_case(), provider="telegram", chat_id="555000555", language="ru")
    # A Saint Petersburg worker asked for alerts: another city.
    piter = _case("Saint Petersburg")
    channel_link_create(case=piter, provider="telegram", chat_id="666000666", language="ru")
    channel_alerts_set(case=piter, on=True)
    # Moscow workers who asked for alerts on WhatsApp (wrote today), on SMS, and on WhatsApp but
    # silent for two days (outside WhatsApp's 24-hour window: held back).
    on_whatsapp, on_sms, silent = _case(), _case(), _case()
    channel_link_create(case=on_whatsapp, provider="whatsapp", chat_id="996700000004", language="ru")
    channel_link_create(case=on_sms, provider="sms", chat_id="+996700000005", language="ky")
    channel_link_create(case=silent, provider="whatsapp", chat_id="996700000006", language="ru")
    ChannelLink.objects.filter(case=silent).update(last_inbound_at=timezone.now() - dt.timedelta(days=2))
    for case in (on_whatsapp, on_sms, silent):
        channel_alerts_set(case=case, on=True)
    # The same Telegram chat linked to a second report of a Moscow worker hears the alert once.
    second = _case()
    channel_link_create(case=second, provider="telegram", chat_id=str(CHAT), language="ky")
    channel_alerts_set(case=second, on=True)
    telegram_before = len(chat.api.sent())

    coordinator = actor_for_membership(network["coordinator"])
    sent = broadcast_send(
        actor=coordinator, kind="raid", country="RU", locality_id=MOSCOW, texts={"ky": KY, "ru": RU}
    )
    drain()

    telegram = [call.body for call in chat.api.sent()[telegram_before:]]
    assert [body["chat_id"] for body in telegram] == [str(CHAT)]  # once, and only the chat that asked
    assert KY in telegram[0]["text"] and "Посольство" in telegram[0]["text"]
    assert telegram[0]["text"].startswith("⚠️ ")
    whatsapp = [call.body for call in graph.calls if call.body.get("to")]
    assert [body["to"] for body in whatsapp] == ["996700000004"]
    assert RU in _text(whatsapp[0])
    assert [call.body["to"] for call in gateway.calls] == ["+996700000005"]
    assert KY[:100] in gateway.calls[0].body["text"]
    sent.refresh_from_db()
    assert (sent.queued, sent.held_back) == (3, 1)
    # Through the outbox: every delivery row was sent and wiped.
    assert not Outbound.objects.exclude(sealed_content=b"").exists()
    audit = AuditEvent.objects.get(action="broadcast.sent")
    assert audit.actor_membership_id == network["coordinator"].pk
    assert audit.details == {
        "kind": "raid",
        "country": "RU",
        "city": MOSCOW,
        "queued": 3,
        "held_back": 1,
        "languages": ["ky", "ru"],
    }
    # The alert is on the worker home page, with its place, in the page's language.
    home = Client().get("/ru/").content.decode()
    assert RU in home and "Москва" in home
    assert KY in Client().get("/ky/").content.decode()
    # ... and on the tracking page of a Moscow worker, not of the Saint Petersburg one.
    from korgoo.core import receipts

    def tracking(code: str) -> str:
        worker = Client()
        worker.post("/ky/track/", {"receipt": receipts.display(code)})
        return worker.get("/ky/track/case/").content.decode()

    assert KY in tracking(receipt)
    other = report_submit(new=report(city="Saint Petersburg"))
    assert KY not in tracking(other.receipt)


def test_only_a_network_coordinator_broadcasts_and_only_a_few_an_hour(
    network: dict[str, Any], settings: Any
) -> None:
    for who in ("caseworker", "country_coordinator"):
        with pytest.raises(PermissionDenied):
            broadcast_send(
                actor=actor_for_membership(network[who]),
                kind="raid",
                country="RU",
                locality_id=None,
                texts={"ru": RU},
            )
    assert not Broadcast.objects.exists() and not AuditEvent.objects.filter(action="broadcast.sent").exists()
    settings.KORGOO_BROADCASTS_PER_HOUR = 2
    coordinator = actor_for_membership(network["coordinator"])
    for _ in range(2):
        broadcast_send(
            actor=coordinator, kind="rule_change", country="KZ", locality_id=None, texts={"ru": RU}
        )
    with pytest.raises(Throttled):
        broadcast_send(
            actor=coordinator, kind="rule_change", country="KZ", locality_id=None, texts={"ru": RU}
        )
    assert Broadcast.objects.count() == 2


def test_the_broadcast_page(network: dict[str, Any]) -> None:
    assert login(Client(), network["caseworker"]).get("/ru/staff/broadcasts/").status_code == 403
    desk = login(Client(), network["coordinator"])
    # A city of another country is refused in plain words, and what was typed stays.
    refused = desk.post(
        "/ru/staff/broadcasts/", {"kind": "raid", "country": "KZ", "city": "Москва", "text_ru": RU}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Выберите город этой страны из списка." in page and RU in page
    empty = desk.post("/ru/staff/broadcasts/", {"kind": "raid", "country": "RU", "city": ""})
    assert (
        empty.status_code == 400
        and "Напишите предупреждение хотя бы на одном языке." in empty.content.decode()
    )
    done = desk.post(
        "/ru/staff/broadcasts/",
        {"kind": "raid", "country": "RU", "city": "Москва", "text_ru": RU},
        follow=True,
    )
    assert done.status_code == 200
    assert Broadcast.objects.get().locality_id == MOSCOW
    assert 'data-testid="broadcast-history"' in done.content.decode()


KZ_RU = "В Казахстане с понедельника новые правила регистрации. Уточните срок у работодателя."


def test_the_home_page_shows_the_alerts_of_one_country_when_the_worker_asks(network: dict[str, Any]) -> None:
    coordinator = actor_for_membership(network["coordinator"])
    broadcast_send(
        actor=coordinator, kind="raid", country="RU", locality_id=MOSCOW, texts={"ky": KY, "ru": RU}
    )
    # One country's alerts: nothing to choose between.
    alone = Client().get("/ru/").content.decode()
    assert RU in alone and 'data-testid="alert-countries"' not in alone
    broadcast_send(actor=coordinator, kind="rule_change", country="KZ", locality_id=None, texts={"ru": KZ_RU})

    everything = Client().get("/ru/").content.decode()
    assert RU in everything and KZ_RU in everything
    assert 'href="?country=RU#alerts"' in everything and 'href="?country=KZ#alerts"' in everything
    assert 'href="?country=KG#alerts"' not in everything  # no alert in force there
    kazakhstan = Client().get("/ru/?country=KZ").content.decode()
    assert KZ_RU in kazakhstan and RU not in kazakhstan
    assert 'aria-current="true" data-testid="alert-country-KZ"' in kazakhstan
    russia = Client().get("/ky/?country=RU").content.decode()
    assert KY in russia and KZ_RU not in russia
    # A country the list does not know shows them all; one without alerts says so, in the page's language.
    odd = Client().get("/ru/?country=XX").content.decode()
    assert RU in odd and KZ_RU in odd
    kyrgyzstan = Client().get("/ky/?country=KG").content.decode()
    assert RU not in kyrgyzstan and KZ_RU not in kyrgyzstan
    assert "Азыр Кыргызстан боюнча эскертүү жок." in kyrgyzstan
    assert (
        "Сейчас нет предупреждений по стране «Кыргызстан»."
        in Client().get("/ru/?country=KG").content.decode()
    )
    assert "No alerts for Kyrgyzstan now." in Client().get("/en/?country=KG").content.decode()
