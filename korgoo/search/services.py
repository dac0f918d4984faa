"""Keeping the search index: documents are rebuilt for exactly what changed, when it changes.

The help apps call `directory.indexing.content_changed` from their services, inside their
transactions; `on_content_changed` (registered in `SearchConfig.ready`) rebuilds the documents of
those objects here, so the index always matches the content and a search never rebuilds anything.
`search_index_rebuild` starts over (after a restore, or to change the analysis).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import translation

from korgoo.agencies.choices import DESTINATIONS
from korgoo.agencies.models import Agency
from korgoo.core.i18n import HELP_LANGUAGES
from korgoo.core.indexing import ContentKind
from korgoo.directory import selectors as directory
from korgoo.knowledge import selectors as knowledge
from korgoo.knowledge.choices import ArticleCountry, Topic

from .analysis import index_terms
from .backends import get_backend
from .models import DocumentKind, SearchDocument, SearchState, SearchTerm

TITLE_WEIGHT = 3


def _document(
    kind: str,
    key: str,
    language: str,
    title: str,
    snippet: str,
    title_terms: list[str],
    body_terms: list[str],
    country: str = "",
) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        key=key,
        language=language,
        title=title[:300],
        snippet=snippet[:400],
        country=country,
        title_terms=" ".join(title_terms),
        body_terms=" ".join(body_terms),
        length=TITLE_WEIGHT * len(title_terms) + len(body_terms),
    )


def article_documents(slugs: list[str] | None) -> list[SearchDocument]:
    """One document per published translation."""
    documents = []
    for article in knowledge.articles_for_index(slugs=slugs):
        for text in article.published_full:  # type: ignore[attr-defined]
            with translation.override(text.language):
                labels = f"{Topic(article.topic).label if article.topic in Topic.values else ''} {ArticleCountry(article.country).label}"
            documents.append(
                _document(
                    DocumentKind.ARTICLE,
                    article.slug,
                    text.language,
                    text.title,
                    text.summary,
                    index_terms(text.title, text.language),
                    index_terms(f"{text.summary}\n{text.body}\n{labels}", text.language),
                    country=article.country,
                )
            )
    return documents


def place_documents(keys: list[str] | None) -> list[SearchDocument]:
    """One document per active place and language, as a reader of that language sees the place."""
    places = directory.place_queryset()
    if keys is not None:
        places = places.filter(key__in=keys)
    documents = []
    for place in places:
        for language in HELP_LANGUAGES:
            with translation.override(language):  # labels (kind, country) in the document's language
                card = directory.card(place, language)
                snippet = " · ".join(filter(None, [card.kind_label, card.city_name, card.country_label]))
                extra = [
                    card.kind_label,
                    card.city_name,
                    card.country_label,
                    *(name for _code, name in card.services),
                    str(translation.gettext("Woman lawyer or caseworker")) if card.woman_available else "",
                    str(translation.gettext("Free of charge")) if card.free_of_charge else "",
                ]
            body = " ".join([*extra, card.address, card.hours])
            documents.append(
                _document(
                    DocumentKind.PLACE,
                    place.key,
                    language,
                    card.name.value,
                    snippet,
                    # A place is known by its name and its city («консулдук Екатеринбург»).
                    index_terms(f"{card.name.value} {card.city_name}", "", names=True),
                    index_terms(body, ""),
                    country=place.country,
                )
            )
    return documents


def agency_documents(ids: list[str] | None) -> list[SearchDocument]:
    """One document per agency of the registry (names are not translated)."""
    agencies = Agency.objects.filter(in_registry=True, hidden=False)
    if ids is not None:
        agencies = agencies.filter(pk__in=ids)
    documents = []
    for agency in agencies:
        names = f"{agency.name} {agency.name_latin}"
        destinations = []
        for language in HELP_LANGUAGES:
            with translation.override(language):
                destinations += [str(DESTINATIONS.get(code, code)) for code in agency.destination_countries]
        body = " ".join([agency.address, agency.permit_number, *destinations])
        documents.append(
            _document(
                DocumentKind.AGENCY,
                str(agency.pk),
                "",
                agency.name,
                agency.permit_number,
                index_terms(names, "", names=True),
                index_terms(body, "", names=True),
            )
        )
    return documents


_BUILDERS = {
    DocumentKind.ARTICLE: article_documents,
    DocumentKind.PLACE: place_documents,
    DocumentKind.AGENCY: agency_documents,
}


def _term_sets(documents: Iterable[Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(set(document.title_terms.split()) | set(document.body_terms.split()))
    return counts


def _update_vocabulary(added: Counter[str], removed: Counter[str]) -> None:
    change = Counter(added)
    change.subtract(removed)
    change = Counter({term: n for term, n in change.items() if n and len(term) <= 120})
    if not change:
        return
    existing = {t.term: t for t in SearchTerm.objects.filter(term__in=list(change))}
    new: list[SearchTerm] = []
    changed: list[SearchTerm] = []
    gone: list[SearchTerm] = []
    for term, delta in change.items():
        row = existing.get(term)
        if row is None:
            if delta > 0:
                new.append(SearchTerm(term=term, documents=delta))
            continue
        row.documents = max(0, row.documents + delta)
        (gone if row.documents == 0 else changed).append(row)
    SearchTerm.objects.bulk_create(new, batch_size=1000)
    SearchTerm.objects.bulk_update(changed, ["documents"], batch_size=1000)
    SearchTerm.objects.filter(pk__in=[row.pk for row in gone]).delete()


def _touch_state() -> None:
    state, _created = SearchState.objects.select_for_update().get_or_create(pk=1)
    totals = SearchDocument.objects.aggregate(n=Count("id"), average=Avg("length"))
    state.generation += 1
    state.documents = totals["n"] or 0
    state.average_length = float(totals["average"] or 1.0)
    state.save()


@transaction.atomic
def search_index_update(*, kind: str, keys: list[str]) -> int:
    """Rebuild the documents of these objects (removing those of objects gone or hidden)."""
    backend = get_backend()
    old = list(SearchDocument.objects.filter(kind=kind, key__in=keys).only("id", "title_terms", "body_terms"))
    backend.forget(d.pk for d in old)
    SearchDocument.objects.filter(pk__in=[d.pk for d in old]).delete()
    documents = _BUILDERS[DocumentKind(kind)](keys)
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    saved = list(SearchDocument.objects.filter(kind=kind, key__in=keys))
    backend.store(saved)
    _update_vocabulary(_term_sets(saved), _term_sets(old))
    _touch_state()
    return len(saved)


@transaction.atomic
def search_index_rebuild() -> int:
    """Index all help content again, from nothing."""
    backend = get_backend()
    backend.clear()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    documents = [*article_documents(None), *place_documents(None), *agency_documents(None)]
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    saved = list(SearchDocument.objects.all())
    backend.store(saved)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, documents=n) for t, n in _term_sets(saved).items() if len(t) <= 120],
        batch_size=2000,
    )
    _touch_state()
    return len(saved)


_KINDS = {
    ContentKind.ARTICLE: DocumentKind.ARTICLE,
    ContentKind.PLACE: DocumentKind.PLACE,
    ContentKind.AGENCY: DocumentKind.AGENCY,
}


def on_content_changed(kind: ContentKind, keys: list[str]) -> None:
    """The listener the help apps call (see `directory.indexing`)."""
    target = _KINDS.get(kind)
    if target is not None:
        search_index_update(kind=target, keys=keys)
