"""The reader's pages of the knowledge base: by host country, an article with its sources and date,
"to be confirmed" facts shown as calm notes saying whom to ask, the pre-departure checklist, and the
fallback of languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.conftest import WORKER_SCRIPTS, TwoOrgs, make_member, page_scripts
from korgoo.knowledge.choices import TranslationStatus
from korgoo.knowledge.models import ArticleTranslation
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db


def slugs(response: Any) -> list[str]:
    return re.findall(r'href="/\w\w/rights/([a-z0-9-]+)/"', response.content.decode())


def test_articles_by_host_country(articles_loaded: Any) -> None:
    everything = slugs(Client().get("/ky/rights/"))
    russia = slugs(Client().get("/ky/rights/", {"country": "RU"}))
    kazakhstan = slugs(Client().get("/ky/rights/", {"country": "KZ"}))
    assert "unpaid-wages-russia" in russia and "unpaid-wages-kazakhstan" not in russia
    assert "unpaid-wages-kazakhstan" in kazakhstan and "registration-russia" not in kazakhstan
    assert "eaeu-rights" in russia and "eaeu-rights" in kazakhstan  # for every country
    assert len(set(everything)) == 34
    assert everything[0] == "pre-departure-guide"  # shown first, apart


def test_an_article_shows_its_sources_its_date_and_what_is_to_be_confirmed(articles_loaded: Any) -> None:
    page = Client().get("/ky/rights/unpaid-wages-russia/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Россияда айлык төлөнбөсө</h1>" in html
    assert "<h2>Азыр эмне кылуу керек</h2>" in html
    # The article's two editor's flags reach the reader as notes in Kyrgyz, not as flags.
    assert html.count('data-testid="check-note"') == 2
    assert "⚠️" not in html and "Тактоо керек" not in html and 'class="tbc"' not in html
    assert "<p>айрым булактар боюнча, жумушту токтотуп турган күндөрү орточо айлыгыңыз сакталат.</p>" in html
    assert (
        html.count(
            '<p lang="ky">Бул өзгөргөн болушу мүмкүн. Аракет кылуудан мурун Кыргызстандын элчилигинен же '
            'консулдугунан, же юристтен тактап алыңыз. <a href="/ky/help/">'
        )
        == 2
    )
    assert 'data-testid="checked-on">03.03.2026<' in html
    assert 'href="https://www.consultant.ru/document/cons_doc_LAW_34683/" rel="noreferrer noopener"' in html
    assert html.count('class="badge"') == 2  # the two unconfirmed sources
    assert page_scripts(page.content) == WORKER_SCRIPTS and page.cookies == {}


def test_the_pre_departure_guide_ends_with_its_checklist(articles_loaded: Any) -> None:
    html = Client().get("/ru/rights/pre-departure-guide/").content.decode()
    checklist = html.split('data-testid="checklist"', 1)[1].split("</ul>", 1)[0]
    assert checklist.count('type="checkbox"') == 13


def test_a_fallback_article_keeps_its_facts_and_says_whom_to_ask_in_the_page_language(
    articles_loaded: Any,
) -> None:
    ArticleTranslation.objects.filter(article__slug="unpaid-wages-russia", language="en").update(
        status=TranslationStatus.DRAFT
    )
    html = Client().get("/en/rights/unpaid-wages-russia/").content.decode()
    assert '<article class="article" data-testid="article" lang="ru">' in html  # the Russian text
    note = html.split('data-testid="check-note">', 1)[1].split("</aside>", 1)[0]
    assert note.startswith("<p>по некоторым источникам, за время приостановки работы")
    assert '<p lang="en">This may have changed.' in note and '<a href="/en/help/">' in note


def test_editors_still_see_their_flags_in_the_preview(
    client_for: Any, two_orgs: TwoOrgs, articles_loaded: Any
) -> None:
    editor = make_member(two_orgs.a.org, "a.editor", Role.EDITOR)
    html = client_for(editor).get("/ru/staff/articles/unpaid-wages-russia/?lang=ky").content.decode()
    preview = html.split('<div class="card article">', 1)[1]
    assert preview.count('<p class="tbc" role="note"><strong>⚠️ Тактоо керек:</strong>') == 2
    assert 'data-testid="check-note"' not in preview
    assert 'data-testid="flag-hint"' in html


def test_a_language_that_is_not_published_falls_back_with_a_note(articles_loaded: Any) -> None:
    ArticleTranslation.objects.filter(article__slug="pensions-eaeu", language="ky").update(
        status=TranslationStatus.DRAFT
    )
    html = Client().get("/ky/rights/pensions-eaeu/").content.decode()
    russian = ArticleTranslation.objects.get(article__slug="pensions-eaeu", language="ru").title
    assert (
        f"<h1>{russian}</h1>" in html and '<article class="article" data-testid="article" lang="ru">' in html
    )
    assert 'data-testid="fallback-note"' in html
    listed = Client().get("/ky/rights/").content.decode()
    assert f'lang="ru">{russian}</a>' in listed
    ArticleTranslation.objects.filter(article__slug="pensions-eaeu").update(status=TranslationStatus.DRAFT)
    assert Client().get("/ky/rights/pensions-eaeu/").status_code == 404
    assert "pensions-eaeu" not in slugs(Client().get("/ky/rights/"))


def test_the_list_takes_the_same_number_of_queries_whatever_its_length(articles_loaded: Any) -> None:
    counts = []
    for params in ({"country": "KZ"}, {}):
        with CaptureQueriesContext(connection) as queries:
            found = slugs(Client().get("/ky/rights/", params))
        counts.append((len(set(found)), len(queries)))
    assert counts[0][0] < counts[1][0]
    assert counts[0][1] == counts[1][1], counts
