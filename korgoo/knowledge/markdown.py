"""The knowledge base's Markdown: a small, strict subset, rendered with everything escaped.

Articles use only what `content/README.md` allows: `##`/`###` headings, paragraphs, bullet lists,
numbered lists, checklist items (`- [ ] …`), **bold**, *italic*, and "to be confirmed" lines
(`> ⚠️ …`). There is no HTML, no link and no image: any such text is shown as the characters typed.

`render` is the only function that produces markup, and it builds every piece with `format_html`
from escaped parts, so no input can add a tag or an attribute. `problems` tells an editor which lines
fall outside the subset.

A "to be confirmed" line is an editor's flag. Editors see it as written (the editor's preview);
readers see the fact followed by a calm note in the page's language: this may have changed, check
with the consulate or a lawyer, with a link to the directory of help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The start of a "to be confirmed" line in each language of the knowledge base.
TBC_PREFIX = {
    "en": "⚠️ To be confirmed:",
    "ru": "⚠️ Требует проверки:",
    "ky": "⚠️ Тактоо керек:",
}

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_CHECK = re.compile(r"^[-*]\s+\[( |x|X)\]\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^>\s?(.*)$")
_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?!\w)|(?<!\w)_(?P<em2>[^_\s][^_]*?)_(?!\w)"
)


@dataclass
class Block:
    kind: str  # h2 h3 p ul ol checklist tbc quote
    lines: list[str] = field(default_factory=list)
    start: int = 1
    line: int = 0  # line number in the source, for editors


def blocks(text: str) -> Iterator[Block]:
    """The blocks of a text, in order."""
    current: Block | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            if current is not None:
                yield current
                current = None
            continue
        heading = _HEADING.match(line)
        check = _CHECK.match(line)
        bullet = _BULLET.match(line) if not check else None
        numbered = _NUMBER.match(line)
        quote = _QUOTE.match(line)
        if heading:
            if current is not None:
                yield current
                current = None
            level = len(heading.group(1))
            yield Block(kind="h3" if level >= 3 else "h2", lines=[heading.group(2).strip()], line=number)
            continue
        if quote:
            content = quote.group(1).strip()
            kind = "tbc" if content.startswith("⚠️") else "quote"
            if current is not None:
                yield current
            current = None
            yield Block(kind=kind, lines=[content], line=number)
            continue
        item_kind, item_text = None, ""
        if check:
            item_kind, item_text = "checklist", check.group(2)
        elif bullet:
            item_kind, item_text = "ul", bullet.group(1)
        elif numbered:
            item_kind, item_text = "ol", numbered.group(2)
        if item_kind:
            if current is None or current.kind != item_kind:
                if current is not None:
                    yield current
                current = Block(kind=item_kind, line=number)
                if numbered:
                    current.start = int(numbered.group(1))
            current.lines.append(item_text.strip())
            continue
        if current is not None and current.kind in ("ul", "ol", "checklist"):
            # A line that continues the previous list item.
            current.lines[-1] = f"{current.lines[-1]} {line}"
            continue
        if current is None:
            current = Block(kind="p", line=number)
        current.lines.append(line)
    if current is not None:
        yield current


def _inline(text: str) -> SafeString:
    """Escaped text with **bold** and *italic*; nothing else becomes markup."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            parts.append(("{}", text[position : match.start()]))
        if match.group("bold") is not None:
            parts.append(("<strong>{}</strong>", match.group("bold")))
        else:
            parts.append(("<em>{}</em>", match.group("em") or match.group("em2") or ""))
        position = match.end()
    if position < len(text):
        parts.append(("{}", text[position:]))
    return format_html_join("", "{}", ((format_html(template, piece),) for template, piece in parts))


def _flag_parts(text: str) -> tuple[str, str]:
    """(the localized opening of a "to be confirmed" line, the fact that follows it)."""
    for prefix in TBC_PREFIX.values():
        if text.startswith(prefix):
            return prefix, text[len(prefix) :].strip()
    return "", text.removeprefix("⚠️").strip()


def _tbc(text: str) -> SafeString:
    """A "to be confirmed" line as editors wrote it: its localized opening in bold, then the fact."""
    prefix, fact = _flag_parts(text)
    if prefix:
        return format_html('<p class="tbc" role="note"><strong>{}</strong> {}</p>', prefix, _inline(fact))
    return format_html('<p class="tbc" role="note">{}</p>', _inline(text))


def _check_note(text: str) -> SafeString:
    """A "to be confirmed" line as readers see it: the fact, then whom to ask before acting on it,
    in the page's language (the fact may be in another one when the article is a fallback)."""
    _prefix, fact = _flag_parts(text)
    return format_html(
        '<aside class="note check" role="note" data-testid="check-note"><p>{}</p>'
        '<p lang="{}">{} <a href="{}">{}</a></p></aside>',
        _inline(fact),
        get_language(),
        _(
            "This may have changed. Before you act on it, check with the Kyrgyz embassy or consulate, "
            "or with a lawyer."
        ),
        reverse("directory:list"),
        _("Find them in the directory of help."),
    )


def render(text: str, *, first_heading: str = "h2", for_editors: bool = False) -> SafeString:
    """The HTML of an article body. Every character of `text` is escaped; the only markup is the
    fixed set of tags written here. "To be confirmed" lines become notes for readers, or stay the
    editor's flags when `for_editors` (the editor's preview)."""
    html: list[SafeString] = []
    for block in blocks(text):
        if block.kind in ("h2", "h3"):
            html.append(format_html("<{}>{}</{}>", block.kind, _inline(block.lines[0]), block.kind))
        elif block.kind == "p":
            html.append(format_html("<p>{}</p>", _inline(" ".join(block.lines))))
        elif block.kind == "ul":
            items = format_html_join("", "<li>{}</li>", ((_inline(item),) for item in block.lines))
            html.append(format_html("<ul>{}</ul>", items))
        elif block.kind == "ol":
            items = format_html_join("", "<li>{}</li>", ((_inline(item),) for item in block.lines))
            if block.start != 1:
                html.append(format_html('<ol start="{}">{}</ol>', block.start, items))
            else:
                html.append(format_html("<ol>{}</ol>", items))
        elif block.kind == "checklist":
            items = format_html_join(
                "",
                '<li><label><input type="checkbox" autocomplete="off"> <span>{}</span></label></li>',
                ((_inline(item),) for item in block.lines),
            )
            html.append(format_html('<ul class="checklist" data-testid="checklist">{}</ul>', items))
        elif block.kind == "tbc":
            html.append(_tbc(block.lines[0]) if for_editors else _check_note(block.lines[0]))
        else:  # a quote that is not a "to be confirmed" line: shown as a plain paragraph
            html.append(format_html("<p>{}</p>", _inline(block.lines[0])))
    return format_html_join("\n", "{}", ((piece,) for piece in html))


_HTML_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z!]|\]\(|!\[|^\s*\|.*\|\s*$|^\s{4,}\S|^```")


def problems(text: str, language: str) -> list[tuple[int, str]]:
    """Lines of an article body outside the allowed subset, as (line number, message)."""
    found: list[tuple[int, str]] = []
    prefix = TBC_PREFIX.get(language, "")
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if _HTML_LIKE.search(raw):
            found.append((number, "HTML, links, images, tables and code are not allowed"))
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) not in (2, 3):
            found.append((number, "use ## or ### for headings (the title is a separate field)"))
        quote = _QUOTE.match(line)
        if quote and not quote.group(1).strip().startswith(prefix or "⚠️"):
            found.append((number, f"a line starting with > must start with «> {prefix}»"))
    return found
