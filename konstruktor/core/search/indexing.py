"""Writes of the search index: one document per object, one posting per (document, term).

A posting's weight is the term's BM25 impact summed over the document's fields, each field
saturated on its own and multiplied by its weight, so a word in the title outweighs the same
word repeated in the body. Query time only multiplies these weights by the terms' IDF.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from konstruktor.core.models import SearchDocument, SearchTerm
from konstruktor.core.search.analysis import CONCEPT_PREFIX, Analyzer
from konstruktor.core.search.vocabulary import current_analyzer

K1 = 1.2


@dataclass(frozen=True)
class FieldWeight:
    weight: float
    b: float
    average_length: float


# title ≫ keywords (tags, legal basis) > body
FIELDS: dict[str, FieldWeight] = {
    "title": FieldWeight(weight=6.0, b=0.5, average_length=8.0),
    "keywords": FieldWeight(weight=2.5, b=0.5, average_length=15.0),
    "body": FieldWeight(weight=1.0, b=0.75, average_length=300.0),
}


@dataclass(frozen=True)
class DocumentSpec:
    """What a module tells the index about one object."""

    kind: str
    title: str
    url: str
    body: str = ""
    keywords: str = ""
    category: str = ""
    status: str = ""
    region: int | None = None
    public: bool = True
    facets: dict[str, Any] = field(default_factory=dict)


def term_weights(analyzer: Analyzer, *, title: str, keywords: str, body: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for name, text in (("title", title), ("keywords", keywords), ("body", body)):
        if not text:
            continue
        tokens = analyzer.tokens(text)
        length = sum(1 for t in tokens if not t.term.startswith(CONCEPT_PREFIX)) or 1
        spec = FIELDS[name]
        norm = 1 - spec.b + spec.b * length / spec.average_length
        for term, count in Counter(t.term for t in tokens).items():
            tf = count / norm
            weights[term] = weights.get(term, 0.0) + spec.weight * tf * (K1 + 1) / (tf + K1)
    return weights


def _document_fields(spec: DocumentSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "title": spec.title[:500],
        "keywords": spec.keywords,
        "body": spec.body,
        "url": spec.url[:500],
        "category": spec.category[:100],
        "status": spec.status[:32],
        "region": spec.region,
        "public": spec.public,
        "facets": spec.facets,
        "updated_at": timezone.now(),
    }


def _postings(analyzer: Analyzer, document: SearchDocument) -> list[SearchTerm]:
    weights = term_weights(analyzer, title=document.title, keywords=document.keywords, body=document.body)
    return [SearchTerm(document=document, term=term, weight=round(w, 5)) for term, w in weights.items()]


def index_update(obj: Model, spec: DocumentSpec) -> None:
    """Put the object into the index, or refresh it there."""
    analyzer = current_analyzer()
    with transaction.atomic():
        document, _ = SearchDocument.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, defaults=_document_fields(spec)
        )
        SearchTerm.objects.filter(document=document).delete()
        SearchTerm.objects.bulk_create(_postings(analyzer, document), batch_size=1000)


def index_remove(obj: Model) -> None:
    """Take the object out of the index (nothing happens if it was not there)."""
    with transaction.atomic():
        documents = SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        SearchTerm.objects.filter(document__in=documents).delete()
        documents.delete()


def index_remove_many(model: type[Model], object_ids: Iterable[int]) -> int:
    """Take many objects of one model out of the index; returns how many documents went."""
    with transaction.atomic():
        documents = SearchDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(object_ids)
        )
        SearchTerm.objects.filter(document__in=documents).delete()
        return documents.delete()[0]


def index_bulk(items: Iterable[tuple[Model, DocumentSpec]], *, batch_size: int = 200) -> int:
    """Index many objects at once (a rebuild, a benchmark); returns how many were indexed."""
    analyzer = current_analyzer()
    count = 0
    batch: list[tuple[Model, DocumentSpec]] = []

    def flush() -> None:
        by_type: dict[int, list[tuple[Model, DocumentSpec]]] = {}
        for obj, spec in batch:
            by_type.setdefault(ContentType.objects.get_for_model(obj).pk, []).append((obj, spec))
        with transaction.atomic():
            for type_id, pairs in by_type.items():
                ids = [obj.pk for obj, _ in pairs]
                stale = SearchDocument.objects.filter(content_type_id=type_id, object_id__in=ids)
                SearchTerm.objects.filter(document__in=stale).delete()
                stale.delete()
                documents = SearchDocument.objects.bulk_create(
                    [
                        SearchDocument(content_type_id=type_id, object_id=obj.pk, **_document_fields(spec))
                        for obj, spec in pairs
                    ]
                )
                if any(d.pk is None for d in documents):  # backends without RETURNING
                    by_object = dict(
                        SearchDocument.objects.filter(content_type_id=type_id, object_id__in=ids).values_list(
                            "object_id", "pk"
                        )
                    )
                    for d in documents:
                        d.pk = by_object[d.object_id]
                postings = [p for d in documents for p in _postings(analyzer, d)]
                SearchTerm.objects.bulk_create(postings, batch_size=2000)

    with _large_sqlite_cache():
        for item in items:
            batch.append(item)
            count += 1
            if len(batch) >= batch_size:
                flush()
                batch = []
        if batch:
            flush()
    return count


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """SQLite's default 2 MB page cache makes a bulk insert into the term index thrash the disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def index_reanalyze(*, terms: set[str] | None = None) -> int:
    """Re-run the analysis of stored documents (after the synonyms changed).

    Only documents holding one of `terms` are touched when it is given; returns their number.
    """
    analyzer = current_analyzer()
    documents = SearchDocument.objects.all()
    if terms is not None:
        documents = documents.filter(pk__in=SearchTerm.objects.filter(term__in=terms).values("document_id"))
    count = 0
    with transaction.atomic():
        for document in documents.iterator(chunk_size=200):
            SearchTerm.objects.filter(document=document).delete()
            SearchTerm.objects.bulk_create(_postings(analyzer, document), batch_size=1000)
            count += 1
        # The vocabulary fingerprint follows updated_at: touch what changed.
        documents.update(updated_at=timezone.now())
    return count


def indexed_object_ids(*, kind: str) -> list[int]:
    """Ids of the objects of a kind that are in the index (to find what a rebuild misses)."""
    return list(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
