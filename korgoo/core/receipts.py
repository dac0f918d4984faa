"""Receipt codes: digits only, 19 random digits (≈ 63 bits) plus a Damm check digit: 20 digits in
five groups of four (SECURITY.md, decision 1; ADR 0001).

Digits work on any keypad and in any script, can be read aloud or sent by SMS, and look like a phone
number. They are shown in groups of four. The check digit catches any single wrong digit and any swap of
two neighbouring digits, so a mistyped receipt is told apart from an unknown one before any lookup.
What protects a receipt is the online guessing budget (the global failed-lookup budget) with the
peppered digest, not length alone: a longer code was tried and workers could not keep it. Receipts of
the earlier format (25 random digits, 26 in all) keep working.
"""

from __future__ import annotations

import math
import secrets

RANDOM_DIGITS = 19
ENTROPY_BITS = RANDOM_DIGITS * math.log2(10)
# Lengths a receipt may have: today's 20 digits, and the 26 of receipts issued before.
LENGTHS = (RANDOM_DIGITS + 1, 26)

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> str:
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return str(interim)


def generate() -> str:
    """A new receipt, normalised (20 digits, no spaces), from the operating system's CSPRNG."""
    body = str(secrets.randbelow(10**RANDOM_DIGITS)).zfill(RANDOM_DIGITS)
    return body + damm_check_digit(body)


def normalise(raw: str) -> str | None:
    """Digits only, or None when the input cannot be a receipt (wrong length or check digit).

    Spaces, dashes and dots are ignored; Arabic-Indic, Devanagari, full-width and other Unicode
    decimal digits are read as 0–9.
    """
    digits = "".join(str(int(c)) for c in raw if c.isdecimal())
    if len(digits) not in LENGTHS or damm_check_digit(digits) != "0":
        return None
    return digits


def display(receipt: str) -> str:
    """Groups of four, e.g. '1234 5678 … 9'."""
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
