"""Booking, cancelling and moving an appointment, the emergency places, the one-time codes sent to
phones, and the places given back when an appointment goes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.cases.choices import Category, EventKind
from korgoo.cases.models import Case
from korgoo.cases.selectors import case_get_for
from korgoo.cases.services import record_event
from korgoo.core import crypto
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, Conflict, NotFound, Throttled
from korgoo.core.ids import parse_id
from korgoo.core.outbox import outbox_add
from korgoo.core.throttle import Window as Budget
from korgoo.intake import services as intake
from korgoo.organisations.permissions import Perm, ensure_permission

from .. import selectors
from ..choices import (
    ACTIVE_STATUSES,
    BookingKind,
    BookingStatus,
    Channel,
    LinkedBy,
)
from ..models import (
    Booking,
    CapacityReturn,
    Mission,
    PhoneCheck,
    Slot,
)

# Cases a caseworker may give a place held back for emergencies: besides a case marked urgent, a
# passport taken, forced work or trafficking, violence, and detention or expulsion.
from .codes import (
    _key_ref,
    code_digest,
    code_generate,
    code_normalise,
    passport_digest,
    passport_normalise,
    phone_digest,
    phone_normalise,
    when_text,
)

EMERGENCY_CATEGORIES = frozenset(
    {Category.DOCUMENTS_TAKEN, Category.FORCED_WORK, Category.VIOLENCE, Category.POLICE}
)
# A booked person who has not come this long after their slot ended did not come.
NO_SHOW_AFTER = dt.timedelta(minutes=30)
LOOKUP_WINDOW = 15 * 60


# --- Taking and giving back places ----------------------------------------------------------------


def _release_returns(slot: Slot) -> None:
    """Put back in the pool the places of this slot given up long enough ago. The DELETE decides
    who puts a place back: each returned place is counted once even when two bookings race here."""
    due = list(
        CapacityReturn.objects.filter(slot=slot, returns_at__lte=timezone.now()).values_list("pk", flat=True)
    )
    if not due:
        return
    deleted, _rows = CapacityReturn.objects.filter(pk__in=due).delete()
    if deleted:
        Slot.objects.filter(pk=slot.pk).update(taken=F("taken") - deleted)


def _take_general(slot: Slot, *, released_only: bool) -> bool:
    """Take one general place with one conditional UPDATE: the database decides between racers."""
    _release_returns(slot)
    rows = Slot.objects.filter(pk=slot.pk, taken__lt=F("capacity"))
    if released_only:
        rows = rows.filter(opens_at__lte=timezone.now())
    return rows.update(taken=F("taken") + 1) == 1


def _take_emergency(slot: Slot) -> bool:
    rows = Slot.objects.filter(pk=slot.pk, emergency_taken__lt=F("emergency_capacity"))
    return rows.update(emergency_taken=F("emergency_taken") + 1) == 1


def _give_back(booking: Booking) -> None:
    """Free the booking's place: an emergency place at once (only caseworkers can take it), a general
    one at a random moment within KORGOO_CONSULAR_RETURN_MINUTES."""
    held_back = booking.kind == BookingKind.EMERGENCY and booking.priority
    if held_back and Slot.objects.filter(pk=booking.slot_id, emergency_taken__gt=0).update(
        emergency_taken=F("emergency_taken") - 1
    ):
        return
    minutes = max(0, int(settings.KORGOO_CONSULAR_RETURN_MINUTES))
    delay = dt.timedelta(seconds=1 + secrets.randbelow(minutes * 60)) if minutes else dt.timedelta(0)
    if delay:
        CapacityReturn.objects.create(slot_id=booking.slot_id, returns_at=timezone.now() + delay)
    else:
        Slot.objects.filter(pk=booking.slot_id, taken__gt=0).update(taken=F("taken") - 1)


# --- Booking ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Booked:
    booking: Booking
    code: str  # shown once, never stored


def challenge_needed() -> int:
    """The difficulty a booking's proof-of-work must have now: the intake's when an operator switched
    it on, the consular one while booking attempts run above KORGOO_CONSULAR_CHALLENGE_ABOVE a minute,
    else 0."""
    bits = intake.challenge_bits()
    if Budget("consular:attempts", settings.KORGOO_CONSULAR_CHALLENGE_ABOVE, 60).exceeded():
        bits = max(bits, int(settings.KORGOO_CONSULAR_CHALLENGE_BITS))
    return bits


def challenge_issue() -> intake.Challenge:
    return intake.challenge_issue(bits=challenge_needed())


def _challenge(challenge: str, proof: str, form_nonce: str = "") -> str | None:
    """Count the attempt; check the proof when one is needed (or sent). Returns the nonce's digest.

    The worker's page works without JavaScript, so it cannot solve a challenge: it sends instead the
    nonce of its signed form token (`intake.services.form_token_check`: genuine, not older than four
    hours, not sooner than a person fills a form), and one form makes one booking."""
    Budget("consular:attempts", settings.KORGOO_CONSULAR_CHALLENGE_ABOVE, 60).hit()
    if form_nonce:
        digest = hashlib.sha256(f"consular-form:{form_nonce}".encode()).hexdigest()
        if Booking.objects.filter(nonce_digest=digest).exists():
            raise Conflict("form_used", _("This form has already made a booking. Open the page again."))
        return digest
    needed = challenge_needed()
    if not challenge:
        if needed:
            raise ApplicationError(
                "challenge_required",
                _(
                    "Many people are booking right now. Ask for a challenge and send it solved with the booking."
                ),
            )
        return None
    nonce = intake.challenge_check(challenge, proof, minimum=needed)
    digest = hashlib.sha256(f"consular:{nonce}".encode()).hexdigest()
    if Booking.objects.filter(nonce_digest=digest).exists():
        raise Conflict("challenge_used", _("This challenge was already used. Ask for a new one."))
    return digest


def _invalid(field: str, message: Any) -> ApplicationError:
    return ApplicationError(
        "invalid_booking", _("Please correct the marked fields."), {field: [str(message)]}
    )


def _slot(slot_id: Any, service_code: str) -> Slot:
    try:
        pk = parse_id(slot_id)
    except NotFound:
        pk = None
    slot = (
        Slot.objects.select_related("service", "mission__organisation")
        .filter(pk=pk, service__code=service_code, mission__is_published=True)
        .first()
        if pk
        else None
    )
    if slot is None:
        raise _invalid("slot", _("This time is not offered for this service. Choose another."))
    return slot


def is_emergency_case(case: Case) -> bool:
    categories = set(case.categories.values_list("category", flat=True))
    return case.urgent or bool(categories & EMERGENCY_CATEGORIES)


def _event_data(slot: Slot, mission: Mission, language: str, **extra: Any) -> dict[str, Any]:
    with translation.override(language or "ky"):
        return {"mission": mission.organisation.name, "when": when_text(slot, mission), **extra}


def _schedule_reminder(booking: Booking, slot: Slot) -> None:
    """A reminder a day before (at once if the appointment is sooner), on the chosen channel."""
    if booking.channel == Channel.NONE:
        return
    delay = max(dt.timedelta(0), slot.starts_at - dt.timedelta(days=1) - timezone.now())
    outbox_add(
        topic="consular.reminder",
        dedupe_key=f"consular.reminder:{booking.pk}:{slot.pk}",
        payload={"booking": str(booking.pk), "slot": str(slot.pk)},
        delay=delay,
    )


def _insert(booking: Booking, phone: str, code: str) -> Booking:
    booking.code_digest = code_digest(code)
    if phone:
        key = crypto.new_data_key()
        booking.wrapped_key = crypto.wrap_key(key, _key_ref(booking.mission))
        booking.sealed_contact = crypto.seal_text(key, phone, f"booking:{booking.pk}:contact".encode())
    # Uniqueness and the constraints (one active booking per person) are the database's to hold, under
    # races too; asking first would only cost two more queries per booking.
    booking.full_clean(
        exclude=["case", "slot", "service", "mission", "booked_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    booking.save(force_insert=True)
    return booking


def _already(passport: str, service_code: str) -> bool:
    return Booking.objects.filter(
        passport_digest=passport, service_code=service_code, status__in=ACTIVE_STATUSES
    ).exists()


# --- One-time codes for phones ---------------------------------------------------------------------

PHONE_CODE_MINUTES = 10
PHONE_CODE_TRIES = 5
PHONE_CODES_PER_HOUR = 3


def sms_configured() -> bool:
    return bool(settings.KORGOO_SMS_BACKEND)


def _phone_code_digest(phone: str, code: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("consular-phone-code"), f"{phone}:{code}")


def phone_code_send(*, phone: str, language: str = "ky") -> None:
    """Send a six-digit one-time code to the phone through the SMS adapter, once its keyed hash is
    stored. At most three codes an hour per phone; only keyed hashes are kept."""
    if not sms_configured():
        raise ApplicationError(
            "sms_unavailable", _("Codes by SMS are not available here. Book with your receipt.")
        )
    normal = phone_normalise(phone or "")
    if normal is None:
        raise _invalid(
            "phone", _("Type the phone number with the country code, for example +7 900 123 45 67.")
        )
    digest = phone_digest(normal)
    now = timezone.now()
    if PhoneCheck.objects.filter(phone_digest=digest, created_at__gt=now - dt.timedelta(hours=1)).count() >= (
        PHONE_CODES_PER_HOUR
    ):
        raise Throttled(3600)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        PhoneCheck.objects.create(
            phone_digest=digest,
            code_digest=_phone_code_digest(normal, code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=PHONE_CODE_MINUTES),
        )
    with translation.override(language if language in ("ky", "ru", "en") else "ky"):
        text = str(_("Your Korgoo code: %(code)s. Do not give it to anybody.") % {"code": code})
    send = import_string(str(settings.KORGOO_SMS_BACKEND))
    send(normal, text)


def _phone_code_verify(phone: str, code: str) -> Any:
    """The id of the valid one-time code of this phone that `code` matches, or a refusal. A wrong try
    is counted (and stays counted: the refusal is raised after the count commits); five wrong tries
    end the code. The booking spends the code in its own transaction, so a full time costs no code."""
    typed = re.sub(r"\D", "", code or "")[:6]
    with transaction.atomic():
        check = (
            PhoneCheck.objects.select_for_update()
            .filter(phone_digest=phone_digest(phone), used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if check is None or check.attempts >= PHONE_CODE_TRIES:
            check_id, right = None, False
        else:
            check_id, right = (
                check.pk,
                hmac.compare_digest(check.code_digest, _phone_code_digest(phone, typed)),
            )
            if not right:
                PhoneCheck.objects.filter(pk=check.pk).update(attempts=F("attempts") + 1)
    if check_id is None:
        raise _invalid("phone_code", _("The code has expired. Ask for a new one."))
    if not right:
        raise _invalid("phone_code", _("The code is not right. Check the digits in the SMS."))
    return check_id


ALREADY_BOOKED = _("You already have an appointment for this service. Cancel it first to book another time.")


def booking_create(
    *,
    slot_id: Any,
    service_code: str,
    passport_number: str,
    receipt: str = "",
    phone: str = "",
    channel: str = Channel.NONE,
    language: str = "ky",
    client: str = "",
    challenge: str = "",
    proof: str = "",
    form_nonce: str = "",
    phone_code: str = "",
) -> Booked:
    """A worker books a released place without an account: by receipt (the booking is then linked
    to the report's case, which the worker agrees to by giving it) or by phone. One active booking
    per passport per service; a full slot is a conflict, never an extra place."""
    nonce = _challenge(challenge, proof, form_nonce)
    passport = passport_normalise(passport_number or "")
    if passport is None:
        raise _invalid("passport_number", _("Type the passport number as it is printed: letters and digits."))
    normal_phone = phone_normalise(phone) if phone else None
    if phone and normal_phone is None:
        raise _invalid(
            "phone", _("Type the phone number with the country code, for example +7 900 123 45 67.")
        )
    if not receipt and not normal_phone:
        raise _invalid("phone", _("Give your receipt or your phone number."))
    if channel not in Channel.values:
        raise _invalid("channel", _("Choose from the list."))
    if channel == Channel.SMS and not normal_phone:
        raise _invalid("phone", _("A reminder by SMS needs your phone number."))
    if channel == Channel.TRACKING and not receipt:
        raise _invalid("receipt", _("A reminder on your report's page needs your receipt."))
    slot = _slot(slot_id, service_code)
    now = timezone.now()
    if slot.starts_at <= now:
        raise Conflict("slot_past", _("This time has passed. Choose another."))
    if slot.opens_at > now:
        raise Conflict("slot_not_released", _("This time is not open for booking yet."))
    case = None
    phone_check = None
    if not receipt and normal_phone and sms_configured():
        # Booking by phone alone: the person proves they hold the phone.
        if not phone_code:
            raise _invalid("phone_code", _("Type the code we sent to your phone by SMS."))
        phone_check = _phone_code_verify(normal_phone, phone_code)
    if receipt:
        try:
            case = intake.report_find(raw_receipt=receipt, client=client).case
        except NotFound as exc:
            raise _invalid("receipt", _("We could not open a report with this code.")) from exc
    digest = passport_digest(passport)
    if _already(digest, slot.service.code):
        raise Conflict("already_booked", ALREADY_BOOKED)
    phone_hash = phone_digest(normal_phone) if normal_phone else ""
    if phone_hash and (
        Booking.objects.filter(phone_digest=phone_hash, status__in=ACTIVE_STATUSES).count()
        >= settings.KORGOO_CONSULAR_PER_PHONE
    ):
        raise Conflict(
            "phone_limit", _("This phone number already has as many appointments as one person may hold.")
        )
    code = code_generate()
    try:
        with transaction.atomic():
            spent = phone_check is None or PhoneCheck.objects.filter(
                pk=phone_check, used_at__isnull=True
            ).update(used_at=timezone.now())
            if not spent:
                raise _invalid("phone_code", _("The code has expired. Ask for a new one."))
            if not _take_general(slot, released_only=True):
                raise Conflict(
                    "slot_full", _("Somebody has just taken the last place at this time. Choose another.")
                )
            booking = _insert(
                Booking(
                    mission=slot.mission,
                    service=slot.service,
                    slot=slot,
                    service_code=slot.service.code,
                    passport_digest=digest,
                    phone_digest=phone_hash,
                    case=case,
                    linked_by=LinkedBy.RECEIPT if case else LinkedBy.NONE,
                    channel=channel,
                    language=language if language in ("ky", "ru", "en") else "ky",
                    nonce_digest=nonce,
                ),
                normal_phone or "",
                code,
            )
            if case is not None:
                record_event(
                    case,
                    EventKind.CONSULAR_BOOKED,
                    data=_event_data(slot, slot.mission, booking.language),
                    worker_visible=True,
                )
            _schedule_reminder(booking, slot)
    except IntegrityError as exc:  # the partial unique index or the challenge, under a race
        if nonce and Booking.objects.filter(nonce_digest=nonce).exists():
            raise Conflict(
                "challenge_used", _("This challenge was already used. Ask for a new one.")
            ) from exc
        raise Conflict("already_booked", ALREADY_BOOKED) from exc
    return Booked(booking=booking, code=code)


def _by_code(raw_code: str, client: str) -> Booking:
    """The booking behind a code, or NotFound; wrong codes count against the client and a global
    budget, as receipts do, so codes cannot be guessed."""
    per_client = Budget(
        f"consular-fail:{client}", settings.KORGOO_CONSULAR_CODE_FAILURES_PER_CLIENT, LOOKUP_WINDOW
    )
    overall = Budget("consular-fail:global", settings.KORGOO_CONSULAR_CODE_FAILURES_GLOBAL, LOOKUP_WINDOW)
    for budget in (per_client, overall):
        if budget.exceeded():
            raise Throttled(budget.retry_after)
    code = code_normalise(raw_code or "")
    booking = selectors.booking_by_digest(code_digest=code_digest(code or "malformed:" + raw_code[:40]))
    if booking is None or code is None:
        for budget in (per_client, overall):
            budget.hit()
        raise NotFound()
    return booking


def client_write_check(client: str) -> None:
    """The per-client budget of bookings, cancellations and moves (KORGOO_CONSULAR_WRITES_PER_HOUR, 30),
    shared by the pages and the API (the same counter as `api.throttle.ConsularWriteThrottle`)."""
    window = Budget(f"consular-write:{client}", settings.KORGOO_CONSULAR_WRITES_PER_HOUR, 3600)
    if window.exceeded():
        raise Throttled(window.retry_after)
    window.hit()


def booking_find(*, code: str, client: str = "") -> Booking:
    """The appointment behind a code, for its holder to see and change (wrong codes are counted)."""
    return _by_code(code, client)


@transaction.atomic
def booking_cancel(*, code: str, client: str = "") -> Booking:
    """Whoever holds the code cancels the appointment (before it is checked in). The place goes
    back to the pool later, at a random moment (see `_give_back`)."""
    booking = _by_code(code, client)
    booking = (
        Booking.objects.select_for_update().select_related("slot", "mission__organisation").get(pk=booking.pk)
    )
    if booking.status != BookingStatus.BOOKED:
        raise Conflict("not_cancellable", _("This appointment can no longer be cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    _give_back(booking)
    if booking.case is not None:
        record_event(
            booking.case,
            EventKind.CONSULAR_CANCELLED,
            data=_event_data(booking.slot, booking.mission, booking.language),
            worker_visible=True,
        )
    return booking


@transaction.atomic
def booking_reschedule(*, code: str, slot_id: Any, client: str = "") -> Booking:
    """Move an appointment to another released time of the same service; the code stays, the person
    stays (no transfer). An emergency appointment is moved by the caseworker, not here."""
    booking = _by_code(code, client)
    booking = (
        Booking.objects.select_for_update().select_related("slot", "mission__organisation").get(pk=booking.pk)
    )
    if booking.status != BookingStatus.BOOKED:
        raise Conflict("not_cancellable", _("This appointment can no longer be changed."))
    if booking.kind == BookingKind.EMERGENCY:
        raise Conflict("emergency_booking", _("Ask your caseworker to change this appointment."))
    slot = _slot(slot_id, booking.service_code)
    if slot.mission_id != booking.mission_id or slot.pk == booking.slot_id:
        raise _invalid("slot", _("This time is not offered for this service. Choose another."))
    if slot.starts_at <= timezone.now() or not _take_general(slot, released_only=True):
        raise Conflict("slot_full", _("Somebody has just taken the last place at this time. Choose another."))
    _give_back(booking)
    booking.slot = slot
    booking.save(update_fields=["slot", "updated_at"])
    _schedule_reminder(booking, slot)
    if booking.case is not None:
        record_event(
            booking.case,
            EventKind.CONSULAR_BOOKED,
            data=_event_data(slot, booking.mission, booking.language, moved=True),
            worker_visible=True,
        )
    return booking


def booking_emergency_create(
    *, actor: Actor, case_id: Any, slot_id: Any, passport_number: str, channel: str = Channel.TRACKING
) -> Booked:
    """A caseworker of the organisation holding an urgent case (passport taken, trafficking,
    violence, imminent expulsion) books a place held back for emergencies, or any place, released or
    not: the case's worker does not wait for the general release. Recorded on the timeline and in the
    audit log; the code is shown once to the caseworker to pass on."""
    ensure_permission(actor, Perm.CASE_WORK)
    view = case_get_for(actor=actor, case_id=case_id)
    if not (view.is_holder and view.can_work):
        raise NotFound()
    case = view.case
    if not is_emergency_case(case):
        raise ApplicationError(
            "not_urgent",
            _("Emergency places are for urgent cases: a passport taken, trafficking, violence or expulsion."),
        )
    passport = passport_normalise(passport_number or "")
    if passport is None:
        raise _invalid("passport_number", _("Type the passport number as it is printed: letters and digits."))
    if channel not in (Channel.NONE, Channel.TRACKING):
        raise _invalid("channel", _("Choose from the list."))
    try:
        slot = Slot.objects.select_related("service", "mission__organisation").get(pk=parse_id(slot_id))
    except (Slot.DoesNotExist, NotFound) as exc:
        raise _invalid("slot", _("This time is not offered for this service. Choose another.")) from exc
    if slot.starts_at <= timezone.now():
        raise Conflict("slot_past", _("This time has passed. Choose another."))
    digest = passport_digest(passport)
    if _already(digest, slot.service.code):
        raise Conflict("already_booked", ALREADY_BOOKED)
    code = code_generate()
    try:
        with transaction.atomic():
            held_back = _take_emergency(slot)
            if not held_back and not _take_general(slot, released_only=False):
                raise Conflict(
                    "slot_full", _("Somebody has just taken the last place at this time. Choose another.")
                )
            booking = _insert(
                Booking(
                    mission=slot.mission,
                    service=slot.service,
                    slot=slot,
                    service_code=slot.service.code,
                    kind=BookingKind.EMERGENCY,
                    priority=held_back,  # also which pool the place came from, for giving it back
                    passport_digest=digest,
                    case=case,
                    linked_by=LinkedBy.CASEWORKER,
                    booked_by=actor.membership,
                    channel=channel,
                    language=case.language if case.language in ("ky", "ru", "en") else "ky",
                ),
                "",
                code,
            )
            record_event(
                case,
                EventKind.CONSULAR_BOOKED,
                actor=actor,
                data=_event_data(
                    slot, slot.mission, booking.language, emergency=True, booking=str(booking.pk)
                ),
                worker_visible=True,
            )
            audit_record(
                actor=actor,
                action="consular.emergency_booked",
                object_type="case",
                object_id=case.pk,
                details={"booking": str(booking.pk), "mission": str(slot.mission_id), "held_back": held_back},
            )
            _schedule_reminder(booking, slot)
    except IntegrityError as exc:
        raise Conflict("already_booked", ALREADY_BOOKED) from exc
    return Booked(booking=booking, code=code)
