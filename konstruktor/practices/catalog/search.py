"""The catalog's answers: a page of published practices with facet counts, and the
passport of one practice (see the package docstring for how counts and search combine)."""

import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from konstruktor.core.search import search
from konstruktor.practices.catalog.snapshot import (
    COST_BANDS,
    FACET_KEYS,
    FACETS,
    CatalogQuery,
    Snapshot,
    bit_positions,
    bits_of,
    labels_current,
    lock,
    snapshot_current,
)
from konstruktor.practices.indexing import SEARCH_KIND
from konstruktor.practices.models import Practice
from konstruktor.practices.queries import CATALOG_Q

# How many ranked hits of a query the counts and the other sort orders look at.
QUERY_HITS = 5000
# Passport texts a list card does not show.
LONG_TEXT = (
    "social_problem",
    "target_group_criteria",
    "logic_model",
    "resources",
    "prior_transfers",
    "decision_explanation",
)


# --- the answer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    help: str
    options: list[FacetOption]

    @property
    def selected(self) -> list[FacetOption]:
        return [o for o in self.options if o.selected]


@dataclass(frozen=True)
class CatalogItem:
    practice: Practice
    title_html: str  # the title with the query's words marked, escaped
    snippet: str  # a passage with the query's words marked, escaped; "" without a query
    # (public code, name) of the regions where it runs, its areas and target groups
    region_refs: list[tuple[str, str]]
    area_refs: list[tuple[str, str]]
    group_refs: list[tuple[str, str]]

    @property
    def regions(self) -> list[str]:
        return [name for _, name in self.region_refs]

    @property
    def areas(self) -> list[str]:
        return [name for _, name in self.area_refs]

    @property
    def target_groups(self) -> list[str]:
        return [name for _, name in self.group_refs]


@dataclass(frozen=True)
class CatalogPage:
    query: CatalogQuery
    items: list[CatalogItem]
    total: int
    facets: list[Facet]
    sort: str
    corrections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def page_number(self) -> int:
        return self.query.offset // self.query.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.limit))


def _internal(snapshot: Snapshot, query: CatalogQuery) -> dict[str, list[Any]]:
    codes = snapshot.labels.by_code
    return {key: [codes[key][c] for c in query.values(key) if c in codes[key]] for key in FACET_KEYS}


def _union(snapshot: Snapshot, key: str, values: Sequence[Any]) -> int:
    result = 0
    for value in values:
        result |= snapshot.masks[key].get(value, 0)
    return result


def catalog_filter_queryset(queryset: QuerySet[Practice], selected: Mapping[str, Sequence[Any]]) -> QuerySet[Practice]:
    """The same filters on the passport tables (internal values: region ids, area ids…)."""
    for key, values in selected.items():
        if not values:
            continue
        if key == "region":
            queryset = queryset.filter(Q(region_id__in=values) | Q(regions__in=values))
        elif key == "area":
            queryset = queryset.filter(areas__in=values)
        elif key == "target_group":
            queryset = queryset.filter(target_groups__in=values)
        elif key == "level":
            queryset = queryset.filter(evidence_level__in=values)
        elif key == "decision":
            queryset = queryset.filter(decision_category__in=values)
        elif key == "cost":
            condition = Q()
            for band in COST_BANDS:
                if band.code in values:
                    condition |= band.condition()
            queryset = queryset.filter(condition)
    return queryset


def _within(snapshot: Snapshot, mask: int | None) -> QuerySet[Any] | None:
    """The practices of a filter as a subquery for core.search: their ids from the snapshot in
    one JSON or array parameter. Cheaper than joining the passport tables again (a cost band
    reads every practice), and exactly what the counts without a query see."""
    if mask is None:
        return None
    ids = [snapshot.ids[p] for p in bit_positions(mask, len(snapshot.ids))]
    if connection.vendor == "postgresql":
        listed = RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    else:
        listed = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return Practice.objects.filter(pk__in=listed).values("pk")


def _rankedbit_positions(snapshot: Snapshot, object_ids: Iterable[int]) -> list[int]:
    position = snapshot.position
    return [position[pk] for pk in object_ids if pk in position]


def _first(order: Sequence[int], mask: int, size: int, offset: int, limit: int) -> list[int]:
    """Positions number offset…offset+limit of `order` that are in `mask`."""
    if mask == (1 << size) - 1:
        return list(order[offset : offset + limit])
    bits = mask.to_bytes(size // 8 + 1, "little")
    found: list[int] = []
    skipped = 0
    for p in order:
        if bits[p >> 3] >> (p & 7) & 1:
            if skipped < offset:
                skipped += 1
                continue
            found.append(p)
            if len(found) >= limit:
                break
    return found


def _facets(snapshot: Snapshot, query: CatalogQuery, bases: Mapping[str, int], matching: int) -> list[Facet]:
    """Each facet's counts over its base (the hits of every other facet's selection); a selected
    value counts over what the page lists, so its count and the total agree."""
    result = []
    for facet in FACETS:
        base = bases[facet.key]
        chosen = set(query.values(facet.key))
        labels = snapshot.labels.by_value[facet.key]
        options = []
        for value, mask in snapshot.masks[facet.key].items():
            if value not in labels:
                continue
            code, label, order = labels[value]
            count = (mask & (matching if code in chosen else base)).bit_count()
            if count or code in chosen:
                options.append((order, FacetOption(code, label, count, code in chosen)))
        if facet.key == "region":
            options.sort(key=lambda pair: (not pair[1].selected, -pair[1].count, pair[0]))
        else:
            options.sort(key=lambda pair: pair[0])
        result.append(Facet(facet.key, facet.title, facet.help, [option for _, option in options]))
    return result


_UNFILTERED_SIZE = 256
_unfiltered: OrderedDict[tuple[Any, ...], list[int]] = OrderedDict()


def _unfiltered_remember(snapshot: Snapshot, text: str, object_ids: list[int]) -> None:
    with lock:
        _unfiltered[(connection.alias, snapshot.version, text)] = object_ids
        while len(_unfiltered) > _UNFILTERED_SIZE:
            _unfiltered.popitem(last=False)


def _unfiltered_hits(snapshot: Snapshot, text: str) -> list[int]:
    """The ranked ids of a query without facet filters, kept for a while: a visitor refining
    the facets of one query costs one ranking per click, not two."""
    key = (connection.alias, snapshot.version, text)
    found = _unfiltered.get(key)
    if found is None:
        found = search(text, kinds=[SEARCH_KIND], public_only=True, limit=0, collect_ids=QUERY_HITS).object_ids
        _unfiltered_remember(snapshot, text, found)
    return found


def catalog_search(query: CatalogQuery) -> CatalogPage:
    """One page of the catalog with its facet counts (see the package docstring)."""
    snapshot = snapshot_current()
    size = len(snapshot.ids)
    selected = _internal(snapshot, query)
    everything = snapshot.everything
    # A selection that keeps every practice (both published decisions, say) filters nothing.
    unions = {key: _union(snapshot, key, values) for key, values in selected.items() if values}
    chosen = {key: mask for key, mask in unions.items() if mask != everything}
    filtered: int | None = None
    for mask in chosen.values():
        filtered = mask if filtered is None else filtered & mask
    sort = query.effective_sort
    hits: dict[int, tuple[str, str]] = {}
    corrections: list[tuple[str, str]] = []
    if not query.text:
        bases = {}
        for key in FACET_KEYS:
            base = everything
            for other, mask in chosen.items():
                if other != key:
                    base &= mask
            bases[key] = base
        matching = everything
        for mask in chosen.values():
            matching &= mask
        total = matching.bit_count()
        positions = _first(snapshot.orders[sort], matching, size, query.offset, query.limit)
    else:
        relevance = sort == "relevance"
        page = search(
            query.text,
            kinds=[SEARCH_KIND],
            public_only=True,
            within=_within(snapshot, filtered),
            limit=query.limit if relevance else 0,
            offset=query.offset if relevance else 0,
            collect_ids=QUERY_HITS,
        )
        corrections = page.corrections
        ranked = _rankedbit_positions(snapshot, page.object_ids)
        matching = bits_of(ranked, size)
        total = page.total if relevance else len(ranked)
        if chosen:
            # A selected facet's alternatives are counted over the query's hits without the
            # filters (the other facets' selections applied in memory): one more ranking at
            # most, none when the same query was asked a moment ago.
            unfiltered = bits_of(_rankedbit_positions(snapshot, _unfiltered_hits(snapshot, query.text)), size)
        else:
            _unfiltered_remember(snapshot, query.text, page.object_ids)
        bases = {}
        for key in FACET_KEYS:
            if key in chosen:
                base = unfiltered
                for other, mask in chosen.items():
                    if other != key:
                        base &= mask
                bases[key] = base
            else:
                bases[key] = matching
        if relevance:
            hits = {h.object_id: (h.title_html, h.snippet) for h in page.results}
            positions = [snapshot.position[pk] for pk in hits if pk in snapshot.position]
        else:
            rank = snapshot.ranks[sort]
            positions = sorted(ranked, key=rank.__getitem__)[query.offset : query.offset + query.limit]
    items = _items(snapshot, [snapshot.ids[p] for p in positions], hits)
    return CatalogPage(
        query=query,
        items=items,
        total=total,
        facets=_facets(snapshot, query, bases, matching),
        sort=sort,
        corrections=corrections,
    )


def _items(snapshot: Snapshot, ids: list[int], hits: Mapping[int, tuple[str, str]]) -> list[CatalogItem]:
    if not ids:
        return []
    practices = (
        Practice.objects.filter(CATALOG_Q, pk__in=ids).select_related("region", "organization").defer(*LONG_TEXT)
    )
    found = {p.pk: p for p in practices}
    labels = snapshot.labels.by_value
    items = []
    for pk in ids:
        practice = found.get(pk)
        if practice is None:  # unpublished since the snapshot was taken
            continue
        p = snapshot.position[pk]
        title_html, snippet = hits.get(pk, ("", ""))

        def refs(key: str, position: int = p) -> list[tuple[str, str]]:
            found = [labels[key][v] for v in snapshot.values[key][position] if v in labels[key]]
            return [(code, name) for code, name, _ in sorted(found, key=lambda label: label[2])]

        items.append(
            CatalogItem(
                practice=practice,
                title_html=title_html,
                snippet=snippet,
                region_refs=refs("region"),
                area_refs=refs("area"),
                group_refs=refs("target_group"),
            )
        )
    return items


# --- one practice ------------------------------------------------------------------------------


def catalog_practice_queryset() -> QuerySet[Practice]:
    """Everything the public page and the API show of a practice, in a fixed number of queries."""
    return Practice.objects.select_related("region", "organization").prefetch_related(
        "regions",
        "municipalities",
        "target_groups",
        "areas",
        "outcomes",
        "components",
        "launch_steps",
        "materials",
        "evaluations__region",
        "evaluations__results_by_outcome",
    )


def catalog_brief_queryset() -> QuerySet[Practice]:
    """What a list entry of the API shows: the practice row, its places, areas and groups."""
    return (
        Practice.objects.select_related("region", "organization")
        .prefetch_related("regions", "target_groups", "areas")
        .defer(*LONG_TEXT)
    )


def catalog_transferred_to(practice: Practice) -> list[str]:
    """Regions where independent replications of the practice were evaluated (distinct, sorted)."""
    return sorted({e.region.name for e in practice.evaluations.all() if e.independent_replication and e.region})


# --- beyond the public catalog (the API for signed-in staff) ------------------------------------


def catalog_staff_search(
    *, visible: QuerySet[Practice], query: CatalogQuery, status: str
) -> tuple[list[Practice], int]:
    """Practices the user may see (`visible`, from practices.queries), any status or one, with the
    catalog's filters; ranked by the query when there is one, else the most recently changed first."""
    labels = labels_current().by_code
    selected = {key: [labels[key][c] for c in query.values(key) if c in labels[key]] for key in FACET_KEYS}
    queryset = catalog_filter_queryset(visible if not status else visible.filter(status=status), selected)
    if query.text:
        page = search(
            query.text,
            kinds=[SEARCH_KIND],
            within=queryset.values("pk"),
            limit=0,
            collect_ids=query.offset + query.limit,
        )
        ids = page.object_ids[query.offset : query.offset + query.limit]
        found = catalog_brief_queryset().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found], page.total
    total = queryset.distinct().count()
    ids = list(
        queryset.distinct()
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)[query.offset : query.offset + query.limit]
    )
    found = catalog_brief_queryset().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found], total
