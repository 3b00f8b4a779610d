"""Bad input on the expertise pages gets a Russian message and writes nothing."""

import pytest

from konstruktor.core.testing import login
from konstruktor.expertise import actions
from konstruktor.expertise.models import AssignmentStatus, Decision, Resolution, Review
from konstruktor.expertise.tests.factories import assign, review_submit

pytestmark = pytest.mark.django_db


def test_a_review_with_an_impossible_readiness_value_is_refused_and_not_saved(entry, perm_manager, nsk_expert) -> None:
    (assignment,) = assign(entry, nsk_expert, by=perm_manager)
    actions.assignment_declare(assignment=assignment, by=nsk_expert, has_conflict=False)
    response = login(nsk_expert).post(
        f"/expertise/assignments/{assignment.pk}/review/",
        {"ready_materials": "9", "score_relevance": "7", "submit": "1"},
    )
    assert response.status_code == 400 and "Проверьте значения в форме" in response.content.decode()
    assert not Review.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS


def test_a_consensus_without_minutes_is_refused_and_not_logged(entry, perm_manager, nsk_expert, spb_expert) -> None:
    first, second = assign(entry, nsk_expert, spb_expert, by=perm_manager)
    review_submit(first, 4)
    review_submit(second, 1)
    response = login(perm_manager).post(
        f"/expertise/entries/{entry.pk}/consensus/", {"agreed_relevance": "3", "minutes": ""}, follow=True
    )
    assert "Приложите протокол обсуждения" in response.content.decode()
    assert not Resolution.objects.exists()


def test_a_decision_that_the_rules_do_not_allow_yet_is_refused_and_not_written(entry, perm_manager, nsk_expert) -> None:
    (only,) = assign(entry, nsk_expert, by=perm_manager)
    review_submit(only, 3)
    response = login(perm_manager).post(f"/expertise/entries/{entry.pk}/decide/", {}, follow=True)
    assert "нужно не меньше 2" in response.content.decode()
    assert not Decision.objects.exists()
    entry.practice.refresh_from_db()
    assert entry.practice.decision_category == "" and not entry.practice.decisions.exists()
