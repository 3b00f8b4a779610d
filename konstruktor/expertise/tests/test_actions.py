"""The selection workflow through the actions: calls, assignment rules, reviews, resolution, decision."""

from decimal import Decimal
from typing import Any

import pytest

from konstruktor.core.roles import Role
from konstruktor.expertise import actions, queries, rules
from konstruktor.expertise.errors import AccessDenied, ExpertiseError
from konstruktor.expertise.models import (
    AssignmentStatus,
    Call,
    CallEntry,
    CallStatus,
    Criterion,
    Decision,
    EntryStatus,
    Resolution,
    Review,
)
from konstruktor.expertise.standard import STANDARD_CRITERIA
from konstruktor.expertise.tests.factories import (
    CODES,
    assign,
    expert,
    open_call,
    practice_in_review,
    review_submit,
    submitted,
)
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import region
from konstruktor.practices.models import Practice, Status

pytestmark = pytest.mark.django_db


def test_a_new_call_gets_the_eight_standard_criteria_with_equal_weights_and_anchors(perm_manager: Any) -> None:
    call = actions.call_create(by=perm_manager, title="Отбор 2026", region=region("59"))
    criteria = list(call.criteria.all())
    assert [c.code for c in criteria] == [c.code for c in STANDARD_CRITERIA] == list(CODES)
    assert sum(c.weight for c in criteria) == 100
    assert all(c.weight == Decimal("12.5") for c in criteria)
    assert all(all(text for _, text in c.anchors) for c in criteria)
    assert call.status == CallStatus.DRAFT and call.recommended_merit == 70 and call.experts_top_category == 3


def test_a_manager_of_another_region_or_a_consultant_cannot_create_a_call(
    ugra_manager: Any, perm_consultant: Any
) -> None:
    with pytest.raises(AccessDenied):
        actions.call_create(by=ugra_manager, title="Чужой отбор", region=region("59"))
    with pytest.raises(AccessDenied):
        actions.call_create(by=perm_consultant, title="Отбор", region=region("59"))
    with pytest.raises(AccessDenied, match="Федеральный отбор"):
        actions.call_create(by=ugra_manager, title="Федеральный", region=None)
    assert not Call.objects.exists()


def test_weights_must_sum_to_100_and_nothing_is_written_otherwise(perm_manager: Any) -> None:
    call = actions.call_create(by=perm_manager, title="Отбор", region=region("59"))
    rows = [
        actions.CriterionInput(c.code, c.name, Decimal("10") if c.code == "innovation" else Decimal("12.5"), c.anchors)
        for c in STANDARD_CRITERIA
    ]
    with pytest.raises(ExpertiseError, match="Сумма весов должна быть 100, сейчас 97,5"):
        actions.criteria_save(call=call, by=perm_manager, criteria=rows)
    assert call.criteria.get(code="innovation").weight == Decimal("12.5")

    rows[0] = actions.CriterionInput("relevance", "Актуальность", Decimal("15"), STANDARD_CRITERIA[0].anchors)
    saved = actions.criteria_save(call=call, by=perm_manager, criteria=rows)
    assert {c.code: c.weight for c in saved}["relevance"] == 15
    assert call.criteria.count() == 8


def test_criteria_and_thresholds_are_frozen_once_the_call_is_open(perm_manager: Any) -> None:
    call = open_call(by=perm_manager)
    rows = [actions.CriterionInput(c.code, c.name, Decimal("12.5"), c.anchors) for c in STANDARD_CRITERIA]
    with pytest.raises(ExpertiseError, match="до начала отбора"):
        actions.criteria_save(call=call, by=perm_manager, criteria=rows)
    with pytest.raises(ExpertiseError, match="Пороги меняются только до начала"):
        actions.call_update(call=call, by=perm_manager, recommended_merit=Decimal("80"))
    updated = actions.call_update(call=call, by=perm_manager, title="Отбор практик 2026 (продлён)")
    assert updated.title.endswith("(продлён)") and updated.recommended_merit == 70


def test_thresholds_must_be_ordered(perm_manager: Any) -> None:
    with pytest.raises(ExpertiseError, match="по возрастанию"):
        actions.call_create(by=perm_manager, title="Отбор", region=region("59"), promising_merit=Decimal("75"))
    assert not Call.objects.exists()


def test_a_call_opens_only_when_the_weights_sum_to_100(perm_manager: Any) -> None:
    call = actions.call_create(by=perm_manager, title="Отбор", region=region("59"))
    Criterion.objects.filter(call=call, code="innovation").update(weight=0)
    with pytest.raises(ExpertiseError, match="87,5"):
        actions.call_open(call=call, by=perm_manager)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_only_practices_in_review_of_the_calls_region_enter_a_regional_call(call: Call, perm_manager: Any) -> None:
    ugra_practice = practice_in_review(fns_code="86")
    with pytest.raises(ExpertiseError, match="только практики его региона"):
        actions.entry_add(call=call, practice=ugra_practice, by=perm_manager)
    from konstruktor.practices.tests.factories import practice as practice_factory

    draft = practice_factory(status=Status.DRAFT)
    with pytest.raises(ExpertiseError, match="«На экспертизе»"):
        actions.entry_add(call=call, practice=draft, by=perm_manager)
    assert not CallEntry.objects.exists()


def test_an_entry_rates_the_latest_frozen_version_of_the_passport(entry: CallEntry, practice: Practice) -> None:
    assert entry.version == practice.versions.order_by("-number").first()
    assert entry.status == EntryStatus.REVIEW


def test_two_experts_from_the_practices_region_are_refused_with_an_explanation(
    entry: CallEntry, perm_manager: Any, perm_expert: Any
) -> None:
    actions.assignment_create(entry=entry, expert=perm_expert, by=perm_manager)
    second = expert("59")
    with pytest.raises(ExpertiseError, match="Хотя бы один из 2 экспертов должен быть из другого региона"):
        actions.assignment_create(entry=entry, expert=second, by=perm_manager)
    assert entry.assignments.count() == 1


def test_one_expert_from_another_region_makes_the_pair_valid(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    assign(entry, perm_expert, nsk_expert, by=perm_manager)
    assert entry.assignments.count() == 2


def test_a_member_of_the_practices_organization_cannot_be_its_expert(
    entry: CallEntry, practice: Practice, perm_manager: Any
) -> None:
    insider = expert("54")
    assert practice.organization is not None
    Membership.objects.create(user=insider, organization=practice.organization, role=Role.NGO_MEMBER)
    with pytest.raises(ExpertiseError, match="состоит в организации, которая ведёт практику"):
        actions.assignment_create(entry=entry, expert=insider, by=perm_manager)
    assert not entry.assignments.exists()


def test_only_users_with_the_expert_role_are_assigned(
    entry: CallEntry, perm_manager: Any, perm_consultant: Any
) -> None:
    with pytest.raises(ExpertiseError, match="не эксперт платформы"):
        actions.assignment_create(entry=entry, expert=perm_consultant, by=perm_manager)


def test_an_rc_consultant_cannot_assign_experts(entry: CallEntry, perm_consultant: Any, nsk_expert: Any) -> None:
    with pytest.raises(AccessDenied):
        actions.assignment_create(entry=entry, expert=nsk_expert, by=perm_consultant)
    assert not entry.assignments.exists()


def test_a_declared_conflict_removes_the_expert_and_frees_the_region_rule(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    _, a_nsk = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    with pytest.raises(ExpertiseError, match="Опишите"):
        actions.assignment_declare(assignment=a_nsk, by=nsk_expert, has_conflict=True, text=" ")
    declared = actions.assignment_declare(
        assignment=a_nsk, by=nsk_expert, has_conflict=True, text="Консультировала организацию в 2025 году."
    )
    assert declared.status == AssignmentStatus.CONFLICT and declared.coi_declared_at is not None
    with pytest.raises(ExpertiseError, match="конфликт интересов"):
        review_submit(declared)
    # The remaining expert is from the practice's region: another one from there is refused.
    with pytest.raises(ExpertiseError, match="другого региона"):
        actions.assignment_create(entry=entry, expert=expert("59"), by=perm_manager)


def test_an_expert_cannot_review_before_the_declaration_or_for_someone_else(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, _ = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    scores = {c: actions.ScoreInput("3") for c in CODES}
    with pytest.raises(ExpertiseError, match="декларацию"):
        actions.review_save(
            assignment=a_perm, by=perm_expert, scores=scores, readiness={}, recommendation="", summary=""
        )
    with pytest.raises(AccessDenied):
        actions.assignment_declare(assignment=a_perm, by=nsk_expert, has_conflict=False)
    with pytest.raises(AccessDenied):
        actions.review_save(
            assignment=a_perm, by=nsk_expert, scores=scores, readiness={}, recommendation="", summary=""
        )
    assert not Review.objects.exists()


def test_an_incomplete_review_is_saved_as_a_draft_but_not_submitted(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, _ = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    a_perm = actions.assignment_declare(assignment=a_perm, by=perm_expert, has_conflict=False)
    partial = {"relevance": actions.ScoreInput("3", "Проблема подтверждена данными"), "innovation": actions.ScoreInput(rules.MORE_INFO)}  # fmt: skip
    draft = actions.review_save(
        assignment=a_perm, by=perm_expert, scores=partial, readiness={}, recommendation="", summary=""
    )
    assert draft.submitted_at is None and draft.scores.count() == 2
    with pytest.raises(ExpertiseError) as exc:
        actions.review_save(
            assignment=a_perm, by=perm_expert, scores=partial, readiness={}, recommendation="", summary="", submit=True
        )
    message = str(exc.value)
    assert "«Результативность»" in message and "какой информации не хватает" in message
    assert "выберите рекомендацию" in message and "напишите общее заключение" in message
    draft.refresh_from_db()
    assert draft.submitted_at is None
    a_perm.refresh_from_db()
    assert a_perm.status == AssignmentStatus.IN_PROGRESS


def test_a_submitted_review_is_read_only(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, _ = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    review_submit(a_perm, 3)
    a_perm.refresh_from_db()
    with pytest.raises(ExpertiseError, match="уже отправлена"):
        review_submit(a_perm, 4)
    assert set(Review.objects.get().scores.values_list("value", flat=True)) == {"3"}


def test_a_two_point_disagreement_blocks_the_decision_until_a_consensus_is_logged(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, a_nsk = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    review_submit(a_perm, {**dict.fromkeys(CODES, 3), "relevance": 1})
    review_submit(a_nsk, 3)
    state = queries.entry_aggregate(entry)
    assert state.aggregate.needs_resolution
    with pytest.raises(ExpertiseError, match="расходятся"):
        actions.entry_decide(entry=entry, by=perm_manager)
    with pytest.raises(ExpertiseError, match="протокол"):
        actions.resolution_consensus(entry=entry, by=perm_manager, scores=dict.fromkeys(CODES, "3"), minutes="")
    with pytest.raises(ExpertiseError, match="«Новизна»"):
        actions.resolution_consensus(
            entry=entry, by=perm_manager, scores={**dict.fromkeys(CODES, "3"), "innovation": ""}, minutes="Протокол"
        )
    assert not Resolution.objects.exists()
    actions.resolution_consensus(
        entry=entry,
        by=perm_manager,
        scores={**dict.fromkeys(CODES, "3"), "relevance": "2", "innovation": "2"},
        minutes="Обсудили данные о потребности и новизну, сошлись на 2 баллах.",
    )
    state = queries.entry_aggregate(entry)
    assert state.aggregate.resolved and state.aggregate.criteria[0].score == 2
    decision = actions.entry_decide(entry=entry, by=perm_manager)
    # (2 + 2 + 6 × 3) / 32 × 100 = 68.75: below 70, above 60 with L2 → «перспективная».
    assert decision.category == rules.PROMISING and decision.merit == Decimal("68.8")
    assert any("консенсусным обсуждением" in s["detail"] for s in decision.explanation)


def test_a_third_expert_resolves_a_disagreement_by_the_median(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any
) -> None:
    a_perm, a_nsk = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    review_submit(a_perm, {**dict.fromkeys(CODES, 3), "relevance": 1})
    review_submit(a_nsk, 3)
    resolution = actions.resolution_third_expert(entry=entry, expert=spb_expert, by=perm_manager)
    assert resolution.assignment is not None and resolution.assignment.is_tiebreak
    assert "расходятся на 2 балла" in resolution.minutes
    review_submit(resolution.assignment, {**dict.fromkeys(CODES, 3), "relevance": 4})
    state = queries.entry_aggregate(entry)
    assert state.aggregate.criteria[0].method == "median" and state.aggregate.criteria[0].score == 3
    assert state.aggregate.resolved
    decision = actions.entry_decide(entry=entry, by=perm_manager)
    assert decision.category == rules.RECOMMENDED


def test_top_category_with_two_reviews_asks_for_a_third_expert(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any, practice: Practice
) -> None:
    for a in assign(entry, perm_expert, nsk_expert, by=perm_manager):
        review_submit(a, 3)
    with pytest.raises(ExpertiseError, match="нужен третий эксперт"):
        actions.entry_decide(entry=entry, by=perm_manager)
    assert not Decision.objects.exists()
    practice.refresh_from_db()
    assert practice.status == Status.REVIEW and practice.decision_category == ""

    (third,) = assign(entry, spb_expert, by=perm_manager)
    review_submit(third, 3)
    decision = actions.entry_decide(
        entry=entry, by=perm_manager, strengths="Подробное пособие.", weaknesses="Мало данных о затратах."
    )
    assert decision.category == rules.RECOMMENDED and decision.merit == Decimal("75.0")
    assert decision.readiness == Decimal("3.00")
    practice.refresh_from_db()
    assert practice.status == Status.DECIDED and practice.decision_category == rules.RECOMMENDED
    assert practice.merit_score == Decimal("75.0") and practice.readiness_score == Decimal("3.00")
    titles = [s["title"] for s in practice.decision_explanation]
    assert titles[0] == "Оценки по критериям" and "Решение: Рекомендована к тиражированию" in titles
    assert titles[-2:] == ["Сильные стороны", "Слабые стороны"]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECIDED

    actions.entry_publish(entry=entry, by=perm_manager)
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED


def test_without_a_fidelity_checklist_the_same_scores_are_only_promising(perm_manager: Any, call: Call) -> None:
    p = practice_in_review(fidelity=False)
    entry = actions.entry_add(call=call, practice=p, by=perm_manager)
    for a in assign(entry, expert("54"), expert("78"), expert("59"), by=perm_manager):
        review_submit(a, 3)
    decision = actions.entry_decide(entry=entry, by=perm_manager)
    assert decision.category == rules.PROMISING
    assert any("нет чек-листа соответствия модели" in s["detail"] for s in decision.explanation)


def test_a_harm_flag_makes_the_practice_not_recommended_whatever_the_scores(
    entry: CallEntry, practice: Practice, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    Practice.objects.filter(pk=practice.pk).update(evidence_flag="harm")
    for a in assign(entry, perm_expert, nsk_expert, by=perm_manager):
        review_submit(a, 4)
    decision = actions.entry_decide(entry=entry, by=perm_manager)
    assert decision.category == rules.NOT_RECOMMENDED and decision.flags == ["harm"]
    with pytest.raises(ExpertiseError, match="«Рекомендована к тиражированию» или «Перспективная»"):
        actions.entry_publish(entry=entry, by=perm_manager)


def test_more_info_keeps_the_practice_undecided(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, a_nsk = assign(entry, perm_expert, nsk_expert, by=perm_manager)
    review_submit(a_perm, {**dict.fromkeys(CODES, 3), "efficiency": rules.MORE_INFO})
    review_submit(a_nsk, 3)
    with pytest.raises(ExpertiseError, match="Не завершены критерии: «Эффективность"):
        actions.entry_decide(entry=entry, by=perm_manager)
    with pytest.raises(ExpertiseError, match="третий эксперт для разрешения не нужен"):
        actions.resolution_third_expert(entry=entry, expert=expert("78"), by=perm_manager)
    assert submitted(entry).count() == 2


def test_a_stricter_call_gives_a_lower_category_for_the_same_reviews(coordinator: Any) -> None:
    strict = open_call(by=coordinator, fns_code=None, promising_merit=Decimal("80"), recommended_merit=Decimal("90"))
    p = practice_in_review(fns_code="86")
    entry = actions.entry_add(call=strict, practice=p, by=coordinator)
    for a in assign(entry, expert("54"), expert("86"), by=coordinator):
        review_submit(a, 3)
    assert actions.entry_decide(entry=entry, by=coordinator).category == rules.NEEDS_WORK


def test_a_regional_manager_cannot_decide_on_another_regions_call(entry: CallEntry, ugra_manager: Any) -> None:
    with pytest.raises(AccessDenied):
        actions.entry_decide(entry=entry, by=ugra_manager)


def test_the_stored_merit_is_rounded_half_up_as_the_explanation_shows_it(
    entry: CallEntry, practice: Practice, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any
) -> None:
    values = dict(zip(CODES, (4, 4, 3, 3, 3, 3, 4, 2), strict=True))  # 26 / 32 = 81.25 %
    for a in assign(entry, perm_expert, nsk_expert, spb_expert, by=perm_manager):
        review_submit(a, dict(values))
    decision = actions.entry_decide(entry=entry, by=perm_manager)
    practice.refresh_from_db()
    assert decision.merit == practice.merit_score == Decimal("81.3")
    assert "= 81,3 из 100" in practice.decision_explanation[1]["detail"]
