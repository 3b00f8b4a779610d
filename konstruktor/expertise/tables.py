"""What the selection pages show in tables: the aggregation, readiness and the published thresholds.

Shared by the manager's entry page, the expert's page after submission and the public call page.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from konstruktor.expertise import queries, rules
from konstruktor.expertise.models import Call, ScoreValue

SCORE_LABELS = {value: str(label) for value, label in ScoreValue.choices}


def url_or_none(name: str, *args: Any) -> str | None:
    """A link to another app's page, or None while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def threshold_rows(call: Call) -> list[tuple[str, str]]:
    t = call.thresholds()
    return [
        (
            rules.CATEGORY_LABELS[rules.RECOMMENDED],
            f"доказанность не ниже {rules.EVIDENCE_LABELS[t.recommended_evidence]}, экспертная оценка не ниже "
            f"{rules.fmt(t.recommended_merit)}, готовность не ниже {rules.fmt(t.recommended_readiness, 2)}, "
            f"есть руководство и чек-лист соответствия модели, нет флагов, не меньше {t.experts_top} экспертов",
        ),
        (
            rules.CATEGORY_LABELS[rules.PROMISING],
            f"доказанность не ниже {rules.EVIDENCE_LABELS[t.promising_evidence]}, экспертная оценка не ниже "
            f"{rules.fmt(t.promising_merit)}",
        ),
        (
            rules.CATEGORY_LABELS[rules.NEEDS_WORK],
            "условия «перспективной» не выполнены, но оценка не ниже порога отказа",
        ),
        (
            rules.CATEGORY_LABELS[rules.NOT_RECOMMENDED],
            f"экспертная оценка ниже {rules.fmt(t.not_recommended_merit)} или флаг «вред» / «нет эффекта»",
        ),
        (
            "Расхождение оценок",
            f"оценки двух экспертов по критерию отличаются на {t.disagreement_points} балла и больше или их "
            f"итоги — на {rules.fmt(t.disagreement_total)} п. п. и больше: третий эксперт или консенсус",
        ),
        (
            "Эксперты",
            f"не меньше {t.experts_min} на практику, хотя бы один из другого региона; для высшей категории — "
            f"{t.experts_top}",
        ),
    ]


@dataclass(frozen=True)
class Cell:
    label: str
    comment: str
    numeric: bool


@dataclass(frozen=True)
class Row:
    name: str
    weight: float
    cells: list[Cell]
    score: str
    spread: int
    disagreement: bool
    state: str


def aggregation_rows(state: queries.EntryAggregate) -> list[Row]:
    by_review = [{s.criterion_id: s for s in r.scores.all()} for r in state.reviews]
    rows = []
    for criterion, result in zip(state.criteria, state.aggregate.criteria, strict=True):
        cells = []
        for scores in by_review:
            s = scores.get(criterion.pk)
            value = s.value if s else ""
            label = SCORE_LABELS.get(value, "—")
            cells.append(Cell(label, s.comment if s else "", value.isdigit()))
        rows.append(
            Row(
                name=criterion.name,
                weight=float(criterion.weight),
                cells=cells,
                score=rules.value_label_float(result) if result.state != "missing" else "—",
                spread=result.spread,
                disagreement=result.disagreement,
                state=result.state,
            )
        )
    return rows


def readiness_rows(state: queries.EntryAggregate) -> list[tuple[str, list[int | None], str]]:
    means = dict(state.aggregate.readiness_items)
    return [
        (label, [r.readiness()[code] for r in state.reviews], rules.fmt(means.get(code), 2))
        for code, label in rules.READINESS_ITEMS
    ]
