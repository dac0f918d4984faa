"""Reads of the agency registry: the worker's check, and the coordinators' view of reports.

The check is public and answers only from the registry: an agency known only from workers' reports
is never shown to the public (a report is a worker's word, not a finding). The coordinators' view
(AGENCIES_MONITOR) shows how many reports each agency has, never which cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.organisations.permissions import Perm, ensure_permission

from .choices import Verdict, destination_name
from .matching import Candidate, best_matches, skeleton
from .models import Agency, RegistryImport

# A match at least this good, and clearly ahead of the next one, is the agency the worker meant.
SURE = 92.0
MARGIN = 4.0
# Matches at least this good are shown as "did you mean".
POSSIBLE = 75.0


@dataclass
class AgencyView:
    id: Any
    name: str
    name_latin: str
    permit_number: str
    permit_issued_on: dt.date | None
    permit_valid_until: dt.date | None
    destinations: list[tuple[str, str]]
    address: str
    verdict: str
    delisted_on: dt.date | None
    is_demo: bool
    score: float = 0.0


@dataclass
class RegistryState:
    taken_on: dt.date | None
    is_demo: bool
    agencies: int


@dataclass
class Check:
    """The answer to a worker's check: a verdict, the agency it is about (if one), other similar
    names, and whether the agency may send workers to the country the worker is going to."""

    query: str
    verdict: str
    agency: AgencyView | None
    similar: list[AgencyView] = field(default_factory=list)
    destination: str = ""
    destination_name: str = ""
    destination_covered: bool | None = None
    registry: RegistryState | None = None


def registry_candidates(*, include_reported: bool = False) -> list[Candidate]:
    """Every agency of the registry (and, if asked, the reported names) ready for matching."""
    agencies = Agency.objects.filter(hidden=False)
    if not include_reported:
        agencies = agencies.filter(in_registry=True)
    return [
        Candidate(
            key=str(a["id"]),
            names=tuple(filter(None, {a["name_key"], skeleton(a["name_latin"])})),
            permit=a["permit_key"],
        )
        for a in agencies.values("id", "name_key", "name_latin", "permit_key")
    ]


def _view(agency: Agency, today: dt.date, score: float = 0.0) -> AgencyView:
    return AgencyView(
        id=agency.pk,
        name=agency.name,
        name_latin=agency.name_latin,
        permit_number=agency.permit_number,
        permit_issued_on=agency.permit_issued_on,
        permit_valid_until=agency.permit_valid_until,
        destinations=[(code, destination_name(code)) for code in agency.destination_countries],
        address=agency.address,
        verdict=agency.verdict(today),
        delisted_on=agency.delisted_on,
        is_demo=agency.is_demo,
        score=score,
    )


def registry_state() -> RegistryState:
    latest = RegistryImport.objects.first()
    count = Agency.objects.filter(in_registry=True, delisted_on__isnull=True).count()
    return RegistryState(
        taken_on=latest.taken_on if latest else None, is_demo=bool(latest and latest.is_demo), agencies=count
    )


def agency_check(*, query: str, destination: str = "", today: dt.date | None = None) -> Check:
    """Check the agency a worker typed, as heard (Cyrillic or Latin, with typos, or its permit
    number), on `today` (default: the current date)."""
    today = today or timezone.localdate()
    query = " ".join(query.split())[:200]
    destination = destination.upper()[:2]
    matches = best_matches(query, registry_candidates(), limit=5, floor=POSSIBLE)
    agencies = {str(a.pk): a for a in Agency.objects.filter(pk__in=[c.key for c, _s in matches])}
    views = [_view(agencies[c.key], today, score) for c, score in matches if c.key in agencies]
    check = Check(query=query, verdict=Verdict.NOT_FOUND, agency=None, registry=registry_state())
    if destination:
        check.destination, check.destination_name = destination, destination_name(destination)
    if not views:
        return check
    best = views[0]
    runner_up = views[1].score if len(views) > 1 else 0.0
    if best.score >= SURE and best.score - runner_up >= MARGIN:
        check.verdict, check.agency, check.similar = best.verdict, best, views[1:]
        if destination:
            check.destination_covered = destination in {code for code, _n in best.destinations}
    else:
        check.verdict, check.similar = Verdict.UNCERTAIN, views
    return check


@dataclass
class ReportedRow:
    agency: AgencyView
    in_registry: bool
    reports: int
    last_reported: dt.date | None
    repeated: bool
    suggestion: str = ""  # for a reported name: the id of the registry agency it most looks like


def agencies_with_reports(*, actor: Actor, minimum: int = 1) -> list[ReportedRow]:
    """Agencies with at least `minimum` linked reports, most reported first (AGENCIES_MONITOR).
    Counts only: which cases they came from is not shown here. A name known only from reports comes
    with the registry agency it most looks like, if any, for the coordinator to merge it into."""
    ensure_permission(actor, Perm.AGENCIES_MONITOR)
    today = timezone.localdate()
    agencies = (
        Agency.objects.filter(hidden=False)
        .annotate(n=Count("reports"), last=Max("reports__reported_on"))
        .filter(n__gte=minimum)
        .order_by("-n", "-last", "name")
    )
    rows = [
        ReportedRow(
            agency=_view(a, today),
            in_registry=a.in_registry,
            reports=a.n,
            last_reported=a.last,
            repeated=a.n >= 2,
        )
        for a in agencies
    ]
    if any(not row.in_registry for row in rows):
        candidates = registry_candidates()
        for row in rows:
            if not row.in_registry:
                close = best_matches(row.agency.name, candidates, limit=1, floor=POSSIBLE)
                row.suggestion = close[0][0].key if close else ""
    return rows


def registry_choices(*, actor: Actor) -> list[tuple[str, str]]:
    """The registry's agencies, to merge a reported name into one (AGENCIES_MONITOR)."""
    ensure_permission(actor, Perm.AGENCIES_MONITOR)
    return [
        (str(pk), f"{name} · {number}")
        for pk, name, number in Agency.objects.filter(in_registry=True)
        .order_by("name")
        .values_list("pk", "name", "permit_number")
    ]


def registry_counts(*, actor: Actor) -> dict[str, int]:
    """How many registry agencies have each verdict today."""
    ensure_permission(actor, Perm.AGENCIES_MONITOR)
    today = timezone.localdate()
    listed = Agency.objects.filter(in_registry=True)
    return {
        Verdict.LICENSED: listed.filter(delisted_on__isnull=True, suspended=False)
        .filter(Q(permit_valid_until__isnull=True) | Q(permit_valid_until__gte=today))
        .count(),
        Verdict.EXPIRED: listed.filter(
            delisted_on__isnull=True, suspended=False, permit_valid_until__lt=today
        ).count(),
        Verdict.SUSPENDED: listed.filter(delisted_on__isnull=True, suspended=True).count(),
        Verdict.DELISTED: listed.filter(delisted_on__isnull=False).count(),
    }


def agency_for_search(agency_ids: list[str]) -> list[Agency]:
    """Registry agencies by id (for the search index)."""
    return list(Agency.objects.filter(pk__in=agency_ids, in_registry=True))
