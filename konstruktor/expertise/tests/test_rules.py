"""The published selection rules on worked examples (no database)."""

import pytest

from konstruktor.expertise import rules
from konstruktor.expertise.rules import MORE_INFO, NA, CriterionSpec, ExpertScores, Thresholds
from konstruktor.practices.models import DecisionCategory

CODES = ("relevance", "effectiveness", "efficiency", "sustainability", "transferability", "equity", "participation", "innovation")  # fmt: skip
EQUAL = [CriterionSpec(code, code.capitalize(), 12.5) for code in CODES]
READY = {"materials": 3, "training": 3, "fidelity": 3, "cost": 3}
DEFAULT = Thresholds()


def expert(name: str, *values: rules.Value, readiness: dict[str, int | None] | None = None) -> ExpertScores:
    return ExpertScores(name, dict(zip(CODES, values, strict=True)), readiness or READY)


def uniform(name: str, value: rules.Value) -> ExpertScores:
    return expert(name, *([value] * len(CODES)))


def decide(agg: rules.Aggregate, *, level: int = 2, flag: str = "", t: Thresholds = DEFAULT) -> rules.Decision:
    return rules.decide(
        aggregate=agg, evidence_level=level, evidence_flag=flag, has_manual=True, has_fidelity=True, thresholds=t
    )


def test_category_codes_match_the_practice_decision_categories() -> None:
    assert set(rules.CATEGORY_LABELS) == set(DecisionCategory.values)
    assert dict(DecisionCategory.choices) == rules.CATEGORY_LABELS


def test_criterion_score_is_the_mean_of_two_experts_and_total_is_normalised_to_100() -> None:
    agg = rules.aggregate([expert("А", 3, 3, 2, 3, 3, 2, 3, 2), expert("Б", 3, 4, 2, 3, 3, 3, 3, 2)], EQUAL, DEFAULT)
    by_code = {c.code: c for c in agg.criteria}
    assert by_code["effectiveness"].score == 3.5 and by_code["effectiveness"].method == "mean"
    # Σ 12.5 × (3 + 3.5 + 2 + 3 + 3 + 2.5 + 3 + 2) / 100 / 4 × 100 = 22 / 8 / 4 × 100
    assert agg.total == pytest.approx(68.75)
    assert agg.expert_totals == (pytest.approx(65.625), pytest.approx(71.875))
    assert not agg.disagreement and agg.is_complete
    assert "68,8 из 100" in agg.steps[1].detail


def test_two_points_apart_on_one_criterion_is_a_disagreement_that_blocks_the_decision() -> None:
    agg = rules.aggregate([expert("А", 1, 3, 3, 3, 3, 3, 3, 3), expert("Б", 3, 3, 3, 3, 3, 3, 3, 3)], EQUAL, DEFAULT)
    assert agg.disagreement and agg.needs_resolution
    assert [c.code for c in agg.criteria if c.disagreement] == ["relevance"]
    assert "расходятся на 2 балла" in agg.disagreement_reasons[0]
    decision = decide(agg)
    assert decision.verdict == "disagreement" and decision.category is None
    assert "третьего эксперта" in decision.steps[-1].detail


def test_one_point_apart_everywhere_is_no_disagreement_on_criteria_but_twenty_five_on_the_total() -> None:
    agg = rules.aggregate([uniform("А", 3), uniform("Б", 4)], EQUAL, DEFAULT)
    assert not any(c.disagreement for c in agg.criteria)
    assert agg.expert_totals == (75.0, 100.0)
    assert agg.disagreement and len(agg.disagreement_reasons) == 1
    assert "итоги экспертов (75, 100) расходятся на 25 п. п." in agg.disagreement_reasons[0]


def test_a_higher_total_threshold_of_the_call_removes_that_disagreement() -> None:
    agg = rules.aggregate([uniform("А", 3), uniform("Б", 4)], EQUAL, Thresholds(disagreement_total=30))
    assert not agg.disagreement


def test_na_by_everyone_drops_the_criterion_and_renormalises_the_weights() -> None:
    criteria = [CriterionSpec("a", "А", 40), CriterionSpec("b", "Б", 30), CriterionSpec("c", "В", 20), CriterionSpec("d", "Г", 10)]  # fmt: skip
    reviews = [
        ExpertScores("1", {"a": 4, "b": 2, "c": 3, "d": NA}, READY),
        ExpertScores("2", {"a": 4, "b": 3, "c": 3, "d": NA}, READY),
    ]
    agg = rules.aggregate(reviews, criteria, DEFAULT)
    assert agg.weight_base == 90
    # (40×4 + 30×2.5 + 20×3) / 90 / 4 × 100 = 295 / 360 × 100
    assert agg.total == pytest.approx(81.944, abs=0.001)
    assert {c.code: c.state for c in agg.criteria}["d"] == "na"
    assert "сумма весов 90 вместо 100" in agg.steps[1].detail


def test_na_by_one_expert_leaves_the_other_experts_score_for_that_criterion() -> None:
    agg = rules.aggregate([expert("А", 3, 3, 3, 3, 3, 3, 3, NA), expert("Б", 3, 3, 3, 3, 3, 3, 3, 1)], EQUAL, DEFAULT)
    innovation = agg.criteria[-1]
    assert innovation.state == "scored" and innovation.score == 1 and not innovation.disagreement
    assert "«н/п» не учитывается" in agg.steps[0].detail


def test_more_info_leaves_the_criterion_incomplete_and_the_practice_undecided_until_consensus() -> None:
    reviews = [expert("А", 3, 3, 3, 3, 3, 3, 3, MORE_INFO), uniform("Б", 3)]
    agg = rules.aggregate(reviews, EQUAL, DEFAULT)
    assert agg.incomplete == ("innovation",) and not agg.is_complete
    assert agg.criteria[-1].state == "more_info"
    assert decide(agg).verdict == "incomplete"
    assert "предварительный" in agg.steps[1].detail

    agreed = rules.aggregate(reviews, EQUAL, DEFAULT, consensus={"innovation": 2})
    assert agreed.is_complete and agreed.criteria[-1].method == "consensus"
    assert agreed.total == pytest.approx((7 * 3 + 2) / 8 / 4 * 100)


def test_three_experts_give_the_median_and_resolve_the_disagreement() -> None:
    reviews = [expert("А", 1, 3, 3, 3, 3, 3, 3, 3), expert("Б", 3, 3, 3, 3, 3, 3, 3, 3), expert("В", 4, 3, 3, 3, 3, 3, 3, 3)]  # fmt: skip
    agg = rules.aggregate(reviews, EQUAL, DEFAULT)
    relevance = agg.criteria[0]
    assert relevance.method == "median" and relevance.score == 3  # the mean would be 2.67
    assert agg.disagreement and agg.resolved and not agg.needs_resolution
    assert "медиана 3 оценок" in agg.steps[2].detail


def test_a_consensus_replaces_the_disputed_scores() -> None:
    reviews = [expert("А", 1, 3, 3, 3, 3, 3, 3, 3), expert("Б", 3, 3, 3, 3, 3, 3, 3, 3)]
    agg = rules.aggregate(reviews, EQUAL, DEFAULT, consensus={"relevance": 2})
    assert agg.criteria[0].score == 2 and agg.resolved and agg.resolution == "consensus"
    assert decide(agg, level=1).category == rules.PROMISING


def test_readiness_is_the_mean_of_items_each_the_mean_of_experts() -> None:
    reviews = [
        expert("А", *([3] * 8), readiness={"materials": 4, "training": 2, "fidelity": 3, "cost": 1}),
        expert("Б", *([3] * 8), readiness={"materials": 3, "training": 2, "fidelity": 4, "cost": 2}),
    ]
    agg = rules.aggregate(reviews, EQUAL, DEFAULT)
    assert dict(agg.readiness_items) == {"materials": 3.5, "training": 2, "fidelity": 3.5, "cost": 1.5}
    assert agg.readiness == pytest.approx(2.625)


def test_the_transfer_gate_needs_a_manual_a_fidelity_checklist_and_readiness() -> None:
    ok, step = rules.transfer_ready(readiness=2.5, has_manual=True, has_fidelity=True, thresholds=DEFAULT)
    assert ok and step.detail.startswith("Да")
    ok, step = rules.transfer_ready(readiness=3.0, has_manual=True, has_fidelity=False, thresholds=DEFAULT)
    assert not ok and "нет чек-листа соответствия модели" in step.detail
    ok, step = rules.transfer_ready(readiness=2.4, has_manual=True, has_fidelity=True, thresholds=DEFAULT)
    assert not ok and "готовность 2,4 ниже порога 2,5" in step.detail


def test_top_category_with_two_experts_asks_for_a_third_and_with_three_is_recommended() -> None:
    two = rules.aggregate([uniform("А", 3), uniform("Б", 3)], EQUAL, DEFAULT)
    assert two.total == 75
    decision = decide(two, level=2)
    assert decision.verdict == "needs_third_expert" and decision.category is None
    assert "нужен третий эксперт" in decision.steps[-1].detail

    three = rules.aggregate([uniform("А", 3), uniform("Б", 3), uniform("В", 3)], EQUAL, DEFAULT)
    decision = decide(three, level=2)
    assert decision.verdict == "decided" and decision.category == rules.RECOMMENDED
    assert decision.ready_for_transfer


def test_promising_when_evidence_is_only_l1_even_with_a_high_merit() -> None:
    agg = rules.aggregate([uniform("А", 3), uniform("Б", 3)], EQUAL, DEFAULT)
    decision = decide(agg, level=1)
    assert decision.category == rules.PROMISING
    assert "доказанность ниже L2" in decision.steps[-1].detail


def test_the_same_scores_fall_into_different_categories_under_different_call_thresholds() -> None:
    agg = rules.aggregate([uniform("А", 2), uniform("Б", 3)], EQUAL, Thresholds(disagreement_total=30))
    assert agg.total == 62.5
    assert decide(agg, level=1, t=Thresholds(disagreement_total=30)).category == rules.PROMISING
    strict = Thresholds(promising_merit=65, recommended_merit=80, disagreement_total=30)
    assert decide(agg, level=1, t=strict).category == rules.NEEDS_WORK
    harsh = Thresholds(not_recommended_merit=65, promising_merit=70, recommended_merit=80, disagreement_total=30)
    assert decide(agg, level=1, t=harsh).category == rules.NOT_RECOMMENDED


def test_merit_below_fifty_is_not_recommended() -> None:
    agg = rules.aggregate([expert("А", 1, 2, 1, 2, 1, 2, 1, 2), expert("Б", 2, 1, 2, 1, 2, 1, 2, 1)], EQUAL, DEFAULT)
    assert agg.total == 37.5 and not agg.disagreement
    decision = decide(agg, level=3)
    assert decision.category == rules.NOT_RECOMMENDED and "ниже порога 50" in decision.steps[-1].detail


@pytest.mark.parametrize("flag", ["harm", "no_effect"])
def test_a_harm_or_no_effect_flag_overrides_the_best_scores(flag: str) -> None:
    agg = rules.aggregate([uniform("А", 4), uniform("Б", 4), uniform("В", 4)], EQUAL, DEFAULT)
    decision = decide(agg, level=4, flag=flag)
    assert decision.category == rules.NOT_RECOMMENDED and decision.flags == (flag,)
    assert "перекрывает" in decision.steps[-1].detail


def test_one_review_is_too_few() -> None:
    agg = rules.aggregate([uniform("А", 4)], EQUAL, DEFAULT)
    assert decide(agg).verdict == "too_few_reviews"


def test_the_explanation_lists_aggregation_then_decision_steps_in_russian() -> None:
    agg = rules.aggregate([uniform("А", 3), uniform("Б", 3), uniform("В", 3)], EQUAL, DEFAULT)
    steps = decide(agg, level=2).explanation(agg)
    assert [s["title"] for s in steps] == [
        "Оценки по критериям",
        "Экспертная оценка",
        "Согласованность экспертов",
        "Готовность к тиражированию",
        "Уровень доказанности",
        "Готова к тиражированию?",
        "Решение: Рекомендована к тиражированию",
    ]
    assert all(s["detail"] for s in steps)


def test_numbers_are_written_with_a_decimal_comma() -> None:
    assert rules.fmt(68.75) == "68,8"
    assert rules.fmt(2.625, 2) == "2,63"
    assert rules.fmt(75.0) == "75"
    assert rules.fmt(None) == "—"
