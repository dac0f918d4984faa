"""Writes of the consular reception: slots from working plans, bookings, and the hall.

Anti-reseller rules (docs/consular.md): a place is taken by one conditional UPDATE of the slot's
counter, so two people never get the last place, on SQLite or PostgreSQL; one active booking per
person (passport) per service, everywhere, held by a partial unique index; the passport number exists
only as a keyed hash, checked at the door against the one typed at booking; a booking cannot be moved
to another person (the code opens it, the passport must match); a place given up returns to the pool
at a random moment, so a seller cannot hand it to a buyer who stands ready; and when load is high
every booking must carry a solved proof-of-work challenge (the intake's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

import holidays as holiday_calendars
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.cases.choices import Category, EventKind
from korgoo.cases.models import Case
from korgoo.cases.selectors import case_get_for
from korgoo.cases.services import record_event
from korgoo.core import crypto, unsealing
from korgoo.core.actor import Actor
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.core.errors import ApplicationError, Conflict, NotFound, Throttled
from korgoo.core.ids import parse_id
from korgoo.core.outbox import outbox_add
from korgoo.core.throttle import Window as Budget
from korgoo.intake import services as intake
from korgoo.organisations.permissions import Perm, ensure_permission

from . import selectors
from .choices import (
    ACTIVE_STATUSES,
    TICKET_LETTERS,
    BookingKind,
    BookingStatus,
    Channel,
    LinkedBy,
    TicketKind,
    TicketStatus,
)
from .models import (
    Booking,
    CapacityReturn,
    Closure,
    ConsularService,
    Mission,
    PhoneCheck,
    ServiceText,
    Slot,
    Ticket,
    TicketCounter,
    Window,
    WorkingPlan,
)

# Cases a caseworker may give a place held back for emergencies: besides a case marked urgent, a
# passport taken, forced work or trafficking, violence, and detention or expulsion.
EMERGENCY_CATEGORIES = frozenset(
    {Category.DOCUMENTS_TAKEN, Category.FORCED_WORK, Category.VIOLENCE, Category.POLICE}
)
# A booked person who has not come this long after their slot ended did not come.
NO_SHOW_AFTER = dt.timedelta(minutes=30)
LOOKUP_FAILURES_PER_CLIENT = 20
LOOKUP_FAILURES_GLOBAL = 2000
LOOKUP_WINDOW = 15 * 60

# --- Codes, passports and phones ------------------------------------------------------------------

# Capitals and digits that cannot be mistaken for one another (no 0/O, 1/I, 2/Z, 5/S, 8/B, 6/G).
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"
CODE_LENGTH = 8
# Cyrillic letters that look like Latin ones, as people type them on a Russian or Kyrgyz keyboard.
LOOKALIKES = str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY")


def code_generate() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_normalise(raw: str) -> str | None:
    text = unicodedata.normalize("NFKC", raw[:40]).upper().translate(LOOKALIKES)
    code = re.sub(r"[^A-Z0-9]", "", text)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def code_digest(code: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("consular-code"), code)


def passport_normalise(raw: str) -> str | None:
    """A passport number as letters and digits only, Latin capitals: «ас 1234567» is AC1234567."""
    text = unicodedata.normalize("NFKC", raw[:40]).upper().translate(LOOKALIKES)
    number = re.sub(r"[\s\-./№]", "", text)
    return number if re.fullmatch(r"[A-Z0-9]{6,12}", number) else None


def passport_digest(number: str) -> str:
    """The keyed hash (under the pepper) by which a passport number is known: never the number."""
    return crypto.keyed_digest(crypto.purpose_key("consular-passport"), number)


def phone_normalise(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw[:40])
    return "+" + digits if 10 <= len(digits) <= 15 else None


def phone_digest(phone: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("consular-phone"), phone)


def _key_ref(mission: Mission) -> str:
    return f"consular:{mission.organisation_id}"


def booking_phone(booking: Booking) -> str:
    """The phone a reminder goes to, opened from its seal (only the reminder handler asks)."""
    if not booking.sealed_contact:
        return ""
    key = crypto.unwrap_key(bytes(booking.wrapped_key), _key_ref(booking.mission))
    return unsealing.unseal_text(key, bytes(booking.sealed_contact), f"booking:{booking.pk}:contact".encode())


def when_text(slot: Slot, mission: Mission) -> str:
    """The slot's local date and time as the active language writes them."""
    local = slot.starts_at.astimezone(selectors.local_zone(mission))
    return f"{formats.date_format(local.date(), 'SHORT_DATE_FORMAT')} {local:%H:%M}"


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
    per_client = Budget(f"consular-fail:{client}", LOOKUP_FAILURES_PER_CLIENT, LOOKUP_WINDOW)
    overall = Budget("consular-fail:global", LOOKUP_FAILURES_GLOBAL, LOOKUP_WINDOW)
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
    limit = int(getattr(settings, "KORGOO_CONSULAR_WRITES_PER_HOUR", 30))
    window = Budget(f"consular-write:{client}", limit, 3600)
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
