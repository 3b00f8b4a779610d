"""The public «Задать вопрос» form and API: consent, spam protection, rate limit, the silent registry match."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from konstruktor.consultations import actions
from konstruktor.consultations.consent import CONSENT_VERSION
from konstruktor.consultations.errors import ConsentRequired, RateLimited
from konstruktor.consultations.forms import started_token
from konstruktor.consultations.models import Channel, Consultation, Status
from konstruktor.consultations.tests.factories import public_question, topic
from konstruktor.core.models import ChangeEntry
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import region

pytestmark = pytest.mark.django_db

URL = "/consultations/ask/"


@pytest.fixture
def no_wait(settings):  # type: ignore[no-untyped-def]
    settings.CONSULTATIONS_MIN_SUBMIT_SECONDS = 0


def _form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "region": region("59").pk,
        "topic": topic().pk,
        "question": "Как зарегистрировать АНО, если учредитель один?",
        "requester_kind": "organization",
        "organization_name": "АНО «Новые горизонты» (в процессе создания)",
        "organization_identifier": "",
        "requester_name": "Анна Петрова",
        "requester_email": "anna@example.ru",
        "requester_phone": "",
        "consent": "on",
        "website": "",
        "started": started_token(),
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_shows_the_full_consent_text(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    body = Client().get(URL).content.decode()
    assert "Согласие на обработку персональных данных" in body
    for part in ("152-ФЗ", "Какие данные", "Цель", "Срок", "Отзыв", f"редакция {CONSENT_VERSION}"):
        assert part in body
    assert "Пермский край" in body  # a region with a РЦ is offered
    assert "Ханты-Мансийский" not in body  # no РЦ there in this test


def test_a_visitor_asks_a_question_and_sees_the_expected_answer_date(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="203.0.113.5")
    response = client.post(URL, _form(), follow=True)

    c = Consultation.objects.get()
    assert (c.channel, c.status, c.region, c.requester_email) == (
        Channel.WEB,
        Status.NEW,
        region("59"),
        "anna@example.ru",
    )
    assert c.consent_at is not None and c.consent_ip == "203.0.113.5" and c.consent_version == CONSENT_VERSION
    centre = Membership.objects.get(user=perm_consultant).organization
    assert centre.full_name in c.consent_text and "152-ФЗ" in c.consent_text
    body = response.content.decode()
    assert "ваш вопрос принят" in body
    assert f"№ {c.pk}" in body
    assert "не позднее" in body and str(c.due_date.year) in body


def test_without_consent_the_question_is_refused_and_nothing_is_written(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    data = _form()
    del data["consent"]
    response = Client().post(URL, data)
    assert response.status_code == 200
    assert "Без согласия на обработку персональных данных" in response.content.decode()
    assert not Consultation.objects.exists() and not ChangeEntry.objects.exists()


def test_the_action_itself_refuses_a_question_without_consent(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConsentRequired):
        public_question(consent_given=False)
    assert not Consultation.objects.exists()


def test_a_filled_honeypot_is_refused_as_spam_and_nothing_is_written(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(URL, _form(website="https://spam.example.com"))
    assert response.status_code == 400
    assert "автоматическую рассылку" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_form_sent_faster_than_a_person_can_type_is_refused(perm_consultant, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONSULTATIONS_MIN_SUBMIT_SECONDS = 3
    response = Client().post(URL, _form())
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_a_forged_start_time_is_refused(perm_consultant, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONSULTATIONS_MIN_SUBMIT_SECONDS = 3
    response = Client().post(URL, _form(started=str(time.time() - 3600)))
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_a_form_filled_at_human_speed_is_accepted(perm_consultant, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.CONSULTATIONS_MIN_SUBMIT_SECONDS = 3
    data = _form()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 10)
    assert Client().post(URL, data).status_code == 302
    assert Consultation.objects.count() == 1


def test_the_sixth_question_within_an_hour_from_one_address_is_refused(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):
        assert client.post(URL, _form(question=f"Вопрос номер {n} о регистрации АНО")).status_code == 302
    response = client.post(URL, _form(question="Шестой вопрос о регистрации АНО"))
    assert response.status_code == 429
    assert "Попробуйте позже" in response.content.decode()
    assert Consultation.objects.count() == 5
    # Another address is not affected.
    assert Client(REMOTE_ADDR="203.0.113.8").post(URL, _form()).status_code == 302


def test_the_rate_limit_is_enforced_by_the_action_too(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        public_question(question=f"Вопрос {n} о регистрации НКО", ip="198.51.100.1")
    with pytest.raises(RateLimited):
        public_question(question="Ещё вопрос о регистрации НКО", ip="198.51.100.1")
    assert Consultation.objects.count() == 5


def test_email_or_phone_is_required(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(URL, _form(requester_email="", requester_phone=""))
    assert "Укажите e-mail или телефон" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_wrong_inn_is_refused_with_the_reason(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(URL, _form(organization_identifier="5900000001"))
    assert "контрольное число ИНН" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_region_without_a_resource_centre_cannot_be_chosen(perm_consultant, no_wait) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(URL, _form(region=region("86").pk))
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def test_the_organization_is_matched_by_inn_silently(perm_consultant, perm_org, no_wait) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        URL, _form(organization_identifier=perm_org.inn, organization_name="Наша АНО"), follow=True
    )
    c = Consultation.objects.get()
    assert c.requester_organization == perm_org
    body = response.content.decode()
    assert perm_org.full_name not in body and str(perm_org) not in body  # the registry is not revealed


def test_an_organization_of_another_region_is_not_matched(perm_consultant, ugra_org, no_wait) -> None:  # type: ignore[no-untyped-def]
    Client().post(URL, _form(organization_identifier=ugra_org.inn))
    c = Consultation.objects.get()
    assert c.requester_organization is None
    assert c.requester_organization_identifier == ugra_org.inn


def test_the_confirmation_page_needs_its_signed_token(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    public_question()
    assert Client().get("/consultations/ask/thanks/1/").status_code == 404


def test_the_public_api_accepts_a_question_with_consent(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "region": region("59").pk, "topic": topic().pk, "question": "Сколько стоит регистрация АНО?",
        "requester_name": "Олег", "requester_email": "oleg@example.ru", "consent": True,
        "consent_version": CONSENT_VERSION,
    }  # fmt: skip
    response = Client().post("/api/v1/consultations/questions", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    c = Consultation.objects.get()
    assert response.json()["id"] == c.pk and response.json()["due_date"] == c.due_date.isoformat()
    assert c.consent_at is not None


def test_the_public_api_refuses_without_consent_and_writes_nothing(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "region": region("59").pk, "topic": topic().pk, "question": "Сколько стоит регистрация АНО?",
        "requester_name": "Олег", "requester_email": "oleg@example.ru", "consent": False,
        "consent_version": CONSENT_VERSION,
    }  # fmt: skip
    response = Client().post("/api/v1/consultations/questions", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert "consent" in response.json()["errors"]
    assert not Consultation.objects.exists()


def test_the_public_api_refuses_a_filled_honeypot_and_an_old_consent(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "region": region("59").pk, "topic": topic().pk, "question": "Сколько стоит регистрация АНО?",
        "requester_name": "Олег", "requester_email": "oleg@example.ru", "consent": True,
        "consent_version": CONSENT_VERSION, "website": "spam",
    }  # fmt: skip
    post = Client().post
    assert (
        post("/api/v1/consultations/questions", json.dumps(payload), content_type="application/json").status_code == 400
    )
    payload.update(website="", consent_version="2000-01")
    assert (
        post("/api/v1/consultations/questions", json.dumps(payload), content_type="application/json").status_code == 422
    )
    assert not Consultation.objects.exists()


def test_the_public_api_shares_the_rate_limit(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = []
    for n in range(6):
        payload = {
            "region": region("59").pk, "topic": topic().pk, "question": f"Вопрос {n}: сколько стоит регистрация?",
            "requester_name": "Олег", "requester_phone": "+7 900 000-00-00", "consent": True,
            "consent_version": CONSENT_VERSION,
        }  # fmt: skip
        statuses.append(
            client.post(
                "/api/v1/consultations/questions", json.dumps(payload), content_type="application/json"
            ).status_code
        )
    assert statuses == [201] * 5 + [429]
    assert Consultation.objects.count() == 5


def test_consent_text_and_topics_are_published_for_api_clients(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    centre = Membership.objects.get(user=perm_consultant).organization
    consent = Client().get(f"/api/v1/consultations/consent?region={region('59').pk}").json()
    assert consent["version"] == CONSENT_VERSION and centre.full_name in consent["text"]
    names = [t["name"] for t in Client().get("/api/v1/consultations/topics").json()]
    assert "Регистрация НКО" in names and "Социальные услуги (442-ФЗ)" in names
    regions = [r["name"] for r in Client().get("/api/v1/consultations/regions").json()]
    assert regions == ["Пермский край"]


def test_the_intake_form_is_not_public() -> None:
    response = Client().get(reverse("consultations:intake"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_submission_via_the_action_records_consent_text_time_and_address(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = actions.consultation_submit_public(
        region=region("59"), topic=topic(), question="Как составить устав АНО?", requester_kind="person",
        requester_name="Иван", requester_email="ivan@example.ru", consent_given=True, ip="192.0.2.1",
    )  # fmt: skip
    assert c.consent_ip == "192.0.2.1" and c.consent_at == c.received_at
    assert "Оператор" in c.consent_text
