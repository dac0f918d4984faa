"""Loading the knowledge base from its content files: all of it, in three languages, again without
duplicates, editors' changes kept, and problems named by file and line."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from korgoo.knowledge import loaders
from korgoo.knowledge.choices import TranslationStatus
from korgoo.knowledge.models import Article, ArticleSource, ArticleTranslation

pytestmark = pytest.mark.django_db


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(loaders.CONTENT_DIR, target)
    return target


def test_the_shipped_content_is_clean_parallel_and_complete() -> None:
    entries, warnings = loaders.read_content()
    assert len(entries) >= 25
    assert warnings == []
    assert all(set(entry.texts) == {"ky", "ru", "en"} for entry in entries)
    assert {"RU", "KZ", "ALL"} == {entry.country for entry in entries}
    guide = next(entry for entry in entries if entry.slug == "pre-departure-guide")
    assert guide.texts["ky"].body.rstrip().splitlines()[-1].startswith("- [ ] ")


def test_every_article_is_loaded_and_published_in_three_languages(articles_loaded: Any) -> None:
    assert len(articles_loaded.created) == Article.objects.count() == 34
    assert ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED).count() == 102
    article = Article.objects.get(slug="unpaid-wages-russia")
    assert (
        article.country == "RU"
        and article.topic == "unpaid-wages"
        and str(article.checked_on) == "2026-03-03"
    )
    ky = article.translations.get(language="ky")
    assert ky.title == "Россияда айлык төлөнбөсө" and ky.summary.startswith("Иш берүүчү айлыкты")
    assert ky.body.startswith("## Адегенде далил чогултуңуз")
    sources = list(ArticleSource.objects.filter(article=article).values_list("confirmed", flat=True))
    assert len(sources) == 8 and sources.count(False) == 2


def test_a_second_import_changes_nothing(articles_loaded: Any) -> None:
    out = StringIO()
    call_command("import_articles", stdout=out)
    assert "articles: 0 created, 0 updated, 34 unchanged" in out.getvalue()
    assert ArticleTranslation.objects.count() == 102


def test_a_changed_file_updates_its_article_but_never_an_editors_change_without_force(
    tmp_path: Path, articles_loaded: Any
) -> None:
    content = _copy(tmp_path)
    en = content / "police-check" / "en.md"
    en.write_text(
        en.read_text(encoding="utf-8").replace("\n\n", "\n\nNew first words. ", 1), encoding="utf-8"
    )
    out = StringIO()
    call_command("import_articles", "--content", str(content), stdout=out)
    assert "articles: 0 created, 1 updated, 33 unchanged" in out.getvalue()
    police = ArticleTranslation.objects.get(article__slug="police-check", language="en")
    assert police.summary.startswith("New first words.")
    # An editor changes the Russian text of another article; the file changes too.
    ArticleTranslation.objects.filter(article__slug="returning-home", language="ru").update(
        title="Отредактировано", edited_by="Editor · Org"
    )
    ru = content / "returning-home" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8") + "\nЕщё абзац.\n", encoding="utf-8")
    out = StringIO()
    call_command("import_articles", "--content", str(content), stdout=out)
    assert "kept the editor's version of returning-home/ru" in out.getvalue()
    assert (
        ArticleTranslation.objects.get(article__slug="returning-home", language="ru").title
        == "Отредактировано"
    )
    call_command("import_articles", "--content", str(content), "--force", stdout=StringIO())
    assert (
        ArticleTranslation.objects.get(article__slug="returning-home", language="ru").title
        != "Отредактировано"
    )


@pytest.mark.parametrize(
    ("file", "edit", "message"),
    [
        (
            "police-check/ky.md",
            lambda t: (
                t.replace("> ⚠️ Тактоо керек:", "> Эскертүү:", 1) if "> ⚠️" in t else t + "\n> Эскертүү\n"
            ),
            "police-check/ky.md, line",
        ),
        ("police-check/ky.md", lambda t: t + "\nҚазақ әріптері\n", "is not a Kyrgyz letter"),
        (
            "police-check/en.md",
            lambda t: t.replace("# ", "", 1),
            "police-check/en.md, line 1: the first line must be the title",
        ),
        ("police-check/ru.md", lambda t: t + "\n<script>alert(1)</script>\n", "police-check/ru.md, line"),
        (
            "police-check/meta.toml",
            lambda t: t.replace('topic = "police"', 'topic = "crime"'),
            "police-check/meta.toml: unknown topic 'crime'",
        ),
        ("police-check/meta.toml", lambda t: t.replace("checked_on", "checked"), "checked_on must be a date"),
        (
            "pre-departure-guide/en.md",
            lambda t: t + "\nA last word.\n",
            "the guide must end with «## Checklist» and its checklist",
        ),
    ],
)
def test_problems_name_the_file_and_line_and_change_nothing(
    tmp_path: Path, db: Any, file: str, edit: Any, message: str
) -> None:
    content = _copy(tmp_path)
    path = content / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", "--content", str(content))
    assert message in str(raised.value)
    assert Article.objects.count() == 0


def test_a_missing_language_is_a_problem(tmp_path: Path, db: Any) -> None:
    content = _copy(tmp_path)
    (content / "pensions-eaeu" / "ky.md").unlink()
    with pytest.raises(loaders.DataFileProblems) as raised:
        loaders.read_content(content)
    assert [str(p) for p in raised.value.problems] == [
        "pensions-eaeu/ky.md: missing: every article has all three languages"
    ]
