"""Who coordinates what: the scope of a coordinator (SECURITY.md 6: a case reaches another
organisation only as the worker consented, never by one coordinator's rule).

Routing rules and the queue of reports no rule placed belong to a scope. A coordinator works the
network of one country — the country of their own organisation: reports from there, organisations
there. Rules and placements across countries need a network coordinator (`routing.network`: a role
the platform gives to whoever coordinates the whole network, for example one designated embassy).
So no single organisation's coordinator can pull another country's reports into their own inbox.

And the one door of tenancy for work on a case (`case_for_work`): every service of any app that
changes or adds to a case asks it, so "is this your organisation's case" is written once. Reads go
through the selectors (`korgoo.cases.selectors.case_get_for`), which ask `holds_case` the same
question.
"""

from __future__ import annotations

from typing import Any

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm, ensure_permission

from .models import Case


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


def holds_case(actor: Actor, case: Case) -> bool:
    """Whether the actor's organisation holds the case (is the one working it, by routing,
    placement or an accepted referral)."""
    return actor.organisation is not None and case.organisation_id == actor.organisation_id


def case_for_work(
    *,
    actor: Actor,
    perm: Perm | tuple[Perm, ...],
    case: Case | None = None,
    case_id: Any = None,
    lock: bool = False,
) -> Case:
    """The case, for a member of the organisation holding it who holds `perm` (every one of them,
    when several are given).

    Lacking the permission is PermissionDenied (the member knows what their role allows); a case
    that does not exist and a case another organisation holds are the same NotFound, so no answer
    tells them apart. With `lock`, the case's row is read again under `SELECT ... FOR UPDATE`, so the
    check and the write that follows see the same holder.
    """
    for needed in perm if isinstance(perm, tuple) else (perm,):
        ensure_permission(actor, needed)
    if lock or case is None:
        pk = case.pk if case is not None else parse_id(case_id)
        rows = Case.objects.select_for_update() if lock else Case.objects.all()
        case = rows.filter(pk=pk).first()
    if case is None or not holds_case(actor, case):
        raise NotFound()
    return case
