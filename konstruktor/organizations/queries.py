"""Reads of the NGO registry: the scope provider, scoped lists, search and filters."""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from konstruktor.core.access import Scope, scope_filter, scope_for
from konstruktor.core.roles import RC_STAFF, Role
from konstruktor.core.text import normalize, search_document, search_tokens
from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Membership,
    Organization,
    OrganizationStatus,
    SupportRecord,
)


def scope_compute(user: Any) -> Scope:
    """A user's scope from their memberships (registered as core's scope provider)."""
    memberships = list(
        Membership.objects.filter(user=user).values_list("role", "organization_id", "organization__region_id")
    )
    roles = frozenset(role for role, _, _ in memberships)
    view_regions = {region for role, _, region in memberships if role in RC_STAFF | {Role.OFFICIAL}}
    edit_regions = {region for role, _, region in memberships if role in RC_STAFF}
    # Own organizations already covered by a region need no separate condition in the filters.
    own = {org for _, org, region in memberships if region not in view_regions}
    edit_own = {
        org for role, org, region in memberships if role in {Role.NGO_MEMBER} | RC_STAFF and region not in edit_regions
    }
    return Scope(
        authenticated=True,
        is_federal=Role.FEDERAL_COORDINATOR in roles or user.is_superuser,
        roles=roles,
        view_region_ids=frozenset(view_regions),
        edit_region_ids=frozenset(edit_regions),
        organization_ids=frozenset(own),
        edit_organization_ids=frozenset(edit_own),
        rc_organization_ids=frozenset(org for role, org, _ in memberships if role in RC_STAFF),
    )


def organization_search_text(*, full_name: str, short_name: str, legal_form: LegalForm | None) -> str:
    """Name words and legal-form tokens; ИНН/ОГРН are searched in their own indexed columns."""
    form_words = f"{legal_form.name} {legal_form.short_name}" if legal_form else ""
    return search_document(full_name, short_name, form_words)


def organization_list_visible(*, user: Any, edit: bool = False) -> QuerySet[Organization]:
    return scope_filter(
        Organization.objects.all(), scope_for(user), region_field="region", organization_field="pk", edit=edit
    )


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    region: int | None = None
    legal_form: int | None = None
    status: str = ""
    area: int | None = None
    kind: str = ""
    state: str = ""
    municipality: int | None = None
    settlement: int | None = None


_DIGITS = re.compile(r"\d{4,15}")


def organization_filter(qs: QuerySet[Organization], filters: OrganizationFilters) -> QuerySet[Organization]:
    query = filters.q.strip()
    compact = re.sub(r"[\s\-]", "", query)
    if _DIGITS.fullmatch(compact):
        if len(compact) in (10, 12, 13):  # a whole ИНН or ОГРН: an indexed equality
            qs = qs.filter(Q(inn=compact) | Q(ogrn=compact))
        else:
            qs = qs.filter(Q(inn__startswith=compact) | Q(ogrn__startswith=compact))
    elif query:
        for token in search_tokens(query):
            qs = qs.filter(search_text__contains=" " + token)
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    if filters.legal_form:
        qs = qs.filter(legal_form_id=filters.legal_form)
    if filters.municipality:
        # An NGO linked to a поселение counts in its district too.
        qs = qs.filter(
            Q(municipality_ref_id=filters.municipality) | Q(municipality_ref__parent_id=filters.municipality)
        )
    if filters.settlement:
        qs = qs.filter(settlement_id=filters.settlement)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.area:
        qs = qs.filter(areas__id=filters.area)
    if filters.status:
        today = datetime.date.today()
        current = OrganizationStatus.objects.filter(organization=OuterRef("pk"), kind=filters.status).filter(
            Q(since__isnull=True) | Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today)
        )
        qs = qs.filter(Exists(current))
    return qs


def organization_list_page_rows(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """What a list page shows, in a fixed number of queries whatever the page size."""
    return (
        qs.select_related("region", "legal_form")
        .defer("search_text", "address", "main_activity", "contact_person", "phone", "email", "website")
        .prefetch_related(Prefetch("statuses", queryset=OrganizationStatus.objects.order_by("kind")))
    )


def organization_duplicate(*, ogrn: str, inn: str, exclude_pk: int | None = None) -> Organization | None:
    """The organization that already holds this ОГРН or ИНН (whatever the user's scope)."""
    condition = Q()
    if ogrn:
        condition |= Q(ogrn=ogrn)
    if inn:
        condition |= Q(inn=inn)
    if not condition:
        return None
    qs = Organization.objects.filter(condition)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def support_list_visible(*, user: Any) -> QuerySet[SupportRecord]:
    scope = scope_for(user)
    qs = SupportRecord.objects.select_related("provider", "recipient", "recipient__region", "recipient__legal_form")
    if scope.is_federal:
        return qs
    return qs.filter(
        Q(provider__region_id__in=scope.view_region_ids)
        | Q(recipient__region_id__in=scope.view_region_ids)
        | Q(recipient_id__in=scope.organization_ids)
    )


def resource_centres_for(*, user: Any) -> QuerySet[Organization]:
    """The РЦ a user may record support on behalf of."""
    scope = scope_for(user)
    qs = Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE)
    return qs if scope.is_federal else qs.filter(pk__in=scope.rc_organization_ids)


@lru_cache(maxsize=1)
def _legal_form_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for form in LegalForm.objects.all():
        names = [form.name, form.okopf, *form.aliases.splitlines()]
        if form.short_name:
            names.append(form.short_name)
        for name in names:
            key = normalize(name)
            if key:
                index.setdefault(key, form.pk)
    return index


def legal_form_id_by_text(text: str) -> int | None:
    """Match a legal form by ОКОПФ code, name, plural or alias, in any case and spelling."""
    key = normalize(text)
    return _legal_form_index().get(key) if key else None


def legal_form_index_reset() -> None:
    _legal_form_index.cache_clear()


def activity_areas_for_region(region_id: int | None) -> QuerySet[ActivityArea]:
    return ActivityArea.objects.filter(Q(region__isnull=True) | Q(region_id=region_id))
