"""Small builders that keep the demo practices readable; every one returns the plain dict format.

The format (shared with `expertise` and `replication`, which read `PRACTICES`) is described in
`konstruktor/practices/demo_data/__init__.py`.
"""

from decimal import Decimal
from typing import Any

CRITERIA = (
    "relevance",
    "effectiveness",
    "efficiency",
    "sustainability",
    "transferability",
    "equity",
    "participation",
    "innovation",
)
READINESS_ITEMS = ("materials", "training", "fidelity", "cost")
STATUSES = ("published", "review", "moderation", "rework", "draft")

# Regions of the demo experts. The expertise demo creates one expert user per region; a practice
# gets at least one expert from a region other than its own.
PERM = "Пермский край"
NSK = "Новосибирская область"
SPB = "г. Санкт-Петербург"
YAR = "Ярославская область"
EXPERT_REGIONS = (PERM, NSK, SPB, YAR)

# The 14 regions of the programme, as `territories.Region.name` spells them.
ALTAI = "Алтайский край"
ARKH = "Архангельская область"
KUZBASS = "Кемеровская область — Кузбасс"
KRSK = "Красноярский край"
NNOV = "Нижегородская область"
NOVG = "Новгородская область"
TYUMEN = "Тюменская область"
ULSK = "Ульяновская область"
UGRA = "Ханты-Мансийский автономный округ — Югра"
CHEL = "Челябинская область"
PROGRAMME_REGIONS = (ALTAI, ARKH, KUZBASS, KRSK, NNOV, NOVG, NSK, PERM, SPB, TYUMEN, ULSK, UGRA, CHEL, YAR)


def org(full_name: str, short_name: str, region: str, *, okopf: str, city: str, **extra: Any) -> dict[str, Any]:
    """The leading organization; `statuses` (optional) is a list of (kind, since, until, note)."""
    return {"full_name": full_name, "short_name": short_name, "region": region, "okopf": okopf, "city": city, **extra}


def outcome(
    name: str, indicator: str, unit: str, baseline: str, target: str, *, priority: bool = True
) -> dict[str, Any]:
    return {
        "name": name,
        "indicator": indicator,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "is_priority": priority,
    }


def component(title: str, description: str, *, core: bool = True) -> dict[str, Any]:
    return {"title": title, "description": description, "is_core": core}


def step(title: str, description: str, days: int, responsible: str) -> dict[str, Any]:
    return {"title": title, "description": description, "duration_days": days, "responsible": responsible}


def material(kind: str, title: str, description: str) -> dict[str, Any]:
    return {"kind": kind, "title": title, "description": description}


def evaluation(
    title: str,
    design: str,
    quality: str,
    sample: str,
    period: tuple[str, str],
    results: str,
    effects: dict[int, tuple[str, int]],
    *,
    comparison: bool = False,
) -> dict[str, Any]:
    """`effects` maps an outcome index (0-based, in the practice's `outcomes`) to (effect, months)."""
    return {
        "title": title,
        "design": design,
        "quality": quality,
        "sample": sample,
        "period_start": period[0],
        "period_end": period[1],
        "results": results,
        "has_comparison": comparison,
        "effects": {index: list(value) for index, value in effects.items()},
    }


def _score(token: str) -> int | str:
    return token if token in ("na", "more_info") else int(token)


def expert(region: str, scores: str, summary: str, recommendation: str, **comments: str) -> dict[str, Any]:
    """`scores` lists the eight criteria in `CRITERIA` order, e.g. "4 3 3 4 3 3 4 na"."""
    tokens = scores.split()
    if len(tokens) != len(CRITERIA):
        raise ValueError(f"нужно {len(CRITERIA)} оценок, получено {len(tokens)}: {scores}")
    return {
        "region": region,
        "scores": {code: _score(t) for code, t in zip(CRITERIA, tokens, strict=True)},
        "comments": comments,
        "summary": summary,
        "recommendation": recommendation,
    }


def review(experts: list[dict[str, Any]], readiness: str, decision_comment: str, *, category: str) -> dict[str, Any]:
    """`readiness` lists the four items in `READINESS_ITEMS` order; `category` is the decision the
    scores should lead to under the default call's thresholds (a check for the expertise demo)."""
    values = [int(t) for t in readiness.split()]
    return {
        "experts": experts,
        "readiness": dict(zip(READINESS_ITEMS, values, strict=True)),
        "decision_comment": decision_comment,
        "category": category,
    }


def money(value: int | str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
