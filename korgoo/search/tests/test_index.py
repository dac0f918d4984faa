"""The index is kept by the writes (imports, editors, organisations), never on a reader's request,
and an incremental index equals a rebuilt one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.directory.models import Place
from korgoo.knowledge.choices import TranslationStatus
from korgoo.knowledge.models import ArticleTranslation
from korgoo.search.models import SearchDocument, SearchState, SearchTerm
from korgoo.search.selectors import search
from korgoo.search.services import search_index_rebuild, search_index_update

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[Any, ...]:
    documents = sorted(
        SearchDocument.objects.values_list("kind", "key", "language", "title_terms", "body_terms")
    )
    terms = sorted(SearchTerm.objects.values_list("term", "documents"))
    return documents, terms


def test_imports_index_what_they_load_and_a_rebuild_gives_the_same_index(db: Any) -> None:
    from korgoo.demo.world import DEMO_PLACES_FILE
    from korgoo.directory.tests.conftest import SHIPPED_PLACES, load_directory
    from korgoo.knowledge.tests.conftest import load_articles
    from korgoo.search.demo import build_help_world

    # Loaded piece by piece: every import indexes its own content.
    load_directory()
    load_articles()
    assert SearchDocument.objects.count() == (SHIPPED_PLACES + 34) * 3  # places and articles, three languages
    incremental = _snapshot()
    search_index_rebuild()
    assert _snapshot() == incremental
    assert SearchState.objects.get().documents == SearchDocument.objects.count()
    assert (
        build_help_world(demo_places=[DEMO_PLACES_FILE])["search_documents"]
        == SHIPPED_PLACES * 3 + 34 * 3 + 25
    )


def test_publishing_withdrawing_and_hiding_change_what_is_found(help_world: Any) -> None:
    assert search(query="Түркия", language="ky").hits  # an agency's destination, in Kyrgyz names
    translation = ArticleTranslation.objects.get(article__slug="pensions-eaeu", language="en")
    translation.status = TranslationStatus.DRAFT
    translation.save()
    search_index_update(kind="article", keys=["pensions-eaeu"])
    assert not SearchDocument.objects.filter(key="pensions-eaeu", language="en").exists()
    assert SearchDocument.objects.filter(key="pensions-eaeu", language="ru").exists()
    Place.objects.filter(key="demo-clinic-moscow").update(is_active=False)
    search_index_update(kind="place", keys=["demo-clinic-moscow"])
    assert "demo-clinic-moscow" not in [hit.key for hit in search(query="clinic moscow", language="en").hits]
    # The vocabulary follows: a word only that place had is gone.
    assert not SearchTerm.objects.filter(documents__lte=0).exists()


def test_a_search_reads_the_index_and_writes_nothing(help_world: Any) -> None:
    state = SearchState.objects.get()
    with CaptureQueriesContext(connection) as queries:
        found = search(query="паспорт забрали", language="ru")
    assert found.hits[0].key == "passport-taken"
    assert all(q["sql"].lstrip().upper().startswith(("SELECT", "WITH")) for q in queries.captured_queries)
    assert len(queries) <= 8
    assert SearchState.objects.get().generation == state.generation


def test_the_index_holds_only_public_content(help_world: Any) -> None:
    import uuid

    from korgoo.agencies.services import agency_report_link

    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Жашыруун Ортомчу")
    hits = search(query="Жашыруун Ортомчу", language="ky").hits
    assert not [hit for hit in hits if hit.kind == "agency" or "Жашыруун" in hit.title]
    assert not SearchDocument.objects.filter(title__icontains="Ортомчу").exists()
    ArticleTranslation.objects.update(status=TranslationStatus.DRAFT)
    search_index_update(
        kind="article", keys=list(ArticleTranslation.objects.values_list("article__slug", flat=True))
    )
    assert not SearchDocument.objects.filter(kind="article").exists()
    assert Client().get("/ky/rights/").status_code == 200


@pytest.mark.postgres_only
def test_vocabulary_lookups_never_take_the_trigram_index_even_with_stale_statistics() -> None:
    """An import looks up thousands of terms at once. With statistics taken while the vocabulary was
    empty, PostgreSQL once answered that from the trigram index: 15 s for one import step."""
    from korgoo.knowledge.tests.conftest import load_articles

    SearchTerm.objects.bulk_create(SearchTerm(term=f"gone{n}", documents=1) for n in range(2000))
    SearchTerm.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchterm")  # the statistics of an emptied vocabulary
    load_articles(index=True)
    terms = list(SearchTerm.objects.values_list("term", flat=True)[:3000])
    assert len(terms) == 3000
    query = SearchTerm.objects.filter(term__in=terms)
    with connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_term_trigram" not in plan, plan
