"""The demo's simulated messenger: it behaves like a Telegram chat on a page of the site, so that
the conversation can be tried without a bot. Nothing leaves the machine."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import SimulatedMessage
from .base import Incoming, Outgoing, ProviderRefused

NAME = "simulator"


def _aad(row_id: Any) -> str:
    return f"simulated:{row_id}"


class SimulatorAdapter:
    name = NAME

    def parse(self, raw: dict[str, Any]) -> Incoming | None:
        chat = str(raw.get("chat", ""))
        if not chat:
            return None
        return Incoming(
            chat_id=chat,
            key=str(raw.get("key", "")),
            text=str(raw.get("text", ""))[:10_000],
            choice=str(raw.get("choice", ""))[:64],
            message_id=str(raw.get("own", "")),
            choice_message_id=str(raw.get("message", "")),
        )

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        raise ProviderRefused("no media")

    def deliver(self, out: Outgoing) -> str:
        from ..services import chat_digest, seal_json  # noqa: PLC0415 - the services ask this adapter (a cycle)

        digest = chat_digest(NAME, out.chat_id)
        if out.kind == "delete":
            SimulatedMessage.objects.filter(chat_digest=digest, pk=int(out.message_id or 0)).update(
                deleted=True, sealed_content=b""
            )
            return ""
        if out.kind == "answer":
            return ""
        row = SimulatedMessage.objects.create(
            chat_digest=digest, sealed_content=b"", created_at=timezone.now()
        )
        row.sealed_content = seal_json({"text": out.text, "buttons": out.buttons}, _aad(row.pk))
        row.save(update_fields=["sealed_content"])
        return str(row.pk)


def simulated_chat(chat_id: str) -> list[dict[str, Any]]:
    """What the bot said to this simulated chat and did not delete, oldest first."""
    from ..services import chat_digest, open_json  # noqa: PLC0415 - the services ask this adapter (a cycle)

    rows = SimulatedMessage.objects.filter(chat_digest=chat_digest(NAME, chat_id), deleted=False).order_by(
        "id"
    )
    return [
        {"id": row.pk, "from_worker": row.from_worker, **open_json(bytes(row.sealed_content), _aad(row.pk))}
        for row in rows
    ]
