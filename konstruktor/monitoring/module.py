"""What monitoring adds to the platform: the open summary and the dashboards, demo snapshots."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Module, NavItem
from konstruktor.core.roles import Role


def _dashboards_visible(scope: Scope) -> bool:
    return scope.is_federal or scope.is_rc_staff or scope.has_role(Role.OFFICIAL)


def _seed(write: Any) -> None:
    from konstruktor.monitoring.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="monitoring",
    label="Показатели",
    nav=(
        NavItem("Показатели", "monitoring:summary", visible=lambda s: True, order=65),
        NavItem("Мониторинг", "monitoring:dashboard", visible=_dashboards_visible, order=66),
    ),
    seed=_seed,
    seed_order=90,
)
