"""Matching API: the same ranking and the same scoping as the pages."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from konstruktor.core.access import get_scoped_or_404
from konstruktor.organizations.queries import organization_list_visible
from konstruktor.replication import matching
from konstruktor.replication.queries import territory_by_oktmo
from konstruktor.territories.models import Municipality

# Mounted at /api/v1/ (the paths name the territory or the organization themselves).
router = Router(tags=["Подбор практик"])

METHOD = (
    "Баллы 1–5 по факторам методики NIRN Hexagon: потребность (НКО и СОНКО территории с теми же целевыми "
    "группами или направлениями; оценка команды), соответствие приоритетам региона и профилю получателя, "
    "ресурсы и потенциал (оценки команды получателя), доказанность (уровень L0–L4) и готовность к "
    "тиражированию (оценка экспертов или паспорт). Итог — среднее, взвешенное по `weights` (в процентах); "
    "факторы без данных не учитываются, веса остальных пересчитываются. Фактор с баллом 2 и ниже — "
    "блокирующий риск с мерой, которую нужно заложить в план."
)


class SourceOut(Schema):
    label: str
    score: float
    detail: str


class FactorOut(Schema):
    code: str
    name: str
    weight: int = Field(..., description="вес фактора, %")
    score: float | None = Field(..., description="1–5; null — нет данных, фактор не учтён")
    explanation: str
    sources: list[SourceOut]


class RiskOut(Schema):
    factor: str
    name: str
    score: float
    risk: str
    mitigation: str


class MatchOut(Schema):
    practice_id: int
    title: str
    organization: str
    region: str
    url: str
    score: float = Field(..., description="взвешенное среднее факторов, 1–5")
    evidence_level: int
    decision: str
    rated_by: int = Field(..., description="сколько человек команды получателя оценили практику")
    reasons: list[str]
    factors: list[FactorOut]
    blocking_risks: list[RiskOut]


class MatchesOut(Schema):
    kind: str = Field(..., description="municipality, settlement или organization")
    name: str
    oktmo: str
    region: str
    method: str
    weights: dict[str, int]
    uses_ratings: bool
    candidates: int = Field(..., description="сколько опубликованных практик оценено")
    already_here: int = Field(..., description="практик, которые уже работают в территории (не показаны)")
    in_transfer: int = Field(..., description="практик, которые уже переносятся сюда (не показаны)")
    notes: list[str]
    results: list[MatchOut]


class ErrorOut(Schema):
    detail: str


def _out(result: matching.MatchResult) -> dict[str, Any]:
    return {
        "kind": result.kind,
        "name": result.name,
        "oktmo": result.oktmo,
        "region": result.region,
        "method": METHOD,
        "weights": result.weights,
        "uses_ratings": result.uses_ratings,
        "candidates": result.candidates,
        "already_here": result.already_here,
        "in_transfer": result.in_transfer,
        "notes": result.notes,
        "results": [
            {
                "practice_id": m.practice_id,
                "title": m.title,
                "organization": m.organization,
                "region": m.region,
                "url": m.url,
                "score": m.score,
                "evidence_level": m.evidence_level,
                "decision": m.decision,
                "rated_by": m.rated_by,
                "reasons": m.reasons,
                "factors": [
                    {
                        "code": f.code,
                        "name": f.name,
                        "weight": f.weight,
                        "score": f.score,
                        "explanation": f.explanation,
                        "sources": [{"label": s.label, "score": s.score, "detail": s.detail} for s in f.sources],
                    }
                    for f in m.factors
                ],
                "blocking_risks": [
                    {"factor": r.factor, "name": r.name, "score": r.score, "risk": r.risk, "mitigation": r.mitigation}
                    for r in m.risks
                ],
            }
            for m in result.matches
        ],
    }


def _limit(limit: int) -> int:
    return max(1, min(limit, 100))


@router.get(
    "/territories/{oktmo}/practice-matches",
    response={200: MatchesOut, 404: ErrorOut, 422: ErrorOut},
    summary="Практики, подходящие территории (муниципалитету или населённому пункту)",
    description="`oktmo` — код ОКТМО муниципального образования (8 цифр) или населённого пункта (11 цифр). " + METHOD,
)
def territory_matches(request: HttpRequest, oktmo: str, limit: int = 20) -> tuple[int, Any]:
    code = oktmo.strip()
    if not code.isdigit() or len(code) not in (8, 11):
        return 422, ErrorOut(detail="Код ОКТМО — 8 цифр (муниципальное образование) или 11 цифр (населённый пункт).")
    place = territory_by_oktmo(code)
    if place is None:
        return 404, ErrorOut(detail=f"Территория с кодом ОКТМО {code} не найдена в справочнике.")
    if isinstance(place, Municipality):
        result = matching.practice_matches_for_territory(municipality=place, limit=_limit(limit))
    else:
        result = matching.practice_matches_for_territory(settlement=place, limit=_limit(limit))
    return 200, _out(result)


@router.get(
    "/organizations/{int:pk}/practice-matches",
    response={200: MatchesOut, 404: ErrorOut},
    summary="Практики, подходящие организации-получателю",
    description="Видимость — как у карточки организации. " + METHOD,
)
def organization_matches(request: HttpRequest, pk: int, limit: int = 20) -> tuple[int, Any]:
    qs = organization_list_visible(user=request.user).select_related(
        "region", "municipality_ref", "municipality_ref__parent", "settlement"
    )
    organization = get_scoped_or_404(qs, pk=pk)
    return 200, _out(matching.practice_matches_for_organization(organization=organization, limit=_limit(limit)))
