"""Background work of the courts app: fetching a court site on a schedule (never on a request)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from korgoo.organisations.models import Membership
from korgoo.organisations.selectors import actor_for_membership

from .fetching import fetch_site


@task()
def fetch_court_site(start_url: str, membership_id: int, delay: float = 2.0) -> dict[str, Any]:
    """Fetch what is new on one court site for the organisation of one member."""
    membership = Membership.objects.select_related("user", "organisation").get(
        pk=membership_id, is_active=True
    )
    report = fetch_site(actor=actor_for_membership(membership), start_url=start_url, delay=delay)
    return {"listed": report.listed, "stored": report.stored, "failed": len(report.failed)}
