"""What the registry adds to the platform: navigation, indicators, search, demo data."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem, SearchResult
from konstruktor.core.roles import Role


def _registry_visible(scope: Scope) -> bool:
    return scope.is_federal or scope.is_rc_staff or scope.has_role(Role.OFFICIAL, Role.NGO_MEMBER)


def _ngos_supported(**filters: Any) -> int:
    from konstruktor.organizations.models import SupportRecord

    return SupportRecord.objects.filter(**filters).values("recipient_id").distinct().count()


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from konstruktor.core.access import scope_filter
    from konstruktor.organizations.models import Organization
    from konstruktor.organizations.queries import OrganizationFilters, organization_filter

    if not scope.authenticated:
        return []
    qs = scope_filter(Organization.objects.all(), scope, region_field="region", organization_field="pk")
    return [
        SearchResult(title=str(o), url=o.get_absolute_url(), snippet=o.full_name, kind="Организация")
        for o in organization_filter(qs, OrganizationFilters(q=query))[:limit]
    ]


def _seed(write: Any) -> None:
    from konstruktor.organizations.actions import organizations_link_territories
    from konstruktor.organizations.demo import demo_seed

    demo_seed(write=write)
    linked = organizations_link_territories(only_unlinked=True)
    write(f"Привязано к территориям: {linked.matched}, без привязки: {len(linked.unmatched)}.")


MODULE = Module(
    name="organizations",
    label="Реестр НКО",
    nav=(
        NavItem("Реестр НКО", "organizations:list", visible=_registry_visible, order=10),
        NavItem(
            "Журнал поддержки",
            "organizations:support_list",
            visible=lambda s: s.is_rc_staff or s.has_role(Role.OFFICIAL),
            order=20,
        ),
        NavItem("Импорт", "organizations:import_upload", visible=lambda s: s.is_rc_staff, order=30),
    ),
    indicators=(
        Indicator(code="ngos_supported", name="НКО получили поддержку", unit="организаций", compute=_ngos_supported),
    ),
    search=_search,
    seed=_seed,
    seed_order=20,
)
