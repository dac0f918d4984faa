"""WhatsApp Cloud API and the SMS gateway, each against a local fake: the webhook's handshake and
signature, a report with a photo cleaned like a web upload, the 24-hour window, SMS notices only."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from PIL import Image

from korgoo.cases.models import Attachment, Case, CaseMessage, RoutingRule
from korgoo.cases.selectors import attachment_get_for
from korgoo.cases.services import case_message_to_worker
from korgoo.channels.models import ChannelLink, Conversation, Inbound, Outbound
from korgoo.conftest import MOSCOW, login, make_member, make_org, report
from korgoo.core import receipts
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .conftest import drain
from .fakes import FakeGraph, FakeSmsGateway, serve

pytestmark = pytest.mark.django_db

APP_SECRET = "whatsapp-app-secret"
VERIFY = "verify-token-for-tests"
PHONE = "996555123456"


@pytest.fixture
def graph(settings: Any) -> Iterator[FakeGraph]:
    for fake in serve(FakeGraph()):
        settings.KORGOO_WHATSAPP_API_BASE = fake.url
        settings.KORGOO_WHATSAPP_PHONE_NUMBER_ID = "10101"
        settings.KORGOO_WHATSAPP_ACCESS_TOKEN = "graph-token"
        settings.KORGOO_WHATSAPP_APP_SECRET = APP_SECRET
        settings.KORGOO_WHATSAPP_VERIFY_TOKEN = VERIFY
        settings.KORGOO_CHANNEL_RATE_LIMITS = {"whatsapp": 10_000, "sms": 10_000}
        yield fake


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeSmsGateway]:
    for fake in serve(FakeSmsGateway()):
        settings.KORGOO_SMS_GATEWAY_URL = f"{fake.url}/send"
        settings.KORGOO_SMS_GATEWAY_TOKEN = "sms-token"
        yield fake


@pytest.fixture
def moscow_ngo() -> Any:
    org = make_org("Жардам Москва", city="Moscow")
    RoutingRule.objects.create(organisation=org, country="RU", locality_id=MOSCOW)
    return org


class WhatsAppChat:
    def __init__(self, graph: FakeGraph) -> None:
        self.graph = graph
        self.ids = itertools.count(1)
        self.client = Client()

    def post(self, messages: list[dict[str, Any]], *, secret: str = APP_SECRET) -> int:
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messages": messages}}]}],
            }
        ).encode()
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        response = self.client.post(
            "/channels/whatsapp/webhook/",
            data=body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=signature,
        )
        return response.status_code

    def message(self, kind: str, **content: Any) -> dict[str, Any]:
        return {"from": PHONE, "id": f"wamid.in{next(self.ids)}", "timestamp": "0", "type": kind, **content}

    def type(self, text: str) -> None:
        assert self.post([self.message("text", text={"body": text})]) == 200
        drain()

    def press(self, choice: str) -> None:
        reply = {"type": "list_reply", "list_reply": {"id": choice, "title": "x"}}
        assert self.post([self.message("interactive", interactive=reply)]) == 200
        drain()

    def last(self) -> dict[str, Any]:
        return self.graph.sent("messages")[-1].body


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCamera"
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_verification_handshake_answers_only_the_right_token(graph: FakeGraph) -> None:
    answer = Client().get(
        "/channels/whatsapp/webhook/",
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"},
    )
    assert answer.status_code == 200 and answer.content == b"1158201444"
    wrong = Client().get(
        "/channels/whatsapp/webhook/",
        {"hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403


def test_a_post_without_the_app_signature_is_refused(graph: FakeGraph) -> None:
    chat = WhatsAppChat(graph)
    assert chat.post([chat.message("text", text={"body": "салам"})], secret="not-the-secret") == 403
    unsigned = chat.client.post("/channels/whatsapp/webhook/", data=b"{}", content_type="application/json")
    assert unsigned.status_code == 403
    assert Inbound.objects.count() == 0


def test_a_report_with_a_payslip_photo_through_whatsapp(
    graph: FakeGraph, moscow_ngo: Any, clock: Any
) -> None:
    chat = WhatsAppChat(graph)
    chat.type("Салам")
    assert chat.last()["type"] == "interactive"  # the language choice, as a list
    chat.press("lang:ky")
    chat.press("menu:report")
    lists = [
        call.body["interactive"]["action"]["sections"][0]["rows"] for call in graph.sent("messages")[-2:]
    ]
    offered = [row["id"] for rows in lists for row in rows]
    assert all(len(rows) <= 10 for rows in lists)
    assert "cat:done" in offered and "cat:other" in offered  # every category, in two lists
    assert all(len(row["title"]) <= 24 for rows in lists for row in rows)
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    graph.files["media-1"] = _jpeg_with_gps()
    photo = {"id": "media-1", "mime_type": "image/jpeg", "caption": "Бул менин айлык баракчам."}
    assert chat.post([chat.message("image", image=photo)]) == 200
    drain()
    chat.type("Эки ай айлык беришкен жок.")
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    chat.press("send:yes")
    shown = chat.last()
    text = shown["interactive"]["body"]["text"] if shown["type"] == "interactive" else shown["text"]["body"]
    assert "WhatsApp" in text  # the worker is told to delete it: WhatsApp cannot
    receipt = "".join(re.findall(r"\d", re.search(r"(\d{4} ){4}\d{4}", text).group(0)))
    case = Case.objects.get()
    assert case.organisation == moscow_ngo
    attachment = Attachment.objects.get(case=case)
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    # The virus check runs after commit (never, inside a test's transaction): found clean here.
    Attachment.objects.filter(pk=attachment.pk).update(scan_status="clean")
    _row, data, _name = attachment_get_for(
        actor=actor_for_membership(caseworker), case_id=case.pk, attachment_id=attachment.pk
    )
    assert b"CanaryCamera" not in data  # cleaned like a web upload: no camera, no place
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()
    # Linked: answers come here as text inside the 24-hour window, as the template outside it.
    chat.press("saved")
    chat.press("link:yes")
    chat.press("quiet:none")
    assert ChannelLink.objects.filter(case=case, provider="whatsapp").exists()
    with transaction.atomic():
        case_message_to_worker(actor=actor_for_membership(caseworker), case=case, body="Эртең чалабыз.")
    drain()
    assert chat.last() == {
        "messaging_product": "whatsapp",
        "to": PHONE,
        "type": "text",
        "text": {"body": "Эртең чалабыз.\n\n— Жардам Москва"},
    }
    # 25 hours after the worker last wrote, only the approved template may go.
    clock.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25))
    with transaction.atomic():
        case_message_to_worker(actor=actor_for_membership(caseworker), case=case, body="Кабар бериңиз.")
    drain()
    template = chat.last()
    assert template["type"] == "template"
    # Meta's code for the template's Kyrgyz translation is ky_KG (its list of template languages).
    assert template["template"] == {"name": "korgoo_new_message", "language": {"code": "ky_KG"}}
    assert "Кабар бериңиз" not in json.dumps(template, ensure_ascii=False)
    assert receipt not in json.dumps([c.body for c in graph.calls[-3:]])


def test_sms_carries_only_the_notice(gateway: FakeSmsGateway, moscow_ngo: Any, clock: Any) -> None:
    submitted = report_submit(new=report(language="ru", share_with=("ngo",)))
    worker = Client()
    assert worker.post("/ru/track/", {"receipt": receipts.display(submitted.receipt)}).status_code == 303
    refused = worker.post("/ru/track/case/chats/", {"phone": "555 12"})
    assert refused.status_code == 400 and "555 12" in refused.content.decode()
    assert worker.post("/ru/track/case/chats/", {"phone": "+996 555 123 456"}).status_code == 303
    case = submitted.report.case
    link = ChannelLink.objects.get(case=case, provider="sms")
    assert "+996555123456" not in repr(bytes(link.sealed_chat))
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    # 09:00 UTC is 12:00 in Moscow, outside the SMS quiet hours (21:00–09:00).
    with transaction.atomic():
        case_message_to_worker(actor=actor_for_membership(caseworker), case=case, body="Секретный текст.")
    drain()
    (sms,) = gateway.calls
    assert sms.body == {
        "to": "+996555123456",
        "from": "Korgoo",
        "text": "По вашему обращению новое сообщение. Откройте его с помощью кода.",
    }
    assert sms.headers["Authorization"] == "Bearer sms-token"


def _text(body: dict[str, Any]) -> str:
    """What a message sent through the Cloud API says: a list's body or a text's."""
    if body["type"] == "interactive":
        return str(body["interactive"]["body"]["text"])
    if body["type"] == "text":
        return str(body["text"]["body"])
    return ""


def _rows(body: dict[str, Any]) -> list[str]:
    if body["type"] != "interactive":
        return []
    return [row["id"] for section in body["interactive"]["action"]["sections"] for row in section["rows"]]


def test_a_worker_reports_saves_the_code_tracks_and_answers_in_russian_through_whatsapp(
    graph: FakeGraph, moscow_ngo: Any, clock: Any
) -> None:
    chat = WhatsAppChat(graph)
    chat.type("Здравствуйте")
    assert "lang:ru" in _rows(chat.last())
    chat.press("lang:ru")
    assert "Что вы хотите сделать?" in _text(chat.last())
    chat.press("menu:report")
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    chat.type("Два месяца работал на стройке, зарплату не заплатили.")
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    chat.press("send:yes")
    shown = chat.last()
    text = _text(shown)
    # WhatsApp cannot delete a business's message: the worker is asked to delete it, in Russian.
    assert "удалите это сообщение сами: WhatsApp не даёт нам его удалить" in text
    assert _rows(shown) == ["saved"]
    receipt = "".join(re.findall(r"\d", re.search(r"(\d{4} ){4}\d{4}", text).group(0)))
    case = Case.objects.get()
    assert case.organisation == moscow_ngo and case.language == "ru"
    sent_before = len(graph.calls)
    chat.press("saved")
    # Nothing is asked of the Cloud API but the next question: it has no way to delete a message.
    after = graph.calls[sent_before:]
    assert [call.method for call in after] == ["messages"]
    assert _rows(after[0].body) == ["link:yes", "link:no"]
    chat.press("link:yes")
    chat.press("quiet:none")
    link = ChannelLink.objects.get(case=case, provider="whatsapp")
    assert PHONE not in repr(bytes(link.sealed_chat))  # sealed with the case's key

    # The caseworker writes from the case page: inside the 24-hour window it arrives as text.
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    staff = login(Client(), caseworker)
    answer = staff.post(f"/ru/staff/cases/{case.pk}/messages/", {"body": "Позвоните нам завтра в 10."})
    assert answer.status_code in (302, 303)
    drain()
    assert chat.last() == {
        "messaging_product": "whatsapp",
        "to": PHONE,
        "type": "text",
        "text": {"body": "Позвоните нам завтра в 10.\n\n— Жардам Москва"},
    }

    # The worker reads it with /track and the code, and answers.
    chat.type("/track")
    assert _text(chat.last()) == "Введите код — цифры, которые вы записали."
    chat.type(receipts.display(receipt))
    # The worker's own message with the code cannot be deleted by the bot either: they are asked to.
    assert _text(graph.sent("messages")[-2].body) == (
        "Удалите своё сообщение с кодом сами: WhatsApp не даёт нам его удалить."
    )
    tracked = chat.last()
    assert "Позвоните нам завтра в 10.\n\n— Жардам Москва" in _text(tracked)
    assert "track:reply" in _rows(tracked) and "track:unlink" in _rows(tracked)
    chat.press("track:reply")
    chat.type("Спасибо, позвоню завтра.")
    assert "Ваше сообщение отправлено." in [_text(call.body) for call in graph.sent("messages")[-2:]]
    # The caseworker sees the worker's answer on the case.
    worker_lines = CaseMessage.objects.filter(case=case, sender=CaseMessage.Sender.WORKER)
    assert worker_lines.count() == 1
    page = staff.get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert "Спасибо, позвоню завтра." in page
    case.refresh_from_db()
    assert case.awaiting_reply

    # 24 hours and a minute of the worker's silence: WhatsApp allows only the approved template.
    clock.shift(dt.timedelta(hours=24, minutes=1))
    staff = login(Client(), caseworker)
    assert staff.post(
        f"/ru/staff/cases/{case.pk}/messages/", {"body": "Ждём вас в четверг."}
    ).status_code in (
        302,
        303,
    )
    drain()
    template = chat.last()
    assert template["type"] == "template"
    assert template["template"] == {"name": "korgoo_new_message", "language": {"code": "ru"}}
    assert "Ждём вас" not in json.dumps(template, ensure_ascii=False)
    # The worker writes again: the window is open, and the next message is text once more.
    chat.type("/track")
    chat.type(receipts.display(receipt))
    assert "Ждём вас в четверг." in _text(chat.last())
    staff.post(f"/ru/staff/cases/{case.pk}/messages/", {"body": "Адрес пришлём здесь."})
    drain()
    assert chat.last()["text"] == {"body": "Адрес пришлём здесь.\n\n— Жардам Москва"}
    # Every call to the Graph API carried the access token; none carried the receipt.
    assert all(call.headers["Authorization"] == "Bearer graph-token" for call in graph.calls)
    assert receipt not in json.dumps([call.body for call in graph.calls])


def test_every_webhook_post_is_checked_against_its_own_body(graph: FakeGraph, moscow_ngo: Any) -> None:
    chat = WhatsAppChat(graph)
    chat.type("Салам")
    chat.press("lang:ru")
    assert Inbound.objects.count() == 2
    # A signature of one body does not carry over to another (a replayed header with new content).
    signed = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), signed, hashlib.sha256).hexdigest()
    forged = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "1",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {"messages": [chat.message("text", text={"body": "/report"})]},
                        }
                    ],
                }
            ],
        }
    ).encode()
    refused = chat.client.post(
        "/channels/whatsapp/webhook/",
        data=forged,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )
    assert refused.status_code == 403
    # Nor does a signature without its scheme, or one under the verify token instead of the app secret.
    bare = signature.removeprefix("sha256=")
    assert (
        chat.client.post(
            "/channels/whatsapp/webhook/",
            data=signed,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=bare,
        ).status_code
        == 403
    )
    assert chat.post([chat.message("text", text={"body": "/report"})], secret=VERIFY) == 403
    assert Inbound.objects.count() == 2


def test_an_sms_notice_arrives_after_the_quiet_hours_and_says_nothing_of_the_message(
    gateway: FakeSmsGateway, moscow_ngo: Any, clock: Any
) -> None:
    submitted = report_submit(new=report(language="ky", city="Москва", share_with=("ngo",)))
    assert submitted.report.case.organisation == moscow_ngo
    worker = Client()
    assert worker.post("/ky/track/", {"receipt": receipts.display(submitted.receipt)}).status_code == 303
    # The tracking page leads to the linked chats page, where the worker asks for SMS notices.
    assert 'href="/ky/track/case/chats/"' in worker.get("/ky/track/case/").content.decode()
    assert worker.post("/ky/track/case/chats/", {"phone": "+996 700 111 222"}).status_code == 303
    case = submitted.report.case
    assert ChannelLink.objects.filter(case=case, provider="sms").count() == 1
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    # 19:00 UTC is 22:00 in Moscow (UTC+3; the report is from Russia): inside 21:00–09:00.
    clock.move_to(dt.datetime(2026, 11, 16, 19, 0, tzinfo=dt.UTC), tick=False)
    staff = login(Client(), caseworker)
    body = "Келишимиңизди алып келиңиз, дарегибиз: Тверская 5."
    answer = staff.post(f"/ru/staff/cases/{case.pk}/messages/", {"body": body})
    assert answer.status_code in (302, 303) and answer["Location"].endswith(f"/ru/staff/cases/{case.pk}/")
    drain()
    assert gateway.calls == []
    # 05:59 UTC is 08:59 in Moscow: still quiet.
    clock.move_to(dt.datetime(2026, 11, 17, 5, 59, tzinfo=dt.UTC), tick=False)
    drain()
    assert gateway.calls == []
    # 06:00 UTC is 09:00 in Moscow: the notice goes, in the worker's language, and only the notice.
    clock.move_to(dt.datetime(2026, 11, 17, 6, 0, 1, tzinfo=dt.UTC), tick=False)
    drain()
    (sms,) = gateway.calls
    assert sms.method == "/send"
    assert sms.body == {
        "to": "+996700111222",
        "from": "Korgoo",
        "text": "Кайрылууңуз боюнча жаңы билдирүү бар. Аны кодуңуз менен ачыңыз.",
    }
    assert sms.headers["Authorization"] == "Bearer sms-token"
    sent = json.dumps(sms.body, ensure_ascii=False)
    assert "Тверская" not in sent and "Жардам Москва" not in sent
    assert submitted.receipt not in sent
    # The worker reads the message itself on the tracking page, opened again with the code.
    assert worker.post("/ky/track/", {"receipt": receipts.display(submitted.receipt)}).status_code == 303
    assert "Тверская 5." in worker.get("/ky/track/case/").content.decode()
    # Once delivered nothing of it waits in the database.
    assert not Outbound.objects.exclude(sealed_content=b"").exists()


def test_a_message_held_through_the_quiet_hours_past_the_window_goes_as_the_template(
    graph: FakeGraph, moscow_ngo: Any, clock: Any
) -> None:
    # 03:00 UTC is 06:00 in Moscow: the worker reports in Kyrgyz and asks for no messages at night.
    clock.move_to(dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC), tick=False)
    chat = WhatsAppChat(graph)
    chat.type("Салам")
    chat.press("lang:ky")
    chat.press("menu:report")
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    chat.type("Эки ай айлык беришкен жок.")
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    chat.press("send:yes")
    chat.press("saved")
    chat.press("link:yes")
    chat.press("quiet:night")
    case = Case.objects.get()
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    # 20:00 UTC (23:00 in Moscow), 17 hours after the worker last wrote: the window is still open,
    # but the night hours hold the message until 05:00 UTC (08:00 in Moscow), 26 hours after the
    # worker's last message. Meta accepts only an approved template outside the 24 hours (a text is
    # refused with error 131047), so that is what must go then.
    clock.move_to(dt.datetime(2026, 11, 16, 20, 0, tzinfo=dt.UTC), tick=False)
    with transaction.atomic():
        case_message_to_worker(actor=actor_for_membership(caseworker), case=case, body="Эртең чалыңыз.")
    sent_before = len(graph.sent("messages"))
    drain()
    assert len(graph.sent("messages")) == sent_before
    clock.move_to(dt.datetime(2026, 11, 17, 5, 0, 1, tzinfo=dt.UTC), tick=False)
    drain()
    assert len(graph.sent("messages")) == sent_before + 1
    late = chat.last()
    assert late["type"] == "template"
    assert late["template"]["language"] == {"code": "ky_KG"}
    assert "Эртең чалыңыз" not in json.dumps(late, ensure_ascii=False)


def test_stop_in_whatsapp_forgets_the_conversation_and_says_what_the_worker_must_delete(
    graph: FakeGraph,
) -> None:
    chat = WhatsAppChat(graph)
    chat.type("Салам")
    chat.press("lang:ru")
    chat.press("menu:report")
    chat.type("стоп")
    assert Conversation.objects.count() == 0
    # Nothing was deleted in the chat (the Cloud API cannot), so the bot does not claim it was.
    assert _text(chat.last()) == (
        "Разговор закончен, мы его забыли. WhatsApp не даёт нам удалять сообщения: "
        "чтобы очистить чат, удалите его сами. Напишите /start, чтобы начать заново."
    )


def test_a_long_answer_shown_with_choices_reaches_the_worker_whole(graph: FakeGraph) -> None:
    from korgoo.channels.providers.base import Outgoing
    from korgoo.channels.services import outbound_add

    # An organisation's answer shown by /track may be longer than the 1024 characters a WhatsApp
    # list's text holds (the Cloud API's limit for an interactive message's body): it goes whole as
    # text, then the choices as a list.
    answer = "Саламатсызбы! " + "Келишимиңиздин көчүрмөсүн жана айлык баракчаларыңызды алып келиңиз. " * 20
    assert 1024 < len(answer) < 4096
    with transaction.atomic():
        outbound_add(
            provider="whatsapp",
            out=Outgoing(chat_id=PHONE, text=answer, buttons=[[("Жазуу", "track:reply")]]),
        )
    drain()
    text, choices = (call.body for call in graph.sent("messages"))
    assert text["type"] == "text" and text["text"]["body"] == answer
    assert choices["type"] == "interactive"
    assert _rows(choices) == ["track:reply"]
    assert len(choices["interactive"]["body"]["text"]) <= 1024
