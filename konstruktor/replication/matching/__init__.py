"""Which published practices fit a territory or a recipient organization (ANCHORS §5.5 step 7).

The factors follow the NIRN Hexagon tool, each on a 1–5 scale:

- «Потребность» (need): the data signal counts the active NGOs of the territory that work with the
  practice's target groups or in its areas of activity (the white-spot figures: organizations
  linked to the municipality or its поселения, or to the settlement) — 0 → 5, 1 → 4, 2–3 → 3,
  4–6 → 2, 7 and more → 1; the recipient team's rating is averaged in when there is one.
- «Соответствие приоритетам» (fit): the region's priority target groups and areas kept by its
  РЦ manager (no overlap → 2, one → 4, two or more → 5) and, for an organization, its own target
  groups and areas (same scale); the team's rating is averaged in.
- «Ресурсы» and «Потенциал команды»: the recipient team's ratings only.
- «Доказанность»: the practice's evidence level L0–L4 → 1–5 («нет эффекта» → 1).
- «Готовность к тиражированию»: the expert readiness score 0–4 → 1–5; without it, the passport
  (a manual, a fidelity checklist, core components, launch steps: 1 + one point each).

A factor without data is left out and the weights of the others are renormalised; the score is
the weighted mean. Every team rating is the mean over the persons who rated. A factor at 2 or
below is a blocking risk shown with the mitigation to plan. Practices with the flag «вред» or the
decision «не рекомендована», and those already working in the territory, are not offered.

Speed: the signals of all published practices are read in a few bulk queries (the practices,
their target groups and areas, the organizations of the territory); the need of a practice is a
popcount of a bitmask of the territory's organizations. Explanations are written for the shown
results only.
"""

import gc
import heapq
from collections.abc import Iterator
from contextlib import contextmanager

from django.urls import NoReverseMatch, reverse

from konstruktor.organizations.models import Organization
from konstruktor.practices.models import Practice
from konstruktor.replication.matching.explain import _Explainer
from konstruktor.replication.matching.factors import (
    BLOCKING_AT,
    DECISION_RANK,
    FACTOR_BY_CODE,
    FACTORS,
    NEED_BANDS,
    WEIGHTS,
    FactorResult,
    FactorSpec,
    MatchResult,
    PracticeMatch,
    Risk,
    Source,
    evidence_score,
    need_score,
    overlap_score,
    readiness_score_of,
    weighted_mean,
)
from konstruktor.replication.matching.signals import _Signals, _Target, practices_offered
from konstruktor.territories.models import Municipality, Settlement

__all__ = [
    "BLOCKING_AT",
    "FACTORS",
    "NEED_BANDS",
    "WEIGHTS",
    "FactorResult",
    "FactorSpec",
    "MatchResult",
    "PracticeMatch",
    "Risk",
    "Source",
    "evidence_score",
    "need_score",
    "overlap_score",
    "practice_matches_for_organization",
    "practice_matches_for_territory",
    "practices_offered",
    "readiness_score_of",
    "weighted_mean",
]


def _public_url(practice: Practice) -> str:
    try:
        return reverse("practices:public_detail", args=[practice.pk])
    except NoReverseMatch:  # the catalog pages are not mounted (yet)
        return ""


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The ranking allocates ~100 000 small tuples and lists; a full cyclic collection in the
    middle of it costs more than the ranking itself (measured: 100–150 ms), so it waits."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rank(signals: _Signals, limit: int) -> MatchResult:
    t = signals.target
    here, total, decision_rank = signals.already_here | signals.in_transfer, signals.total, DECISION_RANK
    scored = [
        (total(row), row[1], decision_rank.get(row[4], 0), -row[0], row) for row in signals.rows if row[0] not in here
    ]
    top = heapq.nlargest(limit, scored, key=lambda item: item[:4])
    explainer = _Explainer(signals)
    practices = Practice.objects.select_related("organization", "region").in_bulk([item[4][0] for item in top])
    matches = []
    for score, _level, _rank_decision, _neg, row in top:
        scores = signals.scores(row)
        p = practices[row[0]]
        factors = tuple(explainer.factor(spec.code, row, scores[spec.code]) for spec in FACTORS)
        risks = tuple(
            Risk(f.code, f.name, f.score, FACTOR_BY_CODE[f.code].risk, FACTOR_BY_CODE[f.code].mitigation)
            for f in factors
            if f.blocking and f.score is not None
        )
        team = signals.ratings.get(row[0])
        matches.append(
            PracticeMatch(
                practice_id=p.pk,
                title=p.title,
                organization=str(p.organization or p.organization_name),
                region=p.region.name,
                url=_public_url(p),
                score=score,
                factors=factors,
                risks=risks,
                rated_by=team["n"] if team else 0,
                evidence_level=row[1],
                decision=row[4],
            )
        )
    notes = list(t.notes)
    if not signals.ratings:
        notes.append(
            "Команда получателя ещё не оценила практики по методике Hexagon: ранжирование построено только на "
            "данных платформы (потребность, приоритеты региона, доказанность и готовность), ресурсы и потенциал "
            "команды не учтены."
        )
    if not (signals.priority_groups or signals.priority_areas):
        notes.append(
            "Приоритеты региона не заданы: фактор «Соответствие приоритетам» учитывает только доступные данные."
        )
    if signals.already_here:
        notes.append(f"Практик, которые уже работают в этой территории, не показано: {len(signals.already_here)}.")
    if signals.in_transfer:
        notes.append(
            f"Практик, которые уже переносятся сюда (трансфер идёт или завершён), не показано: {len(signals.in_transfer)}."
        )
    return MatchResult(
        kind=t.kind,
        name=t.name,
        oktmo=t.oktmo,
        region_id=t.region_id,
        region=t.region_name,
        matches=matches,
        candidates=len(scored),
        already_here=len(signals.already_here),
        in_transfer=len(signals.in_transfer),
        notes=notes,
    )


def practice_matches_for_territory(
    *, municipality: Municipality | None = None, settlement: Settlement | None = None, limit: int = 20
) -> MatchResult:
    """Published practices ranked by fit for a municipality or a settlement (city, town, village)."""
    if (municipality is None) == (settlement is None):
        raise ValueError("Укажите муниципалитет или населённый пункт.")
    if municipality is not None:
        target = _Target(
            kind="municipality",
            name=municipality.name,
            oktmo=municipality.oktmo,
            region_id=municipality.region_id,
            region_name=municipality.region.name,
            where=f"в муниципалитете «{municipality.name}»",
            municipality=municipality,
            ratings={"municipality": municipality},
        )
    else:
        assert settlement is not None
        target = _Target(
            kind="settlement",
            name=f"{settlement.kind} {settlement.name}".strip(),
            oktmo=settlement.oktmo or "",
            region_id=settlement.region_id,
            region_name=settlement.region.name,
            where=f"в населённом пункте «{settlement.name}»",
            settlement=settlement,
            ratings={"settlement": settlement},
        )
    with _gc_paused():
        return _rank(_Signals(target), limit)


def practice_matches_for_organization(*, organization: Organization, limit: int = 20) -> MatchResult:
    """Published practices ranked by fit for a recipient organization: its territory (the municipality
    or settlement it is linked to), its region's priorities, its own profile and its team's ratings."""
    municipality = organization.municipality_ref
    if municipality is not None and municipality.parent_id:
        municipality = municipality.parent
    settlement = organization.settlement if municipality is None else None
    notes = []
    if municipality is not None:
        where = f"в муниципалитете «{municipality.name}»"
    elif settlement is not None:
        where = f"в населённом пункте «{settlement.name}»"
    else:
        where = "в территории организации"
        notes.append(
            "Организация не привязана к муниципалитету или населённому пункту: потребность по данным платформы "
            "не рассчитана. Укажите территорию в карточке организации."
        )
    target = _Target(
        kind="organization",
        name=str(organization),
        oktmo=(municipality.oktmo if municipality else settlement.oktmo if settlement else "") or "",
        region_id=organization.region_id,
        region_name=organization.region.name,
        where=where,
        municipality=municipality,
        settlement=settlement,
        organization=organization,
        ratings={"organization": organization},
        notes=notes,
    )
    with _gc_paused():
        return _rank(_Signals(target), limit)
