"""Missions and their services, their working plans and the slots made from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import holidays as holiday_calendars
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.permissions import Perm, ensure_permission

from .. import selectors
from ..models import (
    Closure,
    ConsularService,
    Mission,
    ServiceText,
    Slot,
    Window,
    WorkingPlan,
)

# Cases a caseworker may give a place held back for emergencies: besides a case marked urgent, a
# passport taken, forced work or trafficking, violence, and detention or expulsion.


# --- Missions and their services ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSpec:
    weekdays: tuple[int, ...]
    opens: dt.time
    closes: dt.time
    break_starts: dt.time | None = None
    break_ends: dt.time | None = None
    capacity: int = 1
    emergency_capacity: int = 0


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    duration_minutes: int
    texts: dict[str, tuple[str, str]]  # language -> (name, documents to bring)
    plan: PlanSpec
    windows: tuple[int, ...] = ()
    fee_amount: Any = None
    fee_currency: str = ""


@transaction.atomic
def mission_publish(
    *,
    actor: Actor,
    organisation: Any,
    timezone_name: str,
    address: str,
    windows: int,
    services_offered: list[ServiceSpec],
) -> Mission:
    """Open the consular reception of an embassy, consulate or honorary consul: its windows and the
    services it publishes with their texts and working plans. The platform administrator or the
    organisation's own `consular.manage` holder does it; audited."""
    if not actor.is_platform_admin:
        ensure_permission(actor, Perm.CONSULAR_MANAGE)
        if actor.organisation_id != organisation.pk:
            raise NotFound()
    if organisation.kind not in GOVERNMENT_KINDS:
        raise ApplicationError(
            "not_a_mission", _("Only an embassy, a consulate or an honorary consul receives.")
        )
    mission = Mission(organisation=organisation, timezone=timezone_name, address=address)
    mission.full_clean()
    mission.save(force_insert=True)
    made = {n: Window.objects.create(mission=mission, number=n) for n in range(1, windows + 1)}
    for spec in services_offered:
        service = ConsularService.objects.create(
            mission=mission,
            code=spec.code,
            duration_minutes=spec.duration_minutes,
            fee_amount=spec.fee_amount,
            fee_currency=spec.fee_currency,
        )
        service.windows.set([made[n] for n in spec.windows if n in made])
        for language, (name, documents) in spec.texts.items():
            ServiceText.objects.create(service=service, language=language, name=name, documents=documents)
        for weekday in spec.plan.weekdays:
            WorkingPlan.objects.create(
                service=service,
                weekday=weekday,
                opens=spec.plan.opens,
                closes=spec.plan.closes,
                break_starts=spec.plan.break_starts,
                break_ends=spec.plan.break_ends,
                capacity=spec.plan.capacity,
                emergency_capacity=spec.plan.emergency_capacity,
            )
    audit_record(
        actor=actor,
        action="consular.mission_published",
        object_type="mission",
        object_id=mission.pk,
        organisation_id=organisation.pk,
        details={"services": [s.code for s in services_offered]},
    )
    return mission


# --- Working plans and slots ----------------------------------------------------------------------


def closed_days(mission: Mission, start: dt.date, end: dt.date) -> set[dt.date]:
    """Days the mission does not receive: the public holidays of the host country and of Kyrgyzstan
    (the `holidays` package's official calendars) and the mission's own closures."""
    years = list(range(start.year, end.year + 1))
    days: set[dt.date] = set()
    for country in {mission.organisation.country, "KG"}:
        try:
            days |= set(holiday_calendars.country_holidays(country, years=years))
        except NotImplementedError:  # a host country the package does not know: its own closures only
            continue
    days |= set(
        Closure.objects.filter(mission=mission, day__range=(start, end)).values_list("day", flat=True)
    )
    return days


def _times(day: dt.date, plan: Any, minutes: int) -> list[dt.time]:
    step = dt.timedelta(minutes=minutes)
    cursor = dt.datetime.combine(day, plan.opens)
    closes = dt.datetime.combine(day, plan.closes)
    pause = (
        (dt.datetime.combine(day, plan.break_starts), dt.datetime.combine(day, plan.break_ends))
        if plan.break_starts and plan.break_ends
        else None
    )
    found = []
    while cursor + step <= closes:
        if pause and cursor < pause[1] and cursor + step > pause[0]:
            cursor = pause[1]
            continue
        found.append(cursor.time())
        cursor += step
    return found


@transaction.atomic
def slots_generate(*, actor: Actor | None, mission: Mission, start: dt.date, days: int) -> int:
    """Make the slots of `days` days from `start` from the working plans of the mission's services,
    skipping holidays, closures and breaks. Each slot opens for general booking `release_days_ahead`
    days before its day at `release_time`, local time. Idempotent: slots that exist stay as they are.
    `actor` None is the system (the daily timer); a member needs `consular.manage` in the mission's
    organisation."""
    if actor is not None:
        ensure_permission(actor, Perm.CONSULAR_MANAGE)
        if actor.organisation_id != mission.organisation_id:
            raise NotFound()
    zone = selectors.local_zone(mission)
    end = start + dt.timedelta(days=days - 1)
    closed = closed_days(mission, start, end)
    rows = []
    services = ConsularService.objects.filter(mission=mission, is_active=True).prefetch_related("plans")
    for service in services:
        plans = {p.weekday: p for p in service.plans.all()}
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            plan = plans.get(day.weekday())
            if plan is None or day in closed:
                continue
            opens_at = dt.datetime.combine(
                day - dt.timedelta(days=mission.release_days_ahead), mission.release_time, zone
            )
            for time in _times(day, plan, service.duration_minutes):
                starts_at = dt.datetime.combine(day, time, zone)
                rows.append(
                    Slot(
                        mission=mission,
                        service=service,
                        starts_at=starts_at,
                        ends_at=starts_at + dt.timedelta(minutes=service.duration_minutes),
                        opens_at=opens_at,
                        capacity=plan.capacity,
                        emergency_capacity=plan.emergency_capacity,
                    )
                )
    before = Slot.objects.filter(mission=mission).count()
    Slot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Slot.objects.filter(mission=mission).count() - before
