"""Words a worker can act on, kept so by the suite.

1. No article states a rule "until" a date that has passed (by the suite's clock) unless the
   article was checked after that date (`checked_on` in its meta.toml). An expired "until" reads as
   a rule in force; the editor re-checks it and states the rule in force, or says whom to ask.
2. None of the forms in the glossary's table «Forbidden in worker-facing Kyrgyz»
   (docs/glossary.md) appears in Kyrgyz that workers read: the Kyrgyz articles, the Kyrgyz
   strings of every worker template, and the Kyrgyz worker pages as a phone gets them (which adds
   the labels and messages that come from Python). Editors add a form to the glossary's table,
   not here.
"""

from __future__ import annotations

import ast
import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation.template import templatize

from korgoo.conftest import report, report_form
from korgoo.directory.tests.conftest import load_directory
from korgoo.intake.forms import REPORT_STEPS
from korgoo.intake.models import Report
from korgoo.intake.services import report_submit, worker_session_open
from korgoo.intake.sessions import WORKER_COOKIE
from korgoo.knowledge import loaders

PACKAGE = Path(__file__).resolve().parents[2]
GLOSSARY = PACKAGE.parent / "docs" / "glossary.md"
KYRGYZ_CATALOGUE = PACKAGE / "locale" / "ky" / "LC_MESSAGES" / "django.po"
FORBIDDEN_HEADING = "## Forbidden in worker-facing Kyrgyz"


# --- The glossary's forbidden forms ----------------------------------------------------------------


def _phrase(pattern: str) -> re.Pattern[str]:
    """A form of the glossary as a regular expression: whole words, `*` for any ending, any case.
    A hyphen binds words (so «иш-аракет» is one word, not «иш»)."""
    words = []
    for word in pattern.split():
        stem = re.escape(word.rstrip("*"))
        words.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Variant:
    forms: tuple[str, ...]
    allowed: tuple[str, ...]
    instead: str
    why: str

    def found_in(self, text: str) -> list[str]:
        """The forbidden words in `text`, leaving out those inside an allowed phrase."""
        allowed = [m.span() for phrase in self.allowed for m in _phrase(phrase).finditer(text)]
        found = []
        for form in self.forms:
            for match in _phrase(form).finditer(text):
                start, end = match.span()
                if not any(a <= start and end <= b for a, b in allowed):
                    found.append(match.group())
        return found


def read_variants(text: str) -> list[Variant]:
    """The rows of the glossary's table «Forbidden in worker-facing Kyrgyz»."""
    section = text.split(FORBIDDEN_HEADING, 1)[1].split("\n## ", 1)[0]
    variants = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or set(cells[0]) <= {"-"} or "`" not in cells[0]:
            continue
        variants.append(
            Variant(
                forms=tuple(re.findall(r"`([^`]+)`", cells[0])),
                allowed=tuple(re.findall(r"`([^`]+)`", cells[1])),
                instead=cells[2],
                why=cells[3],
            )
        )
    return variants


VARIANTS = read_variants(GLOSSARY.read_text(encoding="utf-8"))


def forbidden_in(text: str) -> list[str]:
    """Each forbidden word of `text` with what to write instead."""
    return [f"«{word}» (write {v.instead})" for v in VARIANTS for word in v.found_in(text)]


# --- Dated "until" statements ------------------------------------------------------------------------

EN_MONTHS = [m.lower() for m in calendar.month_name[1:]]
RU_MONTHS = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
KY_MONTHS = [
    "январ", "феврал", "март", "апрел", "май", "июн",
    "июл", "август", "сентябр", "октябр", "ноябр", "декабр",
]  # fmt: skip

UNTIL = {
    "en": re.compile(
        r"(?<!\w)(?:until|till|to|through)\s+(?:(?P<edge>the\s+end\s+of|the\s+start\s+of|early|late)\s+)?"
        rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{'|'.join(EN_MONTHS)})\s+(?P<year>\d{{4}})",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?<!\w)(?:до|по)\s+(?:(?P<edge>конца|начала)\s+)?"
        rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{'|'.join(RU_MONTHS)})\s+(?P<year>\d{{4}})",
        re.IGNORECASE,
    ),
    "ky": re.compile(
        r"(?P<year>\d{4})-жылдын\s+(?:(?P<day>\d{1,2})-)?"
        rf"(?P<month>{'|'.join(KY_MONTHS)})\w*\s+(?:айынын\s+(?P<edge>башына|аягына)\s+|айына\s+)?чейин",
        re.IGNORECASE,
    ),
}
START_EDGES = {"the start of", "early", "начала", "башына"}


def _month(language: str, name: str) -> int:
    names = {"en": EN_MONTHS, "ru": RU_MONTHS, "ky": KY_MONTHS}[language]
    return names.index(name.lower()) + 1


def until_dates(text: str, language: str) -> Iterator[tuple[dt.date, str]]:
    """Each "until <date>" of `text` with the date it ends (the last day of the month when only the
    month is given, the first when it says "the start of")."""
    for match in UNTIL[language].finditer(text):
        year, month = int(match["year"]), _month(language, match["month"])
        if match["day"]:
            day = int(match["day"])
        elif match["edge"] and " ".join(match["edge"].lower().split()) in START_EDGES:
            day = 1
        else:
            day = calendar.monthrange(year, month)[1]
        yield dt.date(year, month, day), " ".join(match.group().split())


def expired_until(text: str, language: str, *, checked_on: dt.date, today: dt.date) -> list[str]:
    """The "until" statements whose date has passed and that were not checked after it."""
    return [phrase for date, phrase in until_dates(text, language) if date < today and checked_on <= date]


# --- The checks of the checks ------------------------------------------------------------------------


def test_the_glossary_table_is_read_and_its_forms_are_found() -> None:
    forms = {form for v in VARIANTS for form in v.forms}
    assert {"кетээр*", "чыгаар*", "кайтаар*", "алаар*", "иштээр*", "иш", "ишти"} <= forms
    assert all(v.instead and v.why for v in VARIANTS)
    assert forbidden_in("Кыргызстандан КЕТЭЭРДЕН мурун") == [
        "«КЕТЭЭРДЕН» (write «кетүүдөн мурун», «кете турган»)"
    ]
    text = "Ишти токтотсоңуз болот. Иш берүүчү төлөйт; иш-аракет; иштеген күндөр; ишке ашат; иш убактысы."
    assert [word.split("»")[0] for word in forbidden_in(text)] == ["«Ишти"]
    assert forbidden_in("Башка иш") and not forbidden_in("Башка жумуш")
    assert forbidden_in("«мажбурлап чыгаруу режимине» коюлат") and not forbidden_in(
        "өлкөдөн мажбурлап чыгаруу"
    )


def test_until_statements_are_read_in_three_languages() -> None:
    today, checked = dt.date(2026, 11, 16), dt.date(2026, 2, 24)
    assert expired_until(
        "Until 30 June 2026 you are asked to send it.", "en", checked_on=checked, today=today
    )
    assert expired_until(
        "From 30 June 2025 to 30 June 2026 Russia tests it.", "en", checked_on=checked, today=today
    )
    assert expired_until("До 30 июня 2026 года вас просят.", "ru", checked_on=checked, today=today)
    assert expired_until("с 30 июня 2025 года по 30 июня 2026 года", "ru", checked_on=checked, today=today)
    ky = "2025-жылдын 30-июнунан 2026-жылдын 30-июнуна чейин Россия сынап жатат."
    assert expired_until(ky, "ky", checked_on=checked, today=today) == ["2026-жылдын 30-июнуна чейин"]
    assert list(until_dates("2026-жылдын март айынын башына чейин", "ky")) == [
        (dt.date(2026, 3, 1), "2026-жылдын март айынын башына чейин")
    ]
    assert [date for date, _phrase in until_dates("until the end of March 2027", "en")] == [
        dt.date(2027, 3, 31)
    ]
    # Not expired: a date still to come, or a statement checked after its date.
    assert not expired_until("Until 31 December 2027 it is a trial.", "en", checked_on=checked, today=today)
    assert not expired_until("До 30 июня 2026 года.", "ru", checked_on=dt.date(2026, 7, 1), today=today)
    # Dates that end nothing are not "until" statements.
    assert not list(until_dates("Since 30 June 2025 it works; on 1 July 2026 it changed.", "en"))


# --- The articles ------------------------------------------------------------------------------------


def _articles() -> list[loaders.ArticleEntry]:
    entries, _warnings = loaders.read_content()
    return entries


def test_no_article_states_a_rule_until_a_date_that_has_passed() -> None:
    today = timezone.now().date()  # the suite's clock
    found = [
        f"{entry.slug}/{language}.md (checked on {entry.checked_on}): «{phrase}»"
        for entry in _articles()
        for language, text in entry.texts.items()
        for phrase in expired_until(
            f"{text.title}\n{text.summary}\n{text.body}", language, checked_on=entry.checked_on, today=today
        )
    ]
    assert found == [], "re-check these and state the rule in force, or say whom to ask:\n" + "\n".join(found)


def test_no_kyrgyz_article_uses_a_forbidden_form() -> None:
    found = [
        f"{entry.slug}/ky.md: {problem}"
        for entry in _articles()
        for problem in forbidden_in(
            f"{entry.texts['ky'].title}\n{entry.texts['ky'].summary}\n{entry.texts['ky'].body}"
        )
    ]
    assert found == [], "\n".join(found)


# --- The interface strings of worker pages -----------------------------------------------------------


def _catalogue(path: Path) -> dict[tuple[str, str], list[str]]:
    """(msgctxt, msgid) → its translations, from a .po file."""
    found: dict[tuple[str, str], list[str]] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            texts = [
                ast.literal_eval(f'"{value}"') for name, value in fields.items() if name.startswith("msgstr")
            ]
            found[
                (ast.literal_eval(f'"{fields.get("msgctxt", "")}"'), ast.literal_eval(f'"{fields["msgid"]}"'))
            ] = texts
    return found


def _templates() -> dict[str, Path]:
    """Every template of the project by the name views use."""
    found = {}
    for folder in PACKAGE.rglob("templates"):
        for path in folder.rglob("*.html"):
            found[path.relative_to(folder).as_posix()] = path
    return found


def worker_templates() -> list[Path]:
    """The templates of worker pages: those that extend base_worker.html, directly or through
    another template, and every template they include."""
    templates = _templates()

    def names(tag: str, source: str) -> list[str]:
        """The template names a tag (extends, include) of `source` mentions."""
        return [
            name
            for found in re.findall(r"{%\s*" + tag + r"\s+(.+?)%}", source)
            for name in re.findall(r"[\"']([^\"']+\.html)[\"']", found)
        ]

    parents = {name: names("extends", path.read_text(encoding="utf-8")) for name, path in templates.items()}

    def is_worker(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name == "base_worker.html":
            return True
        return any(p not in seen and is_worker(p, seen | {name}) for p in parents.get(name, []))

    chosen = {name for name in templates if is_worker(name)}
    queue = list(chosen)
    while queue:
        for included in names("include", templates[queue.pop()].read_text(encoding="utf-8")):
            if included in templates and included not in chosen:
                chosen.add(included)
                queue.append(included)
    return [templates[name] for name in sorted(chosen)]


_CALL = re.compile(r"\b(npgettext|pgettext|ngettext|gettext)\(((?:\s*u'(?:[^'\\]|\\.)*'\s*,?)+)")


def template_msgids(path: Path) -> Iterator[tuple[str, str]]:
    """(msgctxt, msgid) of every string a template translates, read as makemessages reads it."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for function, arguments in _CALL.findall(code):
        strings = [ast.literal_eval(f"'{s}'") for s in re.findall(r"u'((?:[^'\\]|\\.)*)'", arguments)]
        context = strings.pop(0) if function.startswith(("p", "np")) else ""
        for msgid in strings[:2] if function.startswith(("n", "np")) else strings[:1]:
            yield context, msgid


def test_worker_templates_are_found() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in worker_templates()}
    assert "intake/templates/intake/report_step.html" in names
    assert "evidence/templates/evidence/_result_deadlines.html" in names  # through a calculator page
    assert "directory/templates/directory/_card.html" in names  # included by the directory list
    assert "cases/templates/cases/detail.html" not in names and "templates/base_staff.html" not in names


def test_no_kyrgyz_string_of_a_worker_template_uses_a_forbidden_form() -> None:
    catalogue = _catalogue(KYRGYZ_CATALOGUE)
    found = []
    for path in worker_templates():
        for key in template_msgids(path):
            for text in catalogue.get(key, []):
                found += [
                    f"{path.relative_to(PACKAGE)}: {key[1]!r}: {problem}" for problem in forbidden_in(text)
                ]
    assert found == [], "\n".join(sorted(set(found)))


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    html = re.sub(
        r"<(?:input|button|option|textarea|img)\b[^>]*?(?:value|placeholder|alt|aria-label)=\"([^\"]*)\"[^>]*>",
        r" \1 ",
        html,
    )
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_kyrgyz_worker_pages_use_no_forbidden_form(articles_loaded: Any) -> None:
    """The pages a worker opens, in Kyrgyz, in the states that show most words: the report form
    sent empty (every error), an open report, the diary, the calculators, the help pages."""
    load_directory(index=False)
    submitted = report_submit(new=report(language="ky", prefers_woman_caseworker=True))
    worker = Client()
    worker.cookies[WORKER_COOKIE] = worker_session_open(report=Report.objects.get(case=submitted.report.case))
    anonymous = Client()
    pages: list[tuple[str, Any]] = [
        (path, anonymous.get(path))
        for path in (
            "/ky/",
            "/ky/report/",
            "/ky/track/",
            "/ky/rights/",
            "/ky/rights/unpaid-wages-russia/",
            "/ky/help/",
            "/ky/agencies/",
            "/ky/search/?q=айлык",
            "/ky/tools/",
            "/ky/tools/late-payment/",
            "/ky/tools/overtime/",
            "/ky/tools/unpaid-wages/",
            "/ky/tools/deadlines/",
            "/ky/tools/diary/",
            "/ky/verify/",
            "/ky/no-such-page/",
        )
    ]
    # Every page of the report, reached as a worker reaches it (each page sends the one before).
    pages += [
        (
            f"/ky/report/ ({step.slug})",
            anonymous.post("/ky/report/", report_form(step=before.slug, go="next")),
        )
        for before, step in itertools.pairwise(REPORT_STEPS)
    ]
    pages += [
        ("/ky/report/ (sent empty)", anonymous.post("/ky/report/", {})),
        ("/ky/track/ (a wrong code)", anonymous.post("/ky/track/", {"receipt": "1234"})),
        ("/ky/track/case/", worker.get("/ky/track/case/")),
        ("/ky/tools/diary/ (open report)", worker.get("/ky/tools/diary/")),
        ("/ky/tools/deadlines/ (sent empty)", worker.post("/ky/tools/deadlines/", {})),
    ]
    first_place = re.search(r'href="(/ky/help/[a-z0-9-]+/)"', pages[5][1].content.decode())
    assert first_place, "the directory lists no place"
    pages.append((first_place.group(1), anonymous.get(first_place.group(1))))
    statuses = {path: response.status_code for path, response in pages}
    assert statuses == {
        **{path: 200 for path, _response in pages},
        "/ky/no-such-page/": 404,
        "/ky/report/ (sent empty)": 400,
        "/ky/track/ (a wrong code)": 404,
        "/ky/tools/deadlines/ (sent empty)": 400,
    }
    html = {path: response.content.decode() for path, response in pages}
    # The pages are in Kyrgyz (a page left in English would pass the check below and prove nothing).
    assert all('<html lang="ky">' in page for page in html.values())
    assert "Эмне болгонун белгилеңиз: жок дегенде бирөөсүн тандаңыз." in html["/ky/report/ (sent empty)"]
    assert "Мага аял адис керек" in html["/ky/report/ (contact)"]
    assert "Чын эле ушуну каалайсызбы?" in html["/ky/track/case/"]
    assert "Жумуштун башталышы" in html["/ky/tools/diary/ (open report)"]
    assert "Бул өзгөргөн болушу мүмкүн." in html["/ky/rights/unpaid-wages-russia/"]
    found = [
        f"{path}: {problem}"
        for path, response in pages
        for problem in forbidden_in(_visible_text(html[path]))
    ]
    assert found == [], "\n".join(sorted(set(found)))
