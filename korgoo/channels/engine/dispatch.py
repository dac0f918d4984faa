"""Answering one incoming message: the stop words, commands and buttons, then the handler of the
conversation's step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

from korgoo.core import receipts

from .. import services
from ..choices import Step
from ..models import ChannelLink
from ..providers.base import Incoming, Outgoing
from .menu import (
    _agency_start,
    _article,
    _ask_language,
    _help,
    _menu,
    _on_agency,
    _places,
    _places_in,
    _rights,
)
from .reporting import (
    _on_categories,
    _on_city,
    _on_confirm,
    _on_consulate,
    _on_country,
    _on_link_offer,
    _on_quiet_hours,
    _on_receipt_shown,
    _on_share,
    _on_story,
    _report_start,
    _stop,
)
from .tracking import (
    _on_home_region,
    _on_track_add,
    _on_track_receipt,
    _on_track_reply,
    _on_tracking,
    _track_start,
    _typed_code_gone,
)
from .turn import LANGUAGES, STOP_WORDS, Turn


def handle(*, provider: str, incoming: Incoming, raw: dict[str, Any]) -> None:
    """Answer one message, button or command of a chat (inside the caller's transaction)."""
    conversation = services.conversation_for(provider=provider, chat_id=incoming.chat_id)
    turn = Turn(provider=provider, conversation=conversation, incoming=incoming)
    if incoming.message_id:
        conversation.message_ids = [*conversation.message_ids, incoming.message_id][-200:]
        conversation.save(update_fields=["message_ids"])
    if incoming.callback_id:
        services.outbound_add(
            provider=provider,
            out=Outgoing(
                chat_id=incoming.chat_id, kind="answer", callback_id=incoming.callback_id, remember=False
            ),
        )
    links = ChannelLink.objects.filter(provider=provider, chat_digest=conversation.chat_digest)
    links.update(last_inbound_at=conversation.last_activity_at)
    if not conversation.language:  # a chat linked to a report keeps the language it chose
        known = links.order_by("-created_at").values_list("language", flat=True).first()
        if known:
            conversation.language = known
            conversation.save(update_fields=["language"])
    text = incoming.text.strip()
    if conversation.step != Step.TRACK_RECEIPT and receipts.normalise(text[:100]) is not None:
        _typed_code_gone(turn)  # a receipt typed anywhere does not stay in the chat
    if text.casefold() in STOP_WORDS or incoming.command == "stop" or incoming.choice == "stop":
        _stop(turn)
        return
    with translation.override(conversation.language or "ky"):
        _dispatch(turn, text)


def _dispatch(turn: Turn, text: str) -> None:
    incoming, conversation = turn.incoming, turn.conversation
    command = incoming.command
    if command == "start" or (not conversation.language and not incoming.choice.startswith("lang:")):
        _ask_language(turn)
        return
    if incoming.choice.startswith("lang:"):
        language = incoming.choice.split(":", 1)[1]
        if language in dict(LANGUAGES):
            conversation.language = language
            conversation.save(update_fields=["language"])
            translation.activate(language)
            _menu(turn, welcome=True)
        return
    commands: dict[str, Callable[[Turn], None]] = {
        "report": _report_start,
        "track": _track_start,
        "help": _help,
        "rights": _rights,
        "language": _ask_language,
        "menu": _menu,
        "places": _places,
        "agency": _agency_start,
    }
    chosen = command or (incoming.choice.split(":", 1)[1] if incoming.choice.startswith("menu:") else "")
    if chosen in commands:
        commands[chosen](turn)
        return
    if incoming.choice.startswith("art:"):
        _article(turn, incoming.choice.split(":", 1)[1])
        return
    if incoming.choice.startswith("places:"):
        _places_in(turn, incoming.choice.split(":", 1)[1])
        return
    handler = STEPS.get(conversation.step)
    if handler is None:
        _menu(turn)
        return
    handler(turn, text)


STEPS: dict[str, Callable[[Turn, str], None]] = {
    Step.LANGUAGE: _ask_language,
    Step.MENU: lambda turn, text: _menu(turn),
    Step.CATEGORIES: _on_categories,
    Step.COUNTRY: _on_country,
    Step.CITY: _on_city,
    Step.STORY: _on_story,
    Step.SHARE: _on_share,
    Step.CONSULATE: _on_consulate,
    Step.CONFIRM: _on_confirm,
    Step.RECEIPT_SHOWN: _on_receipt_shown,
    Step.LINK_OFFER: _on_link_offer,
    Step.QUIET_HOURS: _on_quiet_hours,
    Step.TRACK_RECEIPT: _on_track_receipt,
    Step.TRACKING: _on_tracking,
    Step.TRACK_REPLY: _on_track_reply,
    Step.TRACK_ADD: _on_track_add,
    Step.AGENCY: _on_agency,
    Step.HOME_REGION: _on_home_region,
}
