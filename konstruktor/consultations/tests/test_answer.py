"""The answer: one support record, the e-mail with the rating link, the rating accepted once."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client

from konstruktor.consultations import actions
from konstruktor.consultations.errors import ConsultationError, RatingUnavailable
from konstruktor.consultations.models import Consultation, Status
from konstruktor.consultations.tests.factories import in_progress, public_question
from konstruktor.core.testing import login
from konstruktor.organizations.models import Membership, SupportRecord

pytestmark = pytest.mark.django_db


def _answer(c, by, **kwargs):  # type: ignore[no-untyped-def]
    return actions.consultation_answer(consultation=c, by=by, answer="Учредителем АНО может быть одно лицо.", **kwargs)


def test_an_answer_writes_one_support_record_for_the_requesters_organization(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    c = _answer(in_progress(perm_consultant, organization=perm_org), perm_consultant)

    record = SupportRecord.objects.get()
    assert record.provider == Membership.objects.get(user=perm_consultant).organization
    assert record.recipient == perm_org
    assert (record.service, record.form) == ("consultation", "consultation")
    assert record.date == c.answered_at.date()
    assert record.source_type == ContentType.objects.get_for_model(Consultation) and record.source_id == c.pk
    assert record.created_by == perm_consultant


def test_no_support_record_without_an_organization_and_the_page_says_so(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    client = login(perm_consultant)
    before = client.get(c.get_absolute_url()).content.decode()
    assert "запись в журнал поддержки не создаётся" in before

    response = client.post(f"/consultations/{c.pk}/answer/", {"answer": "Ответ без организации"}, follow=True)

    assert not SupportRecord.objects.exists()
    body = response.content.decode()
    assert "запись в журнал поддержки не создана" in body
    c.refresh_from_db()
    assert c.status == Status.ANSWERED


def test_the_requester_gets_an_email_with_an_absolute_rating_link_after_commit(
    perm_consultant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant, email="anna@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        c = _answer(c, perm_consultant, site_url="https://konstruktor.example.ru")

    [message] = mail.outbox
    assert message.to == ["anna@example.ru"]
    assert f"№ {c.pk}" in message.subject
    assert "Учредителем АНО может быть одно лицо." in message.body
    link = f"https://konstruktor.example.ru/consultations/rate/{c.rating_token}/"
    assert link in message.body


def test_no_email_is_sent_before_the_commit_or_when_the_answer_fails(
    perm_consultant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConsultationError):
        _answer(c, perm_consultant)  # a new consultation must be taken first
    assert mail.outbox == []


def test_the_consultant_may_answer_without_sending_an_email(
    perm_consultant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _answer(in_progress(perm_consultant), perm_consultant, notify_requester=False)
    assert mail.outbox == []


def test_answering_through_the_page_sends_the_link_to_this_site(
    perm_consultant, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    with django_capture_on_commit_callbacks(execute=True):
        login(perm_consultant).post(f"/consultations/{c.pk}/answer/", {"answer": "Ответ", "notify": "on"})
    c.refresh_from_db()
    [message] = mail.outbox
    assert f"http://testserver/consultations/rate/{c.rating_token}/" in message.body


def test_the_rating_link_works_anonymously_once(perm_consultant, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        c = _answer(in_progress(perm_consultant), perm_consultant, site_url="http://testserver")
    link = re.search(r"http://testserver(/consultations/rate/\S+/)", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    visitor = Client()

    page = visitor.get(link)
    assert page.status_code == 200 and "Оценка консультации" in page.content.decode()
    done = visitor.post(link, {"rating": "4", "comment": "Понятно и по делу"})
    assert "Ваша оценка сохранена" in done.content.decode()
    c.refresh_from_db()
    assert (c.rating, c.rating_comment) == (4, "Понятно и по делу") and c.rated_at is not None

    again = visitor.post(link, {"rating": "1", "comment": "передумал"})
    assert "уже оценена" in again.content.decode()
    c.refresh_from_db()
    assert (c.rating, c.rating_comment) == (4, "Понятно и по делу")


def test_rating_twice_through_the_action_is_refused(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = _answer(in_progress(perm_consultant), perm_consultant)
    actions.consultation_rate(token=c.rating_token, rating=5)
    with pytest.raises(RatingUnavailable, match="уже оценена"):
        actions.consultation_rate(token=c.rating_token, rating=1)
    c.refresh_from_db()
    assert c.rating == 5


def test_a_rating_outside_one_to_five_is_refused(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = _answer(in_progress(perm_consultant), perm_consultant)
    for bad in (0, 6):
        with pytest.raises(ConsultationError):
            actions.consultation_rate(token=c.rating_token, rating=bad)
    response = Client().post(f"/consultations/rate/{c.rating_token}/", {"rating": "7"})
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.rating is None


def test_an_unknown_token_or_an_unanswered_consultation_gives_404(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    Consultation.objects.filter(pk=c.pk).update(rating_token="not-yet-answered-token")
    assert Client().get("/consultations/rate/not-yet-answered-token/").status_code == 404
    assert Client().get("/consultations/rate/nothing-here/").status_code == 404
    with pytest.raises(RatingUnavailable):
        actions.consultation_rate(token="not-yet-answered-token", rating=5)


def test_the_rating_is_shown_on_the_card(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = _answer(in_progress(perm_consultant), perm_consultant)
    actions.consultation_rate(token=c.rating_token, rating=5, comment="Спасибо!")
    body = login(perm_consultant).get(c.get_absolute_url()).content.decode()
    assert "5 из 5" in body and "Спасибо!" in body
