"""Reads of broadcasts: the history for the coordinators who send them, and the alerts in force for
the worker home page (public: an alert is a public warning)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.organisations.permissions import Perm

from .models import Broadcast


def broadcast_history(*, actor: Actor) -> QuerySet[Broadcast]:
    """Every broadcast of the network, newest first, for network coordinators only."""
    if not actor.has(Perm.ROUTING_NETWORK):
        return Broadcast.objects.none()
    return Broadcast.objects.select_related("organisation", "sent_by__user").order_by("-sent_at")


def alerts_in_force(*, country: str = "", locality_id: int | None = None) -> QuerySet[Broadcast]:
    """Alerts still shown on the worker home page, newest first: all of them, or those of one
    country (its city's and the whole country's)."""
    rows = Broadcast.objects.filter(show_until__gt=timezone.now()).select_related("organisation")
    if country:
        rows = rows.filter(country=country)
        if locality_id is not None:
            rows = rows.filter(Q(locality_id=locality_id) | Q(locality_id__isnull=True))
    return rows.order_by("-sent_at")


def alerts_countries() -> list[str]:
    """The countries that have an alert in force, in the order of the country list."""
    found = set(Broadcast.objects.filter(show_until__gt=timezone.now()).values_list("country", flat=True))
    return [code for code in Country.values if code in found]
