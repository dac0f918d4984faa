"""The knowledge base: articles on rights and procedures, by host country and topic.

An article's text lives in one translation row per language (HOUSE_STYLE 16). Each translation has
a published text, which readers see, and a draft, which only editors see until someone allowed to
publish publishes it. The content files (`content/articles/`) are the reviewed source; the import
command loads them, and an editor's later change is never overwritten without `--force`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.models import PublicModel, TimeStampedModel

from .choices import ArticleCountry, Origin, Topic, TranslationStatus


class Article(PublicModel):
    """One article: its host country (or every country), topic, order and the date its facts were
    last checked. Readers see it once at least one translation is published."""

    slug = models.SlugField(max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=3, choices=ArticleCountry.choices)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    order = models.PositiveIntegerField(_("order"), default=100)
    checked_on = models.DateField(_("checked on"))
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    # The worker's tools the article links to (korgoo.knowledge.choices.Tool values), from meta.toml.
    tools = models.JSONField(default=list, blank=True)
    imported_hash = models.CharField(max_length=64, blank=True)  # of meta.toml when last imported

    class Meta:
        ordering = ["order", "slug"]
        indexes = [models.Index(fields=["country", "order"], name="knowledge_article_country")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.slug


class ArticleTranslation(TimeStampedModel):
    """An article in one language: the published text and the editor's draft.

    `status` is draft until the first publication. `has_draft` says the draft differs from what
    readers see; `needs_update` that another language changed and this one should follow.
    `imported_hash` is the hash of the content file last imported, to tell an editor's change from a
    changed file.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    status = models.CharField(
        max_length=12, choices=TranslationStatus.choices, default=TranslationStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    draft_title = models.CharField(_("title"), max_length=300, blank=True)
    draft_summary = models.TextField(_("summary"), blank=True)
    draft_body = models.TextField(_("text"), blank=True)
    has_draft = models.BooleanField(default=False)
    needs_update = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.CharField(max_length=200, blank=True)
    imported_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="knowledge_translation_unique")
        ]
        indexes = [models.Index(fields=["language", "status", "article"], name="knowledge_translation_lang")]

    @property
    def is_published(self) -> bool:
        return self.status == TranslationStatus.PUBLISHED


class ArticleSource(models.Model):
    """A legal or factual source of an article. `confirmed` is false for a fact the fact sheet marks
    as secondary, old, disputed or unconfirmed; the page says so."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=500, blank=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="knowledge_source_position")
        ]

    @property
    def language(self) -> str:
        """The language the title is written in: titles stay in the language of the publication."""
        return "ru" if any("\u0400" <= char <= "\u04ff" for char in self.title) else "en"
