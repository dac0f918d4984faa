"""The search index over help content: one document per searchable thing and language.

Documents hold already-analysed terms (`analysis.index_terms`), so both databases search the same
words: SQLite through an FTS5 table kept beside `SearchDocument`, PostgreSQL through a generated
`tsvector` column with a GIN index (migration 0002). `SearchTerm` is the vocabulary with document
frequencies, for ranking and for finding words close to a mistyped one. The index holds only public
content (published articles, active places, registry agencies), never anything from a case.
"""

from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    ARTICLE = "article"
    PLACE = "place"
    AGENCY = "agency"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    key = models.CharField(max_length=100)  # article slug, place key, agency id
    language = models.CharField(max_length=8, blank=True)  # "" for text in no one language
    title = models.CharField(max_length=300)
    snippet = models.CharField(max_length=400, blank=True)
    country = models.CharField(max_length=3, blank=True)
    title_terms = models.TextField()
    body_terms = models.TextField()
    length = models.PositiveIntegerField(default=0)  # number of terms, title counted three times

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "language"], name="search_document_unique")
        ]


class SearchTerm(models.Model):
    term = models.CharField(max_length=120, unique=True)
    documents = models.PositiveIntegerField(default=0)


class SearchState(models.Model):
    """One row: the index's generation (raised by every change) and the numbers ranking needs."""

    generation = models.PositiveBigIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    average_length = models.FloatField(default=1.0)
