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
# Compiled filters kept per index state (see _filter); a handful in practice.
FILTER_CACHE_SIZE = 256
# Up to how many left-out documents a filter becomes a NOT IN list on SQLite (see _filter).
EXCLUDED_INLINE = 1000


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


@dataclass(frozen=True)
class _Filter:
    """A filter compiled once per index state: its condition on document_id and how many
    documents it allows."""

    sql: str  # "IN (SELECT id …)" or "NOT IN (1, 2, …)"
    params: tuple[Any, ...]
    allowed: int


def _filter_key(
    kinds: Sequence[str] | None, filters: dict[str, Any] | None, public_only: bool, within: QuerySet[Any] | None
) -> str:
    items: list[tuple[str, Any]] = [("", within.query.sql_with_params())] if within is not None else []
    for key, value in sorted((filters or {}).items()):
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple | set | frozenset):
            value = tuple(sorted(value, key=repr))
        items.append((key, value))
    return repr((tuple(kinds or ()), bool(public_only), tuple(items)))


def _filter(
    vocabulary: Vocabulary,
    *,
    kinds: Sequence[str] | None,
    filters: dict[str, Any] | None,
    public_only: bool,
    within: QuerySet[Any] | None = None,
) -> _Filter | None:
    """The compiled filter, cached on the vocabulary (so it lives exactly as long as the index
    state it counted); None when the filter keeps every indexed document and can be left out.

    A `within` queryset reads a module's own tables, which the index fingerprint does not follow:
    its filter is never left out (its count only sizes the postings read per term).
    """
    key = _filter_key(kinds, filters, public_only, within)
    if key not in vocabulary.allowed:
        documents = _documents(kinds=kinds, filters=filters, public_only=public_only, within=within)
        compiled = None
        if documents is not None:
            allowed = documents.count()
            excluded = vocabulary.documents - allowed
            if within is None and connection.vendor == "sqlite" and 0 < excluded <= EXCLUDED_INLINE:
                # SQLite gathers a subquery's every id on each search; the few ids the filter
                # leaves out make a shorter list (PostgreSQL plans the subquery better as it is).
                ids = SearchDocument.objects.exclude(pk__in=documents.values("id")).values_list("id", flat=True)
                if ids:
                    compiled = _Filter(f"NOT IN ({', '.join(str(int(pk)) for pk in sorted(ids))})", (), allowed)
            elif excluded or within is not None:
                subquery, params = documents.values("id").query.sql_with_params()
                compiled = _Filter(f"IN ({subquery})", tuple(params), allowed)
        if len(vocabulary.allowed) >= FILTER_CACHE_SIZE:
            vocabulary.allowed.clear()
        vocabulary.allowed[key] = compiled
    return vocabulary.allowed[key]


_PAGE_COLUMNS = ("object_id", "kind", "title", "url", "body", "category")


def _ranked(
    plan: _Plan,
    selected: _Filter | None,
    vocabulary: Vocabulary,
    *,
    limit: int,
    offset: int,
    page_columns: Sequence[str] = _PAGE_COLUMNS,
) -> list[tuple[Any, ...]]:
    """(document id, raw score, number of matching documents, *_PAGE_COLUMNS) of one page, best first.

    One statement: an aggregate over the postings of the query's terms, Σ weight × IDF × query
    weight, times the number of query terms matched (a plain count, so PostgreSQL can hash the
    groups), then the page's own documents joined by primary key. Each term contributes its
    highest-impact postings only (read in weight order from the covering (term, weight, document)
    index, so a very common term costs no more than a rare one); the cut widens when filters
    leave few documents, and never bites on a handbook of a few hundred articles.
    """
    filter_sql = ""
    filter_params: list[Any] = []
    allowed = vocabulary.documents
    if selected is not None:
        if not selected.allowed:
            return []
        allowed = selected.allowed
        filter_sql = f"WHERE document_id {selected.sql}"
        filter_params = list(selected.params)
    per_term = math.ceil(POSTINGS_PER_TERM * max(1.0, vocabulary.documents / max(allowed, 1)))
    quote = connection.ops.quote_name
    terms_table, documents_table = quote(SearchTerm._meta.db_table), quote(SearchDocument._meta.db_table)
    arms: list[str] = []
    params: list[Any] = []
    for i, (term, weight) in enumerate(plan.weights.items()):
        arms.append(
            f"SELECT document_id, weight * CAST(%s AS DOUBLE PRECISION) AS w "
            f"FROM (SELECT document_id, weight FROM {terms_table} "
            f"WHERE term = %s ORDER BY weight DESC LIMIT {per_term}) AS p{i}"
        )
        params.extend([weight, term])
    params.extend(filter_params)
    columns = ", ".join(f"d.{quote(name)}" for name in page_columns)
    sql = f"""
        WITH hits AS ({" UNION ALL ".join(arms)}),
        scored AS (
            SELECT document_id, SUM(w) AS bm25, COUNT(*) AS matched FROM hits GROUP BY document_id
        ),
        page AS (
            SELECT document_id, score, total FROM (
                SELECT document_id, bm25 * (matched + CAST({COVERAGE_FLOOR} AS DOUBLE PRECISION)) AS score,
                       COUNT(*) OVER () AS total
                FROM scored
                {filter_sql}
            ) ranked
            ORDER BY score DESC, document_id
            LIMIT %s OFFSET %s
        )
        SELECT page.document_id, page.score, page.total, {columns}
        FROM page JOIN {documents_table} d ON d.id = page.document_id
        ORDER BY page.score DESC, page.document_id
    """
    params.extend([limit, offset])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


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
    selected = _filter(vocabulary, kinds=kinds, filters=filters, public_only=public_only, within=within)
    object_ids: list[int] = []
    matched = 0
    if collect_ids:
        rows, object_ids, matched = _ranked_with_ids(
            plan, selected, vocabulary, limit=limit, offset=offset, cap=collect_ids
        )
    else:
        rows = _ranked(plan, selected, vocabulary, limit=limit, offset=offset)
    if rows:
        total = int(rows[0][2])
    elif collect_ids:
        total = matched
    elif offset and (selected is None or selected.allowed):
        total = _total(plan, _documents(kinds=kinds, filters=filters, public_only=public_only, within=within))
    else:
        total = 0
    scale = plan.units + COVERAGE_FLOOR
    prefixes = analyzer.prefixes(plan.highlight)
    results = [_hit(row, float(row[1]) / scale, analyzer, plan.highlight, prefixes) for row in rows]
    return SearchPage(results=results, total=total, corrections=plan.corrections, object_ids=object_ids)


def _ranked_with_ids(
    plan: _Plan, selected: _Filter | None, vocabulary: Vocabulary, *, limit: int, offset: int, cap: int
) -> tuple[list[tuple[Any, ...]], list[int], int]:
    """The page's rows as _ranked gives them, the object ids of up to `cap` matches and their
    total (one ranking: ids only, then the page's own documents by primary key)."""
    ranked = _ranked(plan, selected, vocabulary, limit=max(cap, offset + limit), offset=0, page_columns=("object_id",))
    page = ranked[offset : offset + limit]
    found = {
        row[0]: row[1:]
        for row in SearchDocument.objects.filter(pk__in=[row[0] for row in page]).values_list("pk", *_PAGE_COLUMNS)
    }
    rows = [(*row[:3], *found[row[0]]) for row in page if row[0] in found]
    return rows, [int(row[3]) for row in ranked[:cap]], int(ranked[0][2]) if ranked else 0


def _hit(row: tuple[Any, ...], score: float, analyzer: Any, terms: set[str], prefixes: tuple[str, ...]) -> Hit:
    object_id, kind, title, url, body, category = row[3:]
    return Hit(
        object_id=int(object_id),
        kind=kind,
        title=title,
        url=url,
        snippet=snippet(body, analyzer, terms, prefixes=prefixes),
        score=round(score, 4),
        title_html=highlight_terms(title, analyzer, terms),
        category=category,
    )


def search_terms(query: str) -> Iterable[str]:
    """The index terms a query looks for (for debugging and tests)."""
    analyzer, vocabulary = current_state()
    return sorted(_plan(analyzer.query(query), vocabulary).weights)
