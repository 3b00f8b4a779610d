"""What the consultation line adds to the platform: navigation, an indicator, search, demo data."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem, SearchResult
from konstruktor.core.roles import Role


def _consultations_answered(**filters: Any) -> int:
    from konstruktor.consultations.models import Consultation

    return Consultation.objects.filter(answered_at__isnull=False, **filters).count()


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from konstruktor.consultations.models import Consultation
    from konstruktor.core.access import scope_filter

    if not scope.is_rc_staff or not query.strip():
        return []
    qs = scope_filter(Consultation.objects.select_related("topic"), scope, region_field="region", edit=True)
    query = query.strip()
    found = qs.filter(question__icontains=query) if not query.isdigit() else qs.filter(pk=int(query))
    return [
        SearchResult(
            title=f"Консультация № {c.pk}: {c.topic}",
            url=c.get_absolute_url(),
            snippet=c.question[:200],
            kind="Консультация",
        )
        for c in found.order_by("-received_at")[:limit]
    ]


def _seed(write: Any) -> None:
    from konstruktor.consultations.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="consultations",
    label="Консультационная линия",
    nav=(
        NavItem(
            "Консультации",
            "consultations:queue",
            visible=lambda s: s.is_rc_staff or Role.NGO_MEMBER in s.roles,
            order=40,
        ),
        NavItem("Задать вопрос", "consultations:ask", visible=lambda s: not s.is_rc_staff, order=90),
    ),
    indicators=(
        Indicator(
            code="consultations_answered",
            name="Консультаций дано",
            unit="консультаций",
            compute=_consultations_answered,
        ),
    ),
    search=_search,
    seed=_seed,
    seed_order=40,
)
