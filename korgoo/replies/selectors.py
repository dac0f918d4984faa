"""Reads of reply templates and of the glossary panel.

A member sees the templates of their own organisation: the shipped ones (`data/templates.json`) with
the organisation's own versions in their place, and the organisation's own additions. Nothing here
reads a case: the case page asks for the templates in the worker's language.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound

from .models import ReplyTemplate

DATA = Path(__file__).resolve().parent / "data"
TEMPLATES_FILE = DATA / "templates.json"
GLOSSARY_FILE = DATA / "glossary.csv"
LANGUAGES = ("ky", "ru", "en")
# A part the caseworker fills in before sending: [[date]], [[күнү]].
BLANK = re.compile(r"\[\[[^\[\]]{1,60}\]\]")


@dataclass(frozen=True)
class Reply:
    """A template as a member sees it: its texts by language and whether the organisation keeps it."""

    code: str
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # language → (title, body)
    position: int = 100
    is_active: bool = True
    own: bool = False

    def title(self, language: str) -> str:
        return self._text(language)[0]

    def body(self, language: str) -> str:
        return self._text(language)[1]

    def _text(self, language: str) -> tuple[str, str]:
        for code in (language, "ru", "ky", "en"):
            if code in self.texts:
                return self.texts[code]
        return ("", "")


@functools.cache
def shipped() -> tuple[Reply, ...]:
    """The network's templates, as the data file ships them."""
    data = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Reply(
            code=item["code"],
            texts={lang: (text["title"], text["body"]) for lang, text in item["texts"].items()},
            position=(number + 1) * 10,
        )
        for number, item in enumerate(data["templates"])
    )


def replies_for(*, actor: Actor, include_inactive: bool = False) -> list[Reply]:
    """The templates of the actor's organisation (shipped ones replaced by its own versions)."""
    if actor.organisation is None:
        return []
    # One query, the texts joined to their templates (a template without texts gives one row of
    # nulls): the case page asks for these on every visit.
    rows = (
        ReplyTemplate.objects.filter(organisation=actor.organisation)
        .order_by("pk")
        .values_list("code", "position", "is_active", "texts__language", "texts__title", "texts__body")
    )
    own: dict[str, Reply] = {}
    for code, position, is_active, language, title, body in rows:
        reply = own.setdefault(code, Reply(code=code, position=position, is_active=is_active, own=True))
        if language is not None:
            reply.texts[language] = (title, body)
    merged = {r.code: r for r in shipped()} | own
    chosen = [r for r in merged.values() if include_inactive or r.is_active]
    return sorted(chosen, key=lambda r: (r.position, r.code))


def reply_get(*, actor: Actor, code: str) -> Reply:
    for reply in replies_for(actor=actor, include_inactive=True):
        if reply.code == code:
            return reply
    raise NotFound()


def blanks(text: str) -> list[str]:
    """The parts of a reply still to fill in."""
    return BLANK.findall(text)


@dataclass(frozen=True)
class Term:
    en: str
    ru: str
    ky: str


@functools.cache
def glossary_terms() -> tuple[Term, ...]:
    """The key terms of the glossary (docs/glossary.md) in English, Russian and Kyrgyz, for the panel
    on the case page: the words a caseworker needs to answer a worker in the worker's language."""
    with GLOSSARY_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(Term(row["en"], row["ru"], row["ky"]) for row in csv.DictReader(handle))


@dataclass(frozen=True)
class Panel:
    """What the case page offers beside the message form: the templates (titled in the page's
    language), the one chosen in the worker's language with the same text in the page's language to
    read along, and the key terms of the glossary."""

    options: list[tuple[str, str]]
    chosen: str
    body: str
    body_language: str
    meaning: str
    terms: tuple[Term, ...]


def case_panel(*, actor: Actor, worker_language: str, page_language: str, chosen: str = "") -> Panel:
    replies = replies_for(actor=actor)
    picked = next((r for r in replies if r.code == chosen), None)
    language = worker_language if worker_language in LANGUAGES else "ru"
    body = picked.body(language) if picked else ""
    if picked is not None and language not in picked.texts:
        language = next(code for code in (language, "ru", "ky", "en") if code in picked.texts)
    meaning = picked.body(page_language) if picked and page_language[:2] != language else ""
    return Panel(
        options=[(r.code, r.title(page_language)) for r in replies if worker_language in r.texts],
        chosen=picked.code if picked else "",
        body=body,
        body_language=language,
        meaning=meaning,
        terms=glossary_terms(),
    )
