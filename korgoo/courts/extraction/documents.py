"""Saved decision pages to plain text: HTML (UTF-8 or windows-1251), PDF, RTF and DOCX.

Courts publish the same decision in several shapes: the GAS «Правосудие» sites (`*.sudrf.ru`) serve
windows-1251 HTML with the text in a `#cont_doc1`-like block, Moscow's portal serves UTF-8 HTML,
Kazakh courts serve HTML or PDF, and many courts attach RTF or DOCX. Everything becomes lines of
text (one line per paragraph or table row), which the rules read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree  # nosec B405 - used only on DTD-free, size-capped XML

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

MAX_TEXT_CHARS = 400_000

# Blocks that are site furniture, never the decision.
_DROP = "script, style, noscript, nav, header, footer, form, iframe, svg, button, select"
_BLOCKS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "title",
}
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(menu|breadcrumbs?|sidebar|banner|cookie|footer|header-nav)(?:$|[\s_-])", re.I
)


class UnreadableDocument(Exception):
    """The file is not a document Korgoo can read (an unknown format, a broken PDF, an empty page)."""


@dataclass(frozen=True)
class Document:
    text: str
    media_type: str
    encoding: str = ""
    title: str = ""


def sniff(data: bytes, filename: str = "") -> str:
    """The document's media type from its first bytes (the name only breaks ties)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        except zipfile.BadZipFile:
            pass
        raise UnreadableDocument("zip")
    lowered = head[:512].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered or b"<div" in lowered:
        return "text/html"
    if filename.lower().endswith((".html", ".htm")):
        return "text/html"
    if filename.lower().endswith(".txt"):
        return "text/plain"
    # A page saved without markup is still text if it decodes.
    if b"\x00" not in data[:4096]:
        return "text/plain"
    raise UnreadableDocument("unknown")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a page to text: the declared charset if it decodes cleanly, else detection.

    sudrf.ru pages declare windows-1251, but saved copies are often re-encoded to UTF-8 by the
    browser with the old declaration left in place, so the declaration is not trusted blindly."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    # UTF-8 first: Cyrillic in windows-1251 is never valid UTF-8, while UTF-8 bytes always "decode"
    # as windows-1251 (into nonsense).
    candidates = ["utf-8"]
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        candidates.append(declared.group(1).decode("ascii").lower())
    for name in candidates:
        try:
            return data.decode(name), _canonical(name)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "utf_8", "cp866"]).best()
    if best is None:
        return data.decode("cp1251", errors="replace"), "windows-1251"
    return str(best), _canonical(best.encoding)


def _canonical(name: str) -> str:
    name = name.lower().replace("_", "-")
    return {"cp1251": "windows-1251", "utf8": "utf-8", "koi8-r": "koi8-r"}.get(name, name)


def _html_lines(html: str) -> tuple[str, str]:
    tree = HTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else ""
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css("[class], [id]"):
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _FURNITURE.search(marker):
            node.decompose()
    body = tree.body or tree.root
    if body is None:
        return "", title
    parts: list[str] = []

    def walk(node: Node) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag in ("td", "th"):
                parts.append(" ")
                walk(child)
                parts.append(" ")
            elif tag in _BLOCKS:
                parts.append("\n")
                walk(child)
                parts.append("\n")
            elif tag not in ("-comment",):
                walk(child)
            child = child.next

    walk(body)
    return "".join(parts), title


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from pypdf.errors import PdfReadError  # noqa: PLC0415 - a heavy library, loaded only when this runs

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:60])
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument("pdf") from exc


_RTF_TOKEN = re.compile(
    r"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "object", "themedata"}


def _rtf_text(data: bytes) -> str:
    """A small RTF reader: text, paragraphs, `\\'xx` bytes in the document's code page, `\\uN`."""
    raw = data.decode("latin-1")
    codepage = "cp1251"
    found = re.search(r"\\ansicpg(\d+)", raw)
    if found:
        codepage = f"cp{found.group(1)}"
    out: list[str] = []
    pending = bytearray()
    stack: list[bool] = []
    skip = False
    uc_skip = 0

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode(codepage, errors="replace"))
            except LookupError:
                out.append(pending.decode("cp1251", errors="replace"))
            pending.clear()

    for match in _RTF_TOKEN.finditer(raw):
        word, arg, hexbyte, symbol, brace, text = match.groups()
        if brace == "{":
            stack.append(skip)
            continue
        if brace == "}":
            flush()
            skip = stack.pop() if stack else False
            continue
        if skip:
            continue
        if hexbyte:
            if uc_skip:
                uc_skip -= 1
                continue
            pending.append(int(hexbyte, 16))
            continue
        flush()
        if word:
            if word in _RTF_SKIP:
                skip = True
            elif word in ("par", "line", "row", "sect", "page"):
                out.append("\n")
            elif word in ("tab", "cell"):
                out.append(" ")
            elif word == "u" and arg:
                value = int(arg)
                out.append(chr(value + 65536 if value < 0 else value))
                uc_skip = 1
            continue
        if symbol:
            if symbol == "*":
                skip = True
            elif symbol in "\\{}":
                out.append(symbol)
            elif symbol == "~":
                out.append("\u00a0")
            continue
        if text:
            if uc_skip:
                text = text[1:]
                uc_skip = 0
            out.append(text)
    flush()
    return "".join(out)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * 1024 * 1024:
                raise UnreadableDocument("docx too large")
            xml = archive.read(info)
            if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                raise UnreadableDocument("docx with a DTD")  # OOXML has none: no entity expansion
            root = ElementTree.fromstring(xml)  # noqa: S314  # nosec B314 - no DTD (above), size capped
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise UnreadableDocument("docx") from exc
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{_W}tab":
                pieces.append(" ")
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs)


def tidy(text: str) -> str:
    """One paragraph a line, single spaces, no empty lines; non-breaking spaces become spaces."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u0473", "ө").replace("\u0472", "Ө")
    lines = (re.sub(r"[ \u2000-\u200b]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def read_document(data: bytes, filename: str = "") -> Document:
    """The text of a saved decision page or file."""
    if not data.strip():
        raise UnreadableDocument("empty")
    media_type = sniff(data, filename)
    encoding = ""
    title = ""
    if media_type == "application/pdf":
        text = _pdf_text(data)
    elif media_type == "application/rtf":
        text = _rtf_text(data)
    elif media_type.endswith("wordprocessingml.document"):
        text = _docx_text(data)
    else:
        decoded, encoding = decode(data)
        if media_type == "text/html":
            text, title = _html_lines(decoded)
        else:
            text = decoded
    text = tidy(text)
    if len(text) < 40:
        raise UnreadableDocument("no text")
    return Document(text=text, media_type=media_type, encoding=encoding, title=tidy(title))
