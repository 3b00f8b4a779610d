"""The demo practices are complete, consistent and lead to the decisions they claim.

The category check mirrors the default call of `expertise` (ANCHORS §5.5 steps 4–6): criterion =
mean of experts (median with three or more), «н/п» left out; merit = mean / 4 × 100; readiness =
mean of the items; «рекомендована» needs evidence ≥ L2, merit ≥ 70, readiness ≥ 2,5, a manual and a
fidelity checklist and three reviews; «перспективная» needs evidence ≥ L1 and merit ≥ 60.
"""

import datetime
import statistics
from decimal import Decimal
from typing import Any

import pytest

from konstruktor.organizations.models import ActivityArea, OrganizationStatus, TargetGroup
from konstruktor.practices.demo_data import CRITERIA, PRACTICES, READINESS_ITEMS, STATUSES
from konstruktor.practices.evidence import Finding, outcome_evidence, practice_headline
from konstruktor.practices.models import (
    Component,
    Effect,
    EvaluationDesign,
    EvaluationQuality,
    EvidenceFlag,
    EvidenceLevel,
    LaunchStep,
    Material,
    MaterialKind,
    Outcome,
    Practice,
)
from konstruktor.practices.models import Evaluation as EvaluationModel
from konstruktor.practices.screening import GATE_CODES
from konstruktor.territories.models import Region

PASSPORT_KEYS = (
    "key", "title", "summary", "social_problem", "target_group_criteria", "logic_model", "resources",
    "annual_budget", "cost_per_beneficiary", "beneficiaries_per_year", "started_year", "prior_transfers",
    "contact_name", "organization", "region", "regions", "target_groups", "areas", "outcomes", "components",
    "launch_steps", "materials", "evaluations", "status", "review",
)  # fmt: skip
SUBMITTED = [p for p in PRACTICES if p["status"] != "draft"]
SCORED = [p for p in PRACTICES if p["status"] == "published"]
TODAY = datetime.date(2026, 11, 27)


def _max_length(model: Any, field: str) -> int:
    return int(model._meta.get_field(field).max_length)


def _findings(practice: dict[str, Any]) -> dict[int, list[Finding]]:
    by_outcome: dict[int, list[Finding]] = {i: [] for i in range(len(practice["outcomes"]))}
    for ev in practice["evaluations"]:
        for index, (effect, months) in ev["effects"].items():
            by_outcome[int(index)].append(
                Finding(
                    title=ev["title"],
                    design=ev["design"],
                    quality=ev["quality"],
                    effect=effect,
                    sustained_months=months,
                    has_comparison=ev["has_comparison"],
                )
            )
    return by_outcome


def _headline(practice: dict[str, Any]) -> tuple[int, str]:
    findings = _findings(practice)
    rated = [
        (o["name"], o["is_priority"], outcome_evidence(findings[i], has_logic_model=bool(practice["logic_model"])))
        for i, o in enumerate(practice["outcomes"])
    ]
    headline = practice_headline(rated)
    return headline.level, headline.flag


def _merit(experts: list[dict[str, Any]]) -> float:
    per_criterion = []
    for code in CRITERIA:
        values = [e["scores"][code] for e in experts if isinstance(e["scores"][code], int)]
        if values:
            per_criterion.append(statistics.median(values) if len(values) >= 3 else statistics.mean(values))
    return statistics.mean(per_criterion) / 4 * 100


def _category(practice: dict[str, Any]) -> str:
    review = practice["review"]
    level, flag = _headline(practice)
    merit = _merit(review["experts"])
    readiness = statistics.mean(review["readiness"].values())
    kinds = {m["kind"] for m in practice["materials"]}
    if flag:
        return "not_recommended"
    if level >= 2 and merit >= 70 and readiness >= 2.5 and {"manual", "fidelity"} <= kinds:
        return "recommended" if len(review["experts"]) >= 3 else "needs_third_expert"
    if level >= 1 and merit >= 60:
        return "promising"
    return "not_recommended" if merit < 50 else "needs_work"


def test_the_demo_has_thirty_odd_practices_with_unique_keys_titles_and_organizations() -> None:
    assert len(PRACTICES) >= 30
    for field in ("key", "title"):
        values = [p[field] for p in PRACTICES]
        assert len(values) == len(set(values)), f"повторяется {field}"
    names = [p["organization"]["full_name"] for p in PRACTICES]
    assert len(names) == len(set(names))
    for p in PRACTICES:
        missing = [k for k in PASSPORT_KEYS if k not in p]
        assert not missing, f"{p['key']}: нет ключей {missing}"


def test_statuses_are_varied_and_about_twenty_practices_get_published() -> None:
    counts = {s: sum(p["status"] == s for p in PRACTICES) for s in STATUSES}
    assert set(p["status"] for p in PRACTICES) <= set(STATUSES)
    assert 18 <= counts["published"] <= 24
    assert all(counts[s] >= 2 for s in ("review", "moderation", "rework", "draft")), counts


@pytest.mark.django_db
def test_regions_target_groups_areas_and_statuses_are_codes_that_exist() -> None:
    programme = set(Region.objects.filter(is_programme=True).values_list("name", flat=True))
    groups = set(TargetGroup.objects.values_list("code", flat=True))
    areas = set(ActivityArea.objects.values_list("code", flat=True))
    assert len(programme) == 14 and len(groups) >= 16 and len(areas) >= 21
    used_regions = set()
    for p in PRACTICES:
        assert p["region"] in programme, p["key"]
        assert p["organization"]["region"] == p["region"], p["key"]
        assert p["region"] in p["regions"] and set(p["regions"]) <= programme, p["key"]
        assert p["target_groups"] or p["status"] == "rework", p["key"]
        assert set(p["target_groups"]) <= groups, p["key"]
        assert p["areas"] and set(p["areas"]) <= areas, p["key"]
        for kind, *_ in p["organization"].get("statuses", ()):
            assert kind in OrganizationStatus.Kind.values, p["key"]
        used_regions.add(p["region"])
    assert used_regions == programme


def test_texts_fit_the_model_fields() -> None:
    limits = [
        (Practice, "title", lambda p: [p["title"]]),
        (Outcome, "name", lambda p: [o["name"] for o in p["outcomes"]]),
        (Outcome, "indicator", lambda p: [o["indicator"] for o in p["outcomes"]]),
        (Outcome, "unit", lambda p: [o["unit"] for o in p["outcomes"]]),
        (Outcome, "target", lambda p: [o["target"] for o in p["outcomes"]]),
        (Component, "title", lambda p: [c["title"] for c in p["components"]]),
        (LaunchStep, "title", lambda p: [s["title"] for s in p["launch_steps"]]),
        (LaunchStep, "responsible", lambda p: [s["responsible"] for s in p["launch_steps"]]),
        (Material, "title", lambda p: [m["title"] for m in p["materials"]]),
        (EvaluationModel, "title", lambda p: [e["title"] for e in p["evaluations"]]),
        (EvaluationModel, "sample", lambda p: [e["sample"] for e in p["evaluations"]]),
    ]
    for p in PRACTICES:
        for model, field, values in limits:
            for value in values(p):
                assert len(value) <= _max_length(model, field), f"{p['key']}: {field} длиннее допустимого: {value}"


def test_cost_per_beneficiary_is_the_budget_divided_by_beneficiaries_and_the_budget_is_quoted() -> None:
    for p in PRACTICES:
        if p["annual_budget"] is None:
            assert p["status"] == "draft" and p["cost_per_beneficiary"] is None, p["key"]
            continue
        expected = (Decimal(p["annual_budget"]) / p["beneficiaries_per_year"]).quantize(Decimal("0.01"))
        assert p["cost_per_beneficiary"] == expected, p["key"]
        assert f"{p['annual_budget']:,}".replace(",", " ") in p["resources"], p["key"]
        assert f"{int(expected):,}".replace(",", " ") in p["resources"], p["key"]


def test_submitted_passports_have_outcomes_components_steps_and_materials_of_the_right_size() -> None:
    for p in SUBMITTED:
        assert p["social_problem"] and p["outcomes"], p["key"]
    for p in [p for p in PRACTICES if p["status"] in ("published", "review")]:
        assert 2 <= len(p["outcomes"]) <= 4, p["key"]
        assert all(o["indicator"] and o["unit"] and o["target"] for o in p["outcomes"]), p["key"]
        assert any(o["is_priority"] for o in p["outcomes"]), p["key"]
        assert 2 <= len(p["components"]) <= 6 and any(c["is_core"] for c in p["components"]), p["key"]
        assert 3 <= len(p["launch_steps"]) <= 8, p["key"]
        assert all(0 < s["duration_days"] <= 365 and s["responsible"] for s in p["launch_steps"]), p["key"]
        assert p["materials"] and p["logic_model"] and p["target_group_criteria"], p["key"]
    for p in SCORED:
        assert len(p["components"]) >= 3 and len(p["launch_steps"]) >= 4, p["key"]
        assert any(not c["is_core"] for c in p["components"]), f"{p['key']}: нет адаптируемых компонентов"
    for p in PRACTICES:
        assert all(m["kind"] in MaterialKind.values for m in p["materials"]), p["key"]


def test_evaluations_use_valid_designs_dates_and_outcome_indexes() -> None:
    for p in PRACTICES:
        assert len(p["evaluations"]) <= 3, p["key"]
        for ev in p["evaluations"]:
            assert ev["design"] in EvaluationDesign.values and ev["quality"] in EvaluationQuality.values, p["key"]
            start = datetime.date.fromisoformat(ev["period_start"])
            end = datetime.date.fromisoformat(ev["period_end"])
            assert start < end <= TODAY, f"{p['key']}: {ev['title']}"
            assert ev["effects"], f"{p['key']}: оценка без результатов по показателям"
            for index, (effect, months) in ev["effects"].items():
                assert 0 <= int(index) < len(p["outcomes"]), f"{p['key']}: нет результата № {index}"
                assert effect in Effect.values and months >= 0, p["key"]
            assert ev["has_comparison"] == (ev["design"] in ("qed", "rct")), p["key"]


def test_evidence_is_varied_one_outcome_shows_no_effect_and_none_shows_harm() -> None:
    levels = {p["key"]: _headline(p) for p in SUBMITTED}
    assert {level for level, _ in levels.values()} >= {1, 2, 3, 4}
    assert not any(flag for _, flag in levels.values()), "флаг у практики в целом"
    effects = [
        (p["key"], effect, ev["design"], ev["quality"])
        for p in PRACTICES
        for ev in p["evaluations"]
        for effect, _ in ev["effects"].values()
    ]
    assert not [e for e in effects if e[1] == Effect.HARM]
    rigorous_none = [e for e in effects if e[1] == Effect.NONE and e[2] in ("qed", "rct") and e[3] != "low"]
    assert [e[0] for e in rigorous_none] == ["family-centre-crisis"]
    family = next(p for p in PRACTICES if p["key"] == "family-centre-crisis")
    flagged = outcome_evidence(_findings(family)[2], has_logic_model=True)
    assert flagged.flag == EvidenceFlag.NO_EFFECT and not family["outcomes"][2]["is_priority"]
    assert sum(ev["has_comparison"] for p in PRACTICES for ev in p["evaluations"]) >= 3
    assert levels["supported-employment"][0] == EvidenceLevel.L4


def test_only_published_practices_carry_reviews_and_rework_carries_screening_reasons() -> None:
    for p in PRACTICES:
        assert (p["review"] is not None) == (p["status"] == "published"), p["key"]
        if p["status"] == "rework":
            gates = p["screening"]
            assert set(gates) == set(GATE_CODES), p["key"]
            failed = [reason for passed, reason in gates.values() if not passed]
            assert failed and all(len(reason) > 20 for reason in failed), p["key"]


def test_every_review_is_complete_blind_safe_and_has_an_expert_from_another_region() -> None:
    for p in SCORED:
        review = p["review"]
        experts = review["experts"]
        assert 2 <= len(experts) <= 3, p["key"]
        assert any(e["region"] != p["region"] for e in experts), p["key"]
        assert len({e["region"] for e in experts}) == len(experts), p["key"]
        assert set(review["readiness"]) == set(READINESS_ITEMS), p["key"]
        assert all(0 <= v <= 4 for v in review["readiness"].values()), p["key"]
        assert review["decision_comment"] and review["category"] in ("recommended", "promising"), p["key"]
        for e in experts:
            assert set(e["scores"]) == set(CRITERIA), p["key"]
            assert all(v in (0, 1, 2, 3, 4, "na", "more_info") for v in e["scores"].values()), p["key"]
            assert set(e["comments"]) <= set(CRITERIA) and e["comments"], p["key"]
            assert e["summary"] and e["recommendation"] in ("yes", "maybe", "no"), p["key"]
            weak = [c for c, v in e["scores"].items() if v in (0, 1, "na", "more_info")]
            assert all(c in e["comments"] for c in weak), f"{p['key']}: низкая оценка без комментария"


def test_experts_do_not_disagree_so_the_demo_needs_no_tiebreak() -> None:
    for p in SCORED:
        experts = p["review"]["experts"]
        for a in experts:
            for b in experts:
                for code in CRITERIA:
                    x, y = a["scores"][code], b["scores"][code]
                    if isinstance(x, int) and isinstance(y, int):
                        assert abs(x - y) < 2, f"{p['key']}: расхождение по {code}"
                assert abs(_merit([a]) - _merit([b])) < 20, p["key"]


def test_scores_lead_to_the_category_each_review_claims_under_the_default_call() -> None:
    got = {p["key"]: _category(p) for p in SCORED}
    claimed = {p["key"]: p["review"]["category"] for p in SCORED}
    assert got == claimed
    assert 8 <= list(got.values()).count("recommended") <= 14
