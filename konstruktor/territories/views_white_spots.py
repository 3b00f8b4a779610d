"""White-spot pages (public) and the thresholds page (federal coordinator): parse → one call → render."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from konstruktor.core.access import scope_for
from konstruktor.core.exports import csv_response, xlsx_response
from konstruktor.territories import queries
from konstruktor.territories.actions import white_spot_settings_update
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.forms import (
    SORTS,
    ThresholdsForm,
    WhiteSpotFilterForm,
    area_choices,
    target_group_choices,
)
from konstruktor.territories.models import Region
from konstruktor.territories.presentation import (
    density_chart,
    export_header,
    export_rows,
    figures_sorted,
    row_views,
)

Choices = list[tuple[int, str, str]]


def _params(request: HttpRequest, areas: Choices, *, with_level: bool) -> tuple[Any, dict[str, Any]]:
    groups = target_group_choices()
    form = WhiteSpotFilterForm(request.GET or None, areas=areas, target_groups=groups, with_level=with_level)
    values: dict[str, Any] = {
        "area": None, "target_group": None, "level": "municipality", "sort": "rank", "dir": "asc",
    }  # fmt: skip
    if form.is_valid():
        values.update({k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    chosen = next(((code, name) for pk, code, name in groups if pk == values["target_group"]), ("", ""))
    values["target_group_code"], values["target_group_name"] = chosen
    return form, values


def _querystring(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def _sort_links(request: HttpRequest, values: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per column: the link that sorts by it (toggling the direction) and its aria-sort state."""
    links = {}
    for key in SORTS:
        active = values["sort"] == key
        direction = "desc" if active and values["dir"] == "asc" else "asc"
        state = ("ascending" if values["dir"] == "asc" else "descending") if active else "none"
        links[key] = {"url": "?" + _querystring(request, sort=key, dir=direction), "aria": state}
    return links


def _context(request: HttpRequest, rows: list[Any], values: dict[str, Any], areas: Choices) -> dict[str, Any]:
    thresholds = queries.thresholds_current()
    area_names = {pk: name for pk, _, name in areas}
    ordered = figures_sorted(rows, sort=values["sort"], direction=values["dir"])
    return {
        "rows": row_views(
            ordered,
            thresholds=thresholds,
            area_names=area_names,
            area=values["area"],
            target_group=values["target_group"],
        ),
        "chart": density_chart(rows, thresholds=thresholds),
        "thresholds": thresholds,
        "values": values,
        "sort_links": _sort_links(request, values),
        "area_name": area_names.get(values["area"]) if values["area"] else "",
        "target_group_name": values["target_group_name"],
        "show_links": request.user.is_authenticated,
        "can_set_thresholds": scope_for(request.user).is_federal,
        "has_demo": any(r.is_demo for r in rows),
        "with_population": sum(1 for r in rows if r.population),
        "flag_counts": {label: sum(1 for r in rows if code in r.flags) for code, label in queries.FLAG_LABELS.items()},
        "totals": {"ngo": sum(r.ngo_count for r in rows), "sonko": sum(r.sonko_count for r in rows)},
        "querystring": _querystring(request),
        "filter_query": urlencode({k: values[k] for k in ("area", "target_group") if values[k]}),
    }


def white_spots_region(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    areas = area_choices(region)
    form, values = _params(request, areas, with_level=True)
    rows = queries.white_spots(
        region=region, area=values["area"], level=values["level"], target_group=values["target_group"]
    )
    context = _context(request, rows, values, areas)
    context.update(
        region=region,
        form=form,
        level_label=queries.LEVELS[values["level"]],
        unlinked=queries.organizations_unlinked(
            region=region, area=values["area"], level=values["level"], target_group=values["target_group"]
        ),
        group=[r for r in queries.region_group(region) if r.pk != region.pk],
    )
    return render(request, "territories/white_spots.html", context)


def white_spots_region_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Неизвестный формат выгрузки.")
    region = get_object_or_404(Region, pk=pk)
    areas = area_choices(region)
    _, values = _params(request, areas, with_level=True)
    rows = figures_sorted(
        queries.white_spots(
            region=region, area=values["area"], level=values["level"], target_group=values["target_group"]
        ),
        sort=values["sort"],
        direction=values["dir"],
    )
    return _export(fmt, f"belye-pyatna-{region.oktmo_prefix}-{values['level']}", rows, areas)


def white_spots_subjects(request: HttpRequest) -> HttpResponse:
    areas = area_choices(None)
    form, values = _params(request, areas, with_level=False)
    rows = queries.white_spots_subjects(area=values["area"], target_group=values["target_group"])
    context = _context(request, rows, values, areas)
    context["form"] = form
    return render(request, "territories/white_spots_subjects.html", context)


def white_spots_subjects_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Неизвестный формат выгрузки.")
    areas = area_choices(None)
    _, values = _params(request, areas, with_level=False)
    rows = figures_sorted(
        queries.white_spots_subjects(area=values["area"], target_group=values["target_group"]),
        sort=values["sort"],
        direction=values["dir"],
    )
    return _export(fmt, "belye-pyatna-subekty", rows, areas)


def _export(fmt: str, name: str, rows: list[Any], areas: Choices) -> HttpResponseBase:
    area_names = {pk: label for pk, _, label in areas}
    header = export_header(area_names)
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, export_rows(rows, area_names))
    return xlsx_response(f"{name}.xlsx", header, export_rows(rows, area_names), title="Белые пятна")


@login_required
def thresholds(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_federal:
        raise PermissionDenied("Пороги «белых пятен» устанавливает федеральный координатор.")
    current = queries.white_spot_settings_get()
    form = ThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            white_spot_settings_update(by=request.user, **form.cleaned_data)
        except TerritoryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Пороги сохранены: флаги на страницах «белых пятен» пересчитаны.")
            return redirect("territories:thresholds")
    return render(request, "territories/thresholds.html", {"form": form, "current": current})
