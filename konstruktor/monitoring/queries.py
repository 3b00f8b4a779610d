"""Reads for the dashboards, the public summary and the API.

A year's values come from the daily snapshots (fast, a few indexed queries); a quarter, a month
or a day — and a year whose snapshots were never computed — are computed live by the formulas
over that period, which touches only that period's part of the support log.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from konstruktor.core.access import scope_for
from konstruktor.monitoring.formulas import NATIONAL, Cell, Drill, FormulaContext, formula_get
from konstruktor.monitoring.models import Direction, IndicatorDefinition, IndicatorSnapshot, IndicatorTarget
from konstruktor.monitoring.periods import Period
from konstruktor.organizations.models import Organization, SupportRecord, SupportService
from konstruktor.organizations.queries import support_list_visible
from konstruktor.territories.models import Region

SERVICE_LABELS = dict(SupportService.choices)


@dataclass(frozen=True)
class Figure:
    definition: IndicatorDefinition
    value: float | None
    target: float | None

    @property
    def percent(self) -> float | None:
        """How far the target is reached, 0–100 %+ (for a decreasing indicator: target / value)."""
        if self.value is None or not self.target:
            return None
        if self.definition.direction == Direction.DECREASE:
            return 100.0 if self.value <= self.target else self.target / self.value * 100
        return self.value / self.target * 100

    @property
    def percent_capped(self) -> float:
        return min(100.0, self.percent or 0.0)


def definitions(*, public_only: bool = False) -> list[IndicatorDefinition]:
    qs = IndicatorDefinition.objects.filter(is_active=True)
    if public_only:
        qs = qs.filter(is_public=True)
    return list(qs.order_by("order", "code"))


def snapshot_as_of(period: Period, today: datetime.date) -> datetime.date | None:
    return IndicatorSnapshot.objects.filter(date__gte=period.start, date__lte=period.until(today)).aggregate(
        m=Max("date")
    )["m"]


@dataclass
class Board:
    """Values of every indicator for one period: (code, cell) → value."""

    period: Period
    as_of: datetime.date
    source: str
    values: dict[tuple[str, Cell], float]

    def value(self, code: str, cell: Cell = NATIONAL) -> float:
        return self.values.get((code, cell), 0.0)

    @property
    def source_label(self) -> str:
        return (
            f"по снимкам на {self.as_of:%d.%m.%Y}"
            if self.source == "snapshots"
            else f"рассчитано по журналу поддержки на {self.as_of:%d.%m.%Y}"
        )


def board(
    *,
    period: Period,
    today: datetime.date,
    indicators: Collection[IndicatorDefinition],
    services: bool = False,
    centre_ids: Collection[int] = (),
) -> Board:
    """Values at the end of the period (or today) for the country, every region, optionally by
    service (region × service) and for the given РЦ."""
    until = period.until(today)
    as_of = snapshot_as_of(period, today) if period.is_year else None
    values: dict[tuple[str, Cell], float] = {}
    code_of = {d.pk: d.code for d in indicators}
    if as_of is not None:
        condition = Q(centre__isnull=True)
        if centre_ids:
            condition |= Q(centre_id__in=list(centre_ids), region__isnull=True, service__isnull=True)
        rows = IndicatorSnapshot.objects.filter(condition, date=as_of, indicator_id__in=list(code_of))
        if not services:
            rows = rows.filter(service__isnull=True)
        for indicator_id, region_id, service, centre_id, value in rows.values_list(
            "indicator_id", "region_id", "service", "centre_id", "value"
        ):
            values[(code_of[indicator_id], Cell(region_id=region_id, service=service, centre_id=centre_id))] = value
        return Board(period=period, as_of=as_of, source="snapshots", values=values)
    ctx = FormulaContext(start=period.start, days=[until])
    centres = set(centre_ids)
    for code in code_of.values():
        formula = formula_get(code)
        if formula is None:
            continue
        for (_, cell), value in formula.compute(ctx).items():
            if cell.centre_id is not None and cell.centre_id not in centres:
                continue
            if cell.service is not None and not services:
                continue
            values[(code, cell)] = value
    return Board(period=period, as_of=until, source="live", values=values)


def targets(*, period: Period, indicators: Collection[IndicatorDefinition]) -> dict[tuple[str, int | None], float]:
    """(code, region id or None) → the target for the period (its own, its year's, the programme's)."""
    keys = period.target_keys()
    code_of = {d.pk: d.code for d in indicators}
    rows = (
        (code_of[i], r, p, v)
        for i, r, p, v in IndicatorTarget.objects.filter(indicator_id__in=list(code_of), period__in=keys).values_list(
            "indicator_id", "region_id", "period", "value"
        )
    )
    best: dict[tuple[str, int | None], tuple[int, float]] = {}
    for code, region_id, key, value in rows:
        rank = keys.index(key)
        current = best.get((code, region_id))
        if current is None or rank < current[0]:
            best[(code, region_id)] = (rank, value)
    return {k: v for k, (_, v) in best.items()}


def series(
    *,
    indicator: IndicatorDefinition,
    period: Period,
    today: datetime.date,
    region_id: int | None = None,
    points: int = 120,
    from_snapshots: bool | None = None,
) -> list[tuple[datetime.date, float]]:
    """The accumulated value day by day through the period (thinned to about `points` points).

    `from_snapshots` — whether the period has snapshots (a board already knows; None: look)."""
    until = period.until(today)
    if until < period.start:
        return []
    data: list[tuple[datetime.date, float]] = []
    if from_snapshots is None:
        from_snapshots = period.is_year and snapshot_as_of(period, today) is not None
    if from_snapshots:
        rows = IndicatorSnapshot.objects.filter(
            indicator_id=indicator.pk,
            date__gte=period.start,
            date__lte=until,
            service__isnull=True,
            centre__isnull=True,
        )
        rows = rows.filter(region_id=region_id) if region_id is not None else rows.filter(region__isnull=True)
        by_day = dict(rows.values_list("date", "value"))
        if region_id is not None:
            # Regions without records that day have no row: the value is 0 once the national row exists.
            national_days = IndicatorSnapshot.objects.filter(
                indicator_id=indicator.pk, date__gte=period.start, date__lte=until, region__isnull=True,
                service__isnull=True, centre__isnull=True,
            ).values_list("date", flat=True)  # fmt: skip
            data = sorted((d, by_day.get(d, 0.0)) for d in national_days)
        else:
            data = sorted(by_day.items())
    else:
        formula = formula_get(indicator.code)
        if formula is None:
            return []
        days = [period.start + datetime.timedelta(days=n) for n in range((until - period.start).days + 1)]
        cell = Cell(region_id=region_id)
        computed = formula.compute(FormulaContext(start=period.start, days=days))
        data = [(d, computed.get((d, cell), 0.0)) for d in days]
    if len(data) > points:
        step = len(data) / points
        thinned = [data[int(i * step)] for i in range(points)]
        data = [*thinned, data[-1]] if thinned[-1] != data[-1] else thinned
    return data


# --- dashboards --------------------------------------------------------------------------------


@dataclass
class RegionRow:
    region: Region
    figures: list[Figure]


@dataclass
class Dashboard:
    title: str
    period: Period
    board: Board
    definitions: list[IndicatorDefinition]
    national: list[Figure]
    rows: list[RegionRow] = field(default_factory=list)
    services: list[tuple[str, str, list[Figure]]] = field(default_factory=list)
    centres: list[tuple[Organization, list[Figure]]] = field(default_factory=list)
    region: Region | None = None


def _figures(
    defs: list[IndicatorDefinition],
    b: Board,
    goals: dict[tuple[str, int | None], float],
    cell: Cell,
    region_id: int | None,
) -> list[Figure]:
    return [Figure(d, b.value(d.code, cell), goals.get((d.code, region_id))) for d in defs]


def dashboard_federal(*, period: Period, today: datetime.date) -> Dashboard:
    """Every region side by side: value against target for each indicator."""
    defs = definitions()
    b = board(period=period, today=today, indicators=defs)
    goals = targets(period=period, indicators=defs)
    region_ids = {cell.region_id for (_, cell) in b.values if cell.region_id is not None and cell.service is None}
    regions = Region.objects.filter(Q(is_programme=True) | Q(pk__in=region_ids)).order_by("name")
    rows = [RegionRow(r, _figures(defs, b, goals, Cell(region_id=r.pk), r.pk)) for r in regions]
    return Dashboard(
        title="Показатели программы по регионам", period=period, board=b, definitions=defs,
        national=_figures(defs, b, goals, NATIONAL, None), rows=rows,
    )  # fmt: skip


def dashboard_region(*, region: Region, period: Period, today: datetime.date) -> Dashboard:
    """One region: its values and targets, by service, and by its resource centres."""
    defs = definitions()
    centres = list(
        Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE, region=region).order_by("short_name")
    )
    b = board(period=period, today=today, indicators=defs, services=True, centre_ids=[c.pk for c in centres])
    goals = targets(period=period, indicators=defs)
    by_service = [d for d in defs if formula_get(d.code) and "service" in formula_get(d.code).breakdowns]  # type: ignore[union-attr]
    services = [
        (value, label, [Figure(d, b.value(d.code, Cell(region_id=region.pk, service=value)), None) for d in by_service])
        for value, label in SupportService.choices
    ]
    centre_defs = [d for d in defs if formula_get(d.code) and "centre" in formula_get(d.code).breakdowns]  # type: ignore[union-attr]
    return Dashboard(
        title=f"Показатели: {region.name}", period=period, board=b, definitions=defs, region=region,
        national=_figures(defs, b, goals, Cell(region_id=region.pk), region.pk),
        services=[(v, label, figs) for v, label, figs in services if any(f.value for f in figs)],
        centres=[(c, [Figure(d, b.value(d.code, Cell(centre_id=c.pk)), None) for d in centre_defs]) for c in centres],
    )  # fmt: skip


def summary_public(*, period: Period, today: datetime.date) -> Dashboard:
    """The open summary: national numbers with their targets, and aggregates by region."""
    defs = definitions(public_only=True)
    b = board(period=period, today=today, indicators=defs)
    goals = targets(period=period, indicators=defs)
    regions = Region.objects.filter(is_programme=True).order_by("name")
    rows = [RegionRow(r, _figures(defs, b, goals, Cell(region_id=r.pk), r.pk)) for r in regions]
    return Dashboard(
        title="Показатели программы", period=period, board=b, definitions=defs,
        national=_figures(defs, b, goals, NATIONAL, None), rows=rows,
    )  # fmt: skip


# --- access and drill-down ----------------------------------------------------------------------


def regions_visible(*, user: Any) -> QuerySet[Region]:
    scope = scope_for(user)
    if scope.is_federal:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.view_region_ids)


def dashboard_home_region(*, user: Any) -> Region | None:
    return regions_visible(user=user).order_by("name").first()


@dataclass
class DrillResult:
    definition: IndicatorDefinition
    drill: Drill
    records: QuerySet[SupportRecord] | None
    regions: QuerySet[Region] | None
    distinct: str


def drill_down(*, user: Any, definition: IndicatorDefinition, drill: Drill) -> DrillResult:
    """The records behind a number, cut to what the user may see in the support log."""
    formula = formula_get(definition.code)
    if formula is None:
        return DrillResult(definition, drill, None, None, "")
    if formula.records is None:
        flag = "is_pilot" if definition.code == "pilot_regions" else "is_programme"
        regions = Region.objects.filter(**{flag: True}).order_by("name")
        if drill.region_id:
            regions = regions.filter(pk=drill.region_id)
        return DrillResult(definition, drill, None, regions, "")
    visible = support_list_visible(user=user)
    records = visible.filter(pk__in=formula.records(drill).values("pk")).order_by("-date", "-id")
    return DrillResult(definition, drill, records, None, formula.distinct)
