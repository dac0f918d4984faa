"""The public API of the knowledge base."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.knowledge.choices import TranslationStatus
from korgoo.knowledge.models import ArticleTranslation

pytestmark = pytest.mark.django_db


def test_the_list_by_country_and_topic_in_the_language_asked(articles_loaded: Any) -> None:
    rows = Client().get("/api/v1/articles/", {"country": "KZ", "topic": "unpaid-wages", "lang": "ky"}).json()
    assert [row["slug"] for row in rows] == ["unpaid-wages-kazakhstan"]
    row = rows[0]
    assert row["language"] == "ky" and row["fallback"] is False and row["checked_on"]
    assert len(Client().get("/api/v1/articles/").json()) == 34


def test_one_article_with_its_text_sources_and_fallback(articles_loaded: Any) -> None:
    ArticleTranslation.objects.filter(article__slug="unpaid-wages-russia", language="en").update(
        status=TranslationStatus.DRAFT
    )
    body = Client().get("/api/v1/articles/unpaid-wages-russia/", {"lang": "en"}).json()
    assert body["language"] == "ru" and body["fallback"] is True
    assert body["languages"] == ["ky", "ru"]
    assert body["body"].startswith("## ") and body["html"].startswith("<h2>")
    assert {"title", "url", "confirmed"} <= set(body["sources"][0])
    assert sum(1 for s in body["sources"] if not s["confirmed"]) == 2


def test_unknown_articles_and_filters_answer_with_the_envelope(articles_loaded: Any) -> None:
    missing = Client().get("/api/v1/articles/no-such-article/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = Client().get("/api/v1/articles/", {"country": "XX"})
    assert bad.status_code == 400 and "country" in bad.json()["fields"]
