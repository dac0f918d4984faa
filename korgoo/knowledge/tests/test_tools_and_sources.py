"""Articles link to the worker's tools from data (``tools`` in meta.toml), each opened with the
article's country; the loader refuses an unknown tool; labour-law sources are official texts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from korgoo.knowledge.loaders import CONTENT_DIR, Problem, read_article

pytestmark = pytest.mark.django_db

META = """slug = "{slug}"
country = "RU"
topic = "wages"
checked_on = "2026-03-03"
order = 10
tools = {tools}
"""
TEXT = "# Title\n\nSummary.\n\nBody.\n"


def _article(tmp_path: Path, tools: str) -> tuple[Any, list[Problem]]:
    folder = tmp_path / "overtime-sample"
    folder.mkdir()
    (folder / "meta.toml").write_text(META.format(slug="overtime-sample", tools=tools), encoding="utf-8")
    for language in ("ky", "ru", "en"):
        (folder / f"{language}.md").write_text(TEXT, encoding="utf-8")
    problems: list[Problem] = []
    return read_article(folder, problems, []), problems


def test_the_loader_checks_the_tools(tmp_path: Path) -> None:
    entry, problems = _article(tmp_path, '["overtime", "deadlines"]')
    assert not problems and entry.tools == ["overtime", "deadlines"]
    (tmp_path / "b").mkdir()
    _entry, wrong = _article(tmp_path / "b", '["overtime", "calculator"]')
    assert any("unknown tool 'calculator'" in problem.message for problem in wrong)
    (tmp_path / "c").mkdir()
    _entry, twice = _article(tmp_path / "c", '["overtime", "overtime"]')
    assert any("listed twice" in problem.message for problem in twice)


@pytest.mark.parametrize(
    ("slug", "links"),
    [
        (
            "unpaid-wages-russia",
            [
                "/ky/tools/unpaid-wages/?country=RU",
                "/ky/tools/late-payment/?country=RU",
                "/ky/tools/deadlines/?country=RU",
            ],
        ),
        ("overtime-kazakhstan", ["/ky/tools/overtime/?country=KZ"]),
        ("dismissal-kazakhstan", ["/ky/tools/deadlines/?country=KZ", "/ky/tools/unpaid-wages/?country=KZ"]),
        ("registration-russia", ["/ky/tools/deadlines/?country=RU"]),
        ("eaeu-rights", ["/ky/tools/deadlines/"]),  # an article for every country chooses none
    ],
)
def test_an_article_links_to_its_tools_with_its_country(
    articles_loaded: Any, slug: str, links: list[str]
) -> None:
    html = Client().get(f"/ky/rights/{slug}/").content.decode()
    section = html.split('data-testid="article-tools"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="([^"]+)"', section) == links
    # The link opens the calculator with the country chosen.
    target = Client().get(links[0])
    assert target.status_code == 200


def test_an_article_about_police_checks_links_to_no_calculator(articles_loaded: Any) -> None:
    assert 'data-testid="article-tools"' not in Client().get("/ky/rights/police-check/").content.decode()


def test_labour_law_sources_are_official_texts_and_source_notes_are_translated(articles_loaded: Any) -> None:
    blogs = (
        "prowines",
        "bamper-fortuna",
        "zakonrf.info",
        "lawyersocial",
        "ibuevskiy",
        "trudinspection",
        "rebuko",
    )
    for meta in CONTENT_DIR.glob("*/meta.toml"):
        for source in tomllib.loads(meta.read_text(encoding="utf-8")).get("sources", []):
            assert not any(blog in source["title"] + source.get("url", "") for blog in blogs), meta
    html = Client().get("/ru/rights/unpaid-wages-russia/").content.decode()
    assert '<li lang="ru"><a href="https://www.consultant.ru/document/cons_doc_LAW_34683/"' in html
    assert "Названия источников приведены на языке их публикации." in html
