"""Receipts: entropy, uniqueness, uniform digits, typo detection (SECURITY.md requirement 8 and
decision 1: 16 to 20 digits from the CSPRNG, the guessing budget doing the rest)."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from korgoo.core import receipts


def test_a_receipt_is_20_digits_of_which_19_random_from_the_csprng() -> None:
    # Decision 1: at least 53 bits (16 digits) and at most 20 digits a worker can keep.
    # 19 random digits: 19 × log2(10) = 63.1 bits.
    assert receipts.RANDOM_DIGITS * math.log2(10) == receipts.ENTROPY_BITS
    assert 63 < receipts.ENTROPY_BITS < 63.2
    code = receipts.generate()
    assert len(code) == 20 and code.isdigit()


def test_the_guessing_budget_keeps_a_year_of_attacks_hopeless() -> None:
    """Decision 1's figure: with the global failed-lookup budget of 1000 per 15 minutes and a
    million live receipts, one year of guessing opens any case with a chance of about 1 in 300,000."""
    guesses_per_year = 1000 * 4 * 24 * 365  # 35,040,000
    live = 1_000_000
    chance = guesses_per_year * live / 10**receipts.RANDOM_DIGITS  # 3.504e13 / 1e19
    assert 1 / chance > 280_000


def test_receipts_of_the_earlier_26_digit_format_keep_working() -> None:
    body = "1234567890123456789012345"
    old = body + receipts.damm_check_digit(body)
    assert len(old) == 26 and receipts.normalise(receipts.display(old)) == old


def test_100k_receipts_are_unique_and_digits_are_uniform() -> None:
    codes = [receipts.generate() for _ in range(100_000)]
    assert len(set(codes)) == len(codes)
    counts = Counter(ch for code in codes for ch in code[: receipts.RANDOM_DIGITS])
    total = sum(counts.values())
    expected = total / 10
    chi_square = sum((counts[str(d)] - expected) ** 2 / expected for d in range(10))
    # 9 degrees of freedom: the 0.999 quantile is 27.88; a biased generator lands far above it.
    assert chi_square < 27.88


def test_every_generated_receipt_passes_its_check_digit() -> None:
    for _ in range(1000):
        code = receipts.generate()
        assert receipts.normalise(code) == code


@given(st.integers(min_value=0, max_value=19), st.integers(min_value=1, max_value=9))
def test_any_single_wrong_digit_is_detected(position: int, delta: int) -> None:
    code = receipts.generate()
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert receipts.normalise(wrong) is None


@given(st.integers(min_value=0, max_value=18))
def test_any_swap_of_neighbouring_digits_is_detected(position: int) -> None:
    code = receipts.generate()
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert receipts.normalise(swapped) is None


def test_spaces_dashes_and_other_digit_scripts_are_accepted() -> None:
    code = receipts.generate()
    shown = receipts.display(code)
    assert shown.count(" ") == 4  # five groups of four
    assert receipts.normalise(shown) == code
    assert receipts.normalise("-".join(shown.split())) == code
    assert receipts.normalise(" " + ".".join(shown.split()) + "\n") == code
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in code)
    assert receipts.normalise(arabic_indic) == code
    full_width = "".join(chr(0xFF10 + int(c)) for c in code)
    assert receipts.normalise(full_width) == code


def test_malformed_input_is_not_a_receipt() -> None:
    assert receipts.normalise("") is None
    assert receipts.normalise("12345") is None
    assert receipts.normalise("a" * 26) is None
    assert receipts.normalise("1" * 21) is None  # neither length
