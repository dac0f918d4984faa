"""Reading the audit log: an organisation's administrators read their organisation's events, a
platform administrator the platform's. Rows hold ids and codes, never the content of a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from korgoo.core.actor import Actor

from .models import AuditEvent

AUDIT_VIEW = "audit.view"


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""  # a code or the start of one ("case." for every case event)
    since: dt.date | None = None
    until: dt.date | None = None
    user_id: int | None = None


def audit_events_for(*, actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """The events the actor may read, newest first: those of the actor's organisation for a member
    with `audit.view`; the platform's own (no organisation) for a platform administrator; nothing
    for anyone else."""
    if actor.organisation is not None and actor.has(AUDIT_VIEW):
        rows = AuditEvent.objects.filter(organisation_id=actor.organisation_id)
    elif actor.organisation is None and actor.is_platform_admin:
        rows = AuditEvent.objects.filter(organisation_id__isnull=True)
    else:
        return AuditEvent.objects.none()
    f = filters or AuditFilters()
    if f.action:
        rows = rows.filter(action__startswith=f.action)
    if f.since:
        rows = rows.filter(at__date__gte=f.since)
    if f.until:
        rows = rows.filter(at__date__lte=f.until)
    if f.user_id is not None:
        rows = rows.filter(actor_user_id=f.user_id)
    return rows.order_by("-at", "-id")
