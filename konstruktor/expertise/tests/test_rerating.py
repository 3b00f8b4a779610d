"""A re-rated practice enters a call again with its new version; every decision is kept."""

from typing import Any

import pytest

from konstruktor.core.testing import login
from konstruktor.expertise import actions, queries
from konstruktor.expertise.errors import ExpertiseError
from konstruktor.expertise.models import CallEntry, Decision, EntryStatus
from konstruktor.expertise.tests.factories import assign, expert, review_submit
from konstruktor.practices import actions as practice_actions
from konstruktor.practices.models import PracticeDecision, Status
from konstruktor.practices.tests.factories import rc_staff

pytestmark = pytest.mark.django_db


def decided_and_published(entry: CallEntry, manager: Any, *experts: Any) -> None:
    for a in assign(entry, *experts, by=manager):
        review_submit(a, 3)
    actions.entry_decide(entry=entry, by=manager)
    actions.entry_publish(entry=entry, by=manager)


@pytest.fixture
def rated(entry, perm_manager, nsk_expert, spb_expert, perm_expert):  # type: ignore[no-untyped-def]
    decided_and_published(entry, perm_manager, nsk_expert, spb_expert, perm_expert)
    entry.practice.refresh_from_db()
    assert entry.practice.status == Status.PUBLISHED
    return entry


def test_a_rerated_practice_enters_the_same_call_again_with_its_new_version(rated, perm_manager) -> None:
    practice = rated.practice
    practice_actions.practice_rerate(practice=practice, by=perm_manager, comment="Трансфер с данными сравнения.")
    practice.refresh_from_db()
    assert practice in queries.entry_candidates(rated.call)
    again = actions.entry_add(call=rated.call, practice=practice, by=perm_manager)
    assert again.pk != rated.pk and again.version.number == rated.version.number + 1
    assert again.status == EntryStatus.REVIEW
    assert practice not in queries.entry_candidates(rated.call)


def test_the_new_decision_is_kept_beside_the_first_one_with_its_version(rated, perm_manager) -> None:
    practice = rated.practice
    practice_actions.practice_rerate(practice=practice, by=perm_manager, comment="Новые данные.")
    again = actions.entry_add(call=rated.call, practice=practice, by=perm_manager)
    for a in assign(again, expert("54"), expert("78"), expert("66"), by=perm_manager):
        review_submit(a, 2)
    actions.entry_decide(entry=again, by=perm_manager)
    practice.refresh_from_db()
    assert practice.merit_score == 50 and practice.status == Status.DECIDED
    history = PracticeDecision.objects.filter(practice=practice).order_by("decided_at", "id")
    assert [(d.version_number, d.source_label) for d in history] == [
        (rated.version.number, "Отбор «Отбор практик 2026»"),
        (again.version.number, "Отбор «Отбор практик 2026»"),
    ]
    assert Decision.objects.filter(entry__practice=practice).count() == 2


def test_the_same_version_cannot_be_rated_twice_in_a_call(rated, perm_manager) -> None:
    practice = rated.practice
    practice_actions.practice_withdraw(practice=practice, by=perm_manager, comment="Проверка.")
    # Back «на экспертизе» through the bare status change, without a new version.
    practice_actions.practice_status_change(practice=practice, to_status=Status.REVIEW, by=perm_manager)
    with pytest.raises(ExpertiseError, match="уже оценена в этом отборе"):
        actions.entry_add(call=rated.call, practice=practice, by=perm_manager)
    assert CallEntry.objects.filter(practice=practice).count() == 1


def test_a_practice_waiting_in_a_call_is_not_offered_to_it_again(entry, perm_manager) -> None:
    assert entry.practice not in queries.entry_candidates(entry.call)
    with pytest.raises(ExpertiseError, match="уже включена в этот отбор"):
        actions.entry_add(call=entry.call, practice=entry.practice, by=perm_manager)


def test_the_public_results_keep_a_rerated_practice_until_the_new_decision(rated, perm_manager) -> None:
    practice_actions.practice_rerate(practice=rated.practice, by=perm_manager, comment="Новые данные.")
    assert list(queries.call_published_results(rated.call)) == [rated]


def test_the_practice_page_links_the_regional_staff_to_its_expert_reviews(rated, perm_manager) -> None:
    practice = rated.practice
    page = login(perm_manager).get(f"/practices/{practice.pk}/").content.decode()
    assert f"/expertise/entries/{rated.pk}/" in page
    outsider = login(rc_staff("86")).get(f"/practices/{practice.pk}/").content.decode()
    assert "/expertise/entries/" not in outsider


def test_the_practice_page_points_to_the_calls_while_it_waits_for_one(call, practice, perm_manager) -> None:
    page = login(perm_manager).get(f"/practices/{practice.pk}/").content.decode()
    assert "Включить в отбор" in page and "/expertise/" in page
    # A consultant reads calls but does not run them.
    assert "Включить в отбор" not in login(rc_staff("59")).get(f"/practices/{practice.pk}/").content.decode()


def test_the_assigned_expert_finds_the_review_from_the_practice_page(entry, perm_manager, nsk_expert) -> None:
    (assignment,) = assign(entry, nsk_expert, by=perm_manager)
    actions.assignment_declare(assignment=assignment, by=nsk_expert, has_conflict=False)
    page = login(nsk_expert).get(f"/practices/{entry.practice_id}/").content.decode()
    assert f"/expertise/assignments/{assignment.pk}/" in page
