"""Roadmaps API: a roadmap with its computed progress — public roadmaps anonymously, others scoped."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from konstruktor.api.auth import OptionalAuth
from konstruktor.governance import queries
from konstruktor.governance.progress import Progress

router = Router(tags=["Дорожные карты"])


class ProgressOut(Schema):
    value: float | None = Field(None, description="0–100, null — нет данных (нет вложенных элементов)")
    label: str
    formula: str


class NodeOut(Schema):
    id: int
    parent_id: int | None
    level: int
    level_name: str
    code: str
    title: str
    weight: float | None = Field(None, description="вес в прогрессе родителя, %; null — равные веса")
    weight_label: str
    children_equal_weights: bool
    progress: ProgressOut
    status: str | None = None
    status_name: str | None = None
    control: str | None = Field(None, description="done / overdue / at_risk / on_track / no_deadline")
    control_detail: str | None = None
    deadline: datetime.date | None = None
    effective_deadline: datetime.date | None = None
    owner_organization: str | None = None
    owner_organization_inn: str | None = None
    owner_person: str | None = Field(None, description="только участникам группы")
    co_owners: list[str] = []
    expected_result: str = ""
    indicator_unit: str = ""
    indicator_baseline: float | None = None
    indicator_target: float | None = None
    indicator_actual: float | None = None
    evidence_count: int = 0
    url: str


class RoadmapOut(Schema):
    id: int
    title: str
    description: str
    is_public: bool
    group: str
    region: str
    goals_equal_weights: bool
    at_risk_days: int
    as_of: datetime.date
    progress: ProgressOut
    items_total: int
    items_done: int
    items_overdue: int
    items_at_risk: int
    nodes: list[NodeOut]
    url: str


def _progress(p: Progress) -> ProgressOut:
    return ProgressOut(value=float(p.value) if p.value is not None else None, label=p.label, formula=p.formula)


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@router.get("/{int:pk}", auth=OptionalAuth(), response=RoadmapOut, summary="Дорожная карта с рассчитанным прогрессом")
def roadmap_detail(request: HttpRequest, pk: int) -> RoadmapOut:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    insider = request.user.is_authenticated and queries.roadmap_is_insider(user=request.user, roadmap=roadmap)
    tree = queries.roadmap_tree(roadmap=roadmap)
    nodes = []
    for t in tree.flat:
        n = t.node
        owner = n.owner_organization
        nodes.append(
            NodeOut(
                id=n.pk,
                parent_id=n.parent_id,
                level=n.level,
                level_name=n.get_level_display(),
                code=n.code,
                title=n.title,
                weight=_float(n.weight),
                weight_label=t.weight_label,
                children_equal_weights=n.children_equal_weights,
                progress=_progress(t.progress),
                status=n.status if n.is_item else None,
                status_name=n.get_status_display() if n.is_item else None,
                control=str(t.control.state) if t.control else None,
                control_detail=t.control.detail if t.control else None,
                deadline=n.deadline,
                effective_deadline=t.control.effective_deadline if t.control else None,
                owner_organization=str(owner) if owner else None,
                owner_organization_inn=owner.inn if owner else None,
                owner_person=n.owner_person if insider and n.is_item else None,
                co_owners=[str(o) for o in n.co_owners.all()],
                expected_result=n.expected_result,
                indicator_unit=n.indicator_unit,
                indicator_baseline=_float(n.indicator_baseline),
                indicator_target=_float(n.indicator_target),
                indicator_actual=_float(n.indicator_actual),
                evidence_count=getattr(n, "evidence_count", 0),
                url=n.get_absolute_url(),
            )
        )
    return RoadmapOut(
        id=roadmap.pk, title=roadmap.title, description=roadmap.description, is_public=roadmap.is_public,
        group=roadmap.group.name, region=roadmap.group.region.name, goals_equal_weights=roadmap.goals_equal_weights,
        at_risk_days=roadmap.at_risk_days, as_of=tree.today, progress=_progress(tree.progress),
        items_total=len(tree.items), items_done=tree.done_count, items_overdue=len(tree.overdue),
        items_at_risk=len(tree.at_risk), nodes=nodes, url=roadmap.get_absolute_url(),
    )  # fmt: skip
