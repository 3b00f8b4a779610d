"""What expert selection adds to the platform: navigation, indicators and the demo call."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem
from konstruktor.core.roles import Role


def _runs_calls(scope: Scope) -> bool:
    return scope.is_federal or scope.is_rc_staff


def _is_expert(scope: Scope) -> bool:
    return Role.EXPERT in scope.roles


def _practices_decided(region: Any = None) -> int:
    from konstruktor.expertise.models import Decision

    qs = Decision.objects.all()
    if region is not None:
        qs = qs.filter(entry__practice__region=region)
    return qs.values("entry_id").distinct().count()


def _seed(write: Any) -> None:
    from konstruktor.expertise.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="expertise",
    label="Экспертный отбор практик",
    nav=(
        NavItem("Отборы практик", "expertise:call_list", visible=_runs_calls, order=62),
        NavItem("Мои экспертизы", "expertise:my_queue", visible=_is_expert, order=63),
        # The published rules and results of every call, for visitors who do not run calls.
        NavItem("Итоги отборов практик", "expertise:results_index", visible=lambda s: not _runs_calls(s), order=52),
    ),
    indicators=(
        Indicator(
            code="practices_decided",
            name="Практики прошли экспертный отбор",
            unit="практик",
            compute=_practices_decided,
        ),
    ),
    seed=_seed,
    # After the registry (20) and the practices' own demo passports.
    seed_order=75,
)
