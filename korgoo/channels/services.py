"""Every write of the channels app: receiving updates, speaking in a chat, linking a chat to a report.

The path of a message is always the same, whatever the provider:

1. the webhook checks the provider's signature or secret, then `inbound_accept` stores the update
   sealed, once per provider message id, and adds an outbox message in the same transaction; the
   webhook answers at once;
2. the outbox drain calls `deliver_inbound`, which hands the update to the conversation engine
   (`korgoo.channels.engine`) under a lock of the chat's conversation; the engine calls the same
   intake and cases services as the web pages;
3. whatever the engine says is an `Outbound` row plus an outbox message, delivered by
   `deliver_outbound` through the provider's adapter, with the outbox's retries and back-off and a
   per-provider rate limit.

No chat id, text or receipt is logged; payloads of outbox messages carry row ids only.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korgoo.cases import vault
from korgoo.cases.choices import EventKind
from korgoo.cases.models import Case, CaseMessage
from korgoo.cases.services import record_event
from korgoo.core import crypto, unsealing
from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_get
from korgoo.core.outbox import outbox_add
from korgoo.core.throttle import Window

from .choices import Delivery, Provider
from .models import ChannelLink, Conversation, Inbound, Outbound, SimulatedMessage
from .providers import adapter_for
from .providers.base import Incoming, Outgoing, ProviderRefused, ProviderUnavailable

logger = logging.getLogger(__name__)

INBOUND_TOPIC = "channels.inbound"
OUTBOUND_TOPIC = "channels.outbound"
MAX_ATTEMPTS = 12
# Local time of the worker, by the country of the report, for quiet hours (Moscow time for Russia).
UTC_OFFSETS: dict[str, int] = {Country.RU: 180, Country.KZ: 300, Country.KG: 360}


class RateLimited(ProviderUnavailable):
    """More messages this second than the provider accepts: the outbox tries again shortly."""


# --- Sealing: the channels' own key for what waits to be handled -----------------------------------


def _key() -> bytes:
    return crypto.purpose_key("channels-seal")


def chat_digest(provider: str, chat_id: str) -> str:
    """How a chat is found without keeping its id in the clear."""
    return crypto.keyed_digest(crypto.purpose_key("channels-chat"), f"{provider}:{chat_id}")


def seal_json(value: Any, aad: str) -> bytes:
    return crypto.seal_json(_key(), value, aad.encode())


def open_json(sealed: bytes, aad: str) -> Any:
    return unsealing.unseal_json(_key(), bytes(sealed), aad.encode())


def conversation_chat(conversation: Conversation) -> str:
    return str(open_json(bytes(conversation.sealed_chat), f"conversation:{conversation.pk}:chat"))


def conversation_draft(conversation: Conversation) -> dict[str, Any]:
    if not conversation.sealed_draft:
        return {}
    draft: dict[str, Any] = open_json(
        bytes(conversation.sealed_draft), f"conversation:{conversation.pk}:draft"
    )
    return draft


def conversation_draft_set(conversation: Conversation, draft: dict[str, Any]) -> None:
    conversation.sealed_draft = seal_json(draft, f"conversation:{conversation.pk}:draft") if draft else b""
    conversation.save(update_fields=["sealed_draft"])


# --- Receiving ----------------------------------------------------------------------------------------


def inbound_accept(*, provider: str, incoming: Incoming, raw: dict[str, Any]) -> bool:
    """Keep an update once (by the provider's id for it) and queue its handling; False for a
    duplicate, which is acknowledged to the provider and otherwise ignored."""
    key_digest = crypto.keyed_digest(crypto.purpose_key("channels-inbound"), f"{provider}:{incoming.key}")
    try:
        with transaction.atomic():
            inbound = Inbound.objects.create(
                provider=provider,
                key_digest=key_digest,
                chat_digest=chat_digest(provider, incoming.chat_id),
                received_at=timezone.now(),
            )
            inbound.sealed_update = seal_json(raw, f"inbound:{inbound.pk}")
            inbound.save(update_fields=["sealed_update"])
            outbox_add(
                topic=INBOUND_TOPIC,
                dedupe_key=f"{INBOUND_TOPIC}:{inbound.pk}",
                payload={"inbound": inbound.pk},
            )
    except IntegrityError:
        return False
    return True


def deliver_inbound(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: the conversation engine handles this update and every earlier one of the same
    chat not handled yet, in the order they came, under a lock of the chat. All of it commits
    together or not at all (a failure is retried by the outbox)."""
    from . import engine  # noqa: PLC0415 - the engine writes through these services (a cycle)

    with transaction.atomic():
        first = Inbound.objects.filter(pk=payload["inbound"]).first()
        if first is None or first.processed_at is not None:
            return
        waiting = list(
            Inbound.objects.select_for_update()
            .filter(chat_digest=first.chat_digest, processed_at__isnull=True, id__lte=first.pk)
            .order_by("id")
        )
        for inbound in waiting:
            raw = open_json(bytes(inbound.sealed_update), f"inbound:{inbound.pk}")
            incoming = adapter_for(inbound.provider).parse(raw)
            if incoming is not None:
                engine.handle(provider=inbound.provider, incoming=incoming, raw=raw)
            inbound.sealed_update = b""
            inbound.processed_at = timezone.now()
            inbound.save(update_fields=["sealed_update", "processed_at"])


# --- Conversations ------------------------------------------------------------------------------------


def conversation_for(*, provider: str, chat_id: str) -> Conversation:
    """The chat's conversation, locked for this transaction; a new one if there is none or the last
    one went silent for longer than `KORGOO_CHANNEL_CONVERSATION_HOURS`."""
    digest = chat_digest(provider, chat_id)
    now = timezone.now()
    existing = Conversation.objects.select_for_update().filter(provider=provider, chat_digest=digest).first()
    if existing is not None:
        idle = dt.timedelta(hours=settings.KORGOO_CHANNEL_CONVERSATION_HOURS)
        if existing.last_activity_at >= now - idle:
            existing.last_activity_at = now
            existing.save(update_fields=["last_activity_at"])
            return existing
        existing.delete()
    conversation = Conversation(provider=provider, chat_digest=digest, last_activity_at=now)
    conversation.sealed_chat = seal_json(chat_id, f"conversation:{conversation.pk}:chat")
    conversation.save(force_insert=True)
    return conversation


def conversation_end(*, conversation: Conversation) -> None:
    """Forget the conversation: its step, draft, opened report and the list of its messages."""
    Conversation.objects.filter(pk=conversation.pk).delete()


def conversations_forget_idle(*, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Forget conversations silent for longer than `KORGOO_CHANNEL_CONVERSATION_HOURS` (with their
    sealed chat id and draft), the digests of updates handled more than a week ago (kept until then
    to refuse duplicates), the demo's simulated chats after the same silence, and delivery rows a
    month old. Run by the retention's short-lived step."""
    now = now or timezone.now()
    idle = now - dt.timedelta(hours=settings.KORGOO_CHANNEL_CONVERSATION_HOURS)
    rows = {
        "channel_conversations": Conversation.objects.filter(last_activity_at__lt=idle),
        "channel_updates": Inbound.objects.filter(processed_at__lt=now - dt.timedelta(days=7)),
        "channel_deliveries": Outbound.objects.filter(created_at__lt=now - dt.timedelta(days=30)).exclude(
            status=Delivery.QUEUED
        ),
        "simulated_messages": SimulatedMessage.objects.filter(created_at__lt=idle),
    }
    if dry_run:
        return {name: query.count() for name, query in rows.items()}
    return {name: query.delete()[0] for name, query in rows.items()}


# --- Sending ------------------------------------------------------------------------------------------


def outbound_add(
    *,
    provider: str,
    out: Outgoing,
    conversation: Conversation | None = None,
    delay: dt.timedelta | None = None,
) -> Outbound:
    """In the current transaction: something to send, delivered by the outbox after commit."""
    row = Outbound.objects.create(provider=provider, conversation=conversation, created_at=timezone.now())
    row.sealed_content = seal_json(out.to_json(), f"outbound:{row.pk}")
    row.save(update_fields=["sealed_content"])
    outbox_add(
        topic=OUTBOUND_TOPIC,
        dedupe_key=f"{OUTBOUND_TOPIC}:{row.pk}",
        payload={"outbound": row.pk},
        delay=delay,
    )
    return row


def _rate_window(provider: str) -> Window:
    limits: dict[str, int] = settings.KORGOO_CHANNEL_RATE_LIMITS
    return Window(f"channels:{provider}", int(limits.get(provider, 10)), 1)


def deliver_outbound(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: send through the provider's adapter. A provider that is down or asks us to
    wait, or a provider's rate limit reached, raises, and the outbox tries again with back-off; after
    `MAX_ATTEMPTS` tries, or a refusal for good, the row is marked failed. Delivered or failed, the
    content is wiped."""
    row = Outbound.objects.select_for_update().filter(pk=payload["outbound"]).first()
    if row is None or row.status != Delivery.QUEUED:
        return
    window = _rate_window(row.provider)
    if window.exceeded():
        raise RateLimited(row.provider)
    window.hit()
    out = Outgoing.from_json(open_json(bytes(row.sealed_content), f"outbound:{row.pk}"))
    try:
        message_id = adapter_for(row.provider).deliver(out)
    except ProviderRefused:
        _finish(row, Delivery.FAILED)
        logger.warning("channel delivery refused: provider=%s", row.provider)
        return
    except ProviderUnavailable:
        attempts = Outbound.objects.filter(pk=row.pk).values_list("attempts", flat=True).first() or 0
        Outbound.objects.filter(pk=row.pk).update(attempts=attempts + 1)
        if attempts + 1 >= MAX_ATTEMPTS:
            _finish(row, Delivery.FAILED)
            return
        raise
    row.provider_message_id = message_id
    _finish(row, Delivery.SENT)
    if message_id and out.remember and row.conversation_id:
        conversation = Conversation.objects.select_for_update().filter(pk=row.conversation_id).first()
        if conversation is not None:
            conversation.message_ids = [*conversation.message_ids, message_id][-200:]
            conversation.save(update_fields=["message_ids"])


def _finish(row: Outbound, status: str) -> None:
    now = timezone.now()
    row.status = status
    row.sealed_content = b""
    if status == Delivery.SENT:
        row.sent_at = now
    else:
        row.failed_at = now
    row.save(update_fields=["status", "sealed_content", "sent_at", "failed_at", "provider_message_id"])


# --- Linking a chat to a report ---------------------------------------------------------------------


def channel_link_create(
    *, case: Case, provider: str, chat_id: str, language: str, quiet: tuple[int, int] | None = None
) -> ChannelLink:
    """The worker links this chat to their report (asked for in the chat, after the receipt or with
    it): the organisation's messages will reach it. The chat id is sealed with the case's data key,
    like the contact given on the web form."""
    digest = chat_digest(provider, chat_id)
    existing = ChannelLink.objects.filter(case=case, provider=provider, chat_digest=digest).first()
    link = existing or ChannelLink(
        case=case, provider=provider, chat_digest=digest, created_at=timezone.now()
    )
    link.sealed_chat = vault.seal_body(case, "channel", link.pk, chat_id)
    link.language = language
    link.quiet_from, link.quiet_until = quiet if quiet else (None, None)
    link.utc_offset_minutes = UTC_OFFSETS.get(case.country, 0)
    link.last_inbound_at = timezone.now()
    link.save()
    if existing is None:
        record_event(
            case, EventKind.CHANNEL_LINKED, organisation=case.organisation, data={"provider": provider}
        )
    return link


def channel_link_remove(*, case: Case, provider: str = "", chat_id: str = "") -> int:
    """The worker removes the link: from the chat (that chat only) or from the tracking page (every
    chat linked to the report). The sealed chat id goes with the row."""
    links = ChannelLink.objects.filter(case=case)
    if provider:
        links = links.filter(provider=provider, chat_digest=chat_digest(provider, chat_id))
    providers = list(links.values_list("provider", flat=True))
    links.delete()
    for name in providers:  # one line per chat, so the case page can count the chats still linked
        record_event(
            case, EventKind.CHANNEL_UNLINKED, organisation=case.organisation, data={"provider": name}
        )
    return len(providers)


def channel_alerts_set(*, case: Case, on: bool, provider: str = "", chat_id: str = "") -> int:
    """The worker turns the network's alerts on or off for the chats linked to the report: from a
    chat (that chat only) or from the tracking page (every chat linked to the report)."""
    links = ChannelLink.objects.filter(case=case)
    if provider:
        links = links.filter(provider=provider, chat_digest=chat_digest(provider, chat_id))
    if on:
        return links.filter(alerts_since__isnull=True).update(alerts_since=timezone.now())
    return links.exclude(alerts_since__isnull=True).update(alerts_since=None)


def phone_normalise(typed: str) -> str | None:
    """A phone number for SMS notices as `+<digits>` (8 to 15 digits, the country code first), or
    None for anything else."""
    digits = "".join(c for c in typed if c.isdigit())
    if not typed.strip().startswith("+") or not 8 <= len(digits) <= 15 or set(typed) - set("+0123456789 -()"):
        return None
    return "+" + digits


def link_chat_id(link: ChannelLink) -> str | None:
    """The linked chat's id, or None once the case's content was erased (its key is gone)."""
    case = link.case
    if case.content_erased:
        return None
    return vault.open_body(case, "channel", link.pk, bytes(link.sealed_chat)) or None


def _worker_zone(link: ChannelLink) -> dt.tzinfo:
    """The worker's time zone: their city's (the gazetteer's, from GeoNames: Russia alone spans
    eleven, and Germany or Britain change their clocks), or, when the report names no city of the
    gazetteer, the usual offset of the report's country kept on the link."""
    place = locality_get(link.case.locality_id) if link.case.locality_id else None
    if place is not None and place.timezone:
        try:
            return ZoneInfo(place.timezone)
        except ZoneInfoNotFoundError:
            pass
    return dt.timezone(dt.timedelta(minutes=link.utc_offset_minutes))


def after_quiet_hours(link: ChannelLink, now: dt.datetime) -> dt.datetime:
    """The first moment from `now` outside the worker's quiet hours (hours of the worker's own clock);
    `now` itself when they chose none."""
    if link.quiet_from is None or link.quiet_until is None or link.quiet_from == link.quiet_until:
        return now
    local = now.astimezone(_worker_zone(link))
    hour = local.hour
    start, end = link.quiet_from, link.quiet_until
    quiet = start <= hour < end if start < end else (hour >= start or hour < end)
    if not quiet:
        return now
    wake = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if wake <= local:
        wake = (local + dt.timedelta(days=1)).replace(hour=end, minute=0, second=0, microsecond=0)
    return wake.astimezone(dt.UTC)


def deliver_worker_message(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: an organisation's message to the worker goes to every chat linked to the
    report, signed with the organisation's name, after the worker's quiet hours. SMS carries only a
    notice, never the message; WhatsApp outside its 24-hour window only the approved template."""
    case = Case.objects.select_related("organisation").filter(pk=payload["case"]).first()
    message = CaseMessage.objects.select_related("organisation").filter(pk=payload["message"]).first()
    if case is None or message is None or case.content_erased:
        return
    text = vault.open_body(case, "message", message.pk, bytes(message.sealed_body))
    organisation = message.organisation.name if message.organisation else ""
    now = timezone.now()
    for link in ChannelLink.objects.filter(case=case).select_related("case"):
        chat_id = link_chat_id(link)
        if not chat_id:
            continue
        # The service window is judged when the message will go, after the quiet hours: a message
        # held through the night may reach a window that has closed meanwhile.
        at = after_quiet_hours(link, now)
        with translation.override(link.language or "ky"):
            out = Outgoing(chat_id=chat_id, language=link.language, remember=False)
            window = dt.timedelta(hours=24)
            if link.provider == Provider.SMS or (
                link.provider == Provider.WHATSAPP
                and (link.last_inbound_at is None or link.last_inbound_at < at - window)
            ):
                out.kind = "notice"
                out.text = _("You have a new message about your report. Open it with your code.")
            else:
                out.text = _("%(text)s\n\n— %(organisation)s") % {"text": text, "organisation": organisation}
        outbound_add(provider=link.provider, out=out, delay=at - now if at > now else None)
