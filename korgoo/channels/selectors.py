"""Reads of the channels app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from korgoo.cases.models import Case
from korgoo.core.actor import Actor
from korgoo.organisations.permissions import Perm, ensure_permission

from .choices import Delivery, Provider
from .models import ChannelLink, Outbound


@dataclass(frozen=True)
class Health:
    provider: str
    label: str
    queued: int
    failed: int
    last_delivery: dt.datetime | None


def channel_health(*, actor: Actor) -> list[Health]:
    """Per provider: messages waiting, messages that failed for good, the last delivery. Counts
    only: coordinators see whether a channel works, never what it carried or to whom."""
    ensure_permission(actor, Perm.QUEUE_VIEW)
    rows = {
        row["provider"]: row
        for row in Outbound.objects.values("provider").annotate(
            queued=Count("id", filter=Q(status=Delivery.QUEUED)),
            failed=Count("id", filter=Q(status=Delivery.FAILED)),
            last=Max("sent_at"),
        )
    }
    return [
        Health(
            provider=value,
            label=str(label),
            queued=int(rows.get(value, {}).get("queued", 0)),
            failed=int(rows.get(value, {}).get("failed", 0)),
            last_delivery=rows.get(value, {}).get("last"),
        )
        for value, label in Provider.choices
    ]


def links_of_case(*, case: Case) -> list[dict[str, Any]]:
    """The chats linked to a report (provider and since when), for the worker with the receipt and
    for the organisation's case page; never the chat's id."""
    return [
        {
            "provider": Provider(link.provider).label,
            "since": link.created_at,
            "alerts": link.alerts_since is not None,
        }
        for link in ChannelLink.objects.filter(case=case).order_by("created_at")
    ]
