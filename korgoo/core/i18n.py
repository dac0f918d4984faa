"""Which translation of help content a reader gets.

Content is data (articles, places, services, cities): each has a translation table with one row per
language. A reader gets their own language; when it is missing, the next one in their chain, and the
page says so. A Kyrgyz reader falls back to Russian, which most read, then English; a Russian reader
to Kyrgyz, then English; an English reader to Russian, then Kyrgyz. The knowledge base, the directory
and the API share this one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

HELP_LANGUAGES = ("ky", "ru", "en")

_CHAINS = {
    "ky": ("ky", "ru", "en"),
    "ru": ("ru", "ky", "en"),
    "en": ("en", "ru", "ky"),
}

T = TypeVar("T")


def language_chain(language: str) -> tuple[str, ...]:
    """The languages to try, in order, for a reader of `language` (Kyrgyz for anything unknown)."""
    return _CHAINS.get((language or "")[:2], _CHAINS["ky"])


def normal_language(language: str | None) -> str:
    """One of ky, ru, en: the language given when it is one of them, otherwise Kyrgyz."""
    code = (language or "")[:2].lower()
    return code if code in _CHAINS else "ky"


@dataclass(frozen=True)
class Picked(Generic[T]):
    """The translation chosen for a reader: `value`, its `language`, and whether it is a fallback."""

    value: T
    language: str
    wanted: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.wanted


def pick(available: Mapping[str, T], language: str) -> Picked[T] | None:
    """The first translation of the reader's chain that exists, or None when there is none."""
    wanted = normal_language(language)
    for code in language_chain(wanted):
        if code in available:
            return Picked(value=available[code], language=code, wanted=wanted)
    return None


def by_language(rows: Iterable[T], attribute: str = "language") -> dict[str, T]:
    """Translation rows keyed by their language code."""
    return {str(getattr(row, attribute)): row for row in rows}
