from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from korgoo.core.outbox import outbox_drain

from .fakes import FakeServer, serve

TOKEN = "123456:TEST-TOKEN"
SECRET = "webhook-secret-for-tests"
CHAT = 777000111


@pytest.fixture
def bot_api(settings: Any) -> Iterator[FakeServer]:
    """The fake Bot API, and the settings pointing at it."""
    for fake in serve(FakeServer()):
        settings.KORGOO_TELEGRAM_BOT_TOKEN = TOKEN
        settings.KORGOO_TELEGRAM_WEBHOOK_SECRET = SECRET
        settings.KORGOO_TELEGRAM_API_BASE = fake.url
        # A whole conversation runs within a second of the test's clock: no rate limit here (its own
        # test below sets one).
        settings.KORGOO_CHANNEL_RATE_LIMITS = {
            name: 10_000 for name in ("telegram", "whatsapp", "sms", "simulator")
        }
        yield fake


def drain() -> int:
    """Run the outbox until nothing is ready, as `korgoo drain_outbox` does after each update."""
    total = 0
    while True:
        done = outbox_drain(limit=500)
        total += done
        if not done:
            return total


@dataclass
class Chat:
    """A worker's private chat with the bot, as Telegram posts it to the webhook."""

    api: FakeServer
    client: Client
    chat_id: int = CHAT
    secret: str = SECRET

    def __post_init__(self) -> None:
        self.ids = itertools.count(5000)
        self.message_ids = itertools.count(1)

    def post(self, update: dict[str, Any], secret: str | None = None) -> int:
        headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": self.secret if secret is None else secret}
        response = self.client.post(
            "/channels/telegram/webhook/", data=update, content_type="application/json", **headers
        )
        return response.status_code

    def update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self.ids), **content}

    def type(self, text: str, *, run: bool = True) -> dict[str, Any]:
        update = self.update(
            message={
                "message_id": next(self.message_ids),
                "chat": {"id": self.chat_id, "type": "private"},
                "from": {"id": self.chat_id, "is_bot": False, "first_name": "A"},
                "date": 0,
                "text": text,
            }
        )
        assert self.post(update) == 200
        if run:
            drain()
        return update

    def press(self, data: str, *, message_id: int = 0) -> dict[str, Any]:
        message_id = message_id or self.last_bot_message_id()
        update = self.update(
            callback_query={
                "id": f"cb{next(self.ids)}",
                "from": {"id": self.chat_id, "is_bot": False, "first_name": "A"},
                "message": {"message_id": message_id, "chat": {"id": self.chat_id, "type": "private"}},
                "data": data,
            }
        )
        assert self.post(update) == 200
        drain()
        return update

    def last_bot_message_id(self) -> int:
        return self.api.next_id

    def last_text(self) -> str:
        return self.api.texts()[-1]

    def buttons(self) -> list[str]:
        markup = self.api.sent()[-1].body.get("reply_markup") or {}
        return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


RECEIPT = re.compile(r"\d{4}(?:[ -]?\d{2,4}){3,}")


@pytest.fixture
def chat(bot_api: FakeServer) -> Chat:
    return Chat(api=bot_api, client=Client())
