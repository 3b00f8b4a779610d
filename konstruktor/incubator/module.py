"""What the incubator adds to the platform: navigation, an indicator, search, demo data."""

import datetime
from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, IndicatorEvent, Module, NavItem, SearchResult


def _ngos_created_in_empty_territories(**filters: Any) -> int:
    """Filters: region (id), since/until (dates of state registration)."""
    from konstruktor.incubator.queries import groups_registered_from_empty_municipalities

    return groups_registered_from_empty_municipalities(**filters)


def _ngos_created_in_empty_territories_events(start: datetime.date, end: datetime.date) -> list[IndicatorEvent]:
    from konstruktor.incubator.queries import groups_registered_from_empty_municipalities_events

    return [IndicatorEvent(*row) for row in groups_registered_from_empty_municipalities_events(start, end)]


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from konstruktor.core.access import scope_filter
    from konstruktor.incubator.models import InitiativeGroup

    if not scope.is_rc_staff or not query.strip():
        return []
    qs = scope_filter(InitiativeGroup.objects.all(), scope, region_field="organization__region")
    return [
        SearchResult(title=g.name, url=g.get_absolute_url(), snippet=g.social_problem[:200], kind="Инициативная группа")
        for g in qs.filter(name__icontains=query.strip())[:limit]
    ]


def _seed(write: Any) -> None:
    from konstruktor.incubator.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="incubator",
    label="Инкубатор",
    nav=(
        NavItem("Инкубатор", "incubator:board", visible=lambda s: s.is_rc_staff, order=45),
        NavItem("Выбор формы НКО", "incubator:chooser", visible=lambda s: True, order=46),
    ),
    indicators=(
        Indicator(
            code="ngos_created_in_empty_territories",
            name="НКО созданы в территориях без НКО",
            unit="организаций",
            compute=_ngos_created_in_empty_territories,
            events=_ngos_created_in_empty_territories_events,
        ),
    ),
    search=_search,
    seed=_seed,
    seed_order=35,
)
