"""A worker reports, saves the receipt, tracks and is answered entirely in Telegram, against a local
fake of the Bot API; the webhook refuses a wrong secret; duplicates and outages change nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import transaction

from korgoo.cases.models import Case, CaseEvent, CaseMessage, RoutingRule
from korgoo.cases.services import case_message_to_worker
from korgoo.channels.choices import Delivery
from korgoo.channels.models import ChannelLink, Conversation, Inbound, Outbound
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core.models import OutboxMessage
from korgoo.intake.models import Report
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .conftest import CHAT, Chat, drain

pytestmark = pytest.mark.django_db

STORY = "Курулушта эки ай иштедим, айлык беришкен жок. Кожоюн паспортумду алып койду."


@pytest.fixture
def moscow_ngo() -> Any:
    org = make_org("Жардам Москва", city="Moscow")
    RoutingRule.objects.create(organisation=org, country="RU", locality_id=MOSCOW)
    return org


def report_in_kyrgyz(chat: Chat, *, link: str = "link:no", quiet: str = "quiet:none") -> str:
    """The whole report, as a worker taps and types it; returns the receipt the bot showed."""
    chat.type("/start")
    assert "lang:ky" in chat.buttons()
    chat.press("lang:ky")
    assert "Эмне кылгыңыз келет?" in chat.last_text() or chat.buttons()[0] == "menu:report"
    chat.press("menu:report")
    chat.press("cat:unpaid_wages")
    chat.press("cat:documents_taken")
    assert chat.api.texts()[-1].startswith("Эмне болду?")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    chat.type(STORY)
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    chat.press("send:yes")
    shown = chat.last_text()
    receipt = "".join(re.findall(r"\d", re.search(r"(\d{4} ){4}\d{4}", shown).group(0)))
    receipt_message = chat.last_bot_message_id()
    chat.press("saved", message_id=receipt_message)
    deleted = [c.body for c in chat.api.sent("deleteMessage")]
    assert {"chat_id": str(CHAT), "message_id": receipt_message} in deleted
    chat.press(link)
    if link == "link:yes":
        chat.press(quiet)
    return receipt


def test_a_kyrgyz_report_through_telegram_becomes_a_routed_case(chat: Chat, moscow_ngo: Any) -> None:
    receipt = report_in_kyrgyz(chat)
    case = Case.objects.get()
    assert case.organisation == moscow_ngo  # routed by the Moscow rule, as a web report would be
    assert case.language == "ky"
    assert sorted(case.categories.values_list("category", flat=True)) == ["documents_taken", "unpaid_wages"]
    assert case.share_with == ["ngo"]
    assert CaseEvent.objects.filter(
        case=case, kind="channel_received", data={"provider": "telegram"}
    ).exists()
    from korgoo.core import crypto

    assert Report.objects.get().receipt_digest == crypto.receipt_digest(receipt)
    # The bot answered in Kyrgyz, and the chat was forgotten when the worker did not link it.
    assert "Категория" not in chat.api.texts()[-1]
    assert Conversation.objects.count() == 0
    assert ChannelLink.objects.count() == 0
    # Nothing the worker typed or the bot said waits in the database once delivered.
    assert not Inbound.objects.exclude(sealed_update=b"").exists()
    assert not Outbound.objects.exclude(sealed_content=b"").exists()
    assert Outbound.objects.filter(status=Delivery.SENT).count() == Outbound.objects.count()


def test_the_caseworker_reply_reaches_the_linked_chat_after_quiet_hours(
    chat: Chat, moscow_ngo: Any, clock: Any
) -> None:
    receipt = report_in_kyrgyz(chat, link="link:yes", quiet="quiet:night")
    case = Case.objects.get()
    link = ChannelLink.objects.get(case=case)
    assert str(CHAT) not in repr(bytes(link.sealed_chat))  # sealed with the case's key
    assert (link.quiet_from, link.quiet_until, link.utc_offset_minutes) == (22, 8, 180)
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    # 20:00 UTC is 23:00 in Moscow (UTC+3): inside the worker's quiet hours 22:00–08:00.
    clock.move_to(dt.datetime(2026, 11, 16, 20, 0, tzinfo=dt.UTC), tick=False)
    with transaction.atomic():
        case_message_to_worker(
            actor=actor_for_membership(caseworker), case=case, body="Саламатсызбы! Эртең чалыңыз."
        )
    sent_before = len(chat.api.texts())
    drain()
    assert len(chat.api.texts()) == sent_before  # held back until the quiet hours end
    # 04:59 UTC is 07:59 in Moscow: still quiet.
    clock.move_to(dt.datetime(2026, 11, 17, 4, 59, tzinfo=dt.UTC), tick=False)
    drain()
    assert len(chat.api.texts()) == sent_before
    # 05:00 UTC is 08:00 in Moscow: the quiet hours are over.
    clock.move_to(dt.datetime(2026, 11, 17, 5, 0, 1, tzinfo=dt.UTC), tick=False)
    drain()
    assert chat.api.texts()[-1] == "Саламатсызбы! Эртең чалыңыз.\n\n— Жардам Москва"
    assert chat.api.sent()[-1].body["chat_id"] == str(CHAT)

    # The worker reads and answers it with /track, and the typed receipt is deleted from the chat.
    chat.type("/track")
    typed = chat.type(receipt)
    assert {"chat_id": str(CHAT), "message_id": typed["message"]["message_id"]} in [
        c.body for c in chat.api.sent("deleteMessage")
    ]
    assert "Саламатсызбы! Эртең чалыңыз." in chat.last_text()
    chat.press("track:reply")
    chat.type("Рахмат, эртең чалам.")
    worker_lines = CaseMessage.objects.filter(case=case, sender=CaseMessage.Sender.WORKER)
    assert worker_lines.count() == 1
    case.refresh_from_db()
    assert case.awaiting_reply
    # The worker removes the link from the chat.
    chat.press("track:unlink")
    assert not ChannelLink.objects.filter(case=case).exists()
    assert CaseEvent.objects.filter(case=case, kind="channel_unlinked").exists()


def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(chat: Chat) -> None:
    update = chat.update(
        message={"message_id": 1, "chat": {"id": CHAT, "type": "private"}, "date": 0, "text": "/start"}
    )
    assert chat.post(update, secret="wrong") == 403
    assert chat.post(update, secret="") == 403
    assert Inbound.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_without_a_bot_token_the_webhook_refuses_everything(chat: Chat, settings: Any) -> None:
    settings.KORGOO_TELEGRAM_BOT_TOKEN = ""
    update = chat.update(message={"message_id": 1, "chat": {"id": CHAT, "type": "private"}, "text": "/start"})
    assert chat.post(update) == 403
    assert Inbound.objects.count() == 0


def test_duplicate_updates_make_one_report(chat: Chat, moscow_ngo: Any) -> None:
    chat.type("/start")
    chat.press("lang:ru")
    chat.press("menu:report")
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    chat.type("Не заплатили за два месяца.")
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    send = chat.update(
        callback_query={
            "id": "cb-send",
            "message": {"message_id": chat.last_bot_message_id(), "chat": {"id": CHAT, "type": "private"}},
            "data": "send:yes",
        }
    )
    # Telegram delivers the same update again when our answer was slow: it is stored once.
    assert chat.post(send) == 200
    assert chat.post(send) == 200
    drain()
    assert chat.post(send) == 200
    drain()
    assert Case.objects.count() == 1
    assert sum(bool(re.search(r"(\d{4} ){4}\d{4}", text)) for text in chat.api.texts()) == 1


def test_a_provider_outage_is_retried_and_delivered_later(chat: Chat, clock: Any) -> None:
    chat.api.down = True
    chat.type("/start")
    row = Outbound.objects.get()
    assert row.status == Delivery.QUEUED and row.attempts == 1
    assert chat.api.texts() == []
    clock.shift(dt.timedelta(seconds=1))
    drain()  # not yet: the next try waits for its back-off
    assert Outbound.objects.get().attempts == 1
    chat.api.down = False
    clock.shift(dt.timedelta(seconds=5))
    drain()
    row.refresh_from_db()
    assert row.status == Delivery.SENT
    assert chat.api.texts()[-1].startswith("Тилди тандаңыз")


def test_stop_clears_the_conversation(chat: Chat) -> None:
    chat.type("/start")
    chat.press("lang:en")
    chat.press("menu:report")
    chat.type("стоп")
    deleted = {c.body["message_id"] for c in chat.api.sent("deleteMessage")}
    bot_messages = {c for c in range(101, 101 + 3)}
    assert bot_messages <= deleted
    assert Conversation.objects.count() == 0
    assert chat.last_text().startswith("The conversation has ended")


def test_the_webhook_command_registers_the_address_and_the_secret(bot_api: Any, settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.KORGOO_BASE_URL = "https://korgoo.example.org"
    out = StringIO()
    call_command("telegram_webhook", "set", stdout=out)
    call = bot_api.sent("setWebhook")[-1]
    assert call.body["url"] == "https://korgoo.example.org/channels/telegram/webhook/"
    assert call.body["secret_token"] == settings.KORGOO_TELEGRAM_WEBHOOK_SECRET
    assert call.body["allowed_updates"] == ["message", "callback_query"]
    assert settings.KORGOO_TELEGRAM_WEBHOOK_SECRET not in out.getvalue()
    bot_api.answers["getWebhookInfo"] = {"url": call.body["url"], "pending_update_count": 0}
    call_command("telegram_webhook", "info", stdout=out)
    assert "pending_update_count: 0" in out.getvalue()
    call_command("telegram_webhook", "delete", stdout=out)
    assert bot_api.sent("deleteWebhook")


def test_the_provider_rate_limit_holds_messages_back_until_the_next_second(
    chat: Chat, settings: Any, clock: Any
) -> None:
    settings.KORGOO_CHANNEL_RATE_LIMITS = {"telegram": 2}
    clock.move_to(dt.datetime(2026, 11, 16, 9, 0, 0, 100_000, tzinfo=dt.UTC), tick=False)
    chat.type("/start")
    chat.press("lang:en")  # the acknowledgement of the button and the menu: three messages in all
    assert len(chat.api.calls) == 2
    assert Outbound.objects.filter(status=Delivery.QUEUED).count() == 1
    clock.shift(dt.timedelta(seconds=3))  # the outbox's back-off after the first refusal is 2 s
    drain()
    assert Outbound.objects.filter(status=Delivery.QUEUED).count() == 0
    assert chat.last_text().startswith("Korgoo helps")


def test_an_abandoned_conversation_is_forgotten_by_the_retention_run(chat: Chat, clock: Any) -> None:
    from korgoo.retention.services import retention_run

    chat.type("/start")
    chat.press("lang:ky")
    chat.press("menu:report")
    chat.type("Москва")  # typed where a button was expected: kept nowhere but the conversation's step
    assert Conversation.objects.count() == 1
    clock.shift(dt.timedelta(hours=23))
    retention_run()
    assert Conversation.objects.count() == 1  # still within KORGOO_CHANNEL_CONVERSATION_HOURS (24)
    clock.shift(dt.timedelta(hours=2))
    retention_run()
    assert Conversation.objects.count() == 0
    # A chat that comes back starts again, with the language question.
    chat.type("салам")
    assert chat.last_text().startswith("Тилди тандаңыз")


def test_places_of_help_and_the_agency_check_come_from_the_directory_and_the_registry(chat: Chat) -> None:
    from korgoo.agencies import loaders as agency_loaders
    from korgoo.agencies.selectors import agency_check
    from korgoo.agencies.services import agencies_import
    from korgoo.core.indexing import suspended
    from korgoo.demo.world import DEMO_PLACES_FILE
    from korgoo.directory import loaders as directory_loaders
    from korgoo.directory.selectors import PlaceFilters, place_list
    from korgoo.directory.services import directory_import

    with suspended():
        directory_import(
            files=directory_loaders.read_directory(
                place_files=[
                    (directory_loaders.PLACES_FILE, False),
                    (DEMO_PLACES_FILE, True),
                ]
            )
        )
    agencies_import(
        registry=agency_loaders.read_registry(agency_loaders.SAMPLE_FILE),
        taken_on=dt.date(2026, 3, 5),
        allow_demo=True,
    )
    chat.type("/start")
    chat.press("lang:ru")
    chat.press("menu:places")
    assert "places:KZ" in chat.buttons()
    chat.press("places:KZ")
    first = place_list(filters=PlaceFilters(country="KZ")).first()
    assert first is not None
    shown = chat.last_text()
    assert first.phone in shown or (first.phone == "" and shown)
    assert shown.rstrip().endswith("/ru/help/?country=KZ")
    # The agency check answers as the site's check does, for the name the worker heard.
    registered = agency_check(query="").registry
    assert registered is not None and registered.agencies > 0
    from korgoo.agencies.models import Agency

    agency = Agency.objects.order_by("name").first()
    chat.press("menu:agency")
    chat.type(agency.name)
    expected = agency_check(query=agency.name)
    from django.utils import translation

    from korgoo.agencies.choices import Verdict

    with translation.override("ru"):
        assert chat.last_text().startswith(str(Verdict(expected.verdict).label))
    assert agency.name in chat.last_text()


def test_a_photo_sent_with_the_story_is_attached_and_cleaned(chat: Chat, moscow_ngo: Any) -> None:
    import io

    from PIL import Image

    from korgoo.cases.models import Attachment

    image = Image.new("RGB", (40, 30), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCamera"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    chat.api.files["photos/payslip-1.jpg"] = out.getvalue()
    chat.type("/start")
    chat.press("lang:ky")
    chat.press("menu:report")
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    chat.press("country:RU")
    chat.type("Москва")
    photo = chat.update(
        message={
            "message_id": 900,
            "chat": {"id": CHAT, "type": "private"},
            "date": 0,
            "photo": [{"file_id": "payslip-small", "width": 9}, {"file_id": "payslip-1", "width": 40}],
            "caption": STORY,
        }
    )
    assert chat.post(photo) == 200
    drain()
    assert chat.api.sent("getFile") == []  # nothing is fetched before the report is sent
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    chat.press("send:yes")
    assert [c.body["file_id"] for c in chat.api.sent("getFile")] == ["payslip-1"]  # the largest size
    attachment = Attachment.objects.get()
    assert not attachment.original_storage_name  # no original kept: the worker was not asked
    from korgoo.cases.selectors import attachment_get_for

    # The virus check runs after commit (never, inside a test's transaction): found clean here.
    Attachment.objects.filter(pk=attachment.pk).update(scan_status="clean")
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    _row, data, _name = attachment_get_for(
        actor=actor_for_membership(caseworker), case_id=attachment.case_id, attachment_id=attachment.pk
    )
    assert data.startswith(b"\xff\xd8") and b"CanaryCamera" not in data
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()


def test_a_receipt_typed_out_of_turn_is_deleted_from_the_chat(chat: Chat, moscow_ngo: Any) -> None:
    from korgoo.core import receipts

    typed = chat.type(receipts.display(receipts.generate()))  # the first thing a worker writes
    assert {"chat_id": str(CHAT), "message_id": typed["message"]["message_id"]} in [
        c.body for c in chat.api.sent("deleteMessage")
    ]
    assert chat.last_text().startswith("Тилди тандаңыз")


def test_an_english_report_receipt_and_answer_through_telegram(chat: Chat, moscow_ngo: Any) -> None:
    chat.type("/start")
    chat.press("lang:en")
    assert chat.last_text().endswith("What would you like to do?")
    chat.press("menu:report")
    assert chat.last_text() == "What happened? Choose everything that applies."
    chat.press("cat:unpaid_wages")
    chat.press("cat:done")
    assert chat.last_text() == "In which country did it happen?"
    chat.press("country:RU")
    chat.type("Moscow")
    assert chat.last_text() == "Tell us what happened, in your own words"
    chat.type("I worked two months on a building site and was not paid.")
    chat.press("share:ngo")
    chat.press("share:done")
    chat.press("consul:no")
    assert chat.last_text() == "Send your report? Nothing is sent before you press the button."
    chat.press("send:yes")
    shown = chat.last_text()
    assert shown.startswith("Your report was sent. Your code:")
    assert "press the button and this message will be deleted" in shown
    receipt = "".join(re.findall(r"\d", re.search(r"(\d{4} ){4}\d{4}", shown).group(0)))
    receipt_message = chat.last_bot_message_id()
    chat.press("saved", message_id=receipt_message)
    assert {"chat_id": str(CHAT), "message_id": receipt_message} in [
        c.body for c in chat.api.sent("deleteMessage")
    ]
    chat.press("link:yes")
    chat.press("quiet:none")
    assert chat.last_text().startswith("This chat is linked to your report")
    case = Case.objects.get()
    assert case.organisation == moscow_ngo and case.language == "en"
    caseworker = make_member(moscow_ngo, "ngo.caseworker", Role.CASEWORKER)
    with transaction.atomic():
        case_message_to_worker(actor=actor_for_membership(caseworker), case=case, body="Please call us.")
    drain()
    assert chat.last_text() == "Please call us.\n\n— Жардам Москва"
    chat.type("/track")
    assert chat.last_text() == "Write your code: the digits you wrote down."
    chat.type(receipt)
    assert chat.last_text().startswith("Status: ")
    assert "Please call us." in chat.last_text()
    chat.press("track:reply")
    chat.type("Thank you, I will call tomorrow.")
    assert "Your message was sent." in chat.api.texts()[-2:]
    assert CaseMessage.objects.filter(case=case, sender=CaseMessage.Sender.WORKER).count() == 1
