"""SMS through a generic HTTP gateway: a JSON post of `to`, `from` and `text` to
`KORGOO_SMS_GATEWAY_URL` with `Authorization: Bearer KORGOO_SMS_GATEWAY_TOKEN`. Notices only: the
text is always the fixed "you have a new message" line, never what the organisation wrote."""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from .base import Incoming, Outgoing, ProviderRefused, ProviderUnavailable, http

NAME = "sms"


class SmsAdapter:
    name = NAME

    def parse(self, raw: dict[str, Any]) -> Incoming | None:
        return None  # the gateway only sends: a worker's SMS is never read

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        raise ProviderRefused("no media")

    def deliver(self, out: Outgoing) -> str:
        if out.kind != "notice":
            return ""  # nothing but notices travels by SMS
        url = settings.KORGOO_SMS_GATEWAY_URL
        if not url:
            raise ProviderUnavailable("sms not configured")
        try:
            response = http().post(
                url,
                json={"to": out.chat_id, "from": settings.KORGOO_SMS_SENDER, "text": out.text[:300]},
                headers={"Authorization": f"Bearer {settings.KORGOO_SMS_GATEWAY_TOKEN}"},
                timeout=10.0,
            )
        except httpx.HTTPError as error:
            raise ProviderUnavailable(type(error).__name__) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderUnavailable(f"sms {response.status_code}")
        if response.status_code >= 400:
            raise ProviderRefused(f"sms {response.status_code}")
        try:
            return str(response.json().get("id", ""))
        except ValueError:
            return ""
