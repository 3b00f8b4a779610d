"""The published selection rules (ANCHORS §5.5 steps 4–6) as pure functions: no ORM, no I/O.

`aggregate` turns the experts' scores into criterion scores, a 0–100 merit total, a readiness
score and a disagreement verdict; `decide` turns that aggregate, the practice's evidence level
and flag and its materials into a decision category. Every function also returns the steps by
which it got there, in Russian: they become `Practice.decision_explanation`, so the practice
page shows how its result was obtained.
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

NA: Final = "na"
MORE_INFO: Final = "more_info"
SCALE_MAX = 4
Value = int | Literal["na", "more_info"]

# The values of practices.models.DecisionCategory (a test keeps them in step).
RECOMMENDED = "recommended"
PROMISING = "promising"
NEEDS_WORK = "needs_work"
NOT_RECOMMENDED = "not_recommended"
CATEGORY_LABELS = {
    RECOMMENDED: "Рекомендована к тиражированию",
    PROMISING: "Перспективная",
    NEEDS_WORK: "Требует доработки",
    NOT_RECOMMENDED: "Не рекомендована",
}
EVIDENCE_LABELS = {
    0: "L0 «Недостаточно данных»",
    1: "L1 «Обоснованная»",
    2: "L2 «Перспективная»",
    3: "L3 «Доказанная»",
    4: "L4 «Подтверждена в нескольких регионах»",
}
FLAG_LABELS = {"no_effect": "«нет эффекта»", "harm": "«вред»"}

READINESS_ITEMS = (
    ("materials", "Материалы (руководство, шаблоны)"),
    ("training", "Обучение и наставничество"),
    ("fidelity", "Чек-лист соответствия модели"),
    ("cost", "Данные о затратах"),
)

# What `decide` concluded: a category, or why none can be given yet.
Verdict = Literal["decided", "too_few_reviews", "incomplete", "disagreement", "needs_third_expert"]


@dataclass(frozen=True)
class Step:
    title: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "detail": self.detail}


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    weight: float


@dataclass(frozen=True)
class ExpertScores:
    """One submitted review: criterion code → 0–4, "na" or "more_info"; readiness item → 0–4."""

    expert: str
    scores: Mapping[str, Value]
    readiness: Mapping[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    """The call's published thresholds (defaults: ANCHORS §5.5 steps 4–6)."""

    recommended_evidence: int = 2
    recommended_merit: float = 70
    recommended_readiness: float = 2.5
    promising_evidence: int = 1
    promising_merit: float = 60
    not_recommended_merit: float = 50
    disagreement_points: int = 2
    disagreement_total: float = 20
    experts_min: int = 2
    experts_top: int = 3


@dataclass(frozen=True)
class CriterionResult:
    code: str
    name: str
    weight: float
    values: tuple[Value | None, ...]
    # "scored" | "na" (everyone said н/п) | "more_info" (someone needs more information) | "missing"
    state: str
    score: float | None
    method: str
    spread: int
    disagreement: bool


@dataclass(frozen=True)
class Aggregate:
    criteria: tuple[CriterionResult, ...]
    experts: tuple[str, ...]
    expert_totals: tuple[float | None, ...]
    total: float | None
    weight_base: float
    disagreement: bool
    disagreement_reasons: tuple[str, ...]
    resolved: bool
    resolution: str
    incomplete: tuple[str, ...]
    readiness: float | None
    readiness_items: tuple[tuple[str, float | None], ...]
    steps: tuple[Step, ...]

    @property
    def n_reviews(self) -> int:
        return len(self.experts)

    @property
    def needs_resolution(self) -> bool:
        return self.disagreement and not self.resolved

    @property
    def is_complete(self) -> bool:
        return not self.incomplete and self.total is not None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    category: str | None
    ready_for_transfer: bool
    flags: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category or "", "")

    def explanation(self, aggregate: Aggregate) -> list[dict[str, str]]:
        """The full explanation: the aggregation steps, then the decision steps."""
        return [s.as_dict() for s in (*aggregate.steps, *self.steps)]


def fmt(value: float | None, places: int = 1) -> str:
    """A number the Russian way: 3,5 · 76,3 (half up, trailing zeros dropped)."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    text = str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "−")


def value_label(value: Value | None) -> str:
    if value is None:
        return "нет оценки"
    if value == NA:
        return "н/п"
    if value == MORE_INFO:
        return "нужно больше информации"
    return str(value)


def _numeric(values: Sequence[Value | None]) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _weighted_total(scores: Mapping[str, float], criteria: Sequence[CriterionSpec]) -> tuple[float | None, float]:
    """(Σ weight × score / Σ weight / 4 × 100, Σ weight) over the criteria that have a score."""
    base = sum(c.weight for c in criteria if c.code in scores)
    if base <= 0:
        return None, 0.0
    weighted = sum(c.weight * scores[c.code] for c in criteria if c.code in scores)
    return weighted / base / SCALE_MAX * 100, base


def expert_total(review: ExpertScores, criteria: Sequence[CriterionSpec]) -> float | None:
    """One expert's own total on 0–100 over the criteria they scored with a number."""
    own = {c.code: float(v) for c in criteria if isinstance(v := review.scores.get(c.code), int)}
    return _weighted_total(own, criteria)[0]


def _criterion(
    spec: CriterionSpec, values: tuple[Value | None, ...], thresholds: Thresholds, agreed: Value | None
) -> CriterionResult:
    numbers = _numeric(values)
    spread = max(numbers) - min(numbers) if numbers else 0
    disagreement = len(numbers) >= 2 and spread >= thresholds.disagreement_points

    def result(state: str, score: float | None, method: str) -> CriterionResult:
        return CriterionResult(spec.code, spec.name, spec.weight, values, state, score, method, spread, disagreement)

    if agreed is not None:
        if agreed == NA:
            return result("na", None, "consensus")
        if agreed == MORE_INFO:
            return result("more_info", None, "consensus")
        return result("scored", float(agreed), "consensus")
    if MORE_INFO in values:
        return result("more_info", None, "")
    if numbers:
        if len(numbers) >= 3:
            return result("scored", float(statistics.median(numbers)), "median")
        return result("scored", statistics.fmean(numbers), "mean")
    if values and all(v == NA for v in values):
        return result("na", None, "")
    return result("missing", None, "")


def _criterion_detail(c: CriterionResult) -> str:
    shown = ", ".join(value_label(v) for v in c.values) or "оценок нет"
    if c.method == "consensus":
        return f"«{c.name}»: оценки экспертов {shown}; согласованная оценка — {value_label_float(c)}"
    if c.state == "more_info":
        return f"«{c.name}»: {shown} — эксперт просит больше информации, критерий не завершён"
    if c.state == "na":
        return f"«{c.name}»: все эксперты отметили «н/п» — критерий исключён, вес {fmt(c.weight)} не учитывается"
    if c.state == "missing":
        return f"«{c.name}»: оценок нет"
    how = "медиана" if c.method == "median" else "среднее"
    excluded = " («н/п» не учитывается)" if NA in c.values else ""
    return f"«{c.name}»: {shown} → {how} {fmt(c.score, 2)}{excluded}"


def value_label_float(c: CriterionResult) -> str:
    if c.state == "na":
        return "н/п"
    if c.state == "more_info":
        return "нужно больше информации"
    return fmt(c.score, 2)


def _readiness(
    reviews: Sequence[ExpertScores],
) -> tuple[float | None, tuple[tuple[str, float | None], ...], Step]:
    items: list[tuple[str, float | None]] = []
    parts: list[str] = []
    for code, label in READINESS_ITEMS:
        values = [v for r in reviews if (v := r.readiness.get(code)) is not None]
        mean = statistics.fmean(values) if values else None
        items.append((code, mean))
        given = ", ".join(str(v) for v in values) or "нет оценок"
        parts.append(f"{label}: {given} → {fmt(mean, 2)}")
    scored = [m for _, m in items if m is not None]
    readiness = statistics.fmean(scored) if scored else None
    detail = "; ".join(parts) + f". Готовность = среднее по пунктам = {fmt(readiness, 2)} из 4."
    return readiness, tuple(items), Step("Готовность к тиражированию", detail)


def aggregate(
    scores: Sequence[ExpertScores],
    criteria: Sequence[CriterionSpec],
    thresholds: Thresholds,
    *,
    consensus: Mapping[str, Value] | None = None,
) -> Aggregate:
    """Aggregate the submitted reviews of one practice by the call's published rules.

    Per criterion: the mean of the experts' numeric scores, the median with three or more;
    «н/п» is left out of the criterion, and a criterion everyone marked «н/п» is left out of
    the weight base (the other weights are renormalised); «нужно больше информации» leaves the
    criterion incomplete. The total is the weighted sum normalised to 0–100. Experts disagree
    when two scores of a criterion differ by `disagreement_points` or more, or their own totals
    by `disagreement_total` points or more: a logged consensus (`consensus`, the agreed scores)
    or a third expert (the median of three) resolves it.
    """
    experts = tuple(r.expert for r in scores)
    steps: list[Step] = []
    consensus = consensus or {}
    results = tuple(
        _criterion(c, tuple(r.scores.get(c.code) for r in scores), thresholds, consensus.get(c.code)) for c in criteria
    )
    steps.append(
        Step(
            "Оценки по критериям",
            f"Экспертов с отправленными оценками: {len(scores)}. Балл критерия — среднее оценок экспертов "
            "по шкале 0–4 (медиана, если оценок три и больше). "
            + "; ".join(_criterion_detail(c) for c in results)
            + ".",
        )
    )

    scored = {c.code: c.score for c in results if c.state == "scored" and c.score is not None}
    total, base = _weighted_total(scored, criteria)
    full_base = sum(c.weight for c in criteria)
    excluded = [c for c in results if c.state == "na"]
    renorm = ""
    if excluded and base:
        names = ", ".join(f"«{c.name}»" for c in excluded)
        renorm = (
            f" Критерии {names} не применимы: сумма весов {fmt(base)} вместо {fmt(full_base)}, "
            "веса остальных пересчитаны пропорционально."
        )
    incomplete = tuple(c.code for c in results if c.state in ("more_info", "missing"))
    if total is None:
        steps.append(Step("Экспертная оценка", "Итог не рассчитан: нет ни одного критерия с числовой оценкой."))
    else:
        terms = " + ".join(f"{fmt(c.weight)}×{fmt(c.score, 2)}" for c in results if c.code in scored)
        pending = ""
        if incomplete:
            names = ", ".join(f"«{c.name}»" for c in results if c.code in incomplete)
            pending = f" Итог предварительный: критерии {names} не завершены."
        steps.append(
            Step(
                "Экспертная оценка",
                f"Итог = Σ(вес × балл) / Σ весов / 4 × 100 = ({terms}) / {fmt(base)} / 4 × 100 "
                f"= {fmt(total)} из 100.{renorm}{pending}",
            )
        )

    totals = tuple(expert_total(r, criteria) for r in scores)
    reasons: list[str] = []
    for c in results:
        if c.disagreement:
            reasons.append(
                f"по критерию «{c.name}» оценки расходятся на {c.spread} балла "
                f"(порог — {thresholds.disagreement_points})"
            )
    known = [t for t in totals if t is not None]
    if len(known) >= 2 and max(known) - min(known) >= thresholds.disagreement_total:
        reasons.append(
            f"итоги экспертов ({', '.join(fmt(t) for t in known)}) расходятся на "
            f"{fmt(max(known) - min(known))} п. п. (порог — {fmt(thresholds.disagreement_total)})"
        )
    disagreement = bool(reasons)
    resolution = ""
    if consensus:
        resolution = "consensus"
    elif len(scores) >= 3:
        resolution = "median"
    resolved = disagreement and bool(resolution)
    if not disagreement:
        detail = (
            f"Расхождений нет: оценки по каждому критерию отличаются меньше чем на "
            f"{thresholds.disagreement_points} балла, итоги экспертов — меньше чем на "
            f"{fmt(thresholds.disagreement_total)} п. п."
        )
        if len(known) >= 2:
            detail += f" Итоги экспертов: {', '.join(fmt(t) for t in known)}."
        if consensus:
            detail += " Согласованные на консенсусном обсуждении оценки учтены."
    else:
        detail = "Расхождение: " + "; ".join(reasons) + "."
        if resolution == "consensus":
            detail += " Снято консенсусным обсуждением: использованы согласованные оценки из протокола."
        elif resolution == "median":
            detail += f" Снято оценкой третьего эксперта: использована медиана {len(scores)} оценок."
        else:
            detail += " Нужен третий эксперт или консенсусное обсуждение с протоколом."
    steps.append(Step("Согласованность экспертов", detail))

    readiness, items, readiness_step = _readiness(scores)
    steps.append(readiness_step)
    return Aggregate(
        criteria=results,
        experts=experts,
        expert_totals=totals,
        total=total,
        weight_base=base,
        disagreement=disagreement,
        disagreement_reasons=tuple(reasons),
        resolved=resolved,
        resolution=resolution,
        incomplete=incomplete,
        readiness=readiness,
        readiness_items=items,
        steps=tuple(steps),
    )


def transfer_ready(
    *, readiness: float | None, has_manual: bool, has_fidelity: bool, thresholds: Thresholds
) -> tuple[bool, Step]:
    """The gate «готова к тиражированию»: a manual, a fidelity checklist and enough readiness."""
    missing = []
    if not has_manual:
        missing.append("нет методического пособия (руководства)")
    if not has_fidelity:
        missing.append("нет чек-листа соответствия модели")
    if readiness is None or readiness < thresholds.recommended_readiness:
        missing.append(f"готовность {fmt(readiness, 2)} ниже порога {fmt(thresholds.recommended_readiness, 2)}")
    if missing:
        return False, Step("Готова к тиражированию?", "Нет: " + "; ".join(missing) + ".")
    return True, Step(
        "Готова к тиражированию?",
        f"Да: есть руководство и чек-лист соответствия модели, готовность {fmt(readiness, 2)} "
        f"не ниже порога {fmt(thresholds.recommended_readiness, 2)}.",
    )


def decide(
    *,
    aggregate: Aggregate,
    evidence_level: int,
    evidence_flag: str,
    has_manual: bool,
    has_fidelity: bool,
    thresholds: Thresholds,
) -> Decision:
    """The decision category from evidence, merit and readiness with the call's thresholds.

    Flags «вред» and «нет эффекта» give «не рекомендована» whatever the scores. Otherwise a
    category needs enough complete, agreed reviews; «рекомендована» needs evidence, merit and the
    readiness gate and, in addition, `experts_top` reviews: with fewer the result is «нужен
    третий эксперт».
    """
    t = thresholds
    steps: list[Step] = []
    level_label = EVIDENCE_LABELS.get(evidence_level, str(evidence_level))
    flag_text = f", флаг {FLAG_LABELS[evidence_flag]}" if evidence_flag in FLAG_LABELS else ""
    steps.append(
        Step(
            "Уровень доказанности",
            f"{level_label}{flag_text} — по правилам уровней доказанности для приоритетных результатов практики.",
        )
    )
    ready, ready_step = transfer_ready(
        readiness=aggregate.readiness, has_manual=has_manual, has_fidelity=has_fidelity, thresholds=t
    )
    steps.append(ready_step)
    flags = (evidence_flag,) if evidence_flag in FLAG_LABELS else ()

    def done(verdict: Verdict, category: str | None, detail: str) -> Decision:
        title = f"Решение: {CATEGORY_LABELS[category]}" if category else "Решение пока невозможно"
        return Decision(verdict, category, ready, flags, (*steps, Step(title, detail)))

    if flags:
        return done(
            "decided",
            NOT_RECOMMENDED,
            f"Флаг {FLAG_LABELS[evidence_flag]} по результатам оценки перекрывает любые баллы: практика не рекомендуется.",
        )
    if aggregate.n_reviews < t.experts_min:
        return done(
            "too_few_reviews",
            None,
            f"Отправлено оценок: {aggregate.n_reviews}, нужно не меньше {t.experts_min}.",
        )
    if not aggregate.is_complete:
        names = ", ".join(f"«{c.name}»" for c in aggregate.criteria if c.code in aggregate.incomplete)
        return done(
            "incomplete",
            None,
            f"Не завершены критерии: {names or 'все'}. Нужна дополнительная информация и согласованная оценка.",
        )
    if aggregate.needs_resolution:
        return done(
            "disagreement",
            None,
            "Оценки экспертов расходятся: назначьте третьего эксперта или проведите консенсусное обсуждение.",
        )
    merit = aggregate.total
    assert merit is not None  # is_complete
    if merit < t.not_recommended_merit:
        return done(
            "decided",
            NOT_RECOMMENDED,
            f"Экспертная оценка {fmt(merit)} ниже порога {fmt(t.not_recommended_merit)}.",
        )
    top = evidence_level >= t.recommended_evidence and merit >= t.recommended_merit and ready
    if top:
        conditions = (
            f"доказанность {level_label} не ниже L{t.recommended_evidence}, оценка {fmt(merit)} "
            f"не ниже {fmt(t.recommended_merit)}, практика готова к тиражированию"
        )
        if aggregate.n_reviews < t.experts_top:
            return done(
                "needs_third_expert",
                None,
                f"Выполнены условия высшей категории ({conditions}), но для неё нужно {t.experts_top} "
                f"оценки, а отправлено {aggregate.n_reviews}: нужен третий эксперт.",
            )
        return done("decided", RECOMMENDED, f"Выполнены все условия: {conditions}.")
    why_not_top = []
    if evidence_level < t.recommended_evidence:
        why_not_top.append(f"доказанность ниже L{t.recommended_evidence}")
    if merit < t.recommended_merit:
        why_not_top.append(f"оценка {fmt(merit)} ниже {fmt(t.recommended_merit)}")
    if not ready:
        why_not_top.append("практика не готова к тиражированию")
    not_top = "Для высшей категории не хватает: " + ", ".join(why_not_top) + "."
    if evidence_level >= t.promising_evidence and merit >= t.promising_merit:
        return done(
            "decided",
            PROMISING,
            f"Доказанность {level_label} не ниже L{t.promising_evidence} и оценка {fmt(merit)} "
            f"не ниже {fmt(t.promising_merit)}. {not_top}",
        )
    why = []
    if evidence_level < t.promising_evidence:
        why.append(f"доказанность ниже L{t.promising_evidence}")
    if merit < t.promising_merit:
        why.append(f"оценка {fmt(merit)} ниже {fmt(t.promising_merit)}")
    return done(
        "decided",
        NEEDS_WORK,
        f"Условия категории «Перспективная» не выполнены: {', '.join(why)}. Оценка не ниже "
        f"{fmt(t.not_recommended_merit)}, поэтому практика отправляется на доработку, а не отклоняется.",
    )
