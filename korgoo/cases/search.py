"""Blind search tokens: caseworkers search sealed content by keyed hashes of its words.

A word is case-folded, and both the whole word and its first five letters are indexed, so that a
search for "зарплата" also finds "зарплату" and "зарплаты". The tokens are HMACs under a key derived
from the root key; without it they reveal nothing but repetition.
"""

from __future__ import annotations

import re

from korgoo.core import crypto

_WORD = re.compile(r"\w+", re.UNICODE)
PREFIX = 5


def _token(word: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("case-search"), word)[:16]


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if len(w) >= 3 and not w.isdigit()]


def tokens_for_text(text: str) -> set[str]:
    found: set[str] = set()
    for word in words(text):
        found.add(_token(word))
        if len(word) > PREFIX:
            found.add(_token(word[:PREFIX]))
    return found


def tokens_for_query(query: str) -> list[str]:
    """One token per query word: its prefix when it is long, so word endings do not matter."""
    return sorted({_token(w[:PREFIX] if len(w) > PREFIX else w) for w in words(query)})
