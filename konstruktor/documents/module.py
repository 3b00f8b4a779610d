"""What the documents module adds to the platform: navigation, an indicator, search, a demo seed."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem, SearchResult


def _packages_generated(**filters: Any) -> int:
    """Generated package versions; filters: region (id), since/until (dates of generation)."""
    from konstruktor.documents.models import GeneratedPackage

    qs = GeneratedPackage.objects.all()
    if filters.get("region"):
        qs = qs.filter(draft__organization__region_id=filters["region"])
    if filters.get("since"):
        qs = qs.filter(created_at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(created_at__date__lte=filters["until"])
    return qs.count()


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from django.db.models import Q

    from konstruktor.documents.models import PackageDefinition

    if not scope.authenticated or len(query.strip()) < 3:
        return []
    words = query.split()
    qs = PackageDefinition.objects.filter(is_active=True)
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word) | Q(legal_basis__icontains=word))
    return [
        SearchResult(title=p.title, url=p.get_absolute_url(), snippet=p.description, kind="Пакет документов")
        for p in qs[:limit]
    ]


def _seed(write: Any) -> None:
    from konstruktor.documents.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="documents",
    label="Пакеты документов",
    nav=(NavItem("Документы", "documents:index", visible=lambda scope: scope.authenticated, order=40),),
    indicators=(
        Indicator(
            code="document_packages_generated",
            name="пакетов документов сформировано",
            unit="пакетов",
            compute=_packages_generated,
        ),
    ),
    search=_search,
    seed=_seed,
    seed_order=30,
)
