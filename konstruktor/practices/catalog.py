"""The public federal catalog: published practices searched, filtered, counted and sorted.

Counting six facets over 20 000 practices with GROUP BYs on every request costs more than the
whole page may take, on SQLite and PostgreSQL alike. So the catalog keeps, per process, a
snapshot of the published practices' facets as they are in the search index (one bit set per
facet value), rebuilt whenever the index changes (`core.search.index_version`, the fingerprint
the vocabulary uses too; every write that changes what the catalog shows reindexes).

- Without a query, the list, its order and the counts come from the snapshot.
- With a query, `core.search` ranks the practices within the selected filters (handed over as
  the snapshot's ids, so its per-term cut widens on narrow filters) and returns the ids of all
  hits; the counts and the other sort orders run over them.

The rows of a page are always read from the passport tables, published ones only.

Counts are disjunctive: values of one facet combine with «or», facets with «and», and the
counts of a facet leave its own selection out, so a visitor sees what each alternative would
give. With a query, those alternatives are counted over the query's hits without filters (kept
for a while per query, so refining the facets of one query costs one ranking per click).
"""

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from konstruktor.core.models import SearchDocument
from konstruktor.core.search import index_version, search
from konstruktor.organizations.models import ActivityArea, TargetGroup
from konstruktor.practices.indexing import SEARCH_KIND
from konstruktor.practices.models import DecisionCategory, EvidenceFlag, EvidenceLevel, Practice, Status
from konstruktor.territories.models import Region

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# How many ranked hits of a query the counts and the other sort orders look at.
QUERY_HITS = 5000
MAX_QUERY_LENGTH = 300
# Passport texts a list card does not show.
LONG_TEXT = (
    "social_problem",
    "target_group_criteria",
    "logic_model",
    "resources",
    "prior_transfers",
    "decision_explanation",
)


@dataclass(frozen=True)
class CostBand:
    code: str
    label: str
    low: int | None
    high: int | None

    def holds(self, cost: float | None) -> bool:
        if cost is None:
            return self.low is None and self.high is None
        if self.low is None and self.high is None:
            return False
        return (self.low is None or cost >= self.low) and (self.high is None or cost < self.high)

    def condition(self) -> Q:
        if self.low is None and self.high is None:
            return Q(cost_per_beneficiary__isnull=True)
        condition = Q()
        if self.low is not None:
            condition &= Q(cost_per_beneficiary__gte=Decimal(self.low))
        if self.high is not None:
            condition &= Q(cost_per_beneficiary__lt=Decimal(self.high))
        return condition


COST_BANDS = (
    CostBand("lt-1000", "до 1 000 ₽", None, 1000),
    CostBand("1000-5000", "1 000 – 5 000 ₽", 1000, 5000),
    CostBand("5000-20000", "5 000 – 20 000 ₽", 5000, 20000),
    CostBand("20000-100000", "20 000 – 100 000 ₽", 20000, 100000),
    CostBand("gt-100000", "100 000 ₽ и больше", 100000, None),
    CostBand("unknown", "не указаны", None, None),
)


@dataclass(frozen=True)
class FacetDef:
    key: str  # the URL and API parameter
    title: str
    help: str


FACETS = (
    FacetDef("region", "Регион", "где работает практика: регион ведущей организации и регионы внедрения"),
    FacetDef("area", "Направление деятельности", "виды социально ориентированной деятельности, ст. 31.1 7-ФЗ"),
    FacetDef("target_group", "Целевая группа", "для кого практика"),
    FacetDef(
        "level", "Уровень доказанности", "по правилам: от «обоснованной» до «подтверждённой в нескольких регионах»"
    ),
    FacetDef("decision", "Решение экспертизы", "категория по итогам отбора"),
    FacetDef("cost", "Затраты на одного благополучателя", "в рублях в год, по данным паспорта практики"),
)
FACET_KEYS = tuple(f.key for f in FACETS)

SORTS = {
    "relevance": "по соответствию запросу",
    "newest": "сначала новые",
    "evidence": "по уровню доказанности",
    "cost": "по затратам на благополучателя",
}


# --- the request -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogQuery:
    """What a visitor asked for; facet values are the public codes (region code, area code…)."""

    text: str = ""
    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = ""
    limit: int = PAGE_SIZE
    offset: int = 0

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "relevance" or self.text):
            return self.sort
        return "relevance" if self.text else "newest"

    def values(self, key: str) -> tuple[str, ...]:
        return self.selected.get(key, ())

    @property
    def has_filters(self) -> bool:
        return any(self.selected.values())


def catalog_query_parse(
    data: Mapping[str, Any], *, limit: int = PAGE_SIZE, offset: int = 0
) -> tuple[CatalogQuery, list[str]]:
    """A query from request parameters (a QueryDict or a plain mapping of lists/strings), and the
    problems found, in Russian. Unknown facet values are dropped and reported, never fatal."""
    labels = _current_labels()
    errors: list[str] = []
    selected: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        raw = data.getlist(facet.key) if hasattr(data, "getlist") else data.get(facet.key, ())
        if isinstance(raw, str):
            raw = [raw]
        values: list[str] = []
        for item in raw or ():
            for value in str(item).split(","):
                value = value.strip()
                if not value or value in values:
                    continue
                if value in labels.by_code[facet.key]:
                    values.append(value)
                else:
                    errors.append(f"Фильтр «{facet.title}»: неизвестное значение «{value[:40]}».")
        if values:
            selected[facet.key] = tuple(values)
    text = " ".join(str(data.get("q") or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        errors.append(f"Запрос сокращён до {MAX_QUERY_LENGTH} символов.")
        text = text[:MAX_QUERY_LENGTH]
    sort = str(data.get("sort") or "")
    if sort and sort not in SORTS:
        errors.append(f"Неизвестный порядок сортировки «{sort[:40]}».")
        sort = ""
    limit = max(1, min(MAX_PAGE_SIZE, limit))
    return CatalogQuery(text=text, selected=selected, sort=sort, limit=limit, offset=max(0, offset)), errors


# --- the snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Labels:
    """Public code and label of every facet value, by facet key and internal value."""

    by_value: dict[str, dict[Any, tuple[str, str, Any]]]  # value -> (code, label, display order)
    by_code: dict[str, dict[str, Any]]  # code -> value


def _labels() -> _Labels:
    by_value: dict[str, dict[Any, tuple[str, str, Any]]] = {
        "region": {pk: (code, name, name) for pk, code, name in Region.objects.values_list("pk", "fns_code", "name")},
        "area": {
            pk: (code, name, (order, code))
            for pk, code, name, order in ActivityArea.objects.values_list("pk", "code", "short_name", "order")
        },
        "target_group": {
            pk: (code, name, (order, name))
            for pk, code, name, order in TargetGroup.objects.values_list("pk", "code", "name", "order")
        },
        "level": {int(value): (str(value), str(label), -int(value)) for value, label in EvidenceLevel.choices},
        "decision": {
            str(value): (str(value), str(label), i) for i, (value, label) in enumerate(DecisionCategory.choices)
        },
        "cost": {band.code: (band.code, band.label, i) for i, band in enumerate(COST_BANDS)},
    }
    by_code = {key: {code: value for value, (code, _, _) in values.items()} for key, values in by_value.items()}
    return _Labels(by_value, by_code)


_BYTE_BITS = tuple(tuple(j for j in range(8) if byte >> j & 1) for byte in range(256))


def _positions(mask: int, size: int) -> list[int]:
    """The positions set in a bit set, in order (a byte at a time)."""
    found: list[int] = []
    for i, byte in enumerate(mask.to_bytes(size // 8 + 1, "little")):
        if byte:
            base = i << 3
            found.extend(base + j for j in _BYTE_BITS[byte])
    return found


def _bits(positions: Iterable[int], size: int) -> int:
    """A bit set (a Python int) of positions: set in a bytearray, converted once."""
    buffer = bytearray(size // 8 + 1)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


@dataclass
class _Snapshot:
    version: tuple[Any, ...]
    ids: list[int]  # practice id at each position
    position: dict[int, int]
    masks: dict[str, dict[Any, int]]  # facet key -> value -> bit set of positions
    values: dict[str, list[tuple[Any, ...]]]  # facet key -> the values at each position
    orders: dict[str, list[int]]  # sort -> positions in that order
    ranks: dict[str, list[int]]  # sort -> rank of each position
    labels: _Labels

    @property
    def everything(self) -> int:
        return (1 << len(self.ids)) - 1


def _cost_band(cost: float | None) -> str:
    return next(band.code for band in COST_BANDS if band.holds(cost))


def _snapshot_build(version: tuple[Any, ...]) -> _Snapshot:
    rows = list(
        SearchDocument.objects.filter(kind=SEARCH_KIND, public=True)
        .order_by("object_id")
        .values_list("object_id", "facets")
    )
    size = len(rows)
    ids = [int(object_id) for object_id, _ in rows]
    values: dict[str, list[tuple[Any, ...]]] = {key: [] for key in FACET_KEYS}
    published: list[str] = []
    level: list[int] = []
    merit: list[float] = []
    cost: list[float | None] = []
    for _, facets in rows:
        values["region"].append(tuple(facets.get("regions") or ()))
        values["area"].append(tuple(facets.get("areas") or ()))
        values["target_group"].append(tuple(facets.get("target_groups") or ()))
        values["level"].append((int(facets.get("level") or 0),))
        values["decision"].append((facets.get("decision") or "",) if facets.get("decision") else ())
        values["cost"].append((_cost_band(facets.get("cost")),))
        published.append(facets.get("published") or "")
        level.append(int(facets.get("level") or 0))
        merit.append(float(facets.get("merit") or 0.0))
        cost.append(facets.get("cost"))
    masks: dict[str, dict[Any, int]] = {}
    for key, per_position in values.items():
        positions: dict[Any, list[int]] = {}
        for p, found in enumerate(per_position):
            for value in found:
                positions.setdefault(value, []).append(p)
        masks[key] = {value: _bits(ps, size) for value, ps in positions.items()}
    everything = range(size)
    newest = sorted(everything, key=lambda p: (published[p], ids[p]), reverse=True)
    fresh = _rank(newest)
    orders = {
        "newest": newest,
        "evidence": sorted(everything, key=lambda p: (-level[p], -merit[p], fresh[p])),
        "cost": sorted(everything, key=lambda p: (cost[p] is None, cost[p] or 0.0, -level[p], fresh[p])),
    }
    ranks = {name: _rank(order) for name, order in orders.items()}
    return _Snapshot(
        version=version,
        ids=ids,
        position={pk: p for p, pk in enumerate(ids)},
        masks=masks,
        values=values,
        orders=orders,
        ranks=ranks,
        labels=_labels(),
    )


def _rank(order: Sequence[int]) -> list[int]:
    """The place of each position in an order."""
    rank = [0] * len(order)
    for r, p in enumerate(order):
        rank[p] = r
    return rank


_lock = threading.Lock()
_snapshots: dict[str, _Snapshot] = {}


def _snapshot() -> _Snapshot:
    version = index_version()
    cached = _snapshots.get(connection.alias)
    if cached is not None and cached.version == version:
        return cached
    built = _snapshot_build(version)
    with _lock:
        _snapshots[connection.alias] = built
    return built


def _current_labels() -> _Labels:
    """The facet labels of the last snapshot (regions and lists change far more rarely than the
    index does): parsing a request costs no fingerprint query of its own."""
    cached = _snapshots.get(connection.alias)
    return cached.labels if cached is not None else _snapshot().labels


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
    regions: list[str]
    areas: list[str]
    target_groups: list[str]


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


def _internal(snapshot: _Snapshot, query: CatalogQuery) -> dict[str, list[Any]]:
    codes = snapshot.labels.by_code
    return {key: [codes[key][c] for c in query.values(key) if c in codes[key]] for key in FACET_KEYS}


def _union(snapshot: _Snapshot, key: str, values: Sequence[Any]) -> int:
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


def _within(snapshot: _Snapshot, mask: int | None) -> QuerySet[Any] | None:
    """The practices of a filter as a subquery for core.search: their ids from the snapshot in
    one JSON or array parameter. Cheaper than joining the passport tables again (a cost band
    reads every practice), and exactly what the counts without a query see."""
    if mask is None:
        return None
    ids = [snapshot.ids[p] for p in _positions(mask, len(snapshot.ids))]
    if connection.vendor == "postgresql":
        listed = RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    else:
        listed = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return Practice.objects.filter(pk__in=listed).values("pk")


def _ranked_positions(snapshot: _Snapshot, object_ids: Iterable[int]) -> list[int]:
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


def _facets(snapshot: _Snapshot, query: CatalogQuery, bases: Mapping[str, int], matching: int) -> list[Facet]:
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


def _unfiltered_remember(snapshot: _Snapshot, text: str, object_ids: list[int]) -> None:
    with _lock:
        _unfiltered[(connection.alias, snapshot.version, text)] = object_ids
        while len(_unfiltered) > _UNFILTERED_SIZE:
            _unfiltered.popitem(last=False)


def _unfiltered_hits(snapshot: _Snapshot, text: str) -> list[int]:
    """The ranked ids of a query without facet filters, kept for a while: a visitor refining
    the facets of one query costs one ranking per click, not two."""
    key = (connection.alias, snapshot.version, text)
    found = _unfiltered.get(key)
    if found is None:
        found = search(text, kinds=[SEARCH_KIND], public_only=True, limit=0, collect_ids=QUERY_HITS).object_ids
        _unfiltered_remember(snapshot, text, found)
    return found


def catalog_search(query: CatalogQuery) -> CatalogPage:
    """One page of the catalog with its facet counts (see the module docstring)."""
    snapshot = _snapshot()
    size = len(snapshot.ids)
    selected = _internal(snapshot, query)
    chosen = {key: _union(snapshot, key, values) for key, values in selected.items() if values}
    filtered: int | None = None
    for mask in chosen.values():
        filtered = mask if filtered is None else filtered & mask
    sort = query.effective_sort
    hits: dict[int, tuple[str, str]] = {}
    corrections: list[tuple[str, str]] = []
    if not query.text:
        bases = {}
        for key in FACET_KEYS:
            base = snapshot.everything
            for other, mask in chosen.items():
                if other != key:
                    base &= mask
            bases[key] = base
        matching = snapshot.everything
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
        ranked = _ranked_positions(snapshot, page.object_ids)
        matching = _bits(ranked, size)
        total = page.total if relevance else len(ranked)
        if chosen:
            # A selected facet's alternatives are counted over the query's hits without the
            # filters (the other facets' selections applied in memory): one more ranking at
            # most, none when the same query was asked a moment ago.
            unfiltered = _bits(_ranked_positions(snapshot, _unfiltered_hits(snapshot, query.text)), size)
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


def _items(snapshot: _Snapshot, ids: list[int], hits: Mapping[int, tuple[str, str]]) -> list[CatalogItem]:
    if not ids:
        return []
    practices = (
        Practice.objects.filter(pk__in=ids, status=Status.PUBLISHED)
        .select_related("region", "organization")
        .defer(*LONG_TEXT)
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

        def names(key: str, position: int = p) -> list[str]:
            return [labels[key][v][1] for v in snapshot.values[key][position] if v in labels[key]]

        items.append(
            CatalogItem(
                practice=practice,
                title_html=title_html,
                snippet=snippet,
                regions=names("region"),
                areas=names("area"),
                target_groups=names("target_group"),
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


def catalog_practice_get(*, pk: int) -> Practice:
    """A published practice with its passport; anything else is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(catalog_practice_queryset(), pk=pk, status=Status.PUBLISHED)


def catalog_transferred_to(practice: Practice) -> list[str]:
    """Regions where independent replications of the practice were evaluated (distinct, sorted)."""
    return sorted({e.region.name for e in practice.evaluations.all() if e.independent_replication and e.region})


def catalog_flag_label(flag: str) -> str:
    return str(dict(EvidenceFlag.choices).get(flag, "")) if flag else ""


def catalog_published_count() -> int:
    return len(_snapshot().ids)


# --- beyond the public catalog (the API for signed-in staff) ------------------------------------


def catalog_staff_search(
    *, visible: QuerySet[Practice], query: CatalogQuery, status: str
) -> tuple[list[Practice], int]:
    """Practices the user may see (`visible`, from practices.queries), any status or one, with the
    catalog's filters; ranked by the query when there is one, else the most recently changed first."""
    labels = _current_labels().by_code
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
