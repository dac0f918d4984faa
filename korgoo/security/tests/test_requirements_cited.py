"""Every requirement of SECURITY.md is held by a test that names it.

Tests name the requirements they hold in their docstrings as `SECURITY.md 23` or `SECURITY.md
requirements 15-19, 21`; code names the requirement it carries out the same way. This test reads
them all: a requirement no test names, or one that code names and no test does, fails the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# SECURITY.md's table "Requirements (36)".
REQUIREMENTS = set(range(1, 37))
_NUMBER = r"\d+(?:\s*[-–]\s*\d+)?"
CITATION = re.compile(rf"SECURITY\.md,?\s+(?:requirements?\s+)?({_NUMBER}(?:(?:,\s*|\s+and\s+){_NUMBER})*)")


def cited(text: str) -> set[int]:
    """The requirement numbers a text names after `SECURITY.md` (a range `15-19` names each)."""
    numbers: set[int] = set()
    for group in CITATION.findall(text):
        for part in re.split(r",\s*|\s+and\s+", group):
            bounds = [int(n) for n in re.findall(r"\d+", part)]
            numbers.update(range(bounds[0], bounds[-1] + 1))
    return numbers


def _files(tests: bool) -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if ("tests" in path.parts) == tests and ".venv" not in path.parts
    ]


def test_citations_are_read_as_written() -> None:
    assert cited("(SECURITY.md requirements 15-19).") == {15, 16, 17, 18, 19}
    assert cited("SECURITY.md 10, 18) and") == {10, 18}
    assert cited("(SECURITY.md requirements 28 and 30, ADR 0015)") == {28, 30}
    assert cited("SECURITY.md, requirement 14") == {14}
    assert cited("SECURITY.md 23, 36;\nhardening finding 1") == {23, 36}
    assert cited("SECURITY.md lists") == set()


def test_every_requirement_is_held_by_a_test_that_names_it() -> None:
    by_tests = set().union(*(cited(path.read_text(encoding="utf-8")) for path in _files(tests=True)))
    by_code = set().union(*(cited(path.read_text(encoding="utf-8")) for path in _files(tests=False)))
    assert REQUIREMENTS - by_tests == set(), "requirements no test names"
    assert by_code - by_tests == set(), "requirements the code names and no test does"
    assert by_code | by_tests <= REQUIREMENTS, "a citation of a requirement SECURITY.md does not have"
