"""Telegram through its Bot API, with a thin synchronous client over httpx (ADR 0020).

The base address comes from `KORGOO_TELEGRAM_API_BASE` (the public Bot API by default; the tests'
fake server, or a local Bot API server). Updates arrive at the webhook; the calls made are
`sendMessage`, `deleteMessage`, `answerCallbackQuery` and, for `korgoo telegram_webhook`,
`setWebhook`, `deleteWebhook` and `getWebhookInfo`. Nothing here logs a chat id or a text.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from .base import Incoming, Media, Outgoing, ProviderRefused, ProviderUnavailable, http, limit

TEXT_LIMIT = 4096
NAME = "telegram"


class BotApi:
    """The Bot API's methods as plain calls: JSON in, the `result` out, errors as our exceptions."""

    def __init__(self, token: str | None = None, base: str | None = None, timeout: float = 10.0) -> None:
        self.token = token if token is not None else settings.KORGOO_TELEGRAM_BOT_TOKEN
        self.base = (base or settings.KORGOO_TELEGRAM_API_BASE).rstrip("/")
        self.timeout = timeout

    def call(self, method: str, **params: Any) -> Any:
        if not self.token:
            raise ProviderUnavailable("no bot token")
        url = f"{self.base}/bot{self.token}/{method}"
        try:
            response = http().post(url, json=params, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise ProviderUnavailable(type(error).__name__) from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200 and body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code)
        description = str(body.get("description", ""))
        if code == 429 or code >= 500:
            raise ProviderUnavailable(f"telegram {code}")
        if code == 400 and any(
            words in description.lower()
            for words in ("message to delete not found", "message can't be deleted")
        ):
            return True  # already gone (the worker deleted it), or past the 48 hours a bot may delete in
        raise ProviderRefused(f"telegram {code}")


def parse(update: dict[str, Any]) -> Incoming | None:
    """The worker's message or button in a Bot API update; None for anything else (edits, groups)."""
    key = str(update.get("update_id", ""))
    if "callback_query" in update:
        query = update["callback_query"]
        message = query.get("message") or {}
        chat = message.get("chat") or {}
        if chat.get("type", "private") != "private" or "id" not in chat:
            return None
        return Incoming(
            chat_id=str(chat["id"]),
            key=key,
            choice=str(query.get("data", ""))[:64],
            callback_id=str(query.get("id", "")),
            choice_message_id=str(message.get("message_id", "")),
        )
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in chat:
        return None
    media: tuple[Media, ...] = ()
    if message.get("photo"):  # sizes from small to large: the largest is kept
        media = (Media(ref=str(message["photo"][-1].get("file_id", "")), content_type="image/jpeg"),)
    elif isinstance(message.get("document"), dict):
        document = message["document"]
        media = (
            Media(ref=str(document.get("file_id", "")), content_type=str(document.get("mime_type", ""))),
        )
    return Incoming(
        chat_id=str(chat["id"]),
        key=key,
        text=str(message.get("text") or message.get("caption") or "")[:10_000],
        message_id=str(message.get("message_id", "")),
        media=media,
    )


class TelegramAdapter:
    name = NAME

    def __init__(self, api: BotApi | None = None) -> None:
        self.api = api or BotApi()

    def parse(self, raw: dict[str, Any]) -> Incoming | None:
        return parse(raw)

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        """A photo or document the worker sent: `getFile`, then its bytes (at most 20 MB by the Bot API)."""
        found = self.api.call("getFile", file_id=ref) or {}
        path = str(found.get("file_path", ""))
        if not path:
            raise ProviderRefused("telegram file")
        try:
            response = http().get(f"{self.api.base}/file/bot{self.api.token}/{path}", timeout=30.0)
        except httpx.HTTPError as error:
            raise ProviderUnavailable(type(error).__name__) from None
        if response.status_code != 200:
            raise ProviderUnavailable(f"telegram file {response.status_code}")
        return response.content, ""

    def deliver(self, out: Outgoing) -> str:
        if out.kind == "delete":
            self.api.call("deleteMessage", chat_id=out.chat_id, message_id=int(out.message_id))
            return ""
        if out.kind == "answer":
            self.api.call("answerCallbackQuery", callback_query_id=out.callback_id)
            return ""
        params: dict[str, Any] = {"chat_id": out.chat_id, "text": limit(out.text, TEXT_LIMIT)}
        if out.buttons:
            params["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": label, "callback_data": data} for label, data in row] for row in out.buttons
                ]
            }
        result = self.api.call("sendMessage", **params)
        return str((result or {}).get("message_id", ""))
