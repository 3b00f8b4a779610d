"""Reads of expert selection: who may run which call, what an expert sees, the aggregation inputs."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from konstruktor.core.access import scope_for
from konstruktor.core.roles import Role
from konstruktor.expertise import rules
from konstruktor.expertise.models import (
    Assignment,
    AssignmentStatus,
    Call,
    CallEntry,
    CallStatus,
    Criterion,
    Decision,
    EntryStatus,
    Resolution,
    ResolutionKind,
    Review,
    ReviewScore,
    score_value,
)
from konstruktor.organizations.models import Membership
from konstruktor.practices.models import MaterialKind, Practice, Status
from konstruktor.practices.queries import PracticeLink, practice_list_public

ACTIVE_ASSIGNMENT = (AssignmentStatus.AWAITING_DECLARATION, AssignmentStatus.IN_PROGRESS, AssignmentStatus.SUBMITTED)


def call_list_visible(*, user: Any) -> QuerySet[Call]:
    """Calls the user works with as staff: the federal coordinator all, РЦ staff their regions'."""
    scope = scope_for(user)
    qs = Call.objects.select_related("region")
    if scope.is_federal:
        return qs
    if not scope.is_rc_staff:
        return qs.none()
    return qs.filter(region_id__in=scope.view_region_ids)


def call_rows(qs: QuerySet[Call]) -> QuerySet[Call]:
    return qs.annotate(
        n_entries=Count("entries", distinct=True),
        n_decided=Count("entries", filter=Q(entries__status=EntryStatus.DECIDED), distinct=True),
    )


def call_can_manage(*, call: Call, user: Any) -> bool:
    """A РЦ manager runs the calls of their region; the federal coordinator runs every call."""
    scope = scope_for(user)
    if scope.is_federal:
        return True
    return call.region_id is not None and Role.RC_MANAGER in scope.roles and call.region_id in scope.edit_region_ids


def call_regions_manageable(*, user: Any) -> tuple[bool, frozenset[int]]:
    """(may create federal calls, regions the user may create calls for)."""
    scope = scope_for(user)
    if scope.is_federal:
        return True, frozenset()
    if Role.RC_MANAGER in scope.roles:
        return False, scope.edit_region_ids
    return False, frozenset()


def call_public_list() -> QuerySet[Call]:
    return Call.objects.exclude(status=CallStatus.DRAFT).select_related("region")


def call_criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.all())


def call_entries(call: Call) -> QuerySet[CallEntry]:
    return (
        call.entries.select_related("practice", "practice__region", "version")
        .annotate(
            n_assigned=Count("assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT), distinct=True),
            n_submitted=Count("assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED), distinct=True),
        )
        .order_by("practice__title", "id")
    )


def entry_candidates(call: Call) -> QuerySet[Practice]:
    """Practices «на экспертизе» the call may take: of its region, or of any region for a federal call;
    not those waiting for a decision in it, nor a version it has already rated (re-rating brings a new one)."""
    in_call = CallEntry.objects.filter(call=call, practice=OuterRef("pk"))
    qs = (
        Practice.objects.filter(status=Status.REVIEW)
        .exclude(Exists(in_call.filter(status=EntryStatus.REVIEW)))
        .exclude(Exists(in_call.filter(version__number=OuterRef("version_number"))))
        .select_related("region")
    )
    if call.region_id is not None:
        qs = qs.filter(region_id=call.region_id)
    return qs.order_by("title", "id")


def call_published_results(call: Call) -> QuerySet[CallEntry]:
    """Entries with a decision whose practice is published: the call's public result list."""
    return (
        call.entries.filter(status=EntryStatus.DECIDED, practice__in=practice_list_public())
        .select_related("practice", "practice__region")
        .order_by("practice__title", "id")
    )


def entry_list_visible(*, user: Any) -> QuerySet[CallEntry]:
    """Entries of the calls the user may see as staff (404 for the rest)."""
    return CallEntry.objects.filter(call__in=call_list_visible(user=user)).select_related(
        "call", "call__region", "practice", "practice__region", "practice__organization", "version"
    )


def expert_regions(user_ids: list[int]) -> dict[int, set[int]]:
    """An expert's region(s): the regions of the organizations where they hold the role «эксперт»."""
    regions: dict[int, set[int]] = {uid: set() for uid in user_ids}
    for uid, region_id in Membership.objects.filter(user_id__in=user_ids, role=Role.EXPERT).values_list(
        "user_id", "organization__region_id"
    ):
        regions[uid].add(region_id)
    return regions


def expert_names(user_ids: list[int]) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    return {u.pk: u.display_name() for u in get_user_model().objects.filter(pk__in=user_ids)}


def experts_all() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(role=Role.EXPERT).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "id")


def practice_member_ids(practice: Practice) -> set[int]:
    """Users who belong (in any role) to the practice's own organization."""
    if practice.organization_id is None:
        return set()
    return set(Membership.objects.filter(organization_id=practice.organization_id).values_list("user_id", flat=True))


@dataclass(frozen=True)
class Candidate:
    user: Any
    region_names: str
    other_region: bool
    allowed: bool
    reason: str


def entry_expert_candidates(entry: CallEntry) -> list[Candidate]:
    """Every expert with whether they may be assigned to the entry and why (shown on the page)."""
    from konstruktor.territories.models import Region

    experts = list(experts_all())
    regions = expert_regions([u.pk for u in experts])
    region_names = dict(Region.objects.values_list("pk", "name"))
    members = practice_member_ids(entry.practice)
    assigned = set(entry.assignments.values_list("expert_id", flat=True))
    result = []
    for user in experts:
        own = regions.get(user.pk, set())
        other = bool(own) and entry.practice.region_id not in own
        if user.pk in assigned:
            allowed, reason = False, "уже назначен"
        elif user.pk in members:
            allowed, reason = False, "состоит в организации, которая ведёт практику"
        else:
            allowed, reason = True, "из другого региона" if other else "из региона практики"
        names = ", ".join(sorted(region_names.get(r, "") for r in own)) or "регион не указан"
        result.append(Candidate(user, names, other, allowed, reason))
    return sorted(result, key=lambda c: (not c.allowed, not c.other_region, c.user.display_name()))


def assignment_list_for_expert(*, user: Any) -> QuerySet[Assignment]:
    """An expert's queue: only their own assignments (everything else is 404 for them)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(expert=user)
        .select_related("entry", "entry__call", "entry__practice", "entry__practice__region", "entry__version")
        .order_by("status", "-assigned_at", "id")
    )


def assigned_practice_ids(user: Any) -> QuerySet[Any]:
    """What practices registers for experts: practices they may read (after the COI declaration)."""
    return Assignment.objects.filter(
        expert=user, status__in=(AssignmentStatus.IN_PROGRESS, AssignmentStatus.SUBMITTED)
    ).values("entry__practice_id")


def review_for(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def review_scores_by_criterion(review: Review | None) -> dict[int, ReviewScore]:
    if review is None:
        return {}
    return {s.criterion_id: s for s in review.scores.all()}


def submitted_reviews(entry: CallEntry) -> list[Review]:
    return list(
        Review.objects.filter(assignment__entry=entry, submitted_at__isnull=False)
        .exclude(assignment__status=AssignmentStatus.CONFLICT)
        .select_related("assignment", "assignment__expert")
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion")))
        .order_by("submitted_at", "id")
    )


def latest_consensus(entry: CallEntry) -> Resolution | None:
    return entry.resolutions.filter(kind=ResolutionKind.CONSENSUS).order_by("-at", "-id").first()


def expert_scores(review: Review) -> rules.ExpertScores:
    scores: dict[str, rules.Value] = {}
    for s in review.scores.all():
        value = score_value(s.value)
        if value is not None:
            scores[s.criterion.code] = value
    return rules.ExpertScores(
        expert=review.assignment.expert.display_name(), scores=scores, readiness=review.readiness()
    )


def consensus_values(resolution: Resolution | None) -> dict[str, rules.Value]:
    if resolution is None:
        return {}
    values: dict[str, rules.Value] = {}
    for code, text in resolution.scores.items():
        value = score_value(str(text))
        if value is not None:
            values[code] = value
    return values


@dataclass(frozen=True)
class EntryAggregate:
    aggregate: rules.Aggregate
    decision: rules.Decision
    reviews: list[Review]
    criteria: list[Criterion]
    consensus: Resolution | None


def practice_has_materials(practice: Practice) -> tuple[bool, bool]:
    kinds = set(practice.materials.values_list("kind", flat=True))
    return MaterialKind.MANUAL in kinds, MaterialKind.FIDELITY in kinds


def entry_aggregate(entry: CallEntry) -> EntryAggregate:
    """Run the call's published rules on the entry's submitted reviews (nothing is written)."""
    call = entry.call
    criteria = call_criteria(call)
    reviews = submitted_reviews(entry)
    consensus = latest_consensus(entry)
    thresholds = call.thresholds()
    agg = rules.aggregate(
        [expert_scores(r) for r in reviews],
        [c.spec() for c in criteria],
        thresholds,
        consensus=consensus_values(consensus),
    )
    has_manual, has_fidelity = practice_has_materials(entry.practice)
    decision = rules.decide(
        aggregate=agg,
        evidence_level=entry.practice.evidence_level,
        evidence_flag=entry.practice.evidence_flag,
        has_manual=has_manual,
        has_fidelity=has_fidelity,
        thresholds=thresholds,
    )
    return EntryAggregate(agg, decision, reviews, criteria, consensus)


def entry_latest_decision(entry: CallEntry) -> Decision | None:
    return entry.decisions.select_related("decided_by").order_by("-decided_at", "-id").first()


def practice_links_for(practice: Practice, user: Any) -> list[PracticeLink]:
    """What the practice page links to in expert selection (registered with practices): the
    entries of the calls the user works with as staff, the user's own assignment as an expert,
    and the calls to take a practice «на экспертизе» into."""
    if not user.is_authenticated:
        return []
    entries = list(entry_list_visible(user=user).filter(practice=practice).order_by("-created_at", "-id"))
    links = [
        PracticeLink(
            f"Экспертиза в отборе «{e.call.title}», версия паспорта {e.version.number}",
            e.get_absolute_url(),
            e.get_status_display(),
        )
        for e in entries
    ]
    links += [
        PracticeLink(f"Моя экспертиза в отборе «{a.entry.call.title}»", a.get_absolute_url(), a.get_status_display())
        for a in assignment_list_for_expert(user=user).filter(entry__practice=practice)
    ]
    waiting = not any(e.status == EntryStatus.REVIEW for e in entries)
    may_federal, regions = call_regions_manageable(user=user)
    if practice.status == Status.REVIEW and waiting and (may_federal or practice.region_id in regions):
        links.append(
            PracticeLink(
                "Включить в отбор",
                reverse("expertise:call_list"),
                "Практика на экспертизе, но ещё не включена в отбор.",
            )
        )
    return links
