"""Booking codes, passport numbers and phone numbers: how they are written, normalised and kept
(keyed digests; the phone sealed under the mission's key), and how a slot's time is said."""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.utils import formats

from korgoo.core import crypto, unsealing

from .. import selectors
from ..models import (
    Booking,
    Mission,
    Slot,
)

# Cases a caseworker may give a place held back for emergencies: besides a case marked urgent, a
# passport taken, forced work or trafficking, violence, and detention or expulsion.


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
