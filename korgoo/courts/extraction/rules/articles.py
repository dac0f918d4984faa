"""The articles of the codes a decision applies."""

from __future__ import annotations

import re
from typing import Any

from .base import Fact, Sentences

# --- Articles ----------------------------------------------------------------------------------------

_CODES = (
    (
        "KoAP_KZ",
        r"КоАП\s*(?:РК|Республики\s+Казахстан)|Кодекса?\s+(?:Республики\s+Казахстан|РК)\s+об\s+"
        r"административных\s+правонарушениях|Кодекса?\s+об\s+административных\s+правонарушениях\s+"
        r"(?:Республики\s+Казахстан|РК)",
    ),
    (
        "KoAP_RU",
        r"КоАП\s*(?:РФ|Российской\s+Федерации)|Кодекса?\s+(?:Российской\s+Федерации|РФ)\s+об\s+"
        r"административных\s+правонарушениях",
    ),
    ("UK_RU", r"УК\s*РФ|Уголовного\s+кодекса\s+(?:Российской\s+Федерации|РФ)"),
    ("TK_RU", r"ТК\s*РФ|Трудового\s+кодекса\s+(?:Российской\s+Федерации|РФ)"),
)
_CODE_GROUPS = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _CODES)
_ARTICLE_REF = re.compile(
    r"(?:ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*,?\s*)?"
    r"(?:ст(?:ать[а-я]*|\.)\s*(?:ст\.\s*)?)"
    r"(?P<list>\d{1,3}(?:\.\d{1,2})*(?:\s*(?:,|и)\s*\d{1,3}(?:\.\d{1,2})*)*)\s*"
    r"(?:" + _CODE_GROUPS + ")"
)


# «ст. 517 ч. 3 КоАП РК»: the article before its part, as Kazakh courts often write it.
_ARTICLE_REVERSED = re.compile(
    r"ст(?:ать[а-я]*|\.)\s*(?P<list>\d{1,3}(?:\.\d{1,2})*)\s*,?\s*ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*"
    r"(?:" + _CODE_GROUPS.replace("?P<", "?P<r_") + ")"
)
# «ч. 2 ст. 322, ч. 3 ст. 327 УК РФ»: references before the one that names the code share its code.
_ARTICLE_BEFORE = re.compile(
    r"(?:ч(?:аст[а-я]*|\.)\s*(?P<part>\d{1,2}(?:\.\d{1,2})?)\s*)?ст(?:ать[а-я]*|\.)\s*"
    r"(?P<number>\d{1,3}(?:\.\d{1,2})*)\s*,\s*$"
)


def _substantive(code: str, article: str) -> bool:
    """Only the articles that charge or ground a claim: the special part of the codes, not their
    general or procedural provisions (КоАП РФ chapters 5–21; УК РФ articles 105–361; КоАП РК
    articles 73–683; the whole ТК РФ, which a wage claim relies on)."""
    head = int(article.split(".")[0])
    if code == "KoAP_RU":
        return 5 <= head <= 21
    if code == "UK_RU":
        return 105 <= head <= 361
    if code == "KoAP_KZ":
        return 73 <= head <= 683
    return True


def _articles_in(text: str, offset: int = 0) -> list[tuple[int, dict[str, Any]]]:
    found: list[tuple[int, dict[str, Any]]] = []
    for match in _ARTICLE_REF.finditer(text):
        code = next(name for name, _ in _CODES if match.group(name))
        before: list[tuple[int, dict[str, Any]]] = []
        start = match.start()
        while chained := _ARTICLE_BEFORE.search(text, max(0, start - 40), start):
            before.insert(
                0,
                (
                    chained.start(),
                    {"code": code, "article": chained.group("number"), "part": chained.group("part")},
                ),
            )
            start = chained.start()
        found.extend(
            (offset + at, article) for at, article in before if _substantive(code, article["article"])
        )
        numbers = re.split(r"\s*(?:,|и)\s*", match.group("list"))
        for index, number in enumerate(numbers):
            if not _substantive(code, number):
                continue
            part = match.group("part") if index == 0 else None
            found.append((offset + match.start(), {"code": code, "article": number, "part": part}))
    for match in _ARTICLE_REVERSED.finditer(text):
        code = next(name for name, _ in _CODES if match.group(f"r_{name}"))
        number = match.group("list")
        if _substantive(code, number):
            found.append(
                (offset + match.start(), {"code": code, "article": number, "part": match.group("part")})
            )
    found.sort(key=lambda item: item[0])
    return found


def parse_articles(text: str) -> list[dict[str, Any]]:
    """Articles as a reviewer types them («ч. 2 ст. 322, ч. 3 ст. 327 УК РФ»), read by the same rules
    as a decision."""
    found: list[dict[str, Any]] = []
    for _position, article in _articles_in(text):
        if article not in found:
            found.append(article)
    return found


def find_articles(text: str, sentences: Sentences, operative: int | None, proceeding: str) -> Fact:
    found: list[tuple[int, dict[str, Any]]] = []
    if operative is not None and proceeding != "civil":
        found = _articles_in(text[operative:], operative)
    confidence = 0.95
    if not found:
        found = _articles_in(text)
        confidence = 0.9 if proceeding == "civil" else 0.75
    with_part = {(a["code"], a["article"]) for _, a in found if a["part"]}
    articles: list[dict[str, Any]] = []
    positions: list[int] = []
    for position, article in found:
        if article["part"] is None and (article["code"], article["article"]) in with_part:
            continue
        if article not in articles:
            articles.append(article)
            positions.append(position)
    if not articles:
        return Fact([], "", 0.5)
    return Fact(articles, sentences.at(positions[0]), confidence)
