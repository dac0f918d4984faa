"""Sending a broadcast: one alert to every chat that asked for the network's alerts for a place.

Only a network coordinator sends one (`routing.network`, the scope that spans every country, as in
`korgoo.cases.permissions`): a warning to thousands of workers is the network's word, not one
organisation's. It goes only to chats the worker linked to a report and on which the worker asked
for alerts, for reports of the chosen country (and city), each in the language the worker chose,
after the worker's quiet hours, through the outbox like every message (with each provider's rate
limit). A coordinator may send only a few an hour. Every broadcast leaves an audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from korgoo.audit.services import audit_record
from korgoo.channels.choices import Provider
from korgoo.channels.models import ChannelLink
from korgoo.channels.providers.base import Outgoing
from korgoo.channels.services import after_quiet_hours, link_chat_id, outbound_add
from korgoo.core.actor import Actor
from korgoo.core.choices import Country, Language
from korgoo.core.errors import ApplicationError, Throttled
from korgoo.core.gazetteer import locality_get
from korgoo.core.throttle import Window
from korgoo.organisations.permissions import Perm, ensure_permission

from .choices import AlertKind
from .models import Broadcast

MAX_TEXT = 1000
SHOWN_DAYS = 7  # on the worker home page for a week
WHATSAPP_WINDOW = dt.timedelta(hours=24)


def _refuse(code: str, message: Any, field: str) -> ApplicationError:
    return ApplicationError(code, message, {field: [str(message)]})


def _rate_window(actor: Actor) -> Window:
    return Window(f"broadcasts:{actor.membership_id}", int(settings.KORGOO_BROADCASTS_PER_HOUR), 3600)


def recipients(*, country: str, locality_id: int | None) -> list[ChannelLink]:
    """The linked chats that asked for alerts, for reports of this country (and city), one per chat
    (a chat linked to two reports hears the alert once). Never a chat without the worker's yes."""
    links = (
        ChannelLink.objects.filter(
            alerts_since__isnull=False,
            case__country=country,
            case__withdrawn_at__isnull=True,
            case__content_erased=False,
        )
        .select_related("case")
        .order_by("created_at", "pk")
    )
    if locality_id is not None:
        links = links.filter(case__locality_id=locality_id)
    seen: set[tuple[str, str]] = set()
    chosen = []
    for link in links:
        if (link.provider, link.chat_digest) in seen:
            continue
        seen.add((link.provider, link.chat_digest))
        chosen.append(link)
    return chosen


@transaction.atomic
def broadcast_send(
    *, actor: Actor, kind: str, country: str, locality_id: int | None, texts: dict[str, str]
) -> Broadcast:
    """Queue an alert for every chat that asked for alerts for this place, and show it on the
    worker home page for a week."""
    ensure_permission(actor, Perm.ROUTING_NETWORK)
    if kind not in AlertKind.values:
        raise _refuse("unknown_kind", gettext_lazy("Choose the kind of alert."), "kind")
    if country not in Country.values or country == Country.OTHER:
        raise _refuse("unknown_country", gettext_lazy("Choose a country."), "country")
    if locality_id is not None:
        place = locality_get(locality_id)
        if place is None or place.country != country:
            raise _refuse(
                "unknown_city", gettext_lazy("Choose a city of this country from the list."), "city"
            )
    cleaned = {code: (texts.get(code) or "").strip() for code in Language.values}
    if not any(cleaned.values()):
        raise _refuse("empty_alert", gettext_lazy("Write the alert in at least one language."), "text_ky")
    for code, text in cleaned.items():
        if len(text) > MAX_TEXT:
            raise _refuse(
                "alert_too_long",
                gettext_lazy("The alert is too long: at most %(n)d characters.") % {"n": MAX_TEXT},
                f"text_{code}",
            )
    window = _rate_window(actor)
    if window.exceeded():
        raise Throttled(window.retry_after)
    window.hit()
    now = timezone.now()
    broadcast = Broadcast.objects.create(
        organisation=actor.own_organisation,
        sent_by=actor.membership,
        kind=kind,
        country=country,
        locality_id=locality_id,
        text_ky=cleaned["ky"],
        text_ru=cleaned["ru"],
        text_en=cleaned["en"],
        sent_at=now,
        show_until=now + dt.timedelta(days=SHOWN_DAYS),
    )
    queued = held = 0
    for link in recipients(country=country, locality_id=locality_id):
        chat_id = link_chat_id(link)
        if not chat_id:
            continue
        at = after_quiet_hours(link, now)
        if link.provider == Provider.WHATSAPP and (
            link.last_inbound_at is None or link.last_inbound_at < at - WHATSAPP_WINDOW
        ):
            held += 1  # outside its 24-hour window WhatsApp carries only the report's notice template
            continue
        language = link.language or "ky"
        with translation.override(language):
            text = _("⚠️ %(kind)s\n\n%(text)s\n\n— %(organisation)s") % {
                "kind": AlertKind(kind).label,
                "text": broadcast.text_in(language),
                "organisation": broadcast.organisation.name,
            }
        out = Outgoing(
            chat_id=chat_id,
            text=text,
            language=language,
            remember=False,
            kind="notice" if link.provider == Provider.SMS else "text",
        )
        outbound_add(provider=link.provider, out=out, delay=at - now if at > now else None)
        queued += 1
    broadcast.queued, broadcast.held_back = queued, held
    broadcast.save(update_fields=["queued", "held_back", "updated_at"])
    audit_record(
        actor=actor,
        action="broadcast.sent",
        object_type="broadcast",
        object_id=broadcast.pk,
        details={
            "kind": kind,
            "country": country,
            "city": locality_id,
            "queued": queued,
            "held_back": held,
            "languages": sorted(code for code, text in cleaned.items() if text),
        },
    )
    return broadcast
