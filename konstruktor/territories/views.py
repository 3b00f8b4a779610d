from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.access import scope_for
from konstruktor.core.registry import Module, NavItem
from konstruktor.territories.actions import region_set_pilot, territories_demo_load
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_list


def _seed(write: Any) -> None:
    territories_demo_load(write=write)


MODULE = Module(
    name="territories",
    label="Территории",
    nav=(
        NavItem("Регионы", "territories:regions", visible=lambda scope: True, order=50),
        NavItem("Белые пятна", "territories:white_spots_subjects", visible=lambda scope: True, order=55),
    ),
    seed=_seed,
    seed_order=15,
)


def regions(request: HttpRequest) -> HttpResponse:
    only = request.GET.get("show", "programme")
    qs = region_list()
    if only == "programme":
        qs = qs.filter(is_programme=True)
    return render(
        request,
        "territories/regions.html",
        {
            "regions": qs,
            "show": only,
            "programme_count": Region.objects.filter(is_programme=True).count(),
            "pilot_count": Region.objects.filter(is_pilot=True).count(),
            "can_mark_pilot": scope_for(request.user).is_federal,
        },
    )


@login_required
@require_POST
def region_pilot(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    if not scope_for(request.user).is_federal:
        raise PermissionDenied("Отмечать пилотные регионы может только федеральный координатор.")
    try:
        region = region_set_pilot(region=region, is_pilot=request.POST.get("is_pilot") == "1", by=request.user)
    except TerritoryError as exc:
        messages.error(request, str(exc))
    else:
        state = "отмечен как пилотный" if region.is_pilot else "больше не пилотный"
        messages.success(request, f"{region.name}: {state}.")
    return redirect("territories:regions")
