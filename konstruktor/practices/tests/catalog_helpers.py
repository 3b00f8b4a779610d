"""Published practices for the catalog tests, built through the actions like real ones."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from konstruktor.organizations.models import ActivityArea, TargetGroup
from konstruktor.practices import actions
from konstruktor.practices.models import DecisionCategory, EvaluationDesign, EvaluationQuality, Practice, Status
from konstruktor.practices.tests.factories import practice, region


def area(code: str) -> ActivityArea:
    return ActivityArea.objects.get(code=code)


def group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def published(
    title: str,
    *,
    fns_code: str = "59",
    category: str = DecisionCategory.RECOMMENDED,
    merit: float = 75,
    cost: int | None = None,
    areas: list[ActivityArea] | None = None,
    groups: list[TargetGroup] | None = None,
    regions: Sequence[str] = (),
    causal_study: bool = False,
    **kwargs: Any,
) -> Practice:
    """A practice walked through screening and a decision to the catalog."""
    p = practice(
        status=Status.REVIEW,
        title=title,
        fns_code=fns_code,
        cost_per_beneficiary=None if cost is None else Decimal(cost),
        areas=areas if areas is not None else list(ActivityArea.objects.all()[:1]),
        target_groups=groups if groups is not None else list(TargetGroup.objects.all()[:1]),
        regions=[region(code) for code in regions],
        **kwargs,
    )
    if causal_study:
        outcome = p.outcomes.filter(is_priority=True).first()
        assert outcome is not None
        actions.evaluation_record(
            practice=p,
            by=None,
            title="Квазиэксперимент с группой сравнения, 2023",
            design=EvaluationDesign.QED,
            quality=EvaluationQuality.HIGH,
            has_comparison=True,
            sample="120 семей, из них 60 в группе сравнения",
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2023, 12, 31),
            results="Возвратов детей в группе клуба вдвое меньше.",
            effects={outcome.pk: ("positive", 6)},
        )
    actions.practice_record_decision(
        practice=p,
        category=category,
        merit_score=merit,
        readiness_score=3,
        explanation=[
            {"title": "Уровень доказанности", "detail": "Перспективная по приоритетному результату."},
            {"title": "Экспертная оценка", "detail": f"{merit} из 100 — медиана трёх экспертов."},
        ],
        by=None,
    )
    return actions.practice_publish(practice=p, by=None)
