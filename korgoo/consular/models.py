"""Tables of the consular reception: missions and their services, working plans, slots, bookings
and the tickets of the hall.

A mission is the consular face of an organisation of the embassy or honorary-consul kind; its
staff keep its services and plans, and its desk and windows run the hall. Nothing here holds a
worker's identity in the clear: the passport number exists only as a keyed hash, the phone as a
keyed hash (for limits) and sealed (for reminders) under a key of the booking's own, wrapped by the
mission's key; the booking code only as a keyed hash.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Currency, Language
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Membership, Organisation

from .choices import (
    ACTIVE_STATUSES,
    BookingKind,
    BookingStatus,
    Channel,
    LinkedBy,
    ServiceCode,
    TicketKind,
    TicketStatus,
    Weekday,
)


class Mission(PublicModel):
    """The consular reception of one embassy, consulate or honorary consul (an organisation of a
    government kind). Its `id` is the mission's public identifier in the API and on the hall's
    screen. Slots are released `release_days_ahead` days ahead at `release_time`, local time."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="consular_mission"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    address = models.CharField(_("address"), max_length=300, blank=True)
    release_days_ahead = models.PositiveSmallIntegerField(_("days ahead that slots are released"), default=14)
    release_time = models.TimeField(_("time of the daily release"), default=dt.time(9, 0))
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("consular mission")
        verbose_name_plural = _("consular missions")

    def __str__(self) -> str:
        return self.organisation.name


class Window(models.Model):
    """A numbered window (counter) of the hall, and the members who work at it."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="windows")
    number = models.PositiveSmallIntegerField(_("window number"))
    staff = models.ManyToManyField(Membership, blank=True, related_name="consular_windows")
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["mission", "number"], name="consular_window_number")]

    def __str__(self) -> str:
        return str(self.number)


class ConsularService(PublicModel):
    """One service a mission publishes: how long it takes, the fee if there is one, the windows
    that provide it. Its name and the documents to bring are in `ServiceText`, per language."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="services")
    code = models.CharField(_("service"), max_length=32, choices=ServiceCode.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes per visit"), default=20)
    fee_amount = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    windows = models.ManyToManyField(Window, blank=True, related_name="services")
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["mission", "code"]
        constraints = [models.UniqueConstraint(fields=["mission", "code"], name="consular_service_code")]

    def __str__(self) -> str:
        return f"{self.mission} · {self.get_code_display()}"


class ServiceText(models.Model):
    """A service's name and documents to bring, in one language (content is data: ky → ru → en)."""

    service = models.ForeignKey(ConsularService, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=2, choices=Language.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    documents = models.TextField(_("documents to bring"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="consular_text_language")]


class WorkingPlan(models.Model):
    """When a service is given on one weekday: opening hours, a break, and how many people each
    slot takes in the general release and how many it holds back for caseworkers' emergencies."""

    service = models.ForeignKey(ConsularService, on_delete=models.CASCADE, related_name="plans")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("break from"), null=True, blank=True)
    break_ends = models.TimeField(_("break until"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("people per slot"), default=1)
    emergency_capacity = models.PositiveSmallIntegerField(_("places held back for emergencies"), default=0)

    class Meta:
        ordering = ["service", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["service", "weekday"], name="consular_plan_weekday"),
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="consular_plan_hours"),
        ]


class Closure(models.Model):
    """A day the mission is closed besides the public holidays of the host country and Kyrgyzstan."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["mission", "day"], name="consular_closure_day")]


class Slot(models.Model):
    """A time of one service with its places. `taken` never exceeds `capacity` (the database checks
    it too): a booking takes a place with one conditional UPDATE. The general places open for booking
    at `opens_at`; the emergency places are there for caseworkers from the moment the slot exists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="slots")
    service = models.ForeignKey(ConsularService, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    opens_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(default=1)
    emergency_capacity = models.PositiveSmallIntegerField(default=0)
    taken = models.PositiveSmallIntegerField(default=0)
    emergency_taken = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["service", "starts_at"], name="consular_slot_unique"),
            models.CheckConstraint(
                condition=Q(taken__lte=F("capacity")), name="consular_slot_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(emergency_taken__lte=F("emergency_capacity")),
                name="consular_slot_emergency_not_overbooked",
            ),
        ]
        indexes = [models.Index(fields=["mission", "starts_at"], name="consular_slot_mission_time")]

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def emergency_remaining(self) -> int:
        return max(0, self.emergency_capacity - self.emergency_taken)


class CapacityReturn(models.Model):
    """A general place given up by a cancellation or a new time, waiting for the moment it goes
    back to the pool: a random moment within `KORGOO_CONSULAR_RETURN_MINUTES`, so that a cancelled
    place cannot be handed to a buyer who stands ready to book it (the anti-reseller rules)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    returns_at = models.DateTimeField(db_index=True)


class Booking(PublicModel):
    """A person's appointment. Only the mission's staff see it, by time and service, never with a
    name: the person proves it is theirs at the door with the code and the passport, whose keyed
    hash must match. One active booking per person (passport) per service, everywhere (a partial
    unique index). A booking linked to a case (by the worker's receipt with consent, or booked from
    the case by a caseworker) names the case; the mission does not see the case through it."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(ConsularService, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    service_code = models.CharField(max_length=32, choices=ServiceCode.choices)
    kind = models.CharField(max_length=16, choices=BookingKind.choices, default=BookingKind.GENERAL)
    status = models.CharField(max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    code_digest = models.CharField(max_length=64, unique=True)
    passport_digest = models.CharField(max_length=64)
    phone_digest = models.CharField(max_length=64, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    linked_by = models.CharField(max_length=16, choices=LinkedBy.choices, blank=True, default=LinkedBy.NONE)
    priority = models.BooleanField(default=False)
    booked_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True, default=Channel.NONE)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.KY)
    wrapped_key = models.BinaryField(default=b"")
    sealed_contact = models.BinaryField(default=b"")
    # The proof-of-work challenge it was booked with, when one was asked: one challenge, one booking.
    nonce_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service_code", "passport_digest"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="consular_one_active_per_person_service",
            )
        ]
        indexes = [
            models.Index(fields=["mission", "status"], name="consular_booking_mission"),
            models.Index(fields=["phone_digest", "status"], name="consular_booking_phone"),
            models.Index(fields=["case"], name="consular_booking_case"),
        ]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class TicketCounter(models.Model):
    """The last ticket number a mission gave out on a day."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "day"], name="consular_counter_day")]


class Ticket(models.Model):
    """A place in the hall's queue: given at the desk on check-in (a booking) or to a walk-in.
    Windows call the waiting tickets in order: emergencies and urgent cases first, then by the time
    each is due (a booking's slot, a walk-in's arrival). The hall's screen shows only `label` and
    the window."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="tickets")
    service = models.ForeignKey(ConsularService, on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="ticket"
    )
    day = models.DateField()
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=8)
    kind = models.CharField(max_length=16, choices=TicketKind.choices)
    priority = models.PositiveSmallIntegerField(default=1)  # 0 first
    due_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mission", "day", "number"], name="consular_ticket_number")
        ]
        indexes = [
            models.Index(
                fields=["mission", "day", "status", "priority", "due_at"], name="consular_ticket_queue"
            )
        ]


class PhoneCheck(models.Model):
    """A one-time code sent by SMS to prove the person booking by phone holds that phone (when an SMS
    adapter is configured). Only keyed hashes of the phone and the code are kept; a few tries, ten
    minutes; used once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phone_digest = models.CharField(max_length=64)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone_digest", "created_at"], name="consular_phonecheck_phone")]
