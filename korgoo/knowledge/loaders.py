"""Reading the content files of the knowledge base (`content/articles/<slug>/`), checked, nothing
written. The format is documented in `content/README.md`; every problem names its file and line."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from korgoo.core.loading import DataFileProblems, Problem

from . import markdown
from .choices import PRE_DEPARTURE_SLUG, ArticleCountry, Tool, Topic

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "articles"
LANGUAGES = ("ky", "ru", "en")
CHECKLIST_HEADING = {"en": "Checklist", "ru": "Чек-лист", "ky": "Тизме"}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_KYRGYZ = re.compile("[ұқғіәҰҚҒІӘѳѲ]")


@dataclass
class SourceEntry:
    title: str
    url: str
    confirmed: bool


@dataclass
class TextEntry:
    language: str
    title: str
    summary: str
    body: str
    digest: str


@dataclass
class ArticleEntry:
    slug: str
    country: str
    topic: str
    order: int
    checked_on: dt.date
    sources: list[SourceEntry]
    digest: str = ""
    tools: list[str] = field(default_factory=list)
    texts: dict[str, TextEntry] = field(default_factory=dict)


def split_text(text: str) -> tuple[str, str, str, list[tuple[int, str]]]:
    """(title, summary, body, problems) of a text file: `# Title`, an empty line, a one-paragraph
    summary, an empty line, then the body."""
    problems: list[tuple[int, str]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not lines[0].startswith("# "):
        problems.append((1, "the first line must be the title, written «# Title»"))
        return "", "", text, problems
    title = lines[0][2:].strip()
    index = 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    summary_lines = []
    summary_start = index + 1
    while index < len(lines) and lines[index].strip():
        summary_lines.append(lines[index].strip())
        index += 1
    summary = " ".join(summary_lines)
    if not summary:
        problems.append((summary_start, "a summary paragraph must follow the title"))
    elif summary.startswith(("#", "-", ">", "1.")):
        problems.append((summary_start, "the summary must be a plain paragraph"))
    body_start = index
    body = "\n".join(lines[index:]).strip("\n")
    for number, message in markdown.problems(body, ""):
        problems.append((body_start + number, message))
    return title, summary, body, problems


def _shape(body: str) -> tuple[int, ...]:
    kinds = [(block.kind, len(block.lines)) for block in markdown.blocks(body)]
    return (
        sum(1 for k, _n in kinds if k in ("h2", "h3")),
        sum(n for k, n in kinds if k in ("ul", "ol", "checklist")),
        sum(1 for k, _n in kinds if k == "tbc"),
    )


def read_article(folder: Path, problems: list[Problem], warnings: list[Problem]) -> ArticleEntry | None:
    slug = folder.name
    meta_path = folder / "meta.toml"
    where = f"{slug}/meta.toml"
    before = len(problems)
    try:
        meta_text = meta_path.read_text(encoding="utf-8")
        meta = tomllib.loads(meta_text)
    except FileNotFoundError:
        problems.append(Problem(where, 0, "the file does not exist"))
        return None
    except tomllib.TOMLDecodeError as error:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(error))) else 0
        problems.append(Problem(where, line, f"not valid TOML: {error}"))
        return None
    if not _SLUG.match(slug):
        problems.append(Problem(slug, 0, "the folder name must be lower-case letters, digits and hyphens"))
    if meta.get("slug") != slug:
        problems.append(
            Problem(where, 0, f"slug must be {slug!r} (the folder name), not {meta.get('slug')!r}")
        )
    country = str(meta.get("country", ""))
    if country not in ArticleCountry.values:
        problems.append(Problem(where, 0, f"country must be one of {', '.join(ArticleCountry.values)}"))
    topic = str(meta.get("topic", ""))
    if topic not in Topic.values:
        problems.append(Problem(where, 0, f"unknown topic {topic!r}; see content/README.md"))
    order = meta.get("order")
    if not isinstance(order, int) or order < 0:
        problems.append(Problem(where, 0, "order must be a whole number"))
    checked = meta.get("checked_on")
    checked_on: dt.date | None = None
    if isinstance(checked, dt.date):
        checked_on = checked
    else:
        try:
            checked_on = dt.date.fromisoformat(str(checked))
        except ValueError:
            problems.append(Problem(where, 0, "checked_on must be a date written YYYY-MM-DD"))
    sources = []
    for number, source in enumerate(meta.get("sources", []), start=1):
        title = str(source.get("title", "")).strip()
        url = str(source.get("url", "")).strip()
        if not title:
            problems.append(Problem(where, 0, f"source {number} has no title"))
        if url:
            try:
                URLValidator(schemes=["https", "http"])(url)
            except ValidationError:
                problems.append(Problem(where, 0, f"source {number}: {url!r} is not a web address"))
        if not isinstance(source.get("confirmed"), bool):
            problems.append(Problem(where, 0, f"source {number}: confirmed must be true or false"))
        sources.append(SourceEntry(title=title, url=url, confirmed=bool(source.get("confirmed"))))
    tools = meta.get("tools", [])
    if not isinstance(tools, list) or not all(isinstance(tool, str) for tool in tools):
        problems.append(Problem(where, 0, 'tools must be a list of names, for example ["deadlines"]'))
        tools = []
    for tool in tools:
        if tool not in Tool.values:
            problems.append(Problem(where, 0, f"unknown tool {tool!r}; one of {', '.join(Tool.values)}"))
    if len(set(tools)) != len(tools):
        problems.append(Problem(where, 0, "a tool is listed twice"))
    entry = ArticleEntry(
        slug=slug,
        tools=[str(tool) for tool in tools],
        country=country,
        topic=topic,
        order=order if isinstance(order, int) else 0,
        checked_on=checked_on or dt.date.min,
        sources=sources,
        digest=hashlib.sha256(meta_text.encode()).hexdigest(),
    )
    for language in LANGUAGES:
        path = folder / f"{language}.md"
        name = f"{slug}/{language}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(name, 0, "missing: every article has all three languages"))
            continue
        title, summary, body, found = split_text(text)
        for line, message in found:
            problems.append(Problem(name, line, message))
        prefix = markdown.TBC_PREFIX[language]
        for offset, raw in enumerate(text.split("\n"), start=1):
            if raw.startswith(">") and not raw[1:].strip().startswith(prefix):
                problems.append(Problem(name, offset, f"a «to be confirmed» line starts with «> {prefix}»"))
            if language == "ky" and (bad := _NOT_KYRGYZ.search(raw)):
                problems.append(Problem(name, offset, f"{bad.group()!r} is not a Kyrgyz letter"))
        if slug == PRE_DEPARTURE_SLUG and body:
            last = [b for b in markdown.blocks(body)][-2:]
            heading = CHECKLIST_HEADING[language]
            if len(last) < 2 or last[0].lines != [heading] or last[1].kind != "checklist":
                problems.append(Problem(name, 0, f"the guide must end with «## {heading}» and its checklist"))
        entry.texts[language] = TextEntry(
            language=language,
            title=title,
            summary=summary,
            body=body,
            digest=hashlib.sha256(text.encode()).hexdigest(),
        )
    shapes = {language: _shape(t.body) for language, t in entry.texts.items()}
    if len(set(shapes.values())) > 1:
        described = "; ".join(
            f"{lang}: {h} headings, {i} list items, {c} to-confirm" for lang, (h, i, c) in shapes.items()
        )
        warnings.append(Problem(slug, 0, f"the languages are not parallel ({described})"))
    return entry if len(problems) == before else None


def read_content(folder: Path = CONTENT_DIR) -> tuple[list[ArticleEntry], list[Problem]]:
    """Every article under `folder`, and warnings; raise DataFileProblems listing every problem."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not folder.is_dir():
        raise DataFileProblems([Problem(str(folder), 0, "the folder does not exist")])
    entries = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        entry = read_article(sub, problems, warnings)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise DataFileProblems(problems)
    return entries, warnings
