"""Reads of the homecoming app: which organisations at home serve a region, and what the worker and
the organisations on a case may see of its return and hand-overs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from korgoo.cases.models import Case
from korgoo.core.choices import Country
from korgoo.organisations.models import Organisation

from .models import HandOver, Return


def home_organisations(*, region: str) -> QuerySet[Organisation]:
    """Active organisations in Kyrgyzstan that take hand-overs of returned workers of `region`:
    the only ones a worker may choose for a hand-over. Public: names and kinds only."""
    return Organisation.objects.filter(
        is_active=True, country=Country.KG, home_covers__region=region
    ).order_by("name")


def return_of(*, case: Case) -> Return | None:
    return Return.objects.filter(case=case).first()


def handovers_of(*, case: Case) -> list[HandOver]:
    """The case's hand-overs, newest first. Called only once the caller may see the case (the worker
    with the receipt, or an organisation through `cases.selectors.case_get_for`)."""
    return list(
        HandOver.objects.filter(case=case)
        .select_related("to_organisation", "from_organisation", "referral")
        .order_by("-consented_at")
    )


def open_handover(*, case: Case) -> HandOver | None:
    return next((h for h in handovers_of(case=case) if h.is_open), None)


def claim_keeper(*, case: Case) -> HandOver | None:
    """The accepted hand-over whose former holder keeps the wage claim, if any."""
    return keeper_among(handovers_of(case=case))


def keeper_among(handovers: list[HandOver]) -> HandOver | None:
    """`claim_keeper` over hand-overs already read (the case page reads them once)."""
    return next((h for h in handovers if h.claim_kept and h.state == "accepted"), None)


def returns_for_statistics() -> list[dict[str, Any]]:
    """One row per recorded return, for monitoring's published (suppressed) tables: the day, the
    host country, the region at home, what became of the hand-over (the latest one) and of the case.
    Codes only, no organisation, no case id."""
    latest: dict[Any, str] = {}
    for handover in HandOver.objects.select_related("referral").order_by("consented_at"):
        latest[handover.case_id] = handover.state
    rows = []
    for home in Return.objects.select_related("case").order_by("returned_at"):
        case = home.case
        outcome = case.outcome if not case.is_open else "open"
        rows.append(
            {
                "returned_on": home.returned_at.date(),
                "host": home.host_country,
                "region": home.region,
                "handover": latest.get(case.pk, "none"),
                "outcome": outcome or "open",
            }
        )
    return rows
