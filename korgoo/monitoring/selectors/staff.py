"""The network's staff balance, for coordinators only (monitoring.network): per organisation, how
many of the people who work cases said they are women, among caseworkers and among lawyers, and the
wishes for a woman caseworker its cases carried against what it can offer.

Staff figures come from what members stated about themselves (`Membership.gender`, optional), which
coordinators may see one by one anyway. The wishes are counted from the plain column
`Case.prefers_woman_caseworker` of the last 12 months, never opening a case; a count from 1 to the
suppression threshold − 1 is hidden and no total is given, so no hidden count can be worked out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from korgoo.cases.models import Case
from korgoo.core.actor import Actor
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.organisations.models import Gender, Membership, Organisation, Role

from ..publishing import threshold
from .common import ensure_monitoring, kind_label

CASEWORK_ROLES = (Role.CASEWORKER, Role.COORDINATOR, Role.ORG_ADMIN)


@dataclass(frozen=True)
class StaffRow:
    organisation: str
    kind: str
    is_mission: bool
    woman_offered: bool
    staff: int
    women: int
    not_said: int
    lawyers: int
    women_lawyers: int
    asked: int | None  # None: hidden (fewer than the threshold, but not none)
    asked_given_woman: int | None

    @property
    def women_share(self) -> str:
        return f"{100 * self.women / self.staff:.0f} %" if self.staff else "—"

    @property
    def women_lawyers_share(self) -> str:
        return f"{100 * self.women_lawyers / self.lawyers:.0f} %" if self.lawyers else "—"


def _shown(n: int, limit: int) -> int | None:
    return None if 0 < n < limit else n


def staff_balance(*, actor: Actor, today: dt.date | None = None) -> list[StaffRow]:
    """Every active organisation (missions first), in three queries whatever their number."""
    ensure_monitoring(actor, network=True)
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=365)
    limit = threshold()
    members = Membership.objects.filter(is_active=True, role__in=CASEWORK_ROLES)
    staff = {
        row["organisation"]: row
        for row in members.values("organisation").annotate(
            staff=Count("pk"),
            women=Count("pk", filter=Q(gender=Gender.WOMAN)),
            not_said=Count("pk", filter=Q(gender="")),
            lawyers=Count("pk", filter=Q(is_lawyer=True)),
            women_lawyers=Count("pk", filter=Q(is_lawyer=True, gender=Gender.WOMAN)),
        )
    }
    wishes = {
        row["organisation"]: row
        for row in Case.objects.filter(prefers_woman_caseworker=True, reported_on__gte=since)
        .exclude(organisation=None)
        .values("organisation")
        .annotate(asked=Count("pk"), given=Count("pk", filter=Q(assignee__gender=Gender.WOMAN)))
    }
    rows = []
    for org in Organisation.objects.filter(is_active=True).order_by("name"):
        s = staff.get(org.pk, {})
        w = wishes.get(org.pk, {})
        rows.append(
            StaffRow(
                organisation=org.name,
                kind=kind_label(org.kind),
                is_mission=org.kind in GOVERNMENT_KINDS,
                woman_offered=org.woman_caseworker_available,
                staff=s.get("staff", 0),
                women=s.get("women", 0),
                not_said=s.get("not_said", 0),
                lawyers=s.get("lawyers", 0),
                women_lawyers=s.get("women_lawyers", 0),
                asked=_shown(w.get("asked", 0), limit),
                asked_given_woman=_shown(w.get("given", 0), limit),
            )
        )
    return sorted(rows, key=lambda r: (not r.is_mission, r.organisation))
