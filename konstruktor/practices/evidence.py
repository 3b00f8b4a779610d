"""Evidence levels per outcome, by rules (ANCHORS §5.5 step 3: CEBC, Title IV-E, ESSA, EIF).

The rules are pure functions of the findings (one per evaluation and outcome) so that they can
be tested on worked examples and shown step by step: every level carries its reasons in Russian.

- L4 «Подтверждена в нескольких регионах»: ≥2 causal studies (RCT/QED) of moderate or high
  quality with a positive effect, or ≥2 independent replications in different regions with
  comparison data and a positive effect; and at least one of those effects lasted ≥12 months.
- L3 «Доказанная»: ≥1 causal study of moderate or high quality with a positive effect.
- L2 «Перспективная»: a positive effect in a pre/post study with a valid instrument, or in a
  comparison without established equivalence (a low-quality RCT/QED or any comparison data).
- L1 «Обоснованная»: a logic model is described and there are monitoring data or expert
  (beneficiary) opinion, or a positive/unclear result of any study.
- L0 «Недостаточно данных» otherwise.
- Flags override the level (it becomes L0 and the reasons say what it would have been):
  «Вред» — harm found in any study; «Нет эффекта» — no effect in a rigorous study (RCT/QED of
  moderate or high quality).

The practice's headline level is the highest level among its priority outcomes (all outcomes
when none is marked priority); «Вред» in any outcome or «Нет эффекта» in a priority outcome
flags the whole practice and its headline becomes L0.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from konstruktor.practices.models import (
    Effect,
    EvaluationDesign,
    EvaluationQuality,
    EvidenceFlag,
    EvidenceLevel,
    Practice,
)

CAUSAL_DESIGNS = frozenset({EvaluationDesign.RCT, EvaluationDesign.QED})
RIGOROUS_QUALITY = frozenset({EvaluationQuality.MODERATE, EvaluationQuality.HIGH})
SUSTAINED_MONTHS = 12
DESIGN_LABELS = dict(EvaluationDesign.choices)
QUALITY_LABELS = dict(EvaluationQuality.choices)
LEVEL_LABELS = dict(EvidenceLevel.choices)


@dataclass(frozen=True)
class Finding:
    """What one evaluation found for one outcome."""

    title: str
    design: str
    quality: str
    effect: str
    sustained_months: int = 0
    has_comparison: bool = False
    independent_replication: bool = False
    region_id: int | None = None
    evaluation_id: int | None = None

    @property
    def positive(self) -> bool:
        return self.effect == Effect.POSITIVE

    @property
    def rigorous(self) -> bool:
        """A causal design (RCT/QED) carried out with moderate or high quality."""
        return self.design in CAUSAL_DESIGNS and self.quality in RIGOROUS_QUALITY

    @property
    def is_replication_with_comparison(self) -> bool:
        return self.independent_replication and self.has_comparison

    def label(self) -> str:
        quality = QUALITY_LABELS.get(self.quality, self.quality).lower()
        return f"«{self.title}» ({DESIGN_LABELS.get(self.design, self.design).lower()}, качество {quality})"


@dataclass(frozen=True)
class OutcomeEvidence:
    level: int
    flag: str = EvidenceFlag.NONE
    reasons: list[str] = field(default_factory=list)


def _labels(findings: Iterable[Finding]) -> str:
    return "; ".join(f.label() for f in findings)


def _level_without_flags(findings: Sequence[Finding], has_logic_model: bool) -> tuple[int, list[str]]:
    causal = [f for f in findings if f.rigorous and f.positive]
    replications = [f for f in findings if f.is_replication_with_comparison and f.positive]
    replication_regions = {
        f.region_id if f.region_id is not None else f"eval-{f.evaluation_id or id(f)}" for f in replications
    }

    def sustained(group: Sequence[Finding]) -> list[Finding]:
        return [f for f in group if f.sustained_months >= SUSTAINED_MONTHS]

    if len(causal) >= 2 and sustained(causal):
        lasting = sustained(causal)[0]
        return EvidenceLevel.L4, [
            f"Положительный эффект в {len(causal)} причинно-следственных исследованиях (РКИ или квазиэксперимент) "
            f"среднего или высокого качества: {_labels(causal)}.",
            f"Эффект сохранялся {lasting.sustained_months} мес. (не меньше {SUSTAINED_MONTHS}) по данным {lasting.label()}.",
        ]
    if len(replication_regions) >= 2 and sustained(replications):
        lasting = sustained(replications)[0]
        return EvidenceLevel.L4, [
            f"Положительный эффект подтверждён независимыми тиражированиями с данными группы сравнения "
            f"в {len(replication_regions)} регионах: {_labels(replications)}.",
            f"Эффект сохранялся {lasting.sustained_months} мес. (не меньше {SUSTAINED_MONTHS}) по данным {lasting.label()}.",
        ]
    reasons: list[str] = []
    if len(causal) >= 2 or len(replication_regions) >= 2:
        reasons.append(
            f"Для уровня «{LEVEL_LABELS[EvidenceLevel.L4]}» не хватает эффекта, сохранявшегося "
            f"не меньше {SUSTAINED_MONTHS} месяцев."
        )
    if causal:
        return EvidenceLevel.L3, [
            f"Положительный эффект в причинно-следственном исследовании среднего или высокого качества: {_labels(causal)}.",
            *reasons,
        ]
    promising = [
        f
        for f in findings
        if f.positive and (f.design == EvaluationDesign.PREPOST or f.design in CAUSAL_DESIGNS or f.has_comparison)
    ]
    if promising:
        return EvidenceLevel.L2, [
            "Положительный эффект по замерам до и после валидированным инструментом или в сравнении "
            f"без подтверждённой эквивалентности групп: {_labels(promising)}.",
            "Для уровня «Доказанная» нужно исследование с группой сравнения (РКИ или квазиэксперимент) "
            "среднего или высокого качества.",
            *reasons,
        ]
    data = [f for f in findings if f.effect in (Effect.POSITIVE, Effect.UNCLEAR)]
    if has_logic_model and data:
        return EvidenceLevel.L1, [
            "Логическая модель описана в паспорте.",
            f"Есть данные мониторинга или мнения экспертов и благополучателей: {_labels(data)}.",
            "Для уровня «Перспективная» нужен положительный эффект по замерам до и после "
            "валидированным инструментом или в сравнении с группой сравнения.",
        ]
    if not has_logic_model:
        return EvidenceLevel.L0, ["Логическая модель не описана.", *_missing_data(data)]
    return EvidenceLevel.L0, _missing_data(data)


def _missing_data(data: Sequence[Finding]) -> list[str]:
    if data:
        return []
    return ["Нет данных мониторинга, мнений экспертов или оценок эффекта по этому результату."]


def outcome_evidence(findings: Sequence[Finding], *, has_logic_model: bool) -> OutcomeEvidence:
    """The level of one outcome from what the evaluations found for it."""
    level, reasons = _level_without_flags(findings, has_logic_model)
    harm = [f for f in findings if f.effect == Effect.HARM]
    if harm:
        return OutcomeEvidence(
            EvidenceLevel.L0,
            EvidenceFlag.HARM,
            [
                f"Флаг «Вред»: исследование выявило вред — {_labels(harm)}. Флаг перекрывает уровень доказанности.",
                f"Без флага уровень был бы «{LEVEL_LABELS[level]}»: " + " ".join(reasons),
            ],
        )
    no_effect = [f for f in findings if f.effect == Effect.NONE and f.rigorous]
    if no_effect:
        return OutcomeEvidence(
            EvidenceLevel.L0,
            EvidenceFlag.NO_EFFECT,
            [
                "Флаг «Нет эффекта»: строгое исследование (РКИ или квазиэксперимент среднего или высокого "
                f"качества) не обнаружило эффекта — {_labels(no_effect)}. Флаг перекрывает уровень доказанности.",
                f"Без флага уровень был бы «{LEVEL_LABELS[level]}»: " + " ".join(reasons),
            ],
        )
    return OutcomeEvidence(level, EvidenceFlag.NONE, reasons)


@dataclass(frozen=True)
class Headline:
    level: int
    flag: str
    reason: str


def practice_headline(outcomes: Sequence[tuple[str, bool, OutcomeEvidence]]) -> Headline:
    """The practice's level from its outcomes given as (name, is_priority, evidence)."""
    if not outcomes:
        return Headline(EvidenceLevel.L0, EvidenceFlag.NONE, "В паспорте не указаны результаты практики.")
    harmed = [name for name, _, ev in outcomes if ev.flag == EvidenceFlag.HARM]
    if harmed:
        names = ", ".join(f"«{n}»" for n in harmed)
        return Headline(EvidenceLevel.L0, EvidenceFlag.HARM, f"Флаг «Вред» по результату {names}.")
    considered = [o for o in outcomes if o[1]] or list(outcomes)
    scope = "приоритетных результатов" if any(o[1] for o in outcomes) else "результатов"
    no_effect = [name for name, _, ev in considered if ev.flag == EvidenceFlag.NO_EFFECT]
    if no_effect:
        names = ", ".join(f"«{n}»" for n in no_effect)
        return Headline(EvidenceLevel.L0, EvidenceFlag.NO_EFFECT, f"Флаг «Нет эффекта» по результату {names}.")
    name, _, best = max(considered, key=lambda o: o[2].level)
    return Headline(
        best.level,
        EvidenceFlag.NONE,
        f"Наивысший уровень среди {scope}: «{LEVEL_LABELS[best.level]}» по результату «{name}».",
    )


def practice_findings(practice: Practice) -> dict[int, list[Finding]]:
    """outcome id → findings of all evaluations of the practice (two queries)."""
    from konstruktor.practices.models import EvaluationResult

    by_outcome: dict[int, list[Finding]] = {o.pk: [] for o in practice.outcomes.all()}
    results = EvaluationResult.objects.filter(evaluation__practice=practice).select_related("evaluation")
    for r in results.order_by("evaluation_id", "id"):
        e = r.evaluation
        by_outcome.setdefault(r.outcome_id, []).append(
            Finding(
                title=e.title,
                design=e.design,
                quality=e.quality,
                effect=r.effect,
                sustained_months=r.sustained_months,
                has_comparison=e.has_comparison,
                independent_replication=e.independent_replication,
                region_id=e.region_id,
                evaluation_id=e.pk,
            )
        )
    return by_outcome
