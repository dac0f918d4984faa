"""Reads of court decisions and alerts. A member of an organisation with `courts.monitor` sees the
decisions their organisation brought in, and those an alert addressed to it names; everything else
is NotFound, the same as a decision that does not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm

from .models import Alert, Decision


@dataclass(frozen=True)
class DecisionFilters:
    court: str = ""
    region: str = ""
    proceeding: str = ""
    outcome: str = ""
    expulsion: str = ""
    article: str = ""
    kyrgyz_citizen: bool | None = None
    detention: bool | None = None
    needs_review: bool | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None


def _visible(actor: Actor) -> QuerySet[Decision]:
    if not actor.has(Perm.COURTS_MONITOR) or actor.organisation is None:
        return Decision.objects.none()
    # A subquery, not a join: no duplicate rows, so no DISTINCT (which PostgreSQL will not combine
    # with ordering by columns outside the selection).
    addressed = Alert.objects.filter(organisation=actor.organisation).values("decision_id")
    return Decision.objects.filter(Q(organisation=actor.organisation) | Q(pk__in=addressed))


def decision_list_for(*, actor: Actor, filters: DecisionFilters | None = None) -> QuerySet[Decision]:
    """Decisions the actor's organisation may read, newest decision first, filtered."""
    filters = filters or DecisionFilters()
    decisions = _visible(actor)
    for name in ("region", "proceeding", "outcome", "expulsion"):
        value = getattr(filters, name)
        if value:
            decisions = decisions.filter(**{name: value})
    if filters.court:
        decisions = decisions.filter(court__icontains=filters.court[:200])
    for name in ("kyrgyz_citizen", "detention", "needs_review"):
        value = getattr(filters, name)
        if value is not None:
            decisions = decisions.filter(**{name: value})
    if filters.decided_from:
        decisions = decisions.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to:
        decisions = decisions.filter(decided_on__lte=filters.decided_to)
    if filters.article:
        # Articles are few per decision; JSON containment is not portable to SQLite, so match the
        # article number in Python over the (already narrowed) ids.
        wanted = filters.article.strip()
        ids = [
            pk
            for pk, articles in decisions.values_list("pk", "articles")
            if any(a.get("article") == wanted for a in articles or [])
        ]
        decisions = Decision.objects.filter(pk__in=ids)
    return decisions.order_by("-decided_on", "-created_at")


def decision_get_for(*, actor: Actor, decision_id: Any) -> Decision:
    decision = _visible(actor).filter(pk=parse_id(decision_id)).select_related("case").first()
    if decision is None:
        raise NotFound()
    return decision


def decision_is_own(*, actor: Actor, decision: Decision) -> bool:
    """Whether the actor's organisation brought the decision in (and so may review and link it)."""
    return bool(decision.organisation_id == actor.organisation_id)


def review_queue_for(*, actor: Actor) -> QuerySet[Decision]:
    return decision_list_for(actor=actor, filters=DecisionFilters(needs_review=True)).filter(
        organisation=actor.organisation
    )


def alert_list_for(*, actor: Actor, open_only: bool = True) -> QuerySet[Alert]:
    """The court alerts addressed to the actor's organisation (its inbox of court tasks)."""
    if not actor.has(Perm.COURTS_MONITOR) or actor.organisation is None:
        return Alert.objects.none()
    alerts = Alert.objects.filter(organisation=actor.organisation).select_related("decision")
    if open_only:
        alerts = alerts.filter(status="open")
    return alerts


def alert_get_for(*, actor: Actor, alert_id: Any) -> Alert:
    alert = alert_list_for(actor=actor, open_only=False).filter(pk=parse_id(alert_id)).first()
    if alert is None:
        raise NotFound()
    return alert


def decisions_for_statistics() -> list[dict[str, Any]]:
    """Every decision on a citizen of Kyrgyzstan, as plain rows for aggregate statistics (no text, no
    names, no organisation). A decision brought in by two organisations counts once."""
    rows = Decision.objects.filter(kyrgyz_citizen=True).values(
        "country",
        "region",
        "court",
        "case_number",
        "decided_on",
        "proceeding",
        "outcome",
        "articles",
        "expulsion",
        "detention",
        "interpreter",
        "awarded_amount",
        "currency",
    )
    seen: set[tuple[Any, ...]] = set()
    unique: list[dict[str, Any]] = []
    for row in rows.order_by("created_at"):
        key = (row["country"], row["court"], row["case_number"], row["decided_on"])
        if row["case_number"] and key in seen:
            continue
        seen.add(key)
        unique.append(dict(row))
    return unique
