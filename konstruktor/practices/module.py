"""What the practice base adds to the platform: navigation, an indicator, search, demo data."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem, SearchResult
from konstruktor.core.roles import Role


def _published_in_catalog(**filters: Any) -> int:
    from konstruktor.practices.queries import practice_list_public

    return practice_list_public().filter(**filters).count()


def _works_with_practices(scope: Scope) -> bool:
    return scope.authenticated and (scope.is_rc_staff or scope.has_role(Role.NGO_MEMBER, Role.EXPERT))


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from django.db.models import Q

    from konstruktor.practices.models import Practice
    from konstruktor.practices.queries import CATALOG_Q

    if not scope.is_rc_staff or not query.strip():
        return []
    q = query.strip()
    qs = Practice.objects.filter(Q(title__icontains=q) | Q(organization_name__icontains=q))
    if not scope.is_federal:
        qs = qs.filter(Q(region_id__in=scope.edit_region_ids) | CATALOG_Q)
    return [
        SearchResult(title=p.title, url=p.get_absolute_url(), snippet=p.summary[:200], kind="Практика")
        for p in qs.order_by("-updated_at")[:limit]
    ]


def _seed(write: Any) -> None:
    try:
        from konstruktor.practices.demo import demo_seed
    except ModuleNotFoundError:
        write("Демонстрационные практики пропущены: модуль practices.demo ещё не написан.")
        return
    demo_seed(write=write)


MODULE = Module(
    name="practices",
    label="База практик",
    nav=(
        NavItem("Практики", "practices:list", visible=_works_with_practices, order=50),
        NavItem("Каталог практик", "practices:catalog", visible=lambda s: True, order=51),
    ),
    indicators=(
        Indicator(
            code="practices_published",
            name="Практики опубликованы в федеральном каталоге",
            unit="практик",
            compute=_published_in_catalog,
        ),
    ),
    search=_search,
    seed=_seed,
    seed_order=70,
)
