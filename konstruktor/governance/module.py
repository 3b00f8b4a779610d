"""What project management adds to the platform: navigation, search, demo data."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Module, NavItem, SearchResult


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from django.db.models import Q

    from konstruktor.governance.models import ProjectGroup, Roadmap

    query = query.strip()
    if not query:
        return []
    roadmaps = Roadmap.objects.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if not scope.is_federal:
        visible = Q(is_public=True) | Q(group__region_id__in=scope.view_region_ids)
        roadmaps = roadmaps.filter(visible)
    results = [
        SearchResult(title=r.title, url=r.get_absolute_url(), snippet=r.description[:200], kind="Дорожная карта")
        for r in roadmaps.order_by("title")[:limit]
    ]
    if scope.authenticated:
        groups = ProjectGroup.objects.filter(Q(name__icontains=query) | Q(purpose__icontains=query))
        if not scope.is_federal:
            groups = groups.filter(region_id__in=scope.view_region_ids)
        results += [
            SearchResult(title=g.name, url=g.get_absolute_url(), snippet=g.purpose[:200], kind="Проектная группа")
            for g in groups.order_by("name")[:limit]
        ]
    return results


def _seed(write: Any) -> None:
    from konstruktor.governance.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="governance",
    label="Проектное управление",
    nav=(
        NavItem("Проектное управление", "governance:home", visible=lambda s: s.authenticated, order=60),
        NavItem("Дорожные карты", "governance:roadmap_list", visible=lambda s: True, order=62),
    ),
    search=_search,
    seed=_seed,
    seed_order=60,
)
