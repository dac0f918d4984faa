"""Receipts: entropy, uniqueness, uniform digits, typo detection (SECURITY.md requirement 8)."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from korgoo.core import receipts


def test_receipt_has_at_least_80_bits_from_the_csprng() -> None:
    assert receipts.RANDOM_DIGITS * math.log2(10) >= 80
    assert receipts.ENTROPY_BITS >= 80
    code = receipts.generate()
    assert len(code) == receipts.RANDOM_DIGITS + 1 and code.isdigit()


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


@given(st.integers(min_value=0, max_value=25), st.integers(min_value=1, max_value=9))
def test_any_single_wrong_digit_is_detected(position: int, delta: int) -> None:
    code = receipts.generate()
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert receipts.normalise(wrong) is None


@given(st.integers(min_value=0, max_value=24))
def test_any_swap_of_neighbouring_digits_is_detected(position: int) -> None:
    code = receipts.generate()
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert receipts.normalise(swapped) is None


def test_spaces_dashes_and_other_digit_scripts_are_accepted() -> None:
    code = receipts.generate()
    shown = receipts.display(code)
    assert shown.count(" ") == 6
    assert receipts.normalise(shown) == code
    assert receipts.normalise("-".join(shown.split())) == code
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in code)
    assert receipts.normalise(arabic_indic) == code


def test_malformed_input_is_not_a_receipt() -> None:
    assert receipts.normalise("") is None
    assert receipts.normalise("12345") is None
    assert receipts.normalise("a" * 26) is None
