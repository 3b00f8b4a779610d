"""The one access layer: what a user may see and change, by role, region and organization.

`core` knows no domain models. The organizations app registers the function that computes a
user's `Scope` from their memberships; every module filters its querysets with `scope_filter`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from konstruktor.core.roles import RC_STAFF

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    is_federal: bool = False
    roles: frozenset[str] = frozenset()
    # Regions whose objects the user may read / change (РЦ staff and officials act for a region).
    view_region_ids: frozenset[int] = frozenset()
    edit_region_ids: frozenset[int] = frozenset()
    # Organizations the user belongs to (NGO members see and edit their own).
    organization_ids: frozenset[int] = frozenset()
    edit_organization_ids: frozenset[int] = frozenset()
    # The РЦ organizations the user acts for (providers in the support log).
    rc_organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_rc_staff(self) -> bool:
        return self.is_federal or bool(self.roles & RC_STAFF)

    def has_role(self, *roles: str) -> bool:
        return self.is_federal or bool(self.roles & set(roles))

    def can_view_region(self, region_id: int | None) -> bool:
        return self.is_federal or (region_id is not None and region_id in self.view_region_ids)

    def can_edit_region(self, region_id: int | None) -> bool:
        return self.is_federal or (region_id is not None and region_id in self.edit_region_ids)


ANONYMOUS = Scope()
_provider: Callable[[Any], Scope] | None = None


def register_scope_provider(provider: Callable[[Any], Scope]) -> None:
    global _provider
    _provider = provider


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per request object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_konstruktor_scope", None)
    if cached is not None:
        return cached
    if _provider is None:
        raise RuntimeError("no scope provider registered")
    scope = _provider(user)
    user._konstruktor_scope = scope
    return scope


def scope_filter(
    queryset: QuerySet[M],
    scope: Scope,
    *,
    region_field: str,
    organization_field: str | None = None,
    edit: bool = False,
) -> QuerySet[M]:
    """Keep the objects whose region (or own organization) the scope covers."""
    if scope.is_federal:
        return queryset
    regions = scope.edit_region_ids if edit else scope.view_region_ids
    orgs = scope.edit_organization_ids if edit else scope.organization_ids
    condition = Q(**{f"{region_field}__in": regions})
    if organization_field:
        condition |= Q(**{f"{organization_field}__in": orgs})
    if not regions and not (organization_field and orgs):
        return queryset.none()
    return queryset.filter(condition)


def get_scoped_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch from an already scoped queryset; objects out of scope look like missing ones."""
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404("Объект не найден или недоступен.") from exc
