"""Matching on worked examples: every number below is computed by hand in the comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konstruktor.practices.models import DecisionCategory, EvidenceFlag, EvidenceLevel, Status
from konstruktor.replication import actions
from konstruktor.replication.matching import (
    FACTORS,
    WEIGHTS,
    practice_matches_for_organization,
    practice_matches_for_territory,
    weighted_mean,
)
from konstruktor.replication.models import RegionalPriority
from konstruktor.replication.tests.factories import (
    PracticeFactory,
    area,
    group,
    member,
    municipality,
    ngo,
    region,
    settlement,
)

pytestmark = pytest.mark.django_db


def by_id(result, practice):  # type: ignore[no-untyped-def]
    return next(m for m in result.matches if m.practice_id == practice.pk)


def factor(match, code):  # type: ignore[no-untyped-def]
    return next(f for f in match.factors if f.code == code)


@pytest.fixture
def kungur():  # type: ignore[no-untyped-def]
    """A municipality with two NGOs: one for children (education), one СОНКО for families."""
    place = municipality("Кунгурский муниципальный округ")
    ngo(place=place, groups=("children",), areas=("31.1-09",))
    ngo(place=place, groups=("families",), areas=("31.1-20",), sonko=True)
    return place


def test_the_published_weights_sum_to_one_hundred_per_cent() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert [f.code for f in FACTORS] == ["need", "fit", "resources", "capacity", "evidence", "readiness"]


def test_a_practice_whose_target_group_has_no_ngo_in_the_municipality_ranks_first_with_high_need(kungur) -> None:
    elderly = PracticeFactory(groups=("elderly",), area_codes=("31.1-01",))
    families = PracticeFactory(groups=("families",), area_codes=("31.1-20",))

    result = practice_matches_for_territory(municipality=kungur)

    assert [m.practice_id for m in result.matches] == [elderly.pk, families.pk]
    need = factor(by_id(result, elderly), "need")
    assert need.score == 5
    assert need.explanation.startswith(
        "высокая потребность (5): в муниципалитете «Кунгурский муниципальный округ» 0 НКО и 0 СОНКО"
    )
    assert "с группой «Пожилые люди»" in need.explanation
    assert "по направлению «Социальное обслуживание и поддержка»" in need.explanation
    assert factor(by_id(result, families), "need").score == 4
    assert "1 НКО (из них СОНКО — 1)" in factor(by_id(result, families), "need").explanation
    # No priorities, no ratings: need 25 %, evidence 15 % (L2 → 3), readiness 15 % (3 of 4 → 4).
    assert by_id(result, elderly).score == round((25 * 5 + 15 * 3 + 15 * 4) / 55, 2) == 4.18
    assert by_id(result, families).score == round((25 * 4 + 15 * 3 + 15 * 4) / 55, 2) == 3.73


def test_an_ngo_linked_to_a_poselenie_counts_in_its_district(kungur) -> None:
    poselenie = municipality("Филипповское сельское поселение", parent=kungur, kind="rural_settlement")
    ngo(place=poselenie, groups=("elderly",))
    practice = PracticeFactory(groups=("elderly",), area_codes=())

    need = factor(by_id(practice_matches_for_territory(municipality=kungur), practice), "need")

    assert need.score == 4
    assert "1 НКО" in need.explanation


def test_a_city_counts_only_the_ngos_linked_to_it(kungur) -> None:
    city = settlement("Кунгур", municipality=kungur, oktmo="57000000001")
    ngo(place=kungur, groups=("elderly",), settlement=city)
    practice = PracticeFactory(groups=("elderly",), area_codes=())

    result = practice_matches_for_territory(settlement=city)

    assert result.kind == "settlement"
    assert factor(by_id(result, practice), "need").score == 4
    assert "в населённом пункте «Кунгур» 1 НКО" in factor(by_id(result, practice), "need").explanation


def test_a_factor_at_two_or_below_is_a_blocking_risk_with_its_mitigation(kungur) -> None:
    RegionalPriority.objects.create(region=kungur.region, target_group=group("disabled"))
    weak = PracticeFactory(groups=("elderly",), evidence_level=EvidenceLevel.L0, readiness_score=None, passport=False)

    match = by_id(practice_matches_for_territory(municipality=kungur), weak)

    # Priorities «Люди с инвалидностью» do not include «Пожилые люди» → fit 2; L0 → 1; no passport items → 1.
    assert {f.code: f.score for f in match.factors if f.blocking} == {"fit": 2, "evidence": 1, "readiness": 1}
    assert [r.factor for r in match.risks] == ["fit", "evidence", "readiness"]
    evidence_risk = match.risks[1]
    assert evidence_risk.risk == "Мало данных об эффективности практики."
    assert "замерами до и после" in evidence_risk.mitigation
    assert "вне приоритетов региона" in factor(match, "fit").explanation
    assert factor(match, "need").blocking is False


def test_a_practice_matching_a_regional_priority_gets_a_higher_fit(kungur) -> None:
    RegionalPriority.objects.create(region=kungur.region, target_group=group("elderly"))
    RegionalPriority.objects.create(region=kungur.region, area=area("31.1-01"))
    both = PracticeFactory(groups=("elderly",), area_codes=("31.1-01",))
    one = PracticeFactory(groups=("elderly",), area_codes=("31.1-09",))

    result = practice_matches_for_territory(municipality=kungur)

    assert factor(by_id(result, both), "fit").score == 5
    assert factor(by_id(result, one), "fit").score == 4
    assert "входит в приоритеты региона: «Пожилые люди»" in factor(by_id(result, one), "fit").explanation


def test_team_ratings_are_averaged_per_person_and_mixed_with_the_data(kungur) -> None:
    recipient = ngo(place=kungur, groups=("elderly",), areas=("31.1-01",))
    practice = PracticeFactory(groups=("elderly",), area_codes=("31.1-01",))
    first, second = member(recipient), member(recipient)
    actions.fit_assessment_save(
        practice=practice, by=first, organization=recipient, need=4, fit=4, resources=1, capacity=3
    )
    actions.fit_assessment_save(
        practice=practice, by=second, organization=recipient, need=2, fit=5, resources=2, capacity=5
    )

    result = practice_matches_for_organization(organization=recipient)
    match = by_id(result, practice)

    assert match.rated_by == 2 and result.uses_ratings
    # need: data 5 (the recipient itself is not counted), team (4+2)/2 = 3 → 4
    # fit: profile overlap 2 → 5, team (4+5)/2 = 4.5 → 4.75; resources 1.5; capacity 4; evidence 3; readiness 4
    scores = {f.code: f.score for f in match.factors}
    assert scores == {"need": 4, "fit": 4.75, "resources": 1.5, "capacity": 4, "evidence": 3, "readiness": 4}
    assert match.score == pytest.approx((25 * 4 + 15 * 4.75 + 15 * 1.5 + 15 * 4 + 15 * 3 + 15 * 4) / 100, abs=0.006)
    assert [r.factor for r in match.risks] == ["resources"]
    assert "оценка команды получателя 1,5 (оценили: 2)" in factor(match, "resources").explanation


def test_a_second_rating_by_the_same_person_replaces_the_first(kungur) -> None:
    recipient = ngo(place=kungur)
    practice = PracticeFactory()
    person = member(recipient)
    for need in (1, 5):
        actions.fit_assessment_save(
            practice=practice, by=person, organization=recipient, need=need, fit=3, resources=3, capacity=3
        )
    match = by_id(practice_matches_for_organization(organization=recipient), practice)
    assert match.rated_by == 1


def test_without_ratings_only_the_data_signals_count_and_the_result_says_so(kungur) -> None:
    practice = PracticeFactory(groups=("elderly",))

    result = practice_matches_for_territory(municipality=kungur)
    match = by_id(result, practice)

    assert not result.uses_ratings and match.rated_by == 0
    assert any("ещё не оценила" in note for note in result.notes)
    assert factor(match, "resources").score is None and factor(match, "capacity").score is None
    assert "нет данных" in factor(match, "resources").explanation
    assert match.score == weighted_mean({f.code: f.score for f in match.factors})


def test_the_shown_score_is_the_weighted_mean_of_the_shown_factors_in_every_combination(kungur) -> None:
    RegionalPriority.objects.create(region=kungur.region, target_group=group("families"))
    recipient = ngo(place=kungur, groups=("families",))
    rated = PracticeFactory(groups=("families",), readiness_score=None)
    actions.fit_assessment_save(
        practice=rated, by=member(recipient), organization=recipient, need=3, fit=2, resources=4, capacity=2
    )
    for level in (0, 1, 3, 4):
        PracticeFactory(evidence_level=level, groups=("elderly", "families"), readiness_score=None, passport=level > 1)
    PracticeFactory(evidence_flag=EvidenceFlag.NO_EFFECT, groups=())

    for result in (
        practice_matches_for_organization(organization=recipient),
        practice_matches_for_territory(municipality=kungur),
    ):
        assert len(result.matches) == 6
        for match in result.matches:
            assert match.score == weighted_mean({f.code: f.score for f in match.factors})


def test_harmful_not_recommended_unpublished_and_already_running_practices_are_not_offered(kungur) -> None:
    offered = PracticeFactory()
    PracticeFactory(evidence_flag=EvidenceFlag.HARM)
    PracticeFactory(decision_category=DecisionCategory.NOT_RECOMMENDED)
    PracticeFactory(status=Status.REVIEW)
    running = PracticeFactory()
    running.municipalities.add(kungur)

    result = practice_matches_for_territory(municipality=kungur)

    assert [m.practice_id for m in result.matches] == [offered.pk]
    assert result.candidates == 1 and result.already_here == 1
    assert any("уже работают в этой территории" in note for note in result.notes)


def test_an_organization_is_not_offered_its_own_practices_and_its_profile_counts(kungur) -> None:
    recipient = ngo(place=kungur, groups=("children",), areas=())
    own = PracticeFactory(organization=recipient, groups=("children",))
    other = PracticeFactory(groups=("elderly",), area_codes=("31.1-01",))

    result = practice_matches_for_organization(organization=recipient)

    assert [m.practice_id for m in result.matches] == [other.pk]
    assert own.pk not in {m.practice_id for m in result.matches}
    fit = factor(by_id(result, other), "fit")
    assert fit.score == 2 and "не совпадает с целевыми группами" in fit.explanation


def test_an_organization_without_a_territory_gets_no_data_driven_need_and_a_note() -> None:
    recipient = ngo(place=None, groups=("elderly",))
    practice = PracticeFactory(groups=("elderly",))

    result = practice_matches_for_organization(organization=recipient)

    assert factor(by_id(result, practice), "need").score is None
    assert any("не привязана к муниципалитету" in note for note in result.notes)


def test_matching_reads_in_a_fixed_number_of_queries_whatever_the_number_of_practices(kungur) -> None:
    PracticeFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        practice_matches_for_territory(municipality=kungur, limit=5)
    PracticeFactory.create_batch(12, groups=("families", "children"))
    with CaptureQueriesContext(connection) as many:
        result = practice_matches_for_territory(municipality=kungur, limit=5)
    assert len(result.matches) == 5 and result.candidates == 14
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


def test_another_region_priorities_do_not_count(kungur) -> None:
    RegionalPriority.objects.create(region=region("86"), target_group=group("elderly"))
    practice = PracticeFactory(groups=("elderly",))
    result = practice_matches_for_territory(municipality=kungur)
    assert factor(by_id(result, practice), "fit").score is None
    assert any("Приоритеты региона не заданы" in note for note in result.notes)


def test_a_practice_already_being_transferred_here_is_not_offered_again(kungur, perm_consultant) -> None:
    from konstruktor.organizations.models import Organization

    recipient = ngo(place=kungur)
    moving, other = PracticeFactory(), PracticeFactory()
    centre = Organization.objects.get(memberships__user=perm_consultant)
    request = actions.request_create(
        by=perm_consultant, practice=moving, requester=centre, recipient=recipient, motivation="Нужна"
    )
    actions.request_accept(request=request, by=perm_consultant)

    for result in (
        practice_matches_for_organization(organization=recipient),
        practice_matches_for_territory(municipality=kungur),
    ):
        assert [m.practice_id for m in result.matches] == [other.pk]
        assert result.in_transfer == 1 and any("уже переносятся сюда" in n for n in result.notes)


def test_the_level_words_agree_with_each_factor_in_russian() -> None:
    spec = {f.code: f for f in FACTORS}
    assert spec["need"].phrase(5) == "высокая потребность"
    assert spec["evidence"].phrase(4) == "доказанность выше средней"
    assert spec["fit"].phrase(3) == "среднее соответствие приоритетам"
    assert spec["resources"].phrase(2) == "низкие ресурсы"
    assert spec["capacity"].phrase(1) == "очень низкий потенциал команды"
