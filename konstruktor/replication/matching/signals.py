"""Every signal of the ranking, read in bulk once per request."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, FloatField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from konstruktor.organizations.models import Organization, OrganizationStatus
from konstruktor.practices.models import (
    Component,
    DecisionCategory,
    EvidenceFlag,
    LaunchStep,
    Material,
    MaterialKind,
    Practice,
)
from konstruktor.practices.queries import practice_list_public
from konstruktor.replication.matching.factors import (
    W_EVIDENCE,
    W_FIT,
    W_NEED,
    W_READINESS,
    _mean,
    evidence_score,
    need_score,
    overlap_score,
    readiness_score_of,
    weighted_mean,
)
from konstruktor.replication.models import FitAssessment, RegionalPriority, Transfer, TransferStatus
from konstruktor.territories.models import Municipality, Settlement

# ---------------------------------------------------------------- target


@dataclass
class _Target:
    kind: str
    name: str
    oktmo: str
    region_id: int
    region_name: str
    where: str  # «в муниципалитете «…»»
    municipality: Municipality | None = None
    settlement: Settlement | None = None
    organization: Organization | None = None
    ratings: dict[str, Any] = field(default_factory=dict)  # FitAssessment filter
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- bulk signals


def _fetch(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list() queryset read straight from the cursor: tens of thousands of
    rows without the ORM's per-row conversion (callers only read ints, strings and floats)."""
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def practices_offered() -> QuerySet[Practice]:
    """Practices that may be offered for transfer: in the catalog (published, or published and being
    re-rated), without «вред», not «не рекомендована»."""
    return (
        practice_list_public()
        .exclude(evidence_flag=EvidenceFlag.HARM)
        .exclude(decision_category=DecisionCategory.NOT_RECOMMENDED)
    )


class _Signals:
    """Everything the scores need, read in bulk once per request."""

    def __init__(self, target: _Target) -> None:
        self.target = target
        qs = practices_offered()
        if target.organization is not None:
            qs = qs.exclude(organization_id=target.organization.pk)
        # readiness as a float: no Decimal conversion of 20 000 values
        self.rows = _fetch(
            qs.values_list(
                "pk",
                "evidence_level",
                "evidence_flag",
                Cast("readiness_score", FloatField()),
                "decision_category",
                "organization_id",
            )
        )
        ids = {r[0] for r in self.rows}
        # All links are read (no join to the practices): the unpublished ones are simply never looked up.
        self.groups: dict[int, list[int]] = defaultdict(list)
        for pid, gid in _fetch(Practice.target_groups.through.objects.values_list("practice_id", "targetgroup_id")):
            self.groups[pid].append(gid)
        self.areas: dict[int, list[int]] = defaultdict(list)
        for pid, aid in _fetch(Practice.areas.through.objects.values_list("practice_id", "activityarea_id")):
            self.areas[pid].append(aid)
        self.passport_items = self._passport_items({r[0] for r in self.rows if r[3] is None})
        self.already_here = self._already_here() & ids
        self.in_transfer = (self._in_transfer() & ids) - self.already_here
        self._territory_organizations()
        priorities = list(
            RegionalPriority.objects.filter(region_id=target.region_id).values_list("target_group_id", "area_id")
        )
        self.priority_groups = frozenset(g for g, _ in priorities if g)
        self.priority_areas = frozenset(a for _, a in priorities if a)
        org = target.organization
        self.profile_groups: frozenset[int] = frozenset()
        self.profile_areas: frozenset[int] = frozenset()
        if org is not None:
            self.profile_groups = frozenset(org.target_groups.values_list("pk", flat=True))
            self.profile_areas = frozenset(org.areas.values_list("pk", flat=True))
        self.ratings = {
            r["practice_id"]: r
            for r in FitAssessment.objects.filter(**target.ratings)
            .values("practice_id")
            .annotate(
                n=Count("id"), need=Avg("need"), fit=Avg("fit"), resources=Avg("resources"), capacity=Avg("capacity")
            )
            .order_by()
        }
        self._need_cache: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[int, int, int] | None] = {}

    @staticmethod
    def _passport_items(ids: set[int]) -> dict[int, int]:
        """Passport readiness items (manual, fidelity checklist, core components, launch steps)."""
        if not ids:
            return {}
        present = [
            {pk for (pk,) in _fetch(qs.values_list("practice_id").distinct())}
            for qs in (
                Material.objects.filter(kind=MaterialKind.MANUAL),
                Material.objects.filter(kind=MaterialKind.FIDELITY),
                Component.objects.filter(is_core=True),
                LaunchStep.objects.all(),
            )
        ]
        return {pk: sum(pk in found for found in present) for pk in ids}

    def _already_here(self) -> set[int]:
        """Practices that already work in the municipality (or the settlement's municipality)."""
        t = self.target
        municipality = t.municipality or (t.settlement.municipality if t.settlement is not None else None)
        if municipality is None:
            return set()
        place = Q(municipality_id=municipality.pk) | Q(municipality__parent_id=municipality.pk)
        if t.settlement is not None and municipality.parent_id:
            place |= Q(municipality_id=municipality.parent_id)
        through = Practice.municipalities.through.objects
        return set(through.filter(place).values_list("practice_id", flat=True))

    def _in_transfer(self) -> set[int]:
        """Practices already being (or successfully) transferred to the recipient or the territory."""
        t = self.target
        qs = Transfer.objects.exclude(status=TransferStatus.STOPPED)
        if t.organization is not None:
            qs = qs.filter(recipient_id=t.organization.pk)
        elif t.municipality is not None:
            qs = qs.filter(Q(municipality_id=t.municipality.pk) | Q(municipality__parent_id=t.municipality.pk))
        elif t.settlement is not None:
            qs = qs.filter(settlement_id=t.settlement.pk)
        else:
            return set()
        return set(qs.values_list("practice_id", flat=True))

    def _territory_organizations(self) -> None:
        """Bitmasks of the territory's active NGOs by target group, by area and for СОНКО."""
        t = self.target
        orgs = Organization.objects.filter(kind=Organization.Kind.NGO, state=Organization.State.ACTIVE)
        if t.municipality is not None:
            orgs = orgs.filter(
                Q(municipality_ref_id=t.municipality.pk) | Q(municipality_ref__parent_id=t.municipality.pk)
            )
        elif t.settlement is not None:
            orgs = orgs.filter(settlement_id=t.settlement.pk)
        else:
            orgs = orgs.none()
        if t.organization is not None:
            orgs = orgs.exclude(pk=t.organization.pk)
        self.has_territory = t.municipality is not None or t.settlement is not None
        ids = list(orgs.values_list("pk", flat=True))
        self.organization_count = len(ids)
        bit = {pk: 1 << i for i, pk in enumerate(ids)}
        self.group_masks: dict[int, int] = defaultdict(int)
        self.area_masks: dict[int, int] = defaultdict(int)
        self.sonko_mask = 0
        if not ids:
            return
        subquery = orgs.values("pk")
        for oid, gid in Organization.target_groups.through.objects.filter(organization_id__in=subquery).values_list(
            "organization_id", "targetgroup_id"
        ):
            self.group_masks[gid] |= bit[oid]
        for oid, aid in Organization.areas.through.objects.filter(organization_id__in=subquery).values_list(
            "organization_id", "activityarea_id"
        ):
            self.area_masks[aid] |= bit[oid]
        today = timezone.localdate()
        sonko = OrganizationStatus.objects.filter(
            Q(since__isnull=True) | Q(since__lte=today),
            Q(until__isnull=True) | Q(until__gte=today),
            kind=OrganizationStatus.Kind.SONKO,
            organization_id__in=subquery,
        ).values_list("organization_id", flat=True)
        for oid in sonko:
            self.sonko_mask |= bit.get(oid, 0)

    def need(self, groups: Sequence[int], areas: Sequence[int]) -> tuple[int, int, int] | None:
        """(score, similar organizations, of them СОНКО); None without a territory or a profile."""
        if not self.has_territory or not (groups or areas):
            return None
        key = (tuple(sorted(groups)), tuple(sorted(areas)))
        if key not in self._need_cache:
            mask = 0
            for g in key[0]:
                mask |= self.group_masks.get(g, 0)
            for a in key[1]:
                mask |= self.area_masks.get(a, 0)
            similar = mask.bit_count()
            self._need_cache[key] = (need_score(similar), similar, (mask & self.sonko_mask).bit_count())
        return self._need_cache[key]

    def priority_fit(self, groups: Sequence[int], areas: Sequence[int]) -> tuple[int, int] | None:
        if not (self.priority_groups or self.priority_areas):
            return None
        matched = len(self.priority_groups.intersection(groups)) + len(self.priority_areas.intersection(areas))
        return overlap_score(matched), matched

    def profile_fit(self, groups: Sequence[int], areas: Sequence[int]) -> tuple[int, int] | None:
        if self.target.organization is None or not (self.profile_groups or self.profile_areas):
            return None
        matched = len(self.profile_groups.intersection(groups)) + len(self.profile_areas.intersection(areas))
        return overlap_score(matched), matched

    def total(self, row: tuple[Any, ...]) -> float:
        """weighted_mean(self.scores(row)), inlined: it runs for every published practice.

        The test suite checks that both give the same number."""
        pk, level, flag, readiness, _decision, _org = row
        if pk in self.ratings:
            return weighted_mean(self.scores(row))
        groups, areas = self.groups.get(pk, ()), self.areas.get(pk, ())
        ready = round(1 + readiness, 2) if readiness is not None else 1 + self.passport_items.get(pk, 0)
        num: float = W_EVIDENCE * (1 if flag else level + 1) + W_READINESS * ready
        den = W_EVIDENCE + W_READINESS
        if self.has_territory and (groups or areas):
            mask, gm, am = 0, self.group_masks, self.area_masks
            for g in groups:
                mask |= gm.get(g, 0)
            for a in areas:
                mask |= am.get(a, 0)
            num += W_NEED * need_score(mask.bit_count())
            den += W_NEED
        fit_sum, fit_n = 0, 0
        if self.priority_groups or self.priority_areas:
            fit_sum += overlap_score(
                sum(g in self.priority_groups for g in groups) + sum(a in self.priority_areas for a in areas)
            )
            fit_n += 1
        if self.target.organization is not None and (self.profile_groups or self.profile_areas):
            fit_sum += overlap_score(
                sum(g in self.profile_groups for g in groups) + sum(a in self.profile_areas for a in areas)
            )
            fit_n += 1
        if fit_n:
            num += W_FIT * round(fit_sum / fit_n, 2)
            den += W_FIT
        return round(num / den, 2)

    def scores(self, row: tuple[Any, ...]) -> dict[str, float | None]:
        pk, level, flag, readiness, _decision, _org = row
        groups, areas = self.groups.get(pk, ()), self.areas.get(pk, ())
        team = self.ratings.get(pk)
        need = self.need(groups, areas)
        fit_data = _mean(
            [None if (p := self.priority_fit(groups, areas)) is None else p[0],
             None if (o := self.profile_fit(groups, areas)) is None else o[0]]
        )  # fmt: skip
        return {
            "need": _mean([None if need is None else need[0], team["need"] if team else None]),
            "fit": _mean([fit_data, team["fit"] if team else None]),
            "resources": round(team["resources"], 2) if team else None,
            "capacity": round(team["capacity"], 2) if team else None,
            "evidence": float(evidence_score(level, flag)),
            "readiness": readiness_score_of(readiness, self.passport_items.get(pk, 0)),
        }
