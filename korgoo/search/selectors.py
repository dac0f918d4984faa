"""Search across the help content: articles, places of help and the agency registry, in Kyrgyz,
Russian and English, with one interface whatever the database.

1. The query is analysed like the content (`analysis.query_words`): each word stands for a few
   terms — itself, its Russian dictionary form, its Kyrgyz stem (matched as the start of indexed
   terms), its Cyrillic reading when typed in Latin letters.
2. A word the index does not know is probably mistyped: the closest words of the vocabulary take its
   place (rapidfuzz, after pg_trgm on PostgreSQL). Synonyms add the other words of their group.
3. The engine (`backends`) finds the documents holding any of these terms.
4. They are ranked here, the same way on both databases: BM25 over the terms, the title counting
   three times, scaled by how many of the query's words matched. The best document of each article,
   place or agency stands for it, shown in the reader's language when it has one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from rapidfuzz import fuzz

from korgoo.agencies.models import Agency
from korgoo.core.i18n import normal_language

from .analysis import Alternative, QueryWord, ky_stem, query_words, ru_known, ru_lemma, synonym_groups
from .backends import get_backend
from .models import DocumentKind, SearchDocument, SearchState, SearchTerm

CANDIDATES = 200
K1 = 1.2
B = 0.6
TITLE_WEIGHT = 3
KIND_ORDER = {DocumentKind.ARTICLE: 0, DocumentKind.PLACE: 1, DocumentKind.AGENCY: 2}


@dataclass
class Hit:
    kind: str
    key: str
    title: str
    snippet: str
    language: str
    score: float
    url: str = ""
    verdict: str = ""
    valid_until: Any = None


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    corrected: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)


def _expand(
    words: list[QueryWord], state: SearchState
) -> tuple[dict[tuple[str, bool], int], list[tuple[str, str]]]:
    """Document frequencies of every alternative; mistyped words replaced by close words of the
    vocabulary; synonyms added. Returns ({(term, prefix): df}, corrections)."""
    backend = get_backend()
    for word in words:
        groups = synonym_groups()
        for alternative in list(word.alternatives):
            if alternative.prefix:
                continue
            for other in groups.get(alternative.term, ()):
                word.alternatives.append(Alternative(other, 0.7))
                if ru_known(other):
                    word.alternatives.append(Alternative(ru_lemma(other), 0.66))
                stem = ky_stem(other)
                word.alternatives.append(Alternative(stem, 0.63, prefix=len(stem) >= 4))
    exact = {a.term for w in words for a in w.alternatives if not a.prefix}
    prefixes = {a.term for w in words for a in w.alternatives if a.prefix}
    condition = Q(term__in=exact)
    for prefix in prefixes:
        condition |= Q(term__startswith=prefix)
    vocabulary = dict(SearchTerm.objects.filter(condition).values_list("term", "documents"))
    df: dict[tuple[str, bool], int] = {}
    for term in exact:
        if term in vocabulary:
            df[(term, False)] = vocabulary[term]
    for prefix in prefixes:
        # The documents holding any word with this start: at least as many as hold its most common
        # word, and usually not many more (the words are forms of one stem, found together).
        most = max((n for term, n in vocabulary.items() if term.startswith(prefix)), default=0)
        if most:
            df[(prefix, True)] = min(most, max(state.documents, 1))
    corrections: list[tuple[str, str]] = []
    for word in words:
        if any((a.term, a.prefix) in df for a in word.alternatives if a.weight >= 0.75):
            continue
        if len(word.word) < 5:
            continue
        readings = {a.term for a in word.alternatives if not a.prefix and a.weight >= 0.8}
        best: list[tuple[float, str]] = []
        for reading in readings:
            # Short words need to be closer: one wrong letter in five is already a lot.
            needed = 88 if len(reading) <= 5 else 84 if len(reading) <= 7 else 80
            for term in backend.similar_terms(reading, 8, state.generation):
                score = fuzz.ratio(reading, term)
                if score >= needed:
                    best.append((score, term))
        best.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen = list(dict.fromkeys(term for _score, term in best))[:3]
        if not chosen:
            continue
        extra = dict(SearchTerm.objects.filter(term__in=chosen).values_list("term", "documents"))
        for score, term in best:
            if term in chosen and (term, False) not in df and term in extra:
                df[(term, False)] = extra[term]
                word.alternatives.append(Alternative(term, 0.8 * score / 100))
        corrections.append((word.word, chosen[0]))
    return df, corrections


def _idf(n: int, total: int) -> float:
    return math.log(1 + (total - n + 0.5) / (n + 0.5))


def _word_weight(word: QueryWord, df: dict[tuple[str, bool], int], state: SearchState) -> float:
    """How much a word of the query tells: the rarest of its terms in the index (0 if none is)."""
    found = [df[(a.term, a.prefix)] for a in word.alternatives if (a.term, a.prefix) in df]
    return _idf(min(found), state.documents) if found else 0.0


def _word_scores(
    document: SearchDocument, words: list[QueryWord], df: dict[tuple[str, bool], int], state: SearchState
) -> list[tuple[float, bool]]:
    """For each word of the query: its best BM25 value in the document (the title counting three
    times), and whether that was in the title."""
    title = f" {document.title_terms} "
    body = f" {document.body_terms} "
    norm = K1 * (1 - B + B * document.length / max(state.average_length, 1.0))
    out = []
    for word in words:
        best, best_title = 0.0, False
        for alternative in word.alternatives:
            n = df.get((alternative.term, alternative.prefix))
            if not n:
                continue
            needle = f" {alternative.term}" if alternative.prefix else f" {alternative.term} "
            tf_title, tf_body = title.count(needle), body.count(needle)
            if not (tf_title or tf_body):
                continue
            tf = TITLE_WEIGHT * tf_title + tf_body
            value = alternative.weight * _idf(n, state.documents) * tf * (K1 + 1) / (tf + norm)
            if value > best:
                best, best_title = value, tf_title > 0
        out.append((best, best_title))
    return out


def _combine(per_word: list[tuple[float, bool]], weights: list[float]) -> float:
    """One score from the words' values: their sum, scaled by the share of the query's information
    that matched (a rare word matters more than a common one), more when all are in the title."""
    matched = [
        (value, in_title, weight)
        for (value, in_title), weight in zip(per_word, weights, strict=True)
        if value
    ]
    if not matched:
        return 0.0
    coverage = sum(weight for _v, _t, weight in matched) / (sum(weights) or 1.0)
    total = sum(value for value, _t, _w in matched)
    total *= 0.25 + 0.75 * coverage * coverage
    telling = sum(1 for weight in weights if weight)
    if sum(1 for _v, in_title, _w in matched if in_title) >= telling:
        total *= 1.3  # every telling word is in the title: this is what the worker asked for
    return total


def search(*, query: str, language: str, kinds: list[str] | None = None, limit: int = 20) -> Results:
    """The help content that best answers a worker's query, best first. Public: the index holds
    only published articles, active places and agencies of the registry."""
    language = normal_language(language)
    results = Results(query=" ".join(query.split())[:200])
    words = query_words(results.query)
    if not words:
        return results
    state = SearchState.objects.first()
    if state is None or not state.documents:
        return results
    df, results.corrected = _expand(words, state)
    alternatives = [a for w in words for a in w.alternatives if (a.term, a.prefix) in df]
    ids = get_backend().match(alternatives, CANDIDATES)
    documents = SearchDocument.objects.filter(pk__in=ids)
    if kinds:
        documents = documents.filter(kind__in=kinds)
    weights = [_word_weight(word, df, state) for word in words]
    # An article or a place has a document per language; a worker may mix languages in one query
    # («медкароо манжа изи»), so each word counts with its best value in any of them.
    per_object: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    shown_doc: dict[tuple[str, str], tuple[float, SearchDocument]] = {}
    for document in documents.only(
        "id", "kind", "key", "language", "title", "snippet", "title_terms", "body_terms", "length"
    ):
        values = _word_scores(document, words, df, state)
        pair = (document.kind, document.key)
        if pair in per_object:
            per_object[pair] = [max(old, new) for old, new in zip(per_object[pair], values, strict=True)]
        else:
            per_object[pair] = values
        own = _combine(values, weights) * (1.1 if document.language in (language, "") else 1.0)
        if pair not in shown_doc or own > shown_doc[pair][0]:
            shown_doc[pair] = (own, document)
    best: dict[tuple[str, str], tuple[float, SearchDocument]] = {}
    for found, values in per_object.items():
        score = _combine(values, weights)
        if score > 0:
            best[found] = (score, shown_doc[found][1])
    ranked = sorted(
        best.items(), key=lambda item: (-item[1][0], KIND_ORDER.get(DocumentKind(item[0][0]), 9), item[0][1])
    )[:limit]
    shown = _in_language([pair for pair, _value in ranked], language)
    agencies = _agencies([key for (kind, key), _v in ranked if kind == DocumentKind.AGENCY])
    for (kind, key), (score, document) in ranked:
        document = shown.get((kind, key), document)
        hit = Hit(
            kind=kind,
            key=key,
            title=document.title,
            snippet=document.snippet,
            language=document.language,
            score=round(score, 4),
        )
        if kind == DocumentKind.ARTICLE:
            hit.url = reverse("knowledge:article", args=[key])
        elif kind == DocumentKind.PLACE:
            hit.url = reverse("directory:place", args=[key])
        elif key in agencies:
            agency = agencies[key]
            hit.verdict = agency.verdict(timezone.localdate())
            hit.valid_until = agency.permit_valid_until
        results.hits.append(hit)
    return results


def _in_language(keys: list[tuple[str, str]], language: str) -> dict[tuple[str, str], SearchDocument]:
    """The documents of these objects in the reader's language, where they exist."""
    if not keys:
        return {}
    condition = Q()
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in keys:
        by_kind[kind].append(key)
    for kind, found in by_kind.items():
        condition |= Q(kind=kind, key__in=found)
    rows = SearchDocument.objects.filter(condition, language=language).only(
        "kind", "key", "language", "title", "snippet"
    )
    return {(row.kind, row.key): row for row in rows}


def _agencies(ids: list[str]) -> dict[str, Agency]:
    if not ids:
        return {}
    return {str(a.pk): a for a in Agency.objects.filter(pk__in=ids)}
