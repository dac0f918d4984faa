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

from korgoo.cases.models import Attachment, Case, RoutingRule
from korgoo.cases.selectors import attachment_get_for
from korgoo.cases.services import case_message_to_worker
from korgoo.channels.models import ChannelLink, Inbound
from korgoo.conftest import MOSCOW, make_member, make_org, report
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
    assert template["template"] == {"name": "korgoo_new_message", "language": {"code": "ky"}}
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
