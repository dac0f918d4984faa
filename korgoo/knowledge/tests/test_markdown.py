"""The knowledge base's strict Markdown: the subset renders, everything else is shown as typed."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from korgoo.knowledge import loaders, markdown

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "![x](http://evil.example/x.png)",
    '"><svg onload=alert(4)>',
]


def test_a_script_in_an_article_comes_out_escaped() -> None:
    html = str(
        markdown.render("## <script>alert(1)</script>\n\nText <script>alert(2)</script>\n\n- <b>x</b>")
    )
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_input_adds_a_tag_or_an_attribute(attack: str) -> None:
    for text in (
        attack,
        f"## {attack}",
        f"- {attack}",
        f"- [ ] {attack}",
        f"1. {attack}",
        f"> ⚠️ To be confirmed: {attack}",
        f"**{attack}**",
    ):
        with translation.override("en"):
            readers, editors = str(markdown.render(text)), str(markdown.render(text, for_editors=True))
        for html in (readers, editors):
            # The only link is the one the reader's note adds, to the directory of help.
            links = re.findall(r"<a [^>]*>", html)
            assert "<script" not in html and "<img" not in html and "<svg" not in html, html
            assert links in ([], ['<a href="/en/help/">']), html
            assert "&lt;" in html or "](" in html  # shown as the characters typed


def test_the_subset_renders() -> None:
    text = "\n".join(
        [
            "## Steps",
            "",
            "A **bold** and *gentle* paragraph",
            "over two lines.",
            "",
            "- one",
            "- two",
            "",
            "3. third",
            "4. fourth",
            "",
            "- [ ] take the passport",
            "",
            "> ⚠️ Тактоо керек: айрым булактар боюнча.",
            "",
            "### Small",
        ]
    )
    html = str(markdown.render(text, for_editors=True))
    assert "<h2>Steps</h2>" in html and "<h3>Small</h3>" in html
    assert "<p>A <strong>bold</strong> and <em>gentle</em> paragraph over two lines.</p>" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert '<ol start="3"><li>third</li><li>fourth</li></ol>' in html
    assert '<input type="checkbox" autocomplete="off"> <span>take the passport</span>' in html
    assert '<p class="tbc" role="note"><strong>⚠️ Тактоо керек:</strong> айрым булактар боюнча.</p>' in html


@pytest.mark.parametrize(
    ("language", "flag", "note"),
    [
        ("ky", "> ⚠️ Тактоо керек: айрым булактар боюнча.", "Бул өзгөргөн болушу мүмкүн."),
        ("ru", "> ⚠️ Требует проверки: по некоторым источникам.", "Это могло измениться."),
        ("en", "> ⚠️ To be confirmed: some sources say so.", "This may have changed."),
    ],
)
def test_readers_see_a_flag_as_a_calm_note_saying_whom_to_ask(language: str, flag: str, note: str) -> None:
    fact = flag.split(":", 1)[1].strip()
    with translation.override(language):
        html = str(markdown.render(f"Text.\n\n{flag}"))
    assert "⚠️" not in html and 'class="tbc"' not in html and flag.split(":")[0][2:] not in html
    aside = html.split('<aside class="note check" role="note" data-testid="check-note">', 1)[1].split(
        "</aside>"
    )[0]
    assert aside.startswith(f"<p>{fact}</p>")
    assert f'<p lang="{language}">{note}' in aside
    assert f'<a href="/{language}/help/">' in aside  # the directory of help, in the reader's language


def test_editors_are_told_which_lines_leave_the_subset() -> None:
    found = markdown.problems("ok\n<b>x</b>\n# Title\n[a](http://x)\n> note\n> ⚠️ To be confirmed: fine", "en")
    assert [line for line, _message in found] == [2, 3, 4, 5]


def test_a_text_file_splits_into_title_summary_and_body() -> None:
    title, summary, body, problems = loaders.split_text(
        "# Title\n\nShort summary\non two lines.\n\n## Body\n\n- item\n"
    )
    assert (title, summary) == ("Title", "Short summary on two lines.")
    assert body.startswith("## Body") and problems == []
    _title, _summary, _body, problems = loaders.split_text("No title\n\nText")
    assert problems == [(1, "the first line must be the title, written «# Title»")]
