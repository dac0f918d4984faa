"""Reads of the consular reception.

What is public (missions, their services, the free places of released slots, the hall's board of
ticket labels) needs no actor. What belongs to a mission's hall (bookings of the day, tickets) is read
only by members of the organisation that runs the mission and hold `consular.desk`; anyone else gets
the same NotFound as for a mission that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm

from .choices import ACTIVE_STATUSES, TicketStatus
from .models import Booking, ConsularService, Mission, ServiceText, Slot, Ticket, Window


def text_for(service: ConsularService, language: str) -> ServiceText | None:
    """The service's name and documents in `language`, falling back ky → ru → en (content is data)."""
    texts = {t.language: t for t in service.texts.all()}
    for code in (language, "ky", "ru", "en"):
        if code in texts and texts[code].name:
            return texts[code]
    return None


def service_name(service: ConsularService, language: str) -> str:
    text = text_for(service, language)
    return text.name if text is not None else str(service.get_code_display())


def missions_published() -> QuerySet[Mission]:
    """Every published mission of an active organisation, with its offered services."""
    return (
        Mission.objects.filter(is_published=True, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=ConsularService.objects.filter(is_active=True).prefetch_related("texts"),
            )
        )
        .order_by("organisation__country", "organisation__city", "organisation__name")
    )


def mission_public(mission_id: Any) -> Mission:
    mission = missions_published().filter(pk=parse_id(mission_id)).first()
    if mission is None:
        raise NotFound()
    return mission


def service_public(mission_id: Any, code: str) -> ConsularService:
    """One offered service of a published mission, with its mission, in one query (the slot list)."""
    service = (
        ConsularService.objects.select_related("mission")
        .filter(
            mission_id=parse_id(mission_id),
            code=code,
            is_active=True,
            mission__is_published=True,
            mission__organisation__is_active=True,
        )
        .first()
    )
    if service is None:
        raise NotFound()
    return service


def service_of(mission: Mission, code: str) -> ConsularService:
    for service in mission.services.all():
        if service.code == code:
            return service
    raise NotFound()


def local_zone(mission: Mission) -> ZoneInfo:
    return ZoneInfo(mission.timezone)


def slots_open(*, mission: Mission, service: ConsularService, day: dt.date) -> list[Slot]:
    """The slots of one day that anyone may book now: released (their `opens_at` has passed), not
    begun, with a general place left. Places held back for emergencies are never shown here."""
    zone = local_zone(mission)
    start = dt.datetime.combine(day, dt.time(0), zone)
    now = timezone.now()
    return list(
        Slot.objects.filter(
            service=service,
            starts_at__gte=max(start, now),
            starts_at__lt=start + dt.timedelta(days=1),
            opens_at__lte=now,
            taken__lt=F("capacity"),
        ).order_by("starts_at")
    )


def days_open(*, mission: Mission, service: ConsularService, limit: int = 31) -> list[dt.date]:
    """The local days that have a slot with a place anyone may book now."""
    now = timezone.now()
    zone = local_zone(mission)
    starts = Slot.objects.filter(
        service=service, starts_at__gte=now, opens_at__lte=now, taken__lt=F("capacity")
    ).values_list("starts_at", flat=True)
    days = sorted({s.astimezone(zone).date() for s in starts})
    return days[:limit]


def slots_for_emergency(*, mission: Mission, service: ConsularService) -> list[Slot]:
    """Slots a caseworker may give an urgent case: a place held back for emergencies, or any general
    place, released or not (an emergency jumps the general release), up to a week past the release."""
    now = timezone.now()
    slots = Slot.objects.filter(
        service=service,
        starts_at__gte=now,
        starts_at__lt=now + dt.timedelta(days=mission.release_days_ahead + 7),
    ).order_by("starts_at")
    return [s for s in slots if s.emergency_remaining or s.remaining][:200]


def mission_for(actor: Actor) -> Mission:
    """The mission whose hall the actor works in: their organisation's, with `consular.desk`."""
    if not actor.has(Perm.CONSULAR_DESK) or actor.organisation is None:
        raise NotFound()
    mission = Mission.objects.select_related("organisation").filter(organisation=actor.organisation).first()
    if mission is None:
        raise NotFound()
    return mission


def booking_by_digest(*, code_digest: str) -> Booking | None:
    return (
        Booking.objects.select_related("slot", "service", "mission__organisation", "case")
        .filter(code_digest=code_digest)
        .first()
    )


@dataclass(frozen=True)
class DaySummary:
    booked: int
    checked_in: int
    waiting: list[Ticket]
    called: list[Ticket]
    windows: list[Window]


def hall_day_for(*, actor: Actor) -> DaySummary:
    """The hall of the actor's mission today: how many are booked and have come, the queue, the
    windows. Tickets carry labels and services, never a name or a passport."""
    mission = mission_for(actor)
    today = timezone.now().astimezone(local_zone(mission)).date()
    zone = local_zone(mission)
    start = dt.datetime.combine(today, dt.time(0), zone)
    bookings = Booking.objects.filter(
        mission=mission, slot__starts_at__gte=start, slot__starts_at__lt=start + dt.timedelta(days=1)
    )
    tickets = Ticket.objects.filter(mission=mission, day=today).select_related("service", "window")
    return DaySummary(
        booked=bookings.exclude(status="cancelled").count(),
        checked_in=bookings.exclude(status__in=["booked", "cancelled", "no_show"]).count(),
        waiting=list(tickets.filter(status=TicketStatus.WAITING).order_by("priority", "due_at", "number")),
        called=list(tickets.filter(status=TicketStatus.CALLED).order_by("-called_at")),
        windows=list(Window.objects.filter(mission=mission, is_active=True)),
    )


@dataclass(frozen=True)
class Board:
    mission: Mission
    called: list[tuple[str, int]]  # (ticket label, window number), the latest first
    waiting: int


def hall_board(*, mission_id: Any) -> Board:
    """What the hall's screen shows: the labels called to windows and how many wait. No names, no
    codes, nothing that says who anyone is."""
    mission = mission_public(mission_id)
    today = timezone.now().astimezone(local_zone(mission)).date()
    tickets = Ticket.objects.filter(mission=mission, day=today)
    called = (
        tickets.filter(status__in=[TicketStatus.CALLED, TicketStatus.SERVED], window__isnull=False)
        .order_by("-called_at")
        .values_list("label", "window__number")[:8]
    )
    return Board(
        mission=mission,
        called=[(label, number) for label, number in called],
        waiting=tickets.filter(status=TicketStatus.WAITING).count(),
    )


def active_bookings_of_case(case_id: Any) -> QuerySet[Booking]:
    return Booking.objects.filter(case_id=case_id, status__in=ACTIVE_STATUSES).select_related(
        "slot", "service", "mission__organisation"
    )


@dataclass(frozen=True)
class MonthFigures:
    """Raw counts of one mission and month, for monitoring only (which suppresses small ones)."""

    mission: Mission
    month: dt.date  # the first day of the month, in the mission's time
    due: int  # bookings whose time has come (not cancelled)
    came: int  # of them, checked in
    no_show: int  # of them, did not come
    walk_ins: int
    waits: list[float]  # minutes from the later of arrival and booked time to the call, per ticket


def figures_by_month(*, since: dt.date) -> list[MonthFigures]:
    """Counts per mission and month from `since` on: bookings that came and did not, walk-ins, and
    the wait of every called ticket. No person, no code: the unit is a ticket or a booking."""
    found: list[MonthFigures] = []
    for mission in Mission.objects.select_related("organisation").order_by("organisation__name"):
        zone = local_zone(mission)
        months: dict[dt.date, dict[str, Any]] = {}

        def month_of(
            moment: dt.datetime, zone: ZoneInfo = zone, months: dict[dt.date, dict[str, Any]] = months
        ) -> dict[str, Any]:
            first = moment.astimezone(zone).date().replace(day=1)
            return months.setdefault(first, {"due": 0, "came": 0, "no_show": 0, "walk_ins": 0, "waits": []})

        start = dt.datetime.combine(since, dt.time(0), zone)
        bookings = Booking.objects.filter(
            mission=mission, slot__starts_at__gte=start, slot__starts_at__lt=timezone.now()
        ).exclude(status="cancelled")
        for status, starts_at in bookings.values_list("status", "slot__starts_at"):
            row = month_of(starts_at)
            row["due"] += 1
            row["came"] += status in ("checked_in", "called", "served")
            row["no_show"] += status == "no_show"
        tickets = Ticket.objects.filter(mission=mission, issued_at__gte=start)
        for kind, issued, due, called in tickets.values_list("kind", "issued_at", "due_at", "called_at"):
            row = month_of(issued)
            row["walk_ins"] += kind == "walk_in"
            if called is not None:
                row["waits"].append(max(0.0, (called - max(issued, due)).total_seconds() / 60))
        found += [MonthFigures(mission=mission, month=m, **row) for m, row in sorted(months.items())]
    return found
