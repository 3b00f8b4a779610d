"""Who sees and changes what in expert selection — checked from the outside, by URL and by POST."""

from typing import Any

import pytest

from konstruktor.core.testing import login
from konstruktor.expertise import actions
from konstruktor.expertise.models import Assignment, CallEntry, Resolution
from konstruktor.expertise.tests.factories import CODES, assign, expert, practice_in_review, review_submit
from konstruktor.practices.tests.factories import ngo_member

pytestmark = pytest.mark.django_db


def _assigned(entry: CallEntry, manager: Any, *experts: Any) -> list[Assignment]:
    return assign(entry, *experts, by=manager)


def test_an_expert_sees_only_the_practices_assigned_to_them(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any, call: Any
) -> None:
    a_perm, a_nsk = _assigned(entry, perm_manager, perm_expert, nsk_expert)
    other = actions.entry_add(call=call, practice=practice_in_review(title="Чужая практика"), by=perm_manager)
    (a_other,) = _assigned(other, perm_manager, spb_expert)

    client = login(nsk_expert)
    queue = client.get("/expertise/my/").content.decode()
    assert entry.practice.title in queue and "Чужая практика" not in queue
    assert client.get(f"/expertise/assignments/{a_nsk.pk}/").status_code == 200
    for url in (
        f"/expertise/assignments/{a_perm.pk}/",
        f"/expertise/assignments/{a_other.pk}/",
        f"/expertise/entries/{entry.pk}/",
        f"/expertise/calls/{entry.call_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/expertise/assignments/{a_other.pk}/declare/", {"has_conflict": "no", "confirm": "on"}
        ).status_code
        == 404
    )
    a_other.refresh_from_db()
    assert a_other.coi_declared_at is None


def test_the_passport_opens_only_after_the_conflict_of_interest_declaration(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    _, a_nsk = _assigned(entry, perm_manager, perm_expert, nsk_expert)
    client = login(nsk_expert)
    page = client.get(a_nsk.get_absolute_url()).content.decode()
    assert "Декларация о конфликте интересов" in page
    assert entry.practice.social_problem not in page
    # Without the confirmation nothing is declared.
    response = client.post(f"/expertise/assignments/{a_nsk.pk}/declare/", {"has_conflict": "no"})
    assert response.status_code == 400
    a_nsk.refresh_from_db()
    assert a_nsk.coi_declared_at is None

    client.post(f"/expertise/assignments/{a_nsk.pk}/declare/", {"has_conflict": "no", "confirm": "on"})
    page = client.get(a_nsk.get_absolute_url()).content.decode()
    assert entry.practice.social_problem in page and "Отправить оценку" in page


def test_an_expert_sees_other_scores_only_after_submitting_their_own(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    a_perm, a_nsk = _assigned(entry, perm_manager, perm_expert, nsk_expert)
    review_submit(a_perm, {**dict.fromkeys(CODES, 3), "innovation": 1})
    a_nsk = actions.assignment_declare(assignment=a_nsk, by=nsk_expert, has_conflict=False)
    client = login(nsk_expert)
    before = client.get(a_nsk.get_absolute_url()).content.decode()
    assert "Оценки всех экспертов" not in before and "Эксперт 1" not in before

    data = {f"score_{c}": "3" for c in CODES} | {
        f"ready_{c}": "3" for c in ("materials", "training", "fidelity", "cost")
    }
    data |= {"recommendation": "yes", "summary": "Хорошая практика.", "submit": "1"}
    assert client.post(f"/expertise/assignments/{a_nsk.pk}/review/", data).status_code == 302
    after = client.get(a_nsk.get_absolute_url()).content.decode()
    assert "Оценки всех экспертов" in after and "Эксперт 1" in after and "Вы" in after
    # The other expert's name stays hidden from experts.
    assert perm_expert.display_name() not in after


def test_a_manager_of_another_region_gets_404_on_the_call_and_its_entries(
    entry: CallEntry, ugra_manager: Any, nsk_expert: Any
) -> None:
    client = login(ugra_manager)
    for url in (
        f"/expertise/calls/{entry.call_id}/",
        f"/expertise/calls/{entry.call_id}/edit/",
        f"/expertise/entries/{entry.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert entry.call.title not in client.get("/expertise/").content.decode()
    for url, data in (
        (f"/expertise/entries/{entry.pk}/assign/", {"expert": nsk_expert.pk}),
        (f"/expertise/entries/{entry.pk}/decide/", {}),
        (f"/expertise/entries/{entry.pk}/consensus/", {"minutes": "захват"}),
        (f"/expertise/calls/{entry.call_id}/close/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert not entry.assignments.exists() and not Resolution.objects.exists()
    entry.call.refresh_from_db()
    assert entry.call.status == "open"


def test_an_ngo_member_cannot_assign_experts_or_see_manager_pages(
    entry: CallEntry, practice: Any, nsk_expert: Any
) -> None:
    assert practice.organization is not None
    member = ngo_member(practice.organization)
    client = login(member)
    assert client.get("/expertise/").status_code == 403
    assert client.get(f"/expertise/entries/{entry.pk}/").status_code == 404
    assert client.post(f"/expertise/entries/{entry.pk}/assign/", {"expert": nsk_expert.pk}).status_code == 404
    assert client.get("/expertise/my/").status_code == 403
    assert not entry.assignments.exists()


def test_a_consultant_of_the_region_sees_the_call_but_cannot_assign(
    entry: CallEntry, perm_consultant: Any, nsk_expert: Any
) -> None:
    client = login(perm_consultant)
    page = client.get(f"/expertise/entries/{entry.pk}/").content.decode()
    assert entry.practice.title in page and "Назначить эксперта" not in page
    assert client.post(f"/expertise/entries/{entry.pk}/assign/", {"expert": nsk_expert.pk}).status_code == 403
    assert not entry.assignments.exists()


def test_anonymous_visitors_see_the_published_rules_but_not_drafts_or_manager_pages(
    entry: CallEntry, perm_manager: Any
) -> None:
    from django.test import Client

    client = Client()
    page = client.get(f"/expertise/results/{entry.call_id}/").content.decode()
    assert "Актуальность и обоснованность потребности" in page and "12,5" in page
    assert "не ниже 70" in page
    draft = actions.call_create(by=perm_manager, title="Черновик отбора", region=entry.call.region)
    assert client.get(f"/expertise/results/{draft.pk}/").status_code == 404
    assert "Черновик отбора" not in client.get("/expertise/results/").content.decode()
    assert client.get(f"/expertise/entries/{entry.pk}/").status_code == 302  # to the login page


def test_experts_read_the_passport_of_assigned_practices_only_after_declaring(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any
) -> None:
    from konstruktor.practices.queries import practice_list_visible

    _, a_nsk = _assigned(entry, perm_manager, perm_expert, nsk_expert)
    assert not practice_list_visible(user=nsk_expert).filter(pk=entry.practice_id).exists()
    actions.assignment_declare(assignment=a_nsk, by=nsk_expert, has_conflict=False)
    assert practice_list_visible(user=nsk_expert).filter(pk=entry.practice_id).exists()
    assert not practice_list_visible(user=expert("78")).filter(pk=entry.practice_id).exists()
