"""Incubator API: the same scoping and functions as the pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.incubator import queries
from konstruktor.incubator.chooser import legal_form_recommend
from konstruktor.incubator.models import InitiativeGroup

router = Router(tags=["Инкубатор"])


class GroupOut(Schema):
    id: int
    name: str
    organization_id: int
    kind: str
    region: str
    municipality: str | None
    stage: str
    stage_name: str
    next_step: str
    next_step_due: datetime.date | None
    overdue: bool
    url: str


class MemberOut(Schema):
    full_name: str
    role: str
    institution: str


class GroupDetailOut(GroupOut):
    social_problem: str
    target_groups: list[str]
    planned_services: list[str]
    members: list[MemberOut]
    recommended_form: str | None


class ChooserIn(Schema):
    founders: int = 1
    wants_members: bool = False
    legal_entity_founders: bool = False
    legal_entity_founders_public: bool = False
    property_stays_with_founder: bool = False
    fundraising: bool = False
    social_services: bool = False
    wants_provider_442: bool = False
    wants_iopu: bool = False


class ReasonOut(Schema):
    text: str
    legal_basis: str


class AlternativeOut(Schema):
    form: str
    name: str
    why_not: str
    legal_basis: str


class RecommendationOut(Schema):
    form: str
    name: str
    okopf: str
    min_founders: int
    reasons: list[ReasonOut]
    bodies: list[str]
    alternatives: list[AlternativeOut]
    notes: list[ReasonOut]


class MentorOut(Schema):
    organization_id: int
    name: str
    region: str
    shared_areas: list[str]
    statuses: list[str]
    score: float
    reasons: list[str]
    lower_because: list[str]


class GroupFilterIn(Schema):
    stage: str = ""
    municipality: int | None = None
    overdue: bool = False


def _group_out(g: InitiativeGroup, today: datetime.date) -> dict[str, Any]:
    org = g.organization
    return {
        "id": g.pk,
        "name": g.name,
        "organization_id": org.pk,
        "kind": org.kind,
        "region": org.region.name,
        "municipality": org.municipality_ref.name if org.municipality_ref else None,
        "stage": g.stage,
        "stage_name": g.get_stage_display(),
        "next_step": g.next_step,
        "next_step_due": g.next_step_due,
        "overdue": g.is_overdue(today),
        "url": g.get_absolute_url(),
    }


@router.get("/groups", response=list[GroupOut], summary="Инициативные группы (в пределах прав)")
def groups(request: HttpRequest, filters: Query[GroupFilterIn]) -> list[dict[str, Any]]:
    qs = queries.group_filter(
        queries.group_list_visible(user=request.user),
        queries.GroupFilters(stage=filters.stage, municipality=filters.municipality, overdue=filters.overdue),
    )
    today = datetime.date.today()
    return [_group_out(g, today) for g in queries.group_rows(qs)[:500]]


@router.get("/groups/{group_id}", response=GroupDetailOut, summary="Инициативная группа")
def group_detail(request: HttpRequest, group_id: int) -> dict[str, Any]:
    g = get_scoped_or_404(queries.group_rows(queries.group_list_visible(user=request.user)), pk=group_id)
    return {
        **_group_out(g, datetime.date.today()),
        "social_problem": g.social_problem,
        "target_groups": [t.name for t in g.target_groups.all()],
        "planned_services": g.planned_service_list,
        # contacts are personal data: never in the API
        "members": [{"full_name": m.full_name, "role": m.role, "institution": m.institution} for m in g.members.all()],
        "recommended_form": g.chooser_result.get("name") if g.chooser_result else None,
    }


@router.post("/chooser", auth=None, response=RecommendationOut, summary="Подобрать форму НКО (ничего не сохраняет)")
def chooser(request: HttpRequest, payload: ChooserIn) -> dict[str, Any]:
    return legal_form_recommend(payload.dict()).as_dict()


@router.get("/groups/{group_id}/mentors", response=list[MentorOut], summary="Кандидаты в наставники")
def mentors(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    g = get_scoped_or_404(queries.group_list_visible(user=request.user, edit=True), pk=group_id)
    if not scope_for(request.user).is_rc_staff:
        return []
    candidates = queries.mentor_candidates(organization=g.organization)
    return [
        {
            "organization_id": c.org.pk,
            "name": str(c.org),
            "region": c.org.region.name,
            "shared_areas": c.shared_areas,
            "statuses": c.statuses,
            "score": c.score,
            "reasons": c.reasons,
            "lower_because": c.lower_because,
        }
        for c in candidates
    ]
