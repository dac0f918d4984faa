"""WhatsApp through Meta's Cloud API: plain HTTPS to the Graph API (`KORGOO_WHATSAPP_API_BASE`).

The webhook is verified once by Meta's handshake (`hub.verify_token`) and every post carries
`X-Hub-Signature-256`, the HMAC-SHA256 of the body under the app secret. Free text may be sent only
within 24 hours of the worker's last message (the service window); outside it only an approved
template ("you have a new message — open it with your code"). WhatsApp cannot delete a message the
business sent, so the receipt's message says so and asks the worker to delete it themselves.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx
from django.conf import settings

from .base import Incoming, Media, Outgoing, ProviderRefused, ProviderUnavailable, http, limit

NAME = "whatsapp"
TEXT_LIMIT = 4096
LIST_BODY_LIMIT = 1024
# Meta's codes for a template's languages (Cloud API, "Supported Languages", checked 2026-12-04):
# Kyrgyz exists only as `ky_KG`; a bare `ky` names no translation of the template and is refused.
TEMPLATE_LANGUAGES = {"ky": "ky_KG", "ru": "ru", "en": "en"}


def signature_valid(body: bytes, header: str) -> bool:
    secret = settings.KORGOO_WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def split(body: dict[str, Any]) -> list[dict[str, Any]]:
    """One post may carry several messages: each becomes its own update (deduplicated by its id)."""
    found: list[dict[str, Any]] = []
    for entry in body.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            for message in ((change or {}).get("value") or {}).get("messages") or []:
                if isinstance(message, dict):
                    found.append(message)
    return found


def parse(message: dict[str, Any]) -> Incoming | None:
    sender, key = str(message.get("from", "")), str(message.get("id", ""))
    if not sender or not key:
        return None
    kind = message.get("type")
    if kind == "text":
        return Incoming(
            chat_id=sender, key=key, text=str((message.get("text") or {}).get("body", ""))[:10_000]
        )
    if kind == "interactive":
        reply = (
            (message.get("interactive") or {}).get("button_reply")
            or (message.get("interactive") or {}).get("list_reply")
            or {}
        )
        return Incoming(chat_id=sender, key=key, choice=str(reply.get("id", ""))[:64])
    if kind in ("image", "document"):
        media = message.get(kind) or {}
        return Incoming(
            chat_id=sender,
            key=key,
            text=str(media.get("caption", ""))[:10_000],
            media=(Media(ref=str(media.get("id", "")), content_type=str(media.get("mime_type", ""))),),
        )
    return None


class WhatsAppAdapter:
    name = NAME

    def parse(self, raw: dict[str, Any]) -> Incoming | None:
        return parse(raw)

    def _post(self, body: dict[str, Any]) -> Any:
        token, number = settings.KORGOO_WHATSAPP_ACCESS_TOKEN, settings.KORGOO_WHATSAPP_PHONE_NUMBER_ID
        if not token or not number:
            raise ProviderUnavailable("whatsapp not configured")
        url = f"{settings.KORGOO_WHATSAPP_API_BASE.rstrip('/')}/{number}/messages"
        try:
            response = http().post(
                url,
                json={"messaging_product": "whatsapp", **body},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10.0,
            )
        except httpx.HTTPError as error:
            raise ProviderUnavailable(type(error).__name__) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderUnavailable(f"whatsapp {response.status_code}")
        if response.status_code >= 400:
            raise ProviderRefused(f"whatsapp {response.status_code}")
        return response.json()

    def deliver(self, out: Outgoing) -> str:
        if out.kind in ("delete", "answer"):
            return ""  # the Cloud API can neither delete a sent message nor needs a button acknowledged
        if out.kind == "notice":
            body: dict[str, Any] = {
                "to": out.chat_id,
                "type": "template",
                "template": {
                    "name": settings.KORGOO_WHATSAPP_TEMPLATE,
                    "language": {"code": TEMPLATE_LANGUAGES.get(out.language, "ky_KG")},
                },
            }
        elif out.buttons:
            # A list holds at most 10 rows with titles of 24 characters: longer choices (the
            # categories of a report) go in several lists, a long label in the row's description.
            rows = [
                {
                    "id": data,
                    "title": limit(label, 24),
                    **({"description": limit(label, 72)} if len(label) > 24 else {}),
                }
                for row in out.buttons
                for label, data in row
            ]
            first, heading = "", out.text or "…"
            if len(heading) > LIST_BODY_LIMIT:
                # A list's text holds 1024 characters: a longer one (an organisation's answer shown
                # with /track) goes whole as text first, and the list follows it.
                first, heading = self._text(out.chat_id, out.text), "…"
            for start in range(0, len(rows), 10):
                body = {
                    "to": out.chat_id,
                    "type": "interactive",
                    "interactive": {
                        "type": "list",
                        "body": {"text": limit(heading, LIST_BODY_LIMIT) if start == 0 else "…"},
                        "action": {
                            "button": "☰",
                            "sections": [{"title": "Korgoo", "rows": rows[start : start + 10]}],
                        },
                    },
                }
                sent = self._post(body)
                first = first or str(((sent or {}).get("messages") or [{}])[0].get("id", ""))
            return first
        else:
            return self._text(out.chat_id, out.text)
        result = self._post(body)
        messages = (result or {}).get("messages") or [{}]
        return str(messages[0].get("id", ""))

    def _text(self, chat_id: str, text: str) -> str:
        result = self._post({"to": chat_id, "type": "text", "text": {"body": limit(text, TEXT_LIMIT)}})
        messages = (result or {}).get("messages") or [{}]
        return str(messages[0].get("id", ""))

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        """A photo or document the worker sent: its address from the Graph API, then its bytes."""
        token = settings.KORGOO_WHATSAPP_ACCESS_TOKEN
        headers = {"Authorization": f"Bearer {token}"}
        try:
            meta = http().get(
                f"{settings.KORGOO_WHATSAPP_API_BASE.rstrip('/')}/{ref}", headers=headers, timeout=10.0
            )
            meta.raise_for_status()
            info = meta.json()
            data = http().get(str(info["url"]), headers=headers, timeout=30.0)
            data.raise_for_status()
        except (httpx.HTTPError, KeyError, ValueError) as error:
            raise ProviderUnavailable(type(error).__name__) from None
        return data.content, str(info.get("mime_type", ""))
