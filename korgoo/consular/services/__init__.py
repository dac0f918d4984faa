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

from .booking import (
    ALREADY_BOOKED,
    EMERGENCY_CATEGORIES,
    LOOKUP_WINDOW,
    NO_SHOW_AFTER,
    PHONE_CODE_MINUTES,
    PHONE_CODE_TRIES,
    PHONE_CODES_PER_HOUR,
    Booked,
    booking_cancel,
    booking_create,
    booking_emergency_create,
    booking_find,
    booking_reschedule,
    challenge_issue,
    challenge_needed,
    client_write_check,
    is_emergency_case,
    phone_code_send,
    sms_configured,
)
from .codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LOOKALIKES,
    booking_phone,
    code_digest,
    code_display,
    code_generate,
    code_normalise,
    passport_digest,
    passport_normalise,
    phone_digest,
    phone_normalise,
    when_text,
)
from .hall import (
    booking_check_in,
    bookings_forget,
    bookings_mark_no_shows,
    ticket_call_next,
    ticket_finish,
    ticket_walk_in,
)
from .missions import (
    PlanSpec,
    ServiceSpec,
    closed_days,
    mission_publish,
    slots_generate,
)

__all__ = [
    "ALREADY_BOOKED",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "EMERGENCY_CATEGORIES",
    "LOOKALIKES",
    "LOOKUP_WINDOW",
    "NO_SHOW_AFTER",
    "PHONE_CODES_PER_HOUR",
    "PHONE_CODE_MINUTES",
    "PHONE_CODE_TRIES",
    "Booked",
    "PlanSpec",
    "ServiceSpec",
    "booking_cancel",
    "booking_check_in",
    "booking_create",
    "booking_emergency_create",
    "booking_find",
    "booking_phone",
    "booking_reschedule",
    "bookings_forget",
    "bookings_mark_no_shows",
    "challenge_issue",
    "challenge_needed",
    "client_write_check",
    "closed_days",
    "code_digest",
    "code_display",
    "code_generate",
    "code_normalise",
    "is_emergency_case",
    "mission_publish",
    "passport_digest",
    "passport_normalise",
    "phone_code_send",
    "phone_digest",
    "phone_normalise",
    "slots_generate",
    "sms_configured",
    "ticket_call_next",
    "ticket_finish",
    "ticket_walk_in",
    "when_text",
]
