"""The one interface every messenger provider is adapted to.

An adapter turns what the provider posts to its webhook into `Incoming` messages, and delivers an
`Outgoing` one (a message, an acknowledgement of a button, the deletion of a message). The
conversation engine speaks only these two types, so a new provider is a new adapter and nothing else.
"""

from __future__ import annotations

import os
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import httpx


@dataclass(frozen=True)
class Media:
    """A photo or document the worker sent: the provider's id for it, fetched when it is stored."""

    ref: str
    content_type: str = ""


@dataclass(frozen=True)
class Incoming:
    """One thing the worker did in a chat: a message, a command or a button pressed."""

    chat_id: str
    key: str  # the provider's id of the update or message: duplicates carry the same one
    text: str = ""
    choice: str = ""  # the data of a button pressed
    callback_id: str = ""  # to acknowledge the button (Telegram)
    message_id: str = ""  # the worker's own message, which the bot may delete
    choice_message_id: str = ""  # the bot's message that carried the button pressed
    media: tuple[Media, ...] = ()

    @property
    def command(self) -> str:
        """`start` for "/start" or "/start@korgoo_bot"; "" for anything that is no command."""
        word = self.text.strip().split(maxsplit=1)[0] if self.text.strip() else ""
        if not word.startswith("/"):
            return ""
        return word[1:].split("@", 1)[0].lower()


Buttons = list[list[tuple[str, str]]]  # rows of (label, data)


@dataclass
class Outgoing:
    """Something for the provider to do in a chat."""

    chat_id: str
    kind: str = "text"  # text | delete | answer (a button's acknowledgement) | notice (template / SMS)
    text: str = ""
    buttons: Buttons = field(default_factory=list)
    message_id: str = ""  # for `delete`
    callback_id: str = ""  # for `answer`
    remember: bool = True  # keep the sent message's id so that the chat can be cleared
    language: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Outgoing:
        value = dict(value)
        value["buttons"] = [[(str(a), str(b)) for a, b in row] for row in value.get("buttons", [])]
        return cls(**value)


class ProviderUnavailable(Exception):
    """The provider could not be reached or asked us to wait: the delivery is tried again later."""


class ProviderRefused(Exception):
    """The provider refused for good (the worker blocked the bot, the chat is gone): not retried."""


class Adapter(Protocol):
    name: str

    def parse(self, raw: dict[str, Any]) -> Incoming | None:
        """The worker's message or button in what the provider posted; None for anything else."""
        ...

    def deliver(self, out: Outgoing) -> str:
        """Do it; return the provider's id of a message sent ("" when there is none)."""
        ...

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        """The bytes of a photo or document the worker sent, and its type if the provider says."""
        ...


def limit(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


_client_lock = threading.Lock()
_client: tuple[int, httpx.Client] | None = None


def http() -> httpx.Client:
    """This process's HTTP client for the providers' APIs, made at its first call.

    One client keeps its connections to a provider open between calls and builds its TLS context
    once; a client made for each call (`httpx.post`) loads every trusted certificate again, some
    20 ms of CPU per message sent. A process forked after the first call (a web worker of a
    preloaded application) makes its own, as connections cannot be shared across processes.
    """
    global _client
    pid = os.getpid()
    with _client_lock:
        if _client is None or _client[0] != pid:
            _client = (pid, httpx.Client())
        return _client[1]
