"""Indicators API: anonymous requests get the public summary with targets; others their scope."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from konstruktor.api.auth import OptionalAuth
from konstruktor.core.access import scope_for
from konstruktor.monitoring import queries
from konstruktor.monitoring.formulas import NATIONAL, Cell
from konstruktor.monitoring.periods import PeriodError, period_parse
from konstruktor.territories.models import Region

router = Router(tags=["Показатели"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    direction: str
    description: str
    baseline: float | None
    value: float
    target: float | None
    percent_of_target: float | None = Field(None, description="доля цели, %; для снижения — цель / факт")


class RegionRef(Schema):
    id: int
    name: str


class IndicatorsOut(Schema):
    summary: str = Field(..., description="public — открытая сводка (без входа), scoped — по правам пользователя")
    period: str
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    as_of: datetime.date
    source: str = Field(..., description="snapshots — по ежедневным снимкам, live — рассчитано по журналу")
    region: RegionRef | None
    indicators: list[IndicatorOut]


class Params(Schema):
    region: int | None = Field(None, description="id субъекта из GET /api/v1/regions; без него — вся страна")
    period: str = Field("", description="2026, 2026-Q2, 2026-05 или 2026-05-14; по умолчанию текущий год")


@router.get("", auth=OptionalAuth(), response=IndicatorsOut, summary="Показатели программы: факт и цель")
def indicators(request: HttpRequest, params: Query[Params]) -> IndicatorsOut:
    today = timezone.localdate()
    try:
        period = period_parse(params.period, today=today)
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from exc
    scope = scope_for(request.user)
    public = not scope.authenticated
    region = None
    if params.region is not None and not public:
        if not scope.can_view_region(params.region):
            raise HttpError(404, "Регион недоступен.")
        region = Region.objects.filter(pk=params.region).first()
        if region is None:
            raise HttpError(404, "Нет такого региона.")
    defs = queries.definitions(public_only=public)
    board = queries.board(period=period, today=today, indicators=defs)
    goals = queries.targets(period=period, indicators=defs)
    cell = Cell(region_id=region.pk) if region else NATIONAL
    out = []
    for d in defs:
        figure = queries.Figure(d, board.value(d.code, cell), goals.get((d.code, region.pk if region else None)))
        out.append(
            IndicatorOut(
                code=d.code,
                name=d.name,
                unit=d.unit,
                direction=d.direction,
                description=d.description,
                baseline=d.baseline,
                value=figure.value or 0.0,
                target=figure.target,
                percent_of_target=round(figure.percent, 1) if figure.percent is not None else None,
            )
        )
    return IndicatorsOut(
        summary="public" if public else "scoped", period=period.key, period_label=period.label,
        period_start=period.start, period_end=period.end, as_of=board.as_of, source=board.source,
        region=RegionRef(id=region.pk, name=region.name) if region else None, indicators=out,
    )  # fmt: skip
