"""How white-spot figures are shown: sorting, heat classes, registry links, the bar chart, exports."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from konstruktor.territories.whitespots import FLAG_LABELS, TerritoryFigures, Thresholds

NUMERIC_SORTS = frozenset(["rank", "population", "ngo_count", "sonko_count", "ngo_per_10k", "sonko_per_10k"])
DEMO_LABEL = "демонстрационные данные"


def figures_sorted(rows: list[TerritoryFigures], *, sort: str, direction: str) -> list[TerritoryFigures]:
    """Server-side sorting; territories without the figure (no population) always go last."""
    if sort not in NUMERIC_SORTS:
        return sorted(rows, key=lambda r: (r.name.lower().replace("ё", "е"), r.id), reverse=direction == "desc")
    known = [r for r in rows if getattr(r, sort) is not None]
    unknown = [r for r in rows if getattr(r, sort) is None]
    known.sort(key=lambda r: (getattr(r, sort), r.name), reverse=direction == "desc")
    return known + sorted(unknown, key=lambda r: r.name)


def heat_class(density: float | None, threshold: float) -> str:
    """Heat of the density column, relative to the coordinator's «low density» threshold."""
    if density is None:
        return "heat-none"
    if threshold <= 0:
        return "heat-4"
    ratio = density / threshold
    if ratio < 0.5:
        return "heat-1"
    if ratio < 1:
        return "heat-2"
    if ratio < 2:
        return "heat-3"
    return "heat-4"


def registry_url(
    row: TerritoryFigures, *, sonko: bool = False, area: int | None = None, target_group: int | None = None
) -> str:
    """The registry list filtered to the organizations behind a number (with the page's filters)."""
    params: dict[str, Any] = {"kind": "ngo", "state": "active"}
    if row.level == "subject":
        params["region"] = row.id
    elif row.level == "settlement":
        params["settlement"] = row.id
    else:
        params["municipality_ref"] = row.id
    if sonko:
        params["status"] = "sonko"
    if area:
        params["area"] = area
    if target_group:
        params["target_group"] = target_group
    return reverse("organizations:list") + "?" + urlencode(params)


@dataclass(frozen=True)
class RowView:
    fig: TerritoryFigures
    heat: str
    ngo_url: str
    sonko_url: str
    areas: list[tuple[str, int, str]]  # (area name, count, registry url)


def row_views(
    rows: Iterable[TerritoryFigures],
    *,
    thresholds: Thresholds,
    area_names: dict[int, str],
    area: int | None,
    target_group: int | None = None,
) -> list[RowView]:
    result = []
    for row in rows:
        areas = sorted(
            (
                (area_names.get(pk, str(pk)), n, registry_url(row, area=pk, target_group=target_group))
                for pk, n in row.per_area.items()
                if n
            ),
            key=lambda item: (-item[1], item[0]),
        )
        result.append(
            RowView(
                fig=row,
                heat=heat_class(row.ngo_per_10k, thresholds.low_density_per_10k),
                ngo_url=registry_url(row, area=area, target_group=target_group),
                sonko_url=registry_url(row, sonko=True, area=area, target_group=target_group),
                areas=areas,
            )
        )
    return result


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    label: str
    value: float
    heat: str
    anchor: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    threshold_x: float | None
    scale_max: float
    label_width: int = 260
    bar_area: int = 420
    row_height: int = 22


def density_chart(rows: list[TerritoryFigures], *, thresholds: Thresholds, limit: int = 30) -> Chart | None:
    """The territories with the lowest NGO density as horizontal bars (server-side SVG)."""
    known = sorted((r for r in rows if r.ngo_per_10k is not None), key=lambda r: (r.ngo_per_10k, r.name))[:limit]
    if not known:
        return None
    scale_max = max(max(r.ngo_per_10k or 0 for r in known), thresholds.low_density_per_10k, 0.01)
    chart = Chart(bars=[], height=0, threshold_x=None, scale_max=scale_max)
    bars = [
        Bar(
            y=i * chart.row_height,
            width=round((r.ngo_per_10k or 0) / scale_max * chart.bar_area, 1),
            label=r.name if len(r.name) <= 34 else r.name[:33] + "…",
            value=r.ngo_per_10k or 0,
            heat=heat_class(r.ngo_per_10k, thresholds.low_density_per_10k),
            anchor=r.anchor,
        )
        for i, r in enumerate(known)
    ]
    threshold_x = round(thresholds.low_density_per_10k / scale_max * chart.bar_area, 1)
    return Chart(bars=bars, height=len(bars) * chart.row_height, threshold_x=threshold_x, scale_max=scale_max)


EXPORT_HEADER = [
    "Субъект РФ", "Код ОКТМО", "Территория", "Вид", "Входит в", "Численность населения", "Год численности",
    "Источник численности", "Демонстрационные данные", "НКО", "СОНКО", "НКО на 10 000 жителей",
    "СОНКО на 10 000 жителей", "Место в регионе (1 — наименьшая плотность)", "Флаги",
]  # fmt: skip


def export_header(area_names: dict[int, str]) -> list[str]:
    return [*EXPORT_HEADER, *(f"НКО: {name}" for name in area_names.values())]


def export_rows(rows: Iterable[TerritoryFigures], area_names: dict[int, str]) -> Iterator[list[Any]]:
    for r in rows:
        yield [
            r.region_name, r.oktmo, r.name, r.kind, r.parent_name, r.population, r.population_year,
            r.population_source, "да" if r.is_demo else "", r.ngo_count, r.sonko_count, r.ngo_per_10k,
            r.sonko_per_10k, r.rank, ", ".join(FLAG_LABELS[f] for f in r.flags),
            *(r.per_area.get(pk, 0) for pk in area_names),
        ]  # fmt: skip
