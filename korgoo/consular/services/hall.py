"""The hall of a mission: checking in, tickets, calling the next, finishing, no-shows, and forgetting
old bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id

from .. import selectors
from ..choices import (
    ACTIVE_STATUSES,
    TICKET_LETTERS,
    BookingKind,
    BookingStatus,
    TicketKind,
    TicketStatus,
)
from ..models import (
    Booking,
    ConsularService,
    Mission,
    PhoneCheck,
    Ticket,
    TicketCounter,
    Window,
)

# Cases a caseworker may give a place held back for emergencies: besides a case marked urgent, a
# passport taken, forced work or trafficking, violence, and detention or expulsion.
from .booking import NO_SHOW_AFTER, _invalid
from .codes import code_digest, code_normalise, passport_digest, passport_normalise

# --- The hall --------------------------------------------------------------------------------------


def _next_number(mission: Mission, day: dt.date) -> int:
    TicketCounter.objects.bulk_create([TicketCounter(mission=mission, day=day)], ignore_conflicts=True)
    TicketCounter.objects.filter(mission=mission, day=day).update(last=F("last") + 1)
    return int(TicketCounter.objects.get(mission=mission, day=day).last)


def _ticket(
    mission: Mission,
    service: ConsularService,
    *,
    kind: str,
    priority: int,
    due_at: dt.datetime,
    booking: Any = None,
) -> Ticket:
    now = timezone.now()
    day = now.astimezone(selectors.local_zone(mission)).date()
    number = _next_number(mission, day)
    letter = TICKET_LETTERS.get(service.code, "F")  # type: ignore[call-overload]
    return Ticket.objects.create(
        mission=mission,
        service=service,
        booking=booking,
        day=day,
        number=number,
        label=f"{letter}-{number:03d}",
        kind=kind,
        priority=priority,
        due_at=due_at,
        issued_at=now,
    )


@transaction.atomic
def booking_check_in(*, actor: Actor, code: str, passport_number: str) -> Ticket:
    """At the desk: the code (typed or read from the QR) and the passport shown must belong to one
    booking of this mission for today; the person gets a ticket. A wrong passport is refused: a
    booking cannot be passed to somebody else."""
    mission = selectors.mission_for(actor)
    normal = code_normalise(code or "")
    booking = selectors.booking_by_digest(code_digest=code_digest(normal)) if normal else None
    if booking is None or booking.mission_id != mission.pk:
        raise _invalid("code", _("No appointment at this mission has this code."))
    booking = Booking.objects.select_for_update().select_related("slot", "service").get(pk=booking.pk)
    passport = passport_normalise(passport_number or "")
    if passport is None or passport_digest(passport) != booking.passport_digest:
        audit_record(
            actor=actor, action="consular.passport_mismatch", object_type="booking", object_id=booking.pk
        )
        raise _invalid("passport_number", _("The passport does not match the one given when booking."))
    today = timezone.now().astimezone(selectors.local_zone(mission)).date()
    if booking.slot.starts_at.astimezone(selectors.local_zone(mission)).date() != today:
        raise _invalid("code", _("This appointment is not for today."))
    if booking.status != BookingStatus.BOOKED:
        raise _invalid("code", _("This appointment has already been used or cancelled."))
    emergency = booking.kind == BookingKind.EMERGENCY
    ticket = _ticket(
        mission,
        booking.service,
        kind=TicketKind.EMERGENCY if emergency else TicketKind.BOOKED,
        priority=0 if emergency else 1,
        due_at=booking.slot.starts_at,
        booking=booking,
    )
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = timezone.now()
    booking.save(update_fields=["status", "checked_in_at", "updated_at"])
    audit_record(actor=actor, action="consular.checked_in", object_type="booking", object_id=booking.pk)
    return ticket


@transaction.atomic
def ticket_walk_in(*, actor: Actor, service_code: str) -> Ticket:
    """A person who came without a booking gets a ticket; they are called after the booked people
    whose time has come."""
    mission = selectors.mission_for(actor)
    service = ConsularService.objects.filter(mission=mission, code=service_code, is_active=True).first()
    if service is None:
        raise _invalid("service", _("Choose from the list."))
    ticket = _ticket(mission, service, kind=TicketKind.WALK_IN, priority=2, due_at=timezone.now())
    audit_record(actor=actor, action="consular.walk_in", object_type="ticket", object_id=ticket.pk)
    return ticket


@transaction.atomic
def ticket_call_next(*, actor: Actor, window_number: int) -> Ticket | None:
    """A window calls the next ticket it can serve: emergencies first, then booked people whose time
    has come, then walk-ins, each in order of their time. None when nobody waits."""
    mission = selectors.mission_for(actor)
    window = Window.objects.filter(mission=mission, number=window_number, is_active=True).first()
    if window is None:
        raise _invalid("window", _("Choose from the list."))
    today = timezone.now().astimezone(selectors.local_zone(mission)).date()
    waiting = Ticket.objects.filter(mission=mission, day=today, status=TicketStatus.WAITING)
    services = list(window.services.values_list("pk", flat=True))
    if services:
        waiting = waiting.filter(service_id__in=services)
    for candidate in waiting.order_by("priority", "due_at", "number").values_list("pk", flat=True)[:20]:
        # The conditional UPDATE settles two windows calling at once: one of them gets the ticket.
        now = timezone.now()
        if Ticket.objects.filter(pk=candidate, status=TicketStatus.WAITING).update(
            status=TicketStatus.CALLED, window=window, called_at=now
        ):
            ticket = Ticket.objects.select_related("booking").get(pk=candidate)
            if ticket.booking_id:
                Booking.objects.filter(pk=ticket.booking_id).update(
                    status=BookingStatus.CALLED, updated_at=now
                )
            audit_record(actor=actor, action="consular.called", object_type="ticket", object_id=ticket.pk)
            return ticket
    return None


@transaction.atomic
def ticket_finish(*, actor: Actor, ticket_id: Any, served: bool) -> Ticket:
    """The window says whether the person it called came (served) or not (did not come)."""
    mission = selectors.mission_for(actor)
    ticket = (
        Ticket.objects.select_for_update()
        .filter(pk=parse_id(ticket_id), mission=mission, status=TicketStatus.CALLED)
        .first()
    )
    if ticket is None:
        raise NotFound()
    now = timezone.now()
    ticket.status = TicketStatus.SERVED if served else TicketStatus.NO_SHOW
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])
    if ticket.booking_id:
        Booking.objects.filter(pk=ticket.booking_id).update(
            status=BookingStatus.SERVED if served else BookingStatus.NO_SHOW, finished_at=now, updated_at=now
        )
    audit_record(
        actor=actor,
        action="consular.served" if served else "consular.no_show",
        object_type="ticket",
        object_id=ticket.pk,
    )
    return ticket


def bookings_mark_no_shows(*, mission: Mission | None = None) -> int:
    """Bookings nobody checked in for, half an hour after their slot ended, become no-shows (a
    timer runs this; the desk may too). Their places are gone: the time has passed."""
    cutoff = timezone.now() - NO_SHOW_AFTER
    rows = Booking.objects.filter(status=BookingStatus.BOOKED, slot__ends_at__lt=cutoff)
    if mission is not None:
        rows = rows.filter(mission=mission)
    return rows.update(status=BookingStatus.NO_SHOW, finished_at=timezone.now(), updated_at=timezone.now())


def bookings_forget(*, after: dt.timedelta = dt.timedelta(days=1)) -> dict[str, int]:
    """What a booking no longer needs once its time is over: the sealed phone and its key, the phone's
    and the passport's keyed hashes (they serve only the limits on active bookings and the check at
    the door), and spent or expired one-time codes. The row stays, without them, for the statistics."""
    cutoff = timezone.now() - after
    with transaction.atomic():
        bookings = (
            Booking.objects.exclude(status__in=ACTIVE_STATUSES)
            .filter(slot__ends_at__lt=cutoff)
            .exclude(passport_digest="", phone_digest="", sealed_contact=b"")
            .update(
                passport_digest="",
                phone_digest="",
                wrapped_key=b"",
                sealed_contact=b"",
                updated_at=timezone.now(),
            )
        )
        codes, _rows = PhoneCheck.objects.filter(expires_at__lt=cutoff).delete()
    return {"bookings": bookings, "phone_codes": codes}
