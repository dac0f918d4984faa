"""Who coordinates what: the scope of a coordinator (SECURITY.md 6: a case reaches another
organisation only as the worker consented, never by one coordinator's rule).

Routing rules and the queue of reports no rule placed belong to a scope. A coordinator works the
network of one country — the country of their own organisation: reports from there, organisations
there. Rules and placements across countries need a network coordinator (`routing.network`: a role
the platform gives to whoever coordinates the whole network, for example one designated embassy).
So no single organisation's coordinator can pull another country's reports into their own inbox.
"""

from __future__ import annotations

from korgoo.core.actor import Actor
from korgoo.organisations.permissions import Perm


def coordination_scope(actor: Actor) -> str | None:
    """The country whose routing the actor coordinates, or None for the whole network."""
    if actor.has(Perm.ROUTING_NETWORK):
        return None
    return str(actor.organisation.country) if actor.organisation is not None else "--"


def in_coordination_scope(actor: Actor, *countries: str) -> bool:
    """Whether every one of these countries (of a report, of a rule, of an organisation) is within
    the actor's scope."""
    scope = coordination_scope(actor)
    return scope is None or all(country == scope for country in countries)
