"""The catalog's request (filters, sorting, paging) and its snapshot of the published
practices' facets as bit sets, rebuilt when the search index changes (see the package docstring)."""

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from konstruktor.core.models import SearchDocument
from konstruktor.core.search import index_version
from konstruktor.organizations.models import ActivityArea, TargetGroup
from konstruktor.practices.indexing import SEARCH_KIND
from konstruktor.practices.models import DecisionCategory, EvidenceLevel
from konstruktor.territories.models import Region

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 300


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
    FacetDef("cost", "Затраты на одного благополучателя", "в рублях, по данным паспорта практики"),
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
    labels = labels_current()
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
class Labels:
    """Public code and label of every facet value, by facet key and internal value."""

    by_value: dict[str, dict[Any, tuple[str, str, Any]]]  # value -> (code, label, display order)
    by_code: dict[str, dict[str, Any]]  # code -> value


def _labels() -> Labels:
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
    return Labels(by_value, by_code)


_BYTE_BITS = tuple(tuple(j for j in range(8) if byte >> j & 1) for byte in range(256))


def bit_positions(mask: int, size: int) -> list[int]:
    """The positions set in a bit set, in order (a byte at a time)."""
    found: list[int] = []
    for i, byte in enumerate(mask.to_bytes(size // 8 + 1, "little")):
        if byte:
            base = i << 3
            found.extend(base + j for j in _BYTE_BITS[byte])
    return found


def bits_of(positions: Iterable[int], size: int) -> int:
    """A bit set (a Python int) of positions: set in a bytearray, converted once."""
    buffer = bytearray(size // 8 + 1)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


@dataclass
class Snapshot:
    version: tuple[Any, ...]
    ids: list[int]  # practice id at each position
    position: dict[int, int]
    masks: dict[str, dict[Any, int]]  # facet key -> value -> bit set of positions
    values: dict[str, list[tuple[Any, ...]]]  # facet key -> the values at each position
    orders: dict[str, list[int]]  # sort -> positions in that order
    ranks: dict[str, list[int]]  # sort -> rank of each position
    labels: Labels

    @property
    def everything(self) -> int:
        return (1 << len(self.ids)) - 1


def _cost_band(cost: float | None) -> str:
    return next(band.code for band in COST_BANDS if band.holds(cost))


def _snapshot_build(version: tuple[Any, ...]) -> Snapshot:
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
        masks[key] = {value: bits_of(ps, size) for value, ps in positions.items()}
    everything = range(size)
    newest = sorted(everything, key=lambda p: (published[p], ids[p]), reverse=True)
    fresh = _rank(newest)
    orders = {
        "newest": newest,
        "evidence": sorted(everything, key=lambda p: (-level[p], -merit[p], fresh[p])),
        "cost": sorted(everything, key=lambda p: (cost[p] is None, cost[p] or 0.0, -level[p], fresh[p])),
    }
    ranks = {name: _rank(order) for name, order in orders.items()}
    return Snapshot(
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


lock = threading.Lock()
_snapshots: dict[str, Snapshot] = {}


def snapshot_current() -> Snapshot:
    version = index_version()
    cached = _snapshots.get(connection.alias)
    if cached is not None and cached.version == version:
        return cached
    built = _snapshot_build(version)
    with lock:
        _snapshots[connection.alias] = built
    return built


def labels_current() -> Labels:
    """The facet labels of the last snapshot (regions and lists change far more rarely than the
    index does): parsing a request costs no fingerprint query of its own."""
    cached = _snapshots.get(connection.alias)
    return cached.labels if cached is not None else snapshot_current().labels
