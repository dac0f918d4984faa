"""The staff side (the case page's channel, channel health), the worker's linked chats on the web,
the demo's simulated chat, and what the logs never hold."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from korgoo.cases.models import Case, RoutingRule
from korgoo.channels.models import ChannelLink
from korgoo.conftest import MOSCOW, login, make_member, make_org
from korgoo.core import receipts
from korgoo.organisations.models import Role

from .conftest import CHAT, TOKEN, Chat
from .test_telegram import STORY, report_in_kyrgyz

pytestmark = pytest.mark.django_db


@pytest.fixture
def moscow_ngo() -> Any:
    org = make_org("Жардам Москва", city="Moscow")
    RoutingRule.objects.create(organisation=org, country="RU", locality_id=MOSCOW)
    return org


def test_the_case_page_shows_the_channel_and_that_a_reply_reaches_the_chat(
    chat: Chat, moscow_ngo: Any
) -> None:
    report_in_kyrgyz(chat, link="link:yes", quiet="quiet:none")
    case = Case.objects.get()
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    page = login(Client(), caseworker).get(f"/ru/staff/cases/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="case-channel">Telegram<' in html
    assert 'data-testid="case-channel-reply"' in html
    # The reply itself goes through the ordinary message form and reaches the chat.
    answer = login(Client(), caseworker).post(
        f"/ru/staff/cases/{case.pk}/messages/", {"body": "Позвоните нам."}
    )
    assert answer.status_code in (302, 303)
    from .conftest import drain

    drain()
    assert chat.api.texts()[-1] == "Позвоните нам.\n\n— Жардам Москва"
    # Once the worker removes the link, the page says so no more.
    ChannelLink.objects.all().delete()
    from korgoo.cases.services import record_event

    record_event(case, "channel_unlinked", data={"provider": "telegram"})
    html = login(Client(), caseworker).get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="case-channel-reply"' not in html
    assert 'data-testid="case-channel">Telegram<' in html


def test_coordinators_see_channel_health_and_caseworkers_do_not(chat: Chat, moscow_ngo: Any) -> None:
    chat.type("/start")
    chat.api.down = True
    chat.press("lang:ru")  # the answer to this waits: Telegram is down
    coordinator = make_member(make_org("Embassy", kind="embassy"), "coord", Role.COORDINATOR)
    page = login(Client(), coordinator).get("/ru/staff/channels/")
    assert page.status_code == 200
    row = page.content.decode().split('<th scope="row">Telegram</th>', 1)[1].split("</tr>", 1)[0]
    # Delivered: the language question; waiting: the acknowledgement of the button and the menu.
    assert row.startswith("<td>2</td><td>0</td><td>")
    assert "—" not in row  # there was a delivery
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    assert login(Client(), caseworker).get("/ru/staff/channels/").status_code == 403
    assert Client().get("/ru/staff/channels/").status_code in (302, 303)


def test_the_worker_removes_linked_chats_on_the_tracking_page(chat: Chat, moscow_ngo: Any) -> None:
    receipt = report_in_kyrgyz(chat, link="link:yes", quiet="quiet:none")
    worker = Client()
    opened = worker.post("/ky/track/", {"receipt": receipts.display(receipt)})
    assert opened.status_code == 303
    assert 'href="/ky/track/case/chats/"' in worker.get("/ky/track/case/").content.decode()
    page = worker.get("/ky/track/case/chats/")
    assert page.status_code == 200 and "Telegram" in page.content.decode()
    assert worker.post("/ky/track/case/chats/").status_code == 303
    assert ChannelLink.objects.count() == 0
    assert "Telegram" not in worker.get("/ky/track/case/chats/").content.decode()
    # Without the receipt's session the page sends the worker to enter the code.
    assert Client().get("/ky/track/case/chats/").status_code == 303


def test_nothing_the_worker_typed_or_received_is_logged(
    chat: Chat, moscow_ngo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        receipt = report_in_kyrgyz(chat)
    logged = caplog.text
    for secret in (receipt, receipts.display(receipt), STORY, str(CHAT), TOKEN):
        assert secret not in logged


def test_the_simulated_chat_runs_the_same_conversation(settings: Any, moscow_ngo: Any) -> None:
    settings.KORGOO_TELEGRAM_BOT_TOKEN = ""
    browser = Client()
    page = browser.get("/ky/chat-simulation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="simulation-label"' in html
    chat = html.split('name="chat" value="', 1)[1].split('"', 1)[0]

    def send(**fields: str) -> str:
        answer = browser.post("/ky/chat-simulation/", {"chat": chat, **fields})
        assert answer.status_code == 303
        return browser.get(answer["Location"]).content.decode()

    assert "Тилди тандаңыз" in send(text="/start")
    steps = ["lang:ky", "menu:report", "cat:unpaid_wages", "cat:done", "country:RU"]
    for choice in steps:
        html = send(choice=choice)
    send(text="Москва")
    send(text=STORY)
    for choice in ["share:ngo", "share:done", "consul:no"]:
        send(choice=choice)
    html = send(choice="send:yes")
    assert Case.objects.get().organisation == moscow_ngo
    assert "Кайрылууңуз жөнөтүлдү" in html
    receipt_message = html.rsplit('name="message" value="', 1)[1].split('"', 1)[0]
    html = send(choice="saved", message=receipt_message)
    assert "Кайрылууңуз жөнөтүлдү" not in html  # the receipt's message was deleted
    html = send(text="стоп")
    assert STORY not in html and "Москва" not in html


def test_the_simulation_is_off_when_a_bot_is_connected(settings: Any) -> None:
    settings.KORGOO_TELEGRAM_BOT_TOKEN = TOKEN
    assert Client().get("/ky/chat-simulation/").status_code == 404
