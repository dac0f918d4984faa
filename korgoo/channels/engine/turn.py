"""One turn of a conversation: the chat, its conversation row and what the bot says back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import services
from ..models import Conversation
from ..providers.base import Buttons, Incoming, Outgoing

LANGUAGES = (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English"))
LANGUAGE_PROMPT = "Тилди тандаңыз · Выберите язык · Choose your language"
STOP_WORDS = frozenset({"/stop", "стоп", "stop", "токто"})
QUIET = {"none": None, "night": (22, 8), "work": (8, 19)}
CHECKED = "✅ "
# Providers that let no bot delete a message in the chat (the worker's or its own).
CANNOT_DELETE = frozenset({"whatsapp"})


@dataclass
class Turn:
    """One message of the worker being answered."""

    provider: str
    conversation: Conversation
    incoming: Incoming

    @property
    def chat_id(self) -> str:
        return self.incoming.chat_id

    def say(self, text: str, buttons: Buttons | None = None) -> None:
        services.outbound_add(
            provider=self.provider,
            out=Outgoing(
                chat_id=self.chat_id, text=text, buttons=buttons or [], language=self.conversation.language
            ),
            conversation=self.conversation,
        )

    def delete(self, message_id: str) -> None:
        if message_id:
            services.outbound_add(
                provider=self.provider,
                out=Outgoing(chat_id=self.chat_id, kind="delete", message_id=message_id, remember=False),
            )

    def step(self, step: str) -> None:
        self.conversation.step = step
        self.conversation.save(update_fields=["step"])

    def draft(self) -> dict[str, Any]:
        return services.conversation_draft(self.conversation)

    def keep(self, draft: dict[str, Any]) -> None:
        services.conversation_draft_set(self.conversation, draft)
