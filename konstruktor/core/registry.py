"""How modules plug into the platform (navigation, indicators, search, demo seeds).

Each app registers a `Module` in its AppConfig.ready(); the shell reads the registry and never
imports a module by name.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from konstruktor.core.access import Scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Who sees the link; anonymous visitors see only public items.
    visible: Callable[[Scope], bool] = lambda scope: scope.authenticated
    order: int = 100


class IndicatorEvent(NamedTuple):
    """One counted occurrence: its day, the region it counts in, the РЦ credited, the organization."""

    day: datetime.date
    region_id: int | None = None
    centre_id: int | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    compute: Callable[..., int | float]
    # events(start, end) -> the occurrences in the period (both days included), for an indicator that
    # counts dated occurrences; monitoring breaks it down by day, region and РЦ without knowing the module.
    events: Callable[[datetime.date, datetime.date], Iterable[IndicatorEvent]] | None = None


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    snippet: str
    kind: str


@dataclass(frozen=True)
class Module:
    name: str
    label: str
    nav: tuple[NavItem, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    # search(query, scope, limit) -> results the scope may see
    search: Callable[[str, Scope, int], list[SearchResult]] | None = None
    # seed(stdout_write) -> None; idempotent; ordered by seed_order
    seed: Callable[[Callable[[str], Any]], None] | None = None
    seed_order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)


_modules: dict[str, Module] = {}


def register(module: Module) -> None:
    _modules[module.name] = module


def modules() -> list[Module]:
    return list(_modules.values())


def nav_items(scope: Scope) -> list[NavItem]:
    items = [item for m in _modules.values() for item in m.nav if item.visible(scope)]
    return sorted(items, key=lambda item: item.order)


def indicators() -> list[Indicator]:
    return [i for m in _modules.values() for i in m.indicators]


def seeds() -> list[Module]:
    return sorted((m for m in _modules.values() if m.seed), key=lambda m: m.seed_order)


def search_all(query: str, scope: Scope, limit: int = 10) -> list[SearchResult]:
    results: list[SearchResult] = []
    for module in _modules.values():
        if module.search:
            results.extend(module.search(query, scope, limit))
    return results
