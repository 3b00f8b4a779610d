"""Reads of project management: who sees which group, meeting and roadmap; trees with progress."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.models import ChangeEntry
from konstruktor.governance import control, progress
from konstruktor.governance.models import (
    Attendance,
    Evidence,
    GroupMember,
    ItemStatus,
    Meeting,
    NodeLevel,
    ProjectGroup,
    Roadmap,
    RoadmapNode,
)
from konstruktor.organizations.models import Organization

NGO_KINDS = (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP)
EMPTY_LABELS = {0: "нет целей", NodeLevel.GOAL: "нет мер", NodeLevel.MEASURE: "нет мероприятий"}


# --- access ---------------------------------------------------------------------------------


def group_list_visible(*, user: Any) -> QuerySet[ProjectGroup]:
    """РЦ staff and officials see their region's groups; everyone else the groups they sit in."""
    scope = scope_for(user)
    qs = ProjectGroup.objects.select_related("region", "responsible_centre")
    if scope.is_federal:
        return qs
    if not scope.authenticated:
        return qs.none()
    member_of = GroupMember.objects.filter(group=OuterRef("pk"), user=user)
    return qs.filter(Q(region_id__in=scope.view_region_ids) | Exists(member_of))


def group_can_manage(*, user: Any, group: ProjectGroup) -> bool:
    scope = scope_for(user)
    return scope.is_rc_staff and scope.can_edit_region(group.region_id)


def group_get_visible(*, user: Any, pk: int) -> ProjectGroup:
    return get_scoped_or_404(group_list_visible(user=user), pk=pk)


def meeting_list_visible(*, user: Any) -> QuerySet[Meeting]:
    groups = group_list_visible(user=user).values("pk")
    return Meeting.objects.filter(group__in=groups).select_related("group", "group__region")


def meeting_get_visible(*, user: Any, pk: int) -> Meeting:
    return get_scoped_or_404(meeting_list_visible(user=user), pk=pk)


def _owned_by(organization_ids: Iterable[int]) -> Q:
    ids = list(organization_ids)
    owned = RoadmapNode.objects.filter(roadmap=OuterRef("pk")).filter(
        Q(owner_organization_id__in=ids) | Q(co_owners__in=ids)
    )
    return Q(Exists(owned))


def roadmap_list_visible(*, user: Any, include_public: bool = True) -> QuerySet[Roadmap]:
    """Public roadmaps, the roadmaps of visible groups and those where the user's organization owns items."""
    scope = scope_for(user)
    qs = Roadmap.objects.select_related("group", "group__region")
    if scope.is_federal:
        return qs
    condition = Q(is_public=True) if include_public else Q(pk__in=[])
    if scope.authenticated:
        condition |= Q(group__in=group_list_visible(user=user).values("pk"))
        if scope.organization_ids:
            condition |= _owned_by(scope.organization_ids)
    return qs.filter(condition)


def roadmap_list_public() -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(is_public=True).select_related("group", "group__region")


def roadmap_get_visible(*, user: Any, pk: int) -> Roadmap:
    return get_scoped_or_404(roadmap_list_visible(user=user), pk=pk)


def roadmap_can_manage(*, user: Any, roadmap: Roadmap) -> bool:
    return group_can_manage(user=user, group=roadmap.group)


def roadmap_is_insider(*, user: Any, roadmap: Roadmap) -> bool:
    """Sees the roadmap as a participant (people's names, comments), not as the public."""
    return roadmap_list_visible(user=user, include_public=False).filter(pk=roadmap.pk).exists()


def node_get_visible(*, user: Any, pk: int) -> RoadmapNode:
    qs = RoadmapNode.objects.filter(roadmap__in=roadmap_list_visible(user=user).values("pk")).select_related(
        "roadmap", "roadmap__group", "roadmap__group__region", "parent", "owner_organization", "owner_user"
    )
    return get_scoped_or_404(qs, pk=pk)


def node_can_update(*, user: Any, node: RoadmapNode) -> bool:
    """Managers of the group, and members of the owning or co-owning organization (items only)."""
    if roadmap_can_manage(user=user, roadmap=node.roadmap):
        return True
    if not node.is_item:
        return False
    own = scope_for(user).edit_organization_ids
    if not own:
        return False
    return node.owner_organization_id in own or node.co_owners.filter(pk__in=own).exists()


# --- roadmap tree with progress and control ---------------------------------------------------


@dataclass
class TreeNode:
    node: RoadmapNode
    progress: progress.Progress
    control: control.Control | None
    children: list["TreeNode"] = field(default_factory=list)
    weight_label: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class RoadmapTree:
    roadmap: Roadmap
    progress: progress.Progress
    roots: list[TreeNode]
    flat: list[TreeNode]
    today: datetime.date

    @property
    def items(self) -> list[TreeNode]:
        return [t for t in self.flat if t.node.is_item]

    def count(self, state: str) -> int:
        return sum(1 for t in self.items if t.control and t.control.state == state)

    @property
    def overdue(self) -> list[TreeNode]:
        return [t for t in self.items if t.control and t.control.state == control.State.OVERDUE]

    @property
    def at_risk(self) -> list[TreeNode]:
        return [t for t in self.items if t.control and t.control.state == control.State.AT_RISK]

    @property
    def done_count(self) -> int:
        return self.count(control.State.DONE)

    @property
    def equal_goals_note(self) -> str:
        return equal_weights_note(len(self.roots)) if self.roadmap.goals_equal_weights else ""


def equal_weights_note(n: int) -> str:
    return f"равные веса: каждый из {n} по 1/{n}" if n > 1 else ("единственный элемент" if n == 1 else "")


def roadmap_nodes(*, roadmap: Roadmap) -> list[RoadmapNode]:
    return list(
        RoadmapNode.objects.filter(roadmap=roadmap)
        .select_related("owner_organization", "owner_user")
        .prefetch_related(
            Prefetch("co_owners", queryset=Organization.objects.only("pk", "full_name", "short_name", "inn", "ogrn"))
        )
        .annotate(evidence_count=Count("evidence", distinct=True), comment_count=Count("comments", distinct=True))
        .order_by("level", "position", "id")
    )


def roadmap_tree(
    *, roadmap: Roadmap, today: datetime.date | None = None, nodes: list[RoadmapNode] | None = None
) -> RoadmapTree:
    today = today or timezone.localdate()
    nodes = nodes if nodes is not None else roadmap_nodes(roadmap=roadmap)
    children: dict[int | None, list[RoadmapNode]] = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))

    def build(n: RoadmapNode) -> progress.Node:
        return progress.Node(
            key=n.pk,
            title=f"{n.code}. {n.title}",
            weight=n.weight,
            equal_weights=n.children_equal_weights,
            is_item=n.is_item,
            done=n.is_done,
            baseline=n.indicator_baseline,
            target=n.indicator_target,
            actual=n.indicator_actual,
            children=tuple(build(c) for c in children.get(n.pk, [])),
            empty_label=EMPTY_LABELS.get(n.level, ""),
        )

    root = progress.Node(
        key=None,
        title=roadmap.title,
        equal_weights=roadmap.goals_equal_weights,
        children=tuple(build(n) for n in children.get(None, [])),
        empty_label=EMPTY_LABELS[0],
    )
    results = progress.tree_progress(root)
    deadlines = [n.deadline for n in nodes if n.deadline]
    calendar = control.calendar_for(today, deadlines)
    flat: list[TreeNode] = []

    def wrap(n: RoadmapNode, parent_equal: bool, siblings: int) -> TreeNode:
        state = (
            control.item_control(
                deadline=n.deadline, done=n.is_done, today=today, calendar=calendar, at_risk_days=roadmap.at_risk_days
            )
            if n.is_item
            else None
        )
        label = (
            f"1/{siblings}" if parent_equal else (f"{progress.number(n.weight, 2)} %" if n.weight is not None else "—")
        )
        t = TreeNode(node=n, progress=results[n.pk], control=state, weight_label=label)
        flat.append(t)
        kids = children.get(n.pk, [])
        t.children = [wrap(c, n.children_equal_weights, len(kids)) for c in kids]
        return t

    goals = children.get(None, [])
    roots = [wrap(n, roadmap.goals_equal_weights, len(goals)) for n in goals]
    return RoadmapTree(roadmap=roadmap, progress=results[None], roots=roots, flat=flat, today=today)


def roadmap_progress_many(*, roadmaps: Iterable[Roadmap]) -> dict[int, progress.Progress]:
    """Overall progress of several roadmaps in one query (list pages)."""
    roadmaps = list(roadmaps)
    by_roadmap: dict[int, list[RoadmapNode]] = defaultdict(list)
    for n in RoadmapNode.objects.filter(roadmap__in=roadmaps).order_by("level", "position", "id"):
        by_roadmap[n.roadmap_id].append(n)
    result: dict[int, progress.Progress] = {}
    for r in roadmaps:
        result[r.pk] = roadmap_tree(roadmap=r, nodes=by_roadmap.get(r.pk, [])).progress
    return result


def node_path(node: RoadmapNode) -> list[RoadmapNode]:
    path: list[RoadmapNode] = []
    current = node.parent
    while current is not None:
        path.insert(0, current)
        current = current.parent
    return path


def measures_of_group(*, group: ProjectGroup) -> QuerySet[RoadmapNode]:
    """Where a decision of the group can land: the measures of its roadmaps."""
    return (
        RoadmapNode.objects.filter(roadmap__group=group, level=NodeLevel.MEASURE)
        .select_related("roadmap")
        .order_by("roadmap__title", "code")
    )


def history_of_roadmap(*, roadmap: Roadmap, since: datetime.datetime | None = None) -> QuerySet[ChangeEntry]:
    node_type = ContentType.objects.get_for_model(RoadmapNode)
    roadmap_type = ContentType.objects.get_for_model(Roadmap)
    node_ids = RoadmapNode.objects.filter(roadmap=roadmap).values("pk")
    qs = ChangeEntry.objects.filter(
        Q(content_type=node_type, object_id__in=node_ids) | Q(content_type=roadmap_type, object_id=roadmap.pk)
    ).select_related("actor", "content_type")
    if since is not None:
        qs = qs.filter(created_at__gt=since)
    return qs.order_by("-created_at", "-id")


# --- people's work: tasks, meetings --------------------------------------------------------


def my_tasks(*, user: Any) -> QuerySet[RoadmapNode]:
    """Items the user owns, or whose owner or co-owner is one of the user's organizations."""
    scope = scope_for(user)
    own = list(scope.organization_ids)
    return (
        RoadmapNode.objects.filter(level=NodeLevel.ITEM)
        .filter(Q(owner_user=user) | Q(owner_organization_id__in=own) | Q(co_owners__in=own))
        .exclude(status=ItemStatus.DONE)
        .select_related("roadmap", "owner_organization")
        .distinct()
        .order_by("deadline", "code")
    )


def upcoming_meetings(*, user: Any, limit: int = 10) -> QuerySet[Meeting]:
    return (
        meeting_list_visible(user=user)
        .filter(status=Meeting.Status.PLANNED, starts_at__gte=timezone.now() - datetime.timedelta(hours=12))
        .order_by("starts_at")[:limit]
    )


def item_controls(*, items: list[RoadmapNode], today: datetime.date) -> dict[int, control.Control]:
    calendar = control.calendar_for(today, [i.deadline for i in items if i.deadline])
    return {
        i.pk: control.item_control(
            deadline=i.deadline, done=i.is_done, today=today, calendar=calendar, at_risk_days=i.roadmap.at_risk_days
        )
        for i in items
    }


# --- participation of СОНКО --------------------------------------------------------------------


@dataclass
class ParticipationRow:
    organization: Organization
    owned: int = 0
    co_owned: int = 0
    delivered: int = 0
    meetings: int = 0


def participation_of_roadmap(*, roadmap: Roadmap) -> list[ParticipationRow]:
    """Which NGOs own or co-own items, deliver them, and attend the group's meetings."""
    rows: dict[int, ParticipationRow] = {}

    def row(org: Organization) -> ParticipationRow:
        return rows.setdefault(org.pk, ParticipationRow(organization=org))

    items = RoadmapNode.objects.filter(roadmap=roadmap, level=NodeLevel.ITEM)
    for n in items.filter(owner_organization__kind__in=NGO_KINDS).select_related("owner_organization"):
        assert n.owner_organization is not None
        r = row(n.owner_organization)
        r.owned += 1
        r.delivered += n.is_done
    through = RoadmapNode.co_owners.through
    for link in through.objects.filter(roadmapnode__in=items, organization__kind__in=NGO_KINDS).select_related(
        "organization", "roadmapnode"
    ):
        r = row(link.organization)
        r.co_owned += 1
        r.delivered += link.roadmapnode.status == ItemStatus.DONE
    attended = (
        Attendance.objects.filter(
            meeting__group=roadmap.group,
            status=Attendance.Status.PRESENT,
            member__organization__kind__in=NGO_KINDS,
        )
        .values("member__organization")
        .annotate(n=Count("meeting", distinct=True))
    )
    counts = {a["member__organization"]: a["n"] for a in attended}
    for org in Organization.objects.filter(pk__in=counts):
        row(org).meetings = counts[org.pk]
    return sorted(rows.values(), key=lambda r: (-(r.owned + r.co_owned), str(r.organization)))


# --- status report to the group ------------------------------------------------------------


@dataclass
class RoadmapReport:
    tree: RoadmapTree
    changes: list[ChangeEntry]
    new_evidence: list[Evidence]
    done_since: list[RoadmapNode]


@dataclass
class StatusReport:
    meeting: Meeting
    since: datetime.datetime | None
    previous: Meeting | None
    until: datetime.datetime
    roadmaps: list[RoadmapReport]


def status_report(*, meeting: Meeting, today: datetime.date | None = None) -> StatusReport:
    """What changed in the group's roadmaps since its previous held meeting, and what is late now."""
    previous = (
        Meeting.objects.filter(group=meeting.group, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    since = previous.starts_at if previous else None
    until = timezone.now() if meeting.status == Meeting.Status.PLANNED else meeting.starts_at
    reports = []
    for roadmap in meeting.group.roadmaps.order_by("title"):
        tree = roadmap_tree(roadmap=roadmap, today=today)
        changes = history_of_roadmap(roadmap=roadmap, since=since).filter(created_at__lte=until)
        evidence = Evidence.objects.filter(node__roadmap=roadmap, created_at__lte=until).select_related("node")
        if since:
            evidence = evidence.filter(created_at__gt=since)
        done = RoadmapNode.objects.filter(roadmap=roadmap, level=NodeLevel.ITEM, status=ItemStatus.DONE)
        if since:
            done = done.filter(done_on__gte=since.date())
        reports.append(
            RoadmapReport(
                tree=tree,
                changes=list(changes[:200]),
                new_evidence=list(evidence.order_by("-created_at")[:100]),
                done_since=list(done.order_by("code")),
            )
        )
    return StatusReport(meeting=meeting, since=since, previous=previous, until=until, roadmaps=reports)
