"""Reads of the search index: ranked, filtered, paged hits with highlighted snippets.

Scoring happens in one aggregate query over the postings of the query's terms, so SQLite and
PostgreSQL rank the same way: score = Σ weight(document, term) × IDF(term) × query weight,
multiplied by the share of the query's units the document matches.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet

from konstruktor.core.models import SearchDocument, SearchTerm
from konstruktor.core.search.analysis import QueryUnit
from konstruktor.core.search.snippets import highlight_terms, snippet
from konstruktor.core.search.vocabulary import Vocabulary, current_state

MAX_UNITS = 12
TYPO_WEIGHT = 0.7
# How much a document loses for each query unit it does not match (see _rank).
COVERAGE_FLOOR = 0.3
# How many postings of one term are scored at most (the highest-impact ones; see _ranked).
POSTINGS_PER_TERM = 500
DOCUMENT_FILTERS = ("category", "status", "region", "public")


@dataclass(frozen=True)
class Hit:
    object_id: int
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    title_html: str = ""
    category: str = ""


@dataclass(frozen=True)
class SearchPage:
    results: list[Hit]
    total: int
    # Misspelt words and what was searched instead: [("рестр", "реестр")].
    corrections: list[tuple[str, str]] = field(default_factory=list)
    # With search(collect_ids=N): the ids of up to N matching objects, best first.
    object_ids: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass(frozen=True)
class _Plan:
    weights: dict[str, float]
    unit_of: dict[str, int]
    units: int
    highlight: set[str]
    corrections: list[tuple[str, str]]


def _plan(units: list[QueryUnit], vocabulary: Vocabulary) -> _Plan:
    weights: dict[str, float] = {}
    unit_of: dict[str, int] = {}
    corrections: list[tuple[str, str]] = []
    kept: list[list[tuple[str, float]]] = []
    for unit in units:
        terms = [(t, w) for t, w in unit.terms if t in vocabulary.df]
        if not terms and not unit.is_concept and unit.lookup_word:
            fixes = vocabulary.corrections(unit.lookup_word, unit.terms[0][0])
            terms = [(fix, TYPO_WEIGHT) for fix in fixes]
            if fixes:
                corrections.append((unit.label, fixes[0]))
        if terms:
            kept.append(terms)
    # A long question (a consultation text) keeps its most telling units.
    kept.sort(key=lambda terms: -max(vocabulary.idf(t) for t, _ in terms))
    for index, terms in enumerate(kept[:MAX_UNITS]):
        for term, weight in terms:
            value = weight * vocabulary.idf(term)
            if value > weights.get(term, 0.0):
                weights[term] = value
                unit_of[term] = index
    return _Plan(weights, unit_of, min(len(kept), MAX_UNITS), set(weights), corrections)


def _documents(
    *,
    kinds: Sequence[str] | None,
    filters: dict[str, Any] | None,
    public_only: bool,
    within: QuerySet[Any] | None = None,
) -> QuerySet[SearchDocument] | None:
    """The documents the filters allow, or None when everything is allowed."""
    condition = Q()
    if within is not None:
        # Object ids mean something per model; naming it also lets the (type, object) index serve.
        condition &= Q(content_type=ContentType.objects.get_for_model(within.model), object_id__in=within)
    if kinds:
        condition &= Q(kind__in=list(kinds))
    if public_only:
        condition &= Q(public=True)
    for key, value in (filters or {}).items():
        if value is None or value == "":
            continue
        path = key if key in DOCUMENT_FILTERS else f"facets__{key}"
        if isinstance(value, list | tuple | set | frozenset):
            condition &= Q(**{f"{path}__in": list(value)})
        else:
            condition &= Q(**{path: value})
    return SearchDocument.objects.filter(condition) if condition else None


def _ranked(
    plan: _Plan, documents: QuerySet[SearchDocument] | None, vocabulary: Vocabulary, *, limit: int, offset: int
) -> list[tuple[Any, ...]]:
    """(document id, raw score, number of matching documents) of one page, best first.

    One aggregate over the postings of the query's terms: Σ weight × IDF × query weight, times
    the number of query terms matched (a plain count, so PostgreSQL can hash the groups). Each term contributes its highest-impact postings only
    (read in weight order from the covering index, so a very common term costs no more than a
    rare one); the cut widens when filters leave few documents, and never bites on a handbook of
    a few hundred articles.
    """
    allowed = vocabulary.documents
    filter_sql = ""
    filter_params: list[Any] = []
    if documents is not None:
        subquery, sub_params = documents.values("id").query.sql_with_params()
        filter_params = list(sub_params)
        filter_sql = f"WHERE document_id IN ({subquery})"
        key = f"{subquery} {filter_params!r}"
        if key not in vocabulary.allowed:
            vocabulary.allowed[key] = documents.count()
        allowed = vocabulary.allowed[key]
        if not allowed:
            return []
    per_term = math.ceil(POSTINGS_PER_TERM * max(1.0, vocabulary.documents / allowed))
    arms: list[str] = []
    params: list[Any] = []
    for i, (term, weight) in enumerate(plan.weights.items()):
        arms.append(
            f"SELECT document_id, weight * CAST(%s AS DOUBLE PRECISION) AS w, {int(plan.unit_of[term])} AS unit "
            f"FROM (SELECT document_id, weight FROM {SearchTerm._meta.db_table} "
            f"WHERE term = %s ORDER BY weight DESC LIMIT {per_term}) AS p{i}"
        )
        params.extend([weight, term])
    params.extend(filter_params)
    sql = f"""
        WITH hits AS ({" UNION ALL ".join(arms)}),
        scored AS (
            SELECT document_id, SUM(w) AS bm25, COUNT(*) AS matched FROM hits GROUP BY document_id
        )
        SELECT document_id, score, total FROM (
            SELECT document_id, bm25 * (matched + CAST({COVERAGE_FLOOR} AS DOUBLE PRECISION)) AS score,
                   COUNT(*) OVER () AS total
            FROM scored
            {filter_sql}
        ) ranked
        ORDER BY score DESC, document_id
        LIMIT %s OFFSET %s
    """
    params.extend([limit, offset])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _object_ids(document_ids: list[int], chunk: int = 2000) -> dict[int, int]:
    """Document id → object id, in plain SQL: thousands of ids through the ORM's `__in` cost
    more than the ranking itself."""
    found: dict[int, int] = {}
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(document_ids), chunk):
            part = [int(i) for i in document_ids[start : start + chunk]]
            cursor.execute(f"SELECT id, object_id FROM {table} WHERE id IN ({', '.join(map(str, part))})")
            found.update((int(d), int(o)) for d, o in cursor.fetchall())
    return found


def _total(plan: _Plan, documents: QuerySet[SearchDocument] | None) -> int:
    """The number of matching documents when the page itself came back empty (past the end)."""
    postings = SearchTerm.objects.filter(term__in=list(plan.weights))
    if documents is not None:
        postings = postings.filter(document__in=documents)
    return postings.values("document_id").distinct().count()


def search(
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    filters: dict[str, Any] | None = None,
    public_only: bool = False,
    within: QuerySet[Any] | None = None,
    limit: int = 10,
    offset: int = 0,
    collect_ids: int = 0,
) -> SearchPage:
    """Search the index.

    `filters` keys: category, status, region, public (columns) or any facet key; a list value
    means «any of». `public_only` keeps documents open to everyone. `within` (a queryset of
    object ids, e.g. a module's own filtered `values("pk")`) keeps those objects only, for
    filters the facets cannot express. `collect_ids=N` also returns the ids of up to N
    matching objects, best first, in `object_ids` (a catalog counts its facets over them).
    """
    analyzer, vocabulary = current_state()
    plan = _plan(analyzer.query(query), vocabulary)
    if not plan.weights:
        return SearchPage(results=[], total=0, corrections=plan.corrections)
    documents = _documents(kinds=kinds, filters=filters, public_only=public_only, within=within)
    object_ids: list[int] = []
    if collect_ids:
        ranked = _ranked(plan, documents, vocabulary, limit=max(collect_ids, offset + limit), offset=0)
        object_of = _object_ids([row[0] for row in ranked[:collect_ids]])
        object_ids = [object_of[row[0]] for row in ranked[:collect_ids] if row[0] in object_of]
        total = int(ranked[0][2]) if ranked else 0
        rows = ranked[offset : offset + limit]
    else:
        rows = _ranked(plan, documents, vocabulary, limit=limit, offset=offset)
        total = int(rows[0][2]) if rows else (_total(plan, documents) if offset else 0)
    found = SearchDocument.objects.in_bulk([row[0] for row in rows])
    scale = plan.units + COVERAGE_FLOOR
    prefixes = analyzer.prefixes(plan.highlight)
    results = [
        _hit(found[row[0]], float(row[1]) / scale, analyzer, plan.highlight, prefixes)
        for row in rows
        if row[0] in found
    ]
    return SearchPage(results=results, total=total, corrections=plan.corrections, object_ids=object_ids)


def _hit(document: SearchDocument, score: float, analyzer: Any, terms: set[str], prefixes: tuple[str, ...]) -> Hit:
    return Hit(
        object_id=document.object_id,
        kind=document.kind,
        title=document.title,
        url=document.url,
        snippet=snippet(document.body, analyzer, terms, prefixes=prefixes),
        score=round(score, 4),
        title_html=highlight_terms(document.title, analyzer, terms),
        category=document.category,
    )


def search_terms(query: str) -> Iterable[str]:
    """The index terms a query looks for (for debugging and tests)."""
    analyzer, vocabulary = current_state()
    return sorted(_plan(analyzer.query(query), vocabulary).weights)
