"""Reads of the knowledge base.

Readers see only published translations, in their language or the fallback (`core.i18n`).
Editors (CONTENT_EDIT) see every article with the state of each language. Lists are built with a
fixed number of queries, whatever their length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.i18n import HELP_LANGUAGES, Picked, normal_language, pick
from korgoo.organisations.permissions import Perm, ensure_permission

from . import markdown
from .choices import ArticleCountry, Tool, Topic, TranslationStatus
from .models import Article, ArticleSource, ArticleTranslation


@dataclass
class ArticleCard:
    slug: str
    country: str
    country_label: str
    topic: str
    topic_label: str
    title: str
    summary: str
    language: str
    is_fallback: bool
    checked_on: dt.date


@dataclass
class ArticlePage:
    card: ArticleCard
    html: SafeString
    body: str
    sources: list[ArticleSource]
    languages: list[str]  # the published languages
    tools: list[ArticleTool]


@dataclass
class ArticleTool:
    """A link from an article to a worker's tool, with the article's host country chosen."""

    code: str
    label: str
    url_name: str
    country: str  # RU, KZ, or "" for an article about every country


def _published() -> Prefetch[Any]:
    return Prefetch(
        "translations",
        queryset=ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED).only(
            "id", "article_id", "language", "status", "title", "summary"
        ),
        to_attr="published",
    )


def _card(article: Article, picked: Picked[ArticleTranslation]) -> ArticleCard:
    translation = picked.value
    return ArticleCard(
        slug=article.slug,
        country=article.country,
        country_label=str(ArticleCountry(article.country).label),
        topic=article.topic,
        topic_label=str(Topic(article.topic).label) if article.topic in Topic.values else article.topic,
        title=translation.title,
        summary=translation.summary,
        language=picked.language,
        is_fallback=picked.is_fallback,
        checked_on=article.checked_on,
    )


def published_articles(*, country: str = "", topic: str = "") -> QuerySet[Article]:
    """Articles with at least one published language; `country` RU or KZ also keeps the articles
    for every country."""
    articles = Article.objects.filter(translations__status=TranslationStatus.PUBLISHED).distinct()
    if country in (ArticleCountry.RU, ArticleCountry.KZ):
        articles = articles.filter(country__in=[country, ArticleCountry.ALL])
    elif country == ArticleCountry.ALL:
        articles = articles.filter(country=ArticleCountry.ALL)
    if topic:
        articles = articles.filter(topic=topic)
    return articles.order_by("order", "slug")


def article_list(*, language: str, country: str = "", topic: str = "") -> list[ArticleCard]:
    """The articles a reader sees, in their language or its fallback, in two queries."""
    language = normal_language(language)
    cards = []
    for article in published_articles(country=country, topic=topic).prefetch_related(_published()):
        picked = pick({t.language: t for t in article.published}, language)  # type: ignore[attr-defined]
        if picked is not None:
            cards.append(_card(article, picked))
    return cards


def article_page(*, slug: str, language: str) -> ArticlePage:
    """One article as a reader of `language` sees it; NotFound when no language is published."""
    article = Article.objects.filter(slug=slug).prefetch_related("sources").first()
    if article is None:
        raise NotFound()
    published = {
        t.language: t
        for t in ArticleTranslation.objects.filter(article=article, status=TranslationStatus.PUBLISHED)
    }
    picked = pick(published, language)
    if picked is None:
        raise NotFound()
    return ArticlePage(
        card=_card(article, picked),
        html=markdown.render(picked.value.body),
        body=picked.value.body,
        sources=list(article.sources.all()),
        languages=[code for code in HELP_LANGUAGES if code in published],
        tools=[
            ArticleTool(
                code=code,
                label=str(Tool(code).label),
                url_name=f"evidence:{code}",
                country=article.country if article.country in (ArticleCountry.RU, ArticleCountry.KZ) else "",
            )
            for code in article.tools or []
            if code in Tool.values
        ],
    )


# --- Editors ------------------------------------------------------------------------------------


@dataclass
class LanguageState:
    language: str
    state: str  # missing, draft, published, changed (published with an unpublished draft)
    needs_update: bool
    updated_at: dt.datetime | None


@dataclass
class EditorRow:
    article: Article
    title: str
    states: list[LanguageState]


def _state(translation: ArticleTranslation | None, language: str) -> LanguageState:
    if translation is None:
        return LanguageState(language, "missing", False, None)
    state = "draft"
    if translation.is_published:
        state = "changed" if translation.has_draft else "published"
    return LanguageState(language, state, translation.needs_update, translation.updated_at)


def editor_overview(*, actor: Actor, language: str) -> list[EditorRow]:
    """Every article with the state of each language, for editors."""
    ensure_permission(actor, Perm.CONTENT_EDIT)
    translations = ArticleTranslation.objects.only(
        "id",
        "article_id",
        "language",
        "status",
        "title",
        "draft_title",
        "has_draft",
        "needs_update",
        "updated_at",
    )
    rows = []
    for article in Article.objects.order_by("order", "slug").prefetch_related(
        Prefetch("translations", queryset=translations)
    ):
        by_lang = {t.language: t for t in article.translations.all()}
        picked = pick(by_lang, language)
        title = (picked.value.title or picked.value.draft_title) if picked else article.slug
        rows.append(
            EditorRow(
                article=article,
                title=title,
                states=[_state(by_lang.get(code), code) for code in HELP_LANGUAGES],
            )
        )
    return rows


def article_for_editor(*, actor: Actor, slug: str) -> Article:
    ensure_permission(actor, Perm.CONTENT_EDIT)
    article = Article.objects.filter(slug=slug).prefetch_related("translations", "sources").first()
    if article is None:
        raise NotFound()
    return article


def translation_state(article: Article, language: str) -> LanguageState:
    return _state(next((t for t in article.translations.all() if t.language == language), None), language)


def related_articles(*, slugs: list[str], language: str) -> list[ArticleCard]:
    """Published articles by slug, in the given order (skipping missing ones)."""
    language = normal_language(language)
    found = {
        a.slug: a
        for a in Article.objects.filter(slug__in=slugs, translations__status=TranslationStatus.PUBLISHED)
        .distinct()
        .prefetch_related(_published())
    }
    cards = []
    for slug in slugs:
        article = found.get(slug)
        picked = pick({t.language: t for t in article.published}, language) if article else None  # type: ignore[attr-defined]
        if article is not None and picked is not None:
            cards.append(_card(article, picked))
    return cards


def articles_for_index(*, slugs: list[str] | None = None) -> list[Article]:
    """Articles with their published translations in full (`published_full`), for the search index."""
    articles = Article.objects.all()
    if slugs is not None:
        articles = articles.filter(slug__in=slugs)
    return list(
        articles.prefetch_related(
            Prefetch(
                "translations",
                queryset=ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED),
                to_attr="published_full",
            )
        )
    )
