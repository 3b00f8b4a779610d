"""Re-rating on new evidence (ANCHORS §5.5 step 10): «Направить на повторную экспертизу»."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from konstruktor.core.testing import login
from konstruktor.practices import actions, queries
from konstruktor.practices.errors import AccessDenied, PracticeError, TransitionNotAllowed
from konstruktor.practices.models import DecisionCategory, Practice, PracticeDecision, Status, StatusChange
from konstruktor.practices.tests.factories import practice, rc_staff

pytestmark = pytest.mark.django_db


def decide(p: Practice, category: str, merit: int = 80, *, by: Any = None) -> Practice:
    return actions.practice_record_decision(
        practice=p,
        category=category,
        merit_score=merit,
        readiness_score=3,
        explanation=[{"title": "Экспертная оценка", "detail": f"{merit} из 100"}],
        by=by,
        source_label="Отбор «Повторный»",
    )


@pytest.fixture
def published() -> Practice:
    return practice(status=Status.PUBLISHED)


def test_a_published_practice_sent_to_rerating_gets_a_new_version_and_is_on_review_again(published) -> None:
    consultant = rc_staff("59")
    versions = published.versions.count()
    actions.practice_rerate(practice=published, by=consultant, comment="Трансфер в Югру дал данные сравнения.")
    published.refresh_from_db()
    assert published.status == Status.REVIEW
    assert published.versions.count() == versions + 1
    assert published.version_number == versions + 1
    last = StatusChange.objects.filter(practice=published).last()
    assert last.from_status == Status.PUBLISHED and last.to_status == Status.REVIEW
    assert "Трансфер в Югру" in last.comment


def test_while_rerated_a_published_practice_stays_in_the_catalog_with_its_last_decision(published) -> None:
    actions.practice_rerate(practice=published, by=rc_staff("59"), comment="Новая оценка эффективности.")
    published.refresh_from_db()
    assert published.is_public
    assert published.decision_category == DecisionCategory.RECOMMENDED
    assert published.merit_score == 78
    assert queries.practice_list_public().filter(pk=published.pk).exists()
    assert queries.practice_list_visible(user=AnonymousUser()).filter(pk=published.pk).exists()


def test_a_new_publishable_decision_publishes_the_rerated_practice_again_and_keeps_every_decision(published) -> None:
    actions.practice_rerate(practice=published, by=None, comment="Новые данные.")
    decide(published, DecisionCategory.PROMISING, merit=64)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.is_public
    assert published.decision_category == DecisionCategory.PROMISING and published.merit_score == 64
    history = list(PracticeDecision.objects.filter(practice=published).order_by("decided_at", "id"))
    assert [(d.category, d.version_number) for d in history] == [
        (DecisionCategory.RECOMMENDED, 1),
        (DecisionCategory.PROMISING, 2),
    ]
    assert history[1].source_label == "Отбор «Повторный»"
    assert [c.to_status for c in StatusChange.objects.filter(practice=published)][-2:] == [
        Status.DECIDED,
        Status.PUBLISHED,
    ]


def test_a_new_decision_that_is_not_publishable_takes_the_rerated_practice_out_of_the_catalog(published) -> None:
    actions.practice_rerate(practice=published, by=None, comment="Новые данные.")
    decide(published, DecisionCategory.NOT_RECOMMENDED, merit=40)
    published.refresh_from_db()
    assert published.status == Status.DECIDED and not published.is_public
    assert not queries.practice_list_public().filter(pk=published.pk).exists()
    assert "Снята с публикации" in StatusChange.objects.filter(practice=published).last().comment
    assert PracticeDecision.objects.filter(practice=published).count() == 2


def test_returning_a_rerated_practice_for_rework_takes_it_out_of_the_catalog(published) -> None:
    actions.practice_rerate(practice=published, by=None, comment="Новые данные.")
    actions.practice_return(practice=published, by=None, comment="Опишите новую оценку подробнее.")
    published.refresh_from_db()
    assert published.status == Status.REWORK and not published.is_public


def test_a_decided_and_a_withdrawn_practice_may_be_rerated_but_stay_out_of_the_catalog() -> None:
    for status in (Status.DECIDED, Status.WITHDRAWN):
        p = practice(status=status)
        actions.practice_rerate(practice=p, by=None, comment="Новые данные.")
        p.refresh_from_db()
        assert p.status == Status.REVIEW and not p.is_public


def test_rerating_needs_a_comment_and_writes_nothing_without_it(published) -> None:
    versions = published.versions.count()
    with pytest.raises(PracticeError, match="какие новые данные"):
        actions.practice_rerate(practice=published, by=rc_staff("59"), comment="  ")
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.versions.count() == versions


def test_a_draft_or_a_practice_on_review_cannot_be_sent_to_rerating() -> None:
    for status in (Status.DRAFT, Status.REVIEW):
        p = practice(status=status)
        with pytest.raises(TransitionNotAllowed, match="повторную экспертизу"):
            actions.practice_rerate(practice=p, by=None, comment="Новые данные.")


def test_staff_of_another_region_cannot_rerate_and_get_404_on_the_page(published) -> None:
    with pytest.raises(AccessDenied):
        actions.practice_rerate(practice=published, by=rc_staff("86"), comment="Новые данные.")
    response = login(rc_staff("86")).post(f"/practices/{published.pk}/rerate/", {"comment": "Новые данные."})
    assert response.status_code == 404
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_regional_staff_rerate_from_the_practice_page_and_see_the_history_of_decisions(published) -> None:
    client = login(rc_staff("59"))
    page = client.get(f"/practices/{published.pk}/").content.decode()
    assert "Направить на повторную экспертизу" in page and "История решений" in page
    response = client.post(f"/practices/{published.pk}/rerate/", {"comment": "Появились данные сравнения."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Status.REVIEW
    decide(published, DecisionCategory.PROMISING, merit=65)
    page = client.get(f"/practices/{published.pk}/").content.decode()
    assert page.count("Отбор «Повторный»") == 1 and "Перспективная" in page and "Рекомендована к тиражированию" in page


def test_an_empty_rerating_comment_on_the_page_is_refused_with_a_message(published) -> None:
    client = login(rc_staff("59"))
    response = client.post(f"/practices/{published.pk}/rerate/", {"comment": ""}, follow=True)
    assert "какие новые данные" in response.content.decode()
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_the_public_page_of_a_rerated_practice_stays_open_with_its_last_decision(published) -> None:
    actions.practice_rerate(practice=published, by=None, comment="Новые данные.")
    response = Client().get(f"/practices/catalog/{published.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Рекомендована к тиражированию" in html and "Предпросмотр" not in html
