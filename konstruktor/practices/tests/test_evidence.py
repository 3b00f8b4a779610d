"""Worked examples of the evidence rules (ANCHORS §5.5 step 3), one per rule and flag."""

from konstruktor.practices.evidence import Finding, OutcomeEvidence, outcome_evidence, practice_headline
from konstruktor.practices.models import EvidenceFlag, EvidenceLevel


def f(design: str, quality: str = "moderate", effect: str = "positive", months: int = 0, **kw: object) -> Finding:
    return Finding(
        title=f"{design}-{quality}", design=design, quality=quality, effect=effect, sustained_months=months, **kw
    )  # type: ignore[arg-type]


def level(*findings: Finding, logic_model: bool = True) -> OutcomeEvidence:
    return outcome_evidence(list(findings), has_logic_model=logic_model)


def test_two_rigorous_causal_studies_with_an_effect_lasting_a_year_give_l4() -> None:
    result = level(f("rct", "high", months=12), f("qed", "moderate"))
    assert result.level == EvidenceLevel.L4
    assert result.flag == EvidenceFlag.NONE
    assert "12 мес." in " ".join(result.reasons)


def test_two_rigorous_causal_studies_without_a_lasting_effect_stay_at_l3_and_say_why() -> None:
    result = level(f("rct", "high", months=6), f("qed", "moderate", months=11))
    assert result.level == EvidenceLevel.L3
    assert any("не хватает эффекта" in r for r in result.reasons)


def test_two_replications_in_different_regions_with_comparison_and_a_lasting_effect_give_l4() -> None:
    a = f("monitoring", "low", months=18, has_comparison=True, independent_replication=True, region_id=1)
    b = f("prepost", "low", has_comparison=True, independent_replication=True, region_id=2)
    assert level(a, b).level == EvidenceLevel.L4


def test_two_replications_in_the_same_region_are_not_enough_for_l4() -> None:
    a = f("monitoring", "low", months=18, has_comparison=True, independent_replication=True, region_id=1)
    b = f("prepost", "low", months=18, has_comparison=True, independent_replication=True, region_id=1)
    assert level(a, b).level == EvidenceLevel.L2


def test_replications_without_comparison_data_do_not_count_for_l4() -> None:
    a = f("monitoring", "low", months=18, independent_replication=True, region_id=1)
    b = f("monitoring", "low", months=18, independent_replication=True, region_id=2)
    assert level(a, b).level == EvidenceLevel.L1


def test_one_moderate_quasi_experiment_gives_l3() -> None:
    result = level(f("qed", "moderate"))
    assert result.level == EvidenceLevel.L3
    assert "квазиэксперимент" in result.reasons[0].lower()


def test_a_low_quality_rct_is_a_comparison_without_equivalence_and_gives_l2() -> None:
    assert level(f("rct", "low")).level == EvidenceLevel.L2


def test_a_positive_pre_post_study_gives_l2() -> None:
    result = level(f("prepost", "low"))
    assert result.level == EvidenceLevel.L2
    assert any("Доказанная" in r for r in result.reasons)


def test_pre_post_without_a_positive_effect_is_only_l1() -> None:
    assert level(f("prepost", "low", effect="unclear")).level == EvidenceLevel.L1


def test_logic_model_with_monitoring_data_gives_l1() -> None:
    result = level(f("monitoring", "low"))
    assert result.level == EvidenceLevel.L1
    assert result.reasons[0] == "Логическая модель описана в паспорте."


def test_expert_opinion_with_a_logic_model_gives_l1() -> None:
    assert level(f("opinion", "low")).level == EvidenceLevel.L1


def test_monitoring_data_without_a_logic_model_is_l0() -> None:
    result = level(f("monitoring", "low"), logic_model=False)
    assert result.level == EvidenceLevel.L0
    assert "Логическая модель не описана." in result.reasons


def test_an_outcome_without_any_data_is_l0() -> None:
    result = level()
    assert result.level == EvidenceLevel.L0
    assert result.reasons and "Нет данных" in result.reasons[-1]


def test_harm_in_any_study_overrides_an_l4_level() -> None:
    result = level(f("rct", "high", months=24), f("qed", "high"), f("opinion", "low", effect="harm"))
    assert (result.level, result.flag) == (EvidenceLevel.L0, EvidenceFlag.HARM)
    assert "Вред" in result.reasons[0]
    assert "Подтверждена в нескольких регионах" in result.reasons[1]


def test_no_effect_in_a_rigorous_study_overrides_a_positive_one() -> None:
    result = level(f("rct", "high"), f("qed", "moderate", effect="none"))
    assert (result.level, result.flag) == (EvidenceLevel.L0, EvidenceFlag.NO_EFFECT)
    assert "Доказанная" in result.reasons[1]


def test_no_effect_in_a_weak_study_raises_no_flag() -> None:
    result = level(f("qed", "low", effect="none"), f("prepost", "low"))
    assert (result.level, result.flag) == (EvidenceLevel.L2, EvidenceFlag.NONE)


def test_harm_outranks_no_effect() -> None:
    assert level(f("rct", "high", effect="none"), f("monitoring", "low", effect="harm")).flag == EvidenceFlag.HARM


def _ev(lvl: int, flag: str = "") -> OutcomeEvidence:
    return OutcomeEvidence(lvl, flag, [])


def test_headline_is_the_highest_level_among_priority_outcomes() -> None:
    h = practice_headline([("А", True, _ev(2)), ("Б", True, _ev(1)), ("В", False, _ev(4))])
    assert (h.level, h.flag) == (EvidenceLevel.L2, EvidenceFlag.NONE)
    assert "«А»" in h.reason


def test_headline_uses_all_outcomes_when_none_is_priority() -> None:
    assert practice_headline([("А", False, _ev(1)), ("Б", False, _ev(3))]).level == EvidenceLevel.L3


def test_harm_in_a_secondary_outcome_flags_the_practice() -> None:
    h = practice_headline([("А", True, _ev(3)), ("Б", False, _ev(0, "harm"))])
    assert (h.level, h.flag) == (EvidenceLevel.L0, EvidenceFlag.HARM)


def test_no_effect_in_a_secondary_outcome_does_not_flag_the_practice() -> None:
    h = practice_headline([("А", True, _ev(3)), ("Б", False, _ev(0, "no_effect"))])
    assert (h.level, h.flag) == (EvidenceLevel.L3, EvidenceFlag.NONE)


def test_no_effect_in_a_priority_outcome_flags_the_practice() -> None:
    h = practice_headline([("А", True, _ev(3)), ("Б", True, _ev(0, "no_effect"))])
    assert (h.level, h.flag) == (EvidenceLevel.L0, EvidenceFlag.NO_EFFECT)


def test_a_practice_without_outcomes_is_l0() -> None:
    assert practice_headline([]).level == EvidenceLevel.L0
