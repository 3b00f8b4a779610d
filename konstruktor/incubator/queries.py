"""Reads of the incubator: scoped group lists, filters, links to other modules, mentor ranking."""

import datetime
import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from konstruktor.core.access import scope_filter, scope_for
from konstruktor.core.roles import RC_STAFF
from konstruktor.incubator.models import InitiativeGroup, Partnership, Stage
from konstruktor.organizations.models import Organization, OrganizationStatus, SupportRecord
from konstruktor.territories.models import Region


def group_list_visible(*, user: Any, edit: bool = False) -> QuerySet[InitiativeGroup]:
    """РЦ staff see their region's groups; members of a group's organization see their own."""
    return scope_filter(
        InitiativeGroup.objects.all(),
        scope_for(user),
        region_field="organization__region",
        organization_field=None if edit else "organization",
        edit=edit,
    )


def group_can_manage(*, group: InitiativeGroup, user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_rc_staff and scope.can_edit_region(group.organization.region_id)


def group_can_see_personal_data(*, group: InitiativeGroup, user: Any) -> bool:
    """Members' contacts are shown only to РЦ staff of the group's region."""
    return group_can_manage(group=group, user=user)


@dataclass(frozen=True)
class GroupFilters:
    stage: str = ""
    municipality: int | None = None
    overdue: bool = False
    responsible: int | None = None
    q: str = ""


def group_filter(
    qs: QuerySet[InitiativeGroup], filters: GroupFilters, *, today: datetime.date | None = None
) -> QuerySet[InitiativeGroup]:
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.municipality:
        qs = qs.filter(organization__municipality_ref_id=filters.municipality)
    if filters.overdue:
        qs = qs.filter(next_step_due__lt=today or datetime.date.today())
    if filters.responsible:
        qs = qs.filter(next_step_owner_id=filters.responsible)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(social_problem__icontains=filters.q))
    return qs


def group_rows(qs: QuerySet[InitiativeGroup]) -> QuerySet[InitiativeGroup]:
    """What a list or the board shows, in a fixed number of queries."""
    return qs.select_related(
        "organization",
        "organization__region",
        "organization__municipality_ref",
        "next_step_owner",
        "responsible_centre",
    ).order_by("next_step_due", "name", "id")


def group_board(qs: QuerySet[InitiativeGroup]) -> list[tuple[str, str, list[InitiativeGroup]]]:
    """Columns (stage, label, groups) in pipeline order."""
    by_stage: dict[str, list[InitiativeGroup]] = {s: [] for s in Stage.values}
    for group in group_rows(qs):
        by_stage[group.stage].append(group)
    return [(value, str(label), by_stage[value]) for value, label in Stage.choices]


def municipality_ngo_count(*, municipality_id: int | None, exclude_organization_id: int | None = None) -> int | None:
    """Active NGOs of the registry linked to a municipality or to a поселение in it, as the white
    spots count them (None when the municipality is unknown)."""
    if municipality_id is None:
        return None
    qs = Organization.objects.filter(kind=Organization.Kind.NGO, state=Organization.State.ACTIVE).filter(
        Q(municipality_ref_id=municipality_id) | Q(municipality_ref__parent_id=municipality_id)
    )
    if exclude_organization_id is not None:
        qs = qs.exclude(pk=exclude_organization_id)
    return qs.count()


def group_consultations(group: InitiativeGroup, *, user: Any) -> list[Any]:
    """The group's consultations the user may see (through the consultation line's own scoping)."""
    from konstruktor.consultations.queries import consultation_list_visible

    qs = consultation_list_visible(user=user).filter(requester_organization=group.organization)
    return list(qs.select_related("topic").order_by("-id")[:50])


def group_document_drafts(group: InitiativeGroup, *, user: Any) -> list[Any]:
    """The group's document packages the user may see (through the documents module's scoping)."""
    from konstruktor.documents.queries import draft_list_visible

    return list(draft_list_visible(user=user).filter(organization=group.organization).order_by("-updated_at")[:50])


def partnerships_of(organization: Organization) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(Q(mentor=organization) | Q(mentee=organization))
        .select_related("mentor", "mentee", "mentor__region", "mentee__region")
        .prefetch_related("meetings")
    )


def partnership_list_visible(*, user: Any) -> QuerySet[Partnership]:
    scope = scope_for(user)
    qs = Partnership.objects.select_related("mentor", "mentee", "mentor__region", "mentee__region")
    if scope.is_federal:
        return qs
    return qs.filter(
        Q(mentee__region_id__in=scope.view_region_ids)
        | Q(mentor__region_id__in=scope.view_region_ids)
        | Q(mentee_id__in=scope.organization_ids)
        | Q(mentor_id__in=scope.organization_ids)
    )


# --- Mentor matching -------------------------------------------------------------------------

MENTOR_STATUS_KINDS = (
    OrganizationStatus.Kind.SONKO,
    OrganizationStatus.Kind.SOCIAL_PROVIDER,
    OrganizationStatus.Kind.IOPU,
)
MATURE_YEARS = 3


@dataclass
class MentorCandidate:
    org: Organization
    score: float
    reasons: list[str]
    lower_because: list[str] = field(default_factory=list)
    shared_areas: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    age_years: int | None = None
    support_count: int = 0
    same_municipality: bool = False
    same_region: bool = False


def _years(since: datetime.date | None, today: datetime.date) -> int | None:
    if since is None:
        return None
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def _mentee_target_groups(organization: Organization) -> set[int]:
    """The organization's own target groups, and its initiative group's (they are kept in step)."""
    own = set(organization.target_groups.values_list("pk", flat=True))
    return own | set(
        InitiativeGroup.target_groups.through.objects.filter(initiativegroup__organization=organization).values_list(
            "targetgroup_id", flat=True
        )
    )


def mentor_candidates(
    *, organization: Organization, limit: int = 10, today: datetime.date | None = None
) -> list[MentorCandidate]:
    """NGOs of the registry that could mentor the organization, best first, each with its reasons.

    All figures come from aggregate queries over the candidates (a handful of queries whatever
    the registry size); per candidate only already-fetched rows are read.
    """
    today = today or datetime.date.today()
    area_ids = set(organization.areas.values_list("pk", flat=True))
    target_ids = _mentee_target_groups(organization)
    has_status = Exists(OrganizationStatus.objects.filter(organization=OuterRef("pk"), kind__in=MENTOR_STATUS_KINDS))
    has_targets = Exists(
        Organization.target_groups.through.objects.filter(
            organization_id=OuterRef("pk"), targetgroup_id__in=target_ids or [0]
        )
    )
    # The pool: organizations sharing an area or a target group, or holding a status worth mentoring with.
    shares_area = Exists(
        Organization.areas.through.objects.filter(organization_id=OuterRef("pk"), activityarea_id__in=area_ids or [0])
    )
    qs = (
        Organization.objects.filter(kind=Organization.Kind.NGO, state=Organization.State.ACTIVE)
        .exclude(pk=organization.pk)
        .filter(shares_area | has_targets | has_status)
    )
    rows = list(qs.select_related("region", "municipality_ref"))
    ids = [o.pk for o in rows]
    support = dict(
        SupportRecord.objects.filter(recipient_id__in=ids)
        .values("recipient_id")
        .annotate(n=Count("id"))
        .values_list("recipient_id", "n")
    )
    statuses: dict[int, set[str]] = {}
    for org_id, kind in (
        OrganizationStatus.objects.filter(organization_id__in=ids, kind__in=MENTOR_STATUS_KINDS)
        .filter(Q(since__isnull=True) | Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today))
        .values_list("organization_id", "kind")
    ):
        statuses.setdefault(org_id, set()).add(kind)
    shared_area_names: dict[int, list[str]] = {}
    for org_id, name in Organization.areas.through.objects.filter(
        organization_id__in=ids, activityarea_id__in=area_ids
    ).values_list("organization_id", "activityarea__short_name"):
        shared_area_names.setdefault(org_id, []).append(name)
    shared_targets: dict[int, list[str]] = {}
    if target_ids:
        for org_id, name in Organization.target_groups.through.objects.filter(
            organization_id__in=ids, targetgroup_id__in=target_ids
        ).values_list("organization_id", "targetgroup__name"):
            shared_targets.setdefault(org_id, []).append(name)
    status_labels = dict(OrganizationStatus.Kind.choices)

    candidates = []
    for org in rows:
        reasons: list[str] = []
        score = 0.0
        areas = sorted(shared_area_names.get(org.pk, []))
        if areas:
            score += 3.0 * len(areas)
            reasons.append("общие направления: " + ", ".join(areas))
        targets = sorted(shared_targets.get(org.pk, []))
        if targets:
            score += 2.0 * len(targets)
            reasons.append("общие целевые группы: " + ", ".join(targets))
        n_support = support.get(org.pk, 0)
        if n_support:
            score += math.log2(1 + n_support)
            reasons.append(f"получала поддержку РЦ {n_support} раз(а)")
        age = _years(org.registration_date, today)
        if age is not None and age >= MATURE_YEARS:
            score += 2.0 + min(age, 15) / 15
            reasons.append(f"работает {age} лет")
        org_statuses = sorted(statuses.get(org.pk, set()), key=[str(k) for k in MENTOR_STATUS_KINDS].index)
        for kind in org_statuses:
            score += {"sonko": 1.5, "social_provider": 2.0, "iopu": 2.5}[kind]
        if org_statuses:
            reasons.append("статусы: " + ", ".join(status_labels[k] for k in org_statuses))
        same_municipality = (
            organization.municipality_ref_id is not None and org.municipality_ref_id == organization.municipality_ref_id
        )
        same_region = org.region_id == organization.region_id
        if not same_municipality:
            score += 1.0
            reasons.append("из другой территории: не конкурирует за тех же получателей")
        if not same_region:
            score += 0.5
            reasons.append(f"из другого региона ({org.region.name}): межрегиональное наставничество")
        candidates.append(
            MentorCandidate(
                org=org,
                score=round(score, 2),
                reasons=reasons,
                shared_areas=areas,
                statuses=[status_labels[k] for k in org_statuses],
                age_years=age,
                support_count=n_support,
                same_municipality=same_municipality,
                same_region=same_region,
            )
        )
    candidates.sort(key=lambda c: (-c.score, c.org.full_name, c.org.pk))
    top = candidates[:limit]
    for above, below in pairwise(top):
        below.lower_because = _lower_because(above, below)
    return top


def _lower_because(above: MentorCandidate, below: MentorCandidate) -> list[str]:
    why = []
    if len(below.shared_areas) < len(above.shared_areas):
        why.append("меньше общих направлений" if below.shared_areas else "нет общих направлений")
    if (below.age_years or 0) < MATURE_YEARS <= (above.age_years or 0):
        why.append(f"младше {MATURE_YEARS} лет" if below.age_years is not None else "нет даты регистрации")
    if len(below.statuses) < len(above.statuses):
        why.append("меньше статусов (СОНКО, поставщик 442-ФЗ, ИОПУ)")
    if below.support_count < above.support_count:
        why.append("меньше истории поддержки")
    if below.same_municipality and not above.same_municipality:
        why.append("из той же территории")
    elif below.same_region and not above.same_region:
        why.append("из того же региона")
    return why or ["немного ниже суммарная оценка"]


def _registered_from_empty_municipalities(
    *, region: int | None = None, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[InitiativeGroup]:
    """Groups registered as NGOs whose municipality had no NGOs when they started, by the date of
    state registration (an NGO's own registration date in the registry)."""
    registered = Stage.values[Stage.values.index(Stage.REGISTERED) :]
    qs = InitiativeGroup.objects.filter(
        municipality_had_no_ngos=True,
        stage__in=registered,
        organization__kind=Organization.Kind.NGO,
        organization__registration_date__isnull=False,
    )
    if region:
        qs = qs.filter(organization__region_id=region)
    if since:
        qs = qs.filter(organization__registration_date__gte=since)
    if until:
        qs = qs.filter(organization__registration_date__lte=until)
    return qs


def groups_registered_from_empty_municipalities(
    *, region: int | None = None, since: datetime.date | None = None, until: datetime.date | None = None
) -> int:
    """Indicator «НКО созданы в территориях без НКО»; filters: region (id), since/until (dates)."""
    return _registered_from_empty_municipalities(region=region, since=since, until=until).count()


def groups_registered_from_empty_municipalities_events(
    start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, int, int | None, int]]:
    """The same NGOs as (registration date, region, responsible РЦ, organization), for monitoring."""
    rows = (
        _registered_from_empty_municipalities(since=start, until=end)
        .order_by("organization__registration_date", "pk")
        .values_list(
            "organization__registration_date", "organization__region_id", "responsible_centre_id", "organization_id"
        )
    )
    return [(day, region, centre, org) for day, region, centre, org in rows if day is not None]


def staff_of_regions(*, region_ids: Any) -> QuerySet[Any]:
    """РЦ staff of the regions: who can own a group's next step."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__organization__region_id__in=region_ids,
            memberships__organization__kind=Organization.Kind.RESOURCE_CENTRE,
            memberships__role__in=RC_STAFF,
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def regions_managed(*, user: Any) -> QuerySet[Region]:
    scope = scope_for(user)
    if scope.is_federal:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.edit_region_ids)


def regions_visible(*, user: Any) -> QuerySet[Region]:
    scope = scope_for(user)
    if scope.is_federal:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.view_region_ids)
