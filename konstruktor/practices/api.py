"""Catalog API: the federal catalog of practices with filters, and one practice with its passport.

Anonymous callers see published practices only. Signed-in staff may ask for other statuses
(`status`), within what the access rules let them see; a practice out of reach is a 404.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from konstruktor.api.auth import OptionalAuth
from konstruktor.practices.catalog import (
    MAX_PAGE_SIZE,
    CatalogItem,
    CatalogQuery,
    catalog_practice_queryset,
    catalog_query_parse,
    catalog_search,
    catalog_staff_search,
    catalog_transferred_to,
)
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.queries import practice_list_visible, practice_public_contact

router = Router(tags=["Каталог практик"])


class ListParams(Schema):
    q: str = Field("", max_length=300, description="поиск своими словами, например «наставничество подростков»")
    region: list[str] = Field([], description="код субъекта РФ (две цифры, как в ИНН): 59 — Пермский край")
    area: list[str] = Field([], description="код направления деятельности (ст. 31.1 7-ФЗ)")
    target_group: list[str] = Field([], description="код целевой группы")
    level: list[str] = Field([], description="уровень доказанности, 0–4")
    decision: list[str] = Field([], description="recommended, promising, needs_work, not_recommended")
    cost: list[str] = Field([], description="полоса затрат на благополучателя: lt-1000, 1000-5000, … unknown")
    sort: str = Field("", description="relevance, newest, evidence, cost")
    status: str = Field("", description="только для вошедших сотрудников: статус практики или all")
    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0)


class NamedOut(Schema):
    code: str
    name: str


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    key: str
    title: str
    options: list[FacetOptionOut]


class PracticeBriefOut(Schema):
    id: int
    url: str = Field(..., description="страница практики в каталоге")
    title: str
    summary: str
    status: str
    organization: str
    region: NamedOut
    regions: list[NamedOut] = Field(..., description="где работает: регион ведущей организации и регионы внедрения")
    areas: list[NamedOut]
    target_groups: list[NamedOut]
    evidence_level: int
    evidence_level_name: str
    evidence_flag: str
    decision: str
    decision_name: str
    cost_per_beneficiary: float | None
    published_at: datetime.datetime | None


class ListOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[PracticeBriefOut]
    facets: list[FacetOut] = Field(..., description="счётчики по фильтрам (только для опубликованных)")


class OutcomeOut(Schema):
    name: str
    indicator: str
    unit: str
    baseline: str
    target: str
    is_priority: bool
    evidence_level: int
    evidence_level_name: str
    evidence_flag: str
    evidence_reasons: list[str] = Field(..., description="как получен уровень, по шагам правил")


class ComponentOut(Schema):
    title: str
    description: str
    is_core: bool


class LaunchStepOut(Schema):
    title: str
    description: str
    duration_days: int
    responsible: str


class MaterialOut(Schema):
    kind: str
    title: str
    url: str
    description: str


class EvaluationOut(Schema):
    title: str
    design: str
    quality: str
    sample: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    results: str
    has_comparison: bool
    independent_replication: bool
    region: str


class StepOut(Schema):
    title: str
    detail: str


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class PracticeOut(PracticeBriefOut):
    social_problem: str
    target_group_criteria: str
    logic_model: str
    resources: str
    beneficiaries_per_year: int | None
    started_year: int | None
    municipalities: list[str]
    contact: ContactOut | None = Field(..., description="контакт лидера практики — только с его согласия на публикацию")
    outcomes: list[OutcomeOut]
    components: list[ComponentOut]
    launch_steps: list[LaunchStepOut]
    materials: list[MaterialOut]
    evaluations: list[EvaluationOut]
    merit_score: float | None
    readiness_score: float | None
    decided_at: datetime.datetime | None
    decision_explanation: list[StepOut] = Field(..., description="как получено решение, шаг за шагом")
    prior_transfers: str
    transferred_to: list[str] = Field(..., description="регионы независимых тиражирований с оценкой")


class ErrorOut(Schema):
    detail: str


def _contact(practice: Practice) -> ContactOut | None:
    found = practice_public_contact(practice)
    return None if found is None else ContactOut(name=found.name, email=found.email, phone=found.phone)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _brief(request: HttpRequest, practice: Practice, *, places: bool = True) -> dict[str, Any]:
    """The list fields of a practice; `places=False` leaves regions, areas and groups out (the
    caller has them already)."""
    organization = str(practice.organization) if practice.organization_id else practice.organization_name
    brief: dict[str, Any] = {
        "id": practice.pk,
        "url": request.build_absolute_uri(practice.get_public_url()),
        "title": practice.title,
        "summary": practice.summary,
        "status": practice.status,
        "organization": organization,
        "region": NamedOut(code=practice.region.fns_code, name=practice.region.name),
        "evidence_level": practice.evidence_level,
        "evidence_level_name": practice.get_evidence_level_display(),
        "evidence_flag": practice.evidence_flag,
        "decision": practice.decision_category,
        "decision_name": practice.get_decision_category_display() if practice.decision_category else "",
        "cost_per_beneficiary": _float(practice.cost_per_beneficiary),
        "published_at": practice.published_at,
    }
    if places:
        regions = sorted({practice.region, *practice.regions.all()}, key=lambda r: r.name)
        brief["regions"] = [NamedOut(code=r.fns_code, name=r.name) for r in regions]
        brief["areas"] = [NamedOut(code=a.code, name=a.short_name) for a in practice.areas.all()]
        brief["target_groups"] = [NamedOut(code=t.code, name=t.name) for t in practice.target_groups.all()]
    return brief


def _item_brief(request: HttpRequest, item: CatalogItem) -> dict[str, Any]:
    """A list entry from the catalog page itself: its labels come with it, no more queries."""
    return {
        **_brief(request, item.practice, places=False),
        "regions": [NamedOut(code=code, name=name) for code, name in item.region_refs],
        "areas": [NamedOut(code=code, name=name) for code, name in item.area_refs],
        "target_groups": [NamedOut(code=code, name=name) for code, name in item.group_refs],
    }


@router.get(
    "",
    auth=OptionalAuth(),
    response={200: ListOut, 400: ErrorOut, 403: ErrorOut},
    summary="Практики каталога: поиск и фильтры",
)
def practice_list(request: HttpRequest, params: Query[ListParams]) -> tuple[int, Any]:
    data = params.dict()
    query, errors = catalog_query_parse(data, limit=params.limit, offset=params.offset)
    if errors:
        return 400, ErrorOut(detail=" ".join(errors))
    status = params.status.strip()
    if status and status != Status.PUBLISHED:
        if not request.user.is_authenticated:
            return 403, ErrorOut(detail="Неопубликованные практики доступны только сотрудникам после входа.")
        if status != "all" and status not in Status.values:
            return 400, ErrorOut(
                detail=f"Неизвестный статус «{status[:40]}». Допустимо: all, {', '.join(Status.values)}."
            )
        return 200, _staff_list(request, query, "" if status == "all" else status)
    page = catalog_search(query)
    return 200, ListOut(
        count=page.total,
        limit=query.limit,
        offset=query.offset,
        results=[PracticeBriefOut(**_item_brief(request, item)) for item in page.items],
        facets=[
            FacetOut(
                key=f.key,
                title=f.title,
                options=[
                    FacetOptionOut(value=o.value, label=o.label, count=o.count, selected=o.selected) for o in f.options
                ],
            )
            for f in page.facets
        ],
    )


def _staff_list(request: HttpRequest, query: CatalogQuery, status: str) -> ListOut:
    practices, total = catalog_staff_search(
        visible=practice_list_visible(user=request.user), query=query, status=status
    )
    return ListOut(
        count=total,
        limit=query.limit,
        offset=query.offset,
        results=[PracticeBriefOut(**_brief(request, p)) for p in practices],
        facets=[],
    )


@router.get(
    "/{int:pk}",
    auth=OptionalAuth(),
    response={200: PracticeOut, 404: ErrorOut},
    summary="Практика: паспорт, доказанность, решение",
)
def practice_detail(request: HttpRequest, pk: int) -> tuple[int, Any]:
    visible = practice_list_visible(user=request.user).values("pk")
    practice = catalog_practice_queryset().filter(pk=pk, pk__in=visible).first()
    if practice is None:
        return 404, ErrorOut(detail="Практика не найдена или не опубликована.")
    return 200, PracticeOut(
        **_brief(request, practice),
        social_problem=practice.social_problem,
        target_group_criteria=practice.target_group_criteria,
        logic_model=practice.logic_model,
        resources=practice.resources,
        beneficiaries_per_year=practice.beneficiaries_per_year,
        started_year=practice.started_year,
        municipalities=sorted(m.name for m in practice.municipalities.all()),
        contact=_contact(practice),
        outcomes=[
            OutcomeOut(
                name=o.name,
                indicator=o.indicator,
                unit=o.unit,
                baseline=o.baseline,
                target=o.target,
                is_priority=o.is_priority,
                evidence_level=o.evidence_level,
                evidence_level_name=o.get_evidence_level_display(),
                evidence_flag=o.evidence_flag,
                evidence_reasons=[str(r) for r in o.evidence_reasons or ()],
            )
            for o in practice.outcomes.all()
        ],
        components=[
            ComponentOut(title=c.title, description=c.description, is_core=c.is_core) for c in practice.components.all()
        ],
        launch_steps=[
            LaunchStepOut(
                title=s.title, description=s.description, duration_days=s.duration_days, responsible=s.responsible
            )
            for s in practice.launch_steps.all()
        ],
        materials=[
            MaterialOut(
                kind=m.kind,
                title=m.title,
                url=m.url or (request.build_absolute_uri(m.file.url) if m.file else ""),
                description=m.description,
            )
            for m in practice.materials.all()
        ],
        evaluations=[
            EvaluationOut(
                title=e.title,
                design=e.design,
                quality=e.quality,
                sample=e.sample,
                period_start=e.period_start,
                period_end=e.period_end,
                results=e.results,
                has_comparison=e.has_comparison,
                independent_replication=e.independent_replication,
                region=e.region.name if e.region else "",
            )
            for e in practice.evaluations.all()
        ],
        merit_score=_float(practice.merit_score),
        readiness_score=_float(practice.readiness_score),
        decided_at=practice.decided_at,
        decision_explanation=[
            StepOut(title=str(step.get("title", "")), detail=str(step.get("detail", "")))
            for step in practice.decision_explanation or ()
            if isinstance(step, dict)
        ],
        prior_transfers=practice.prior_transfers,
        transferred_to=catalog_transferred_to(practice),
    )
