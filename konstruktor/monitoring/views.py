"""Dashboards: the public summary, the federal and the regional ones, drill-down and export."""

from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from konstruktor.core.access import scope_for
from konstruktor.core.exports import xlsx_response
from konstruktor.monitoring import charts, queries
from konstruktor.monitoring.formulas import Drill
from konstruktor.monitoring.models import IndicatorDefinition
from konstruktor.monitoring.periods import Period, PeriodError, period_choices, period_parse
from konstruktor.organizations.models import SupportService
from konstruktor.territories.models import Region

CHART_DEFAULT = "ngos_supported"


def _period(request: HttpRequest) -> Period:
    try:
        return period_parse(request.GET.get("period"), today=timezone.localdate())
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def _chart_definition(request: HttpRequest, dashboard: queries.Dashboard) -> IndicatorDefinition | None:
    code = request.GET.get("indicator") or CHART_DEFAULT
    return next(
        (d for d in dashboard.definitions if d.code == code),
        dashboard.definitions[0] if dashboard.definitions else None,
    )


def _charts(
    dashboard: queries.Dashboard, chosen: IndicatorDefinition | None, *, region: Region | None
) -> dict[str, Any]:
    if chosen is None:
        return {}
    today = timezone.localdate()
    national = next((f for f in dashboard.national if f.definition.code == chosen.code), None)
    points = queries.series(
        indicator=chosen,
        period=dashboard.period,
        today=today,
        region_id=region.pk if region else None,
        from_snapshots=dashboard.board.source == "snapshots",
    )
    where = region.name if region else "Российская Федерация"
    context: dict[str, Any] = {
        "chosen": chosen,
        "line": charts.line_chart(
            points,
            title=f"{chosen.name}: {where}, {dashboard.period.label}",
            unit=chosen.unit,
            target=national.target if national else None,
            start=dashboard.period.start,
            end=dashboard.period.until(today),
        ),
        "points": points[-12:],
    }
    if dashboard.rows:
        index = [d.code for d in dashboard.definitions].index(chosen.code)
        rows = sorted(
            ((r.region.name, r.figures[index].value or 0.0, r.figures[index].target) for r in dashboard.rows),
            key=lambda r: -r[1],
        )
        context["bars"] = charts.bar_chart(
            rows, title=f"{chosen.name} по регионам, {dashboard.period.label}", unit=chosen.unit
        )
    return context


def _cell(figure: queries.Figure, url: str) -> dict[str, str]:
    """One number of a table, formatted in Python: a big table renders far faster this way."""
    return {
        "value": charts.fmt(figure.value),
        "url": url,
        "target": charts.fmt(figure.target) if figure.target else "",
        "percent": f"{figure.percent:.0f} %" if figure.percent is not None else "",
    }


def table(dashboard: queries.Dashboard, *, drill: bool) -> dict[str, Any]:
    """The dashboard's region table: the total row first, then a row per region."""
    period = dashboard.period

    def cells(figures: list[queries.Figure], region_id: int | None) -> list[dict[str, str]]:
        return [
            _cell(f, drill_url(code=f.definition.code, period=period, region_id=region_id) if drill else "")
            for f in figures
        ]

    total_label = dashboard.region.name if dashboard.region else "Российская Федерация"
    region_url = reverse("monitoring:region", args=[0]).removesuffix("0/")
    return {
        "total": {
            "label": total_label,
            "cells": cells(dashboard.national, dashboard.region.pk if dashboard.region else None),
        },
        "rows": [
            {
                "label": r.region.name,
                "url": f"{region_url}{r.region.pk}/?period={period.key}" if drill else "",
                "cells": cells(r.figures, r.region.pk),
            }
            for r in dashboard.rows
        ],
    }


def _base(request: HttpRequest, dashboard: queries.Dashboard, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "indicator"}
    return {
        "dashboard": dashboard,
        "period": dashboard.period,
        "periods": period_choices(today),
        "query": urlencode(params),
        "table": table(dashboard, drill=bool(extra.get("drill"))),
        **extra,
    }


def summary(request: HttpRequest) -> HttpResponse:
    """Open to everyone: national numbers with targets and regional aggregates, no personal data."""
    dashboard = queries.summary_public(period=_period(request), today=timezone.localdate())
    chosen = _chart_definition(request, dashboard)
    return render(
        request, "monitoring/summary.html", _base(request, dashboard, **_charts(dashboard, chosen, region=None))
    )


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.is_federal:
        return redirect("monitoring:federal")
    region = queries.dashboard_home_region(user=request.user)
    if region is None:
        return redirect("monitoring:summary")
    return redirect("monitoring:region", pk=region.pk)


@login_required
def federal(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_federal:
        return HttpResponseForbidden("Сводка по всем регионам — для федерального координатора.")
    dashboard = queries.dashboard_federal(period=_period(request), today=timezone.localdate())
    chosen = _chart_definition(request, dashboard)
    return render(
        request,
        "monitoring/federal.html",
        _base(request, dashboard, drill=True, **_charts(dashboard, chosen, region=None)),
    )


@login_required
def region(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(queries.regions_visible(user=request.user), pk=pk)
    dashboard = queries.dashboard_region(region=region, period=_period(request), today=timezone.localdate())
    chosen = _chart_definition(request, dashboard)
    return render(
        request,
        "monitoring/region.html",
        _base(request, dashboard, drill=True, **_charts(dashboard, chosen, region=region)),
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """The records behind a number of a dashboard, as far as the user may see the support log."""
    definition = get_object_or_404(IndicatorDefinition, code=request.GET.get("indicator", ""))
    period = _period(request)
    region_id = _int(request.GET.get("region"))
    scope = scope_for(request.user)
    if region_id is not None and not scope.can_view_region(region_id):
        raise Http404("Регион недоступен.")
    service = request.GET.get("service") or None
    if service is not None and service not in SupportService.values:
        raise Http404("Нет такой услуги.")
    drill = Drill(
        start=period.start,
        end=period.until(timezone.localdate()),
        region_id=region_id,
        service=service,
        centre_id=_int(request.GET.get("centre")),
    )
    result = queries.drill_down(user=request.user, definition=definition, drill=drill)
    context: dict[str, Any] = {
        "result": result,
        "period": period,
        "definition": definition,
        "region": Region.objects.filter(pk=region_id).first() if region_id else None,
        "service_label": dict(SupportService.choices).get(service or ""),
    }
    if result.records is not None:
        page = Paginator(result.records.select_related("provider", "recipient", "recipient__region"), 50).get_page(
            request.GET.get("page")
        )
        params = request.GET.copy()
        params.pop("page", None)
        context.update(page_obj=page, querystring=params.urlencode(), total=page.paginator.count)
        if result.distinct == "recipient":
            context["distinct"] = result.records.values("recipient_id").distinct().count()
    return render(request, "monitoring/records.html", context)


def export(request: HttpRequest) -> HttpResponse:
    """The dashboard table as XLSX: federal (all regions), one region, or the public summary."""
    today = timezone.localdate()
    period = _period(request)
    view = request.GET.get("view", "summary")
    if view == "federal":
        if not scope_for(request.user).is_federal:
            return HttpResponseForbidden("Сводка по всем регионам — для федерального координатора.")
        dashboard = queries.dashboard_federal(period=period, today=today)
    elif view == "region":
        region = get_object_or_404(queries.regions_visible(user=request.user), pk=_int(request.GET.get("region")) or 0)
        dashboard = queries.dashboard_region(region=region, period=period, today=today)
    else:
        dashboard = queries.summary_public(period=period, today=today)
    header = ["Территория"]
    for d in dashboard.definitions:
        header += [f"{d.name}, {d.unit}: факт", "цель", "% цели"]
    national_label = dashboard.region.name if dashboard.region else "Российская Федерация"
    lines = [(national_label, dashboard.national), *((r.region.name, r.figures) for r in dashboard.rows)]
    rows = []
    for label, figures in lines:
        row: list[Any] = [label]
        for f in figures:
            row += [f.value, f.target, round(f.percent, 1) if f.percent is not None else None]
        rows.append(row)
    name = f"pokazateli-{view}-{period.key}.xlsx"
    return xlsx_response(name, header, rows, title=f"Показатели {period.key}")


def drill_url(
    *, code: str, period: Period, region_id: int | None = None, service: str | None = None, centre_id: int | None = None
) -> str:
    params: dict[str, str] = {"indicator": code, "period": period.key}
    if region_id:
        params["region"] = str(region_id)
    if service:
        params["service"] = service
    if centre_id:
        params["centre"] = str(centre_id)
    return f"{_records_path()}?{urlencode(params)}"


@lru_cache(maxsize=1)
def _records_path() -> str:
    # A dashboard table links every number: resolve the path once, not per cell.
    return reverse("monitoring:records")
