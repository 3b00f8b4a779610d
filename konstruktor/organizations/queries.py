"""Reads of the NGO registry: the scope provider, scoped lists, search and filters."""

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

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
from konstruktor.organizations.search_index import INDEX as SEARCH_INDEX
from konstruktor.organizations.search_index import search_index_match, search_index_supported


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
    """Name words and legal-form tokens; ИНН/ОГРН are searched in their own indexed columns.

    The same as search_document(full_name, short_name, form words), computed with less work (the
    import builds 200 000 of these): a short name equal to the full one adds no word, and the
    words of a legal form are worked out once per form.
    """
    names = (full_name,) if short_name == full_name else (full_name, short_name)
    document = search_document(*names)
    if legal_form is None:
        return document
    words = document.split()
    seen = set(words)
    extra = [word for word in _legal_form_words(legal_form.name, legal_form.short_name) if word not in seen]
    return " " + " ".join(words + extra) + " " if extra else document


@lru_cache(maxsize=256)
def _legal_form_words(name: str, short_name: str) -> tuple[str, ...]:
    return tuple(search_document(f"{name} {short_name}").split())


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
    target_group: int | None = None


_DIGITS = re.compile(r"\d{4,15}")


def organization_filter(qs: QuerySet[Organization], filters: OrganizationFilters) -> QuerySet[Organization]:
    query = filters.q.strip()
    compact = re.sub(r"[\s\-]", "", query)
    if _DIGITS.fullmatch(compact):
        # The matching ids first (a few index lookups), then the user's scope and filters: in one
        # WHERE SQLite would rather walk a region's rows than combine the two identifier indexes.
        holders = Organization.objects.filter(_identifier_condition(compact, vendor=connections[qs.db].vendor))
        qs = qs.filter(pk__in=holders.order_by().values("pk"))
    elif query:
        tokens = search_tokens(query)
        for token in tokens:
            qs = qs.filter(search_text__contains=" " + token)
        qs = _search_index_narrow(qs, tokens)
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
    if filters.target_group:
        qs = qs.filter(target_groups__id=filters.target_group)
    if filters.status:
        today = datetime.date.today()
        current = OrganizationStatus.objects.filter(kind=filters.status).filter(
            Q(since__isnull=True) | Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today)
        )
        # The ids of the (few) holders, not EXISTS per organization: SQLite would test every row.
        qs = qs.filter(pk__in=current.values("organization_id"))
    return qs


def _identifier_condition(digits: str, *, vendor: str) -> Q:
    """ИНН or ОГРН equal to the digits (a whole identifier) or starting with them.

    The `NOT … = ''` terms change no result (the digits are never empty) but let SQLite use the
    partial unique indexes for both sides of the OR. A prefix is a range on SQLite (its LIKE
    uses no index); PostgreSQL has varchar_pattern_ops indexes for LIKE 'digits%' (0007).
    """
    if len(digits) in (10, 12, 13):
        return (Q(inn=digits) & ~Q(inn="")) | (Q(ogrn=digits) & ~Q(ogrn=""))
    if vendor != "sqlite":
        return Q(inn__startswith=digits) | Q(ogrn__startswith=digits)
    # Byte order (SQLite's BINARY collation): the values that start with the digits are exactly
    # those from the digits up to the digits with the last one incremented.
    upper = digits[:-1] + chr(ord(digits[-1]) + 1)
    return (Q(inn__gte=digits, inn__lt=upper) & ~Q(inn="")) | (Q(ogrn__gte=digits, ogrn__lt=upper) & ~Q(ogrn=""))


# Up to this many candidates the index drives the query; from this many on, the words are common
# enough that walking the name order and testing the LIKE finds a page sooner, while looking up
# and sorting all the candidates would cost more.
SEARCH_INDEX_DENSE = 10_000


def _search_index_narrow(qs: QuerySet[Organization], tokens: list[str]) -> QuerySet[Organization]:
    """On SQLite, restrict to the rows the FTS5 trigram index finds for the tokens when they are
    few (the LIKE conditions still decide). The index is read once, here: its candidate ids (up
    to SEARCH_INDEX_DENSE) go to the count and the page as one JSON parameter. PostgreSQL's
    trigram index serves the LIKE conditions themselves."""
    connection = connections[qs.db]
    match = search_index_match(tokens)
    if not match or not search_index_supported(connection):
        return qs
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {SEARCH_INDEX} WHERE {SEARCH_INDEX} MATCH %s LIMIT %s", [match, SEARCH_INDEX_DENSE]
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return qs.none()
    if len(ids) >= SEARCH_INDEX_DENSE:
        return qs
    return qs.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))


_WIDE_COLUMNS = ("search_text", "address", "main_activity", "contact_person", "phone", "email", "website")


def organization_list_page_rows(qs: QuerySet[Organization], *, shown: tuple[str, ...] = ()) -> QuerySet[Organization]:
    """What a list page shows, in a fixed number of queries whatever the page size.

    The wide columns a list does not show are not read; `shown` names those it does show (a
    deferred column read per row would cost a query per row).
    """
    return (
        qs.select_related("region", "legal_form")
        .defer(*(name for name in _WIDE_COLUMNS if name not in shown))
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


def resource_centre_of_region(*, region_id: int | None) -> Organization | None:
    """The region's РЦ (the first registered when there are several); None when it has none."""
    if region_id is None:
        return None
    return (
        Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE, region_id=region_id).order_by("pk").first()
    )


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
