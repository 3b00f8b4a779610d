"""The region's queue, the consultant's own queue, intake by phone, and an organization's history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konstruktor.consultations import actions
from konstruktor.consultations.errors import AccessDenied, ConsentRequired, ConsultationError
from konstruktor.consultations.models import Channel, Consultation, Status
from konstruktor.consultations.tests.factories import in_progress, public_question, topic
from konstruktor.core.audit import change_history
from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def test_the_queue_lists_open_consultations_by_due_date_with_overdue_rows_marked(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    late = public_question(question="Давний вопрос об уставе", at=long_ago)
    fresh = public_question(question="Свежий вопрос о регистрации")
    done = actions.consultation_answer(
        consultation=in_progress(perm_consultant, question="Вопрос с ответом"), by=perm_consultant, answer="Ответ"
    )
    body = login(perm_consultant).get("/consultations/").content.decode()
    assert body.index("Давний вопрос") < body.index("Свежий вопрос")
    assert "Вопрос с ответом" not in body  # open ones by default
    assert 'class="is-overdue"' in body and "просрочена" in body
    assert body.count('class="is-overdue"') == 1
    assert {late.pk, fresh.pk, done.pk} == set(Consultation.objects.values_list("pk", flat=True))


def test_filters_mine_unassigned_overdue_and_status(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    colleague = UserFactory()
    Membership.objects.create(
        user=colleague, organization=Membership.objects.get(user=perm_consultant).organization, role=Role.RC_CONSULTANT
    )
    mine = in_progress(perm_consultant, question="Мой вопрос о регистрации")
    theirs = in_progress(colleague, question="Вопрос коллеги о регистрации")
    nobody = public_question(question="Ничей вопрос о регистрации")
    overdue = public_question(question="Просроченный вопрос", at=timezone.now() - datetime.timedelta(days=30))
    client = login(perm_consultant)

    def shown(query: str) -> set[int]:
        body = client.get(f"/consultations/?{query}").content.decode()
        return {c.pk for c in (mine, theirs, nobody, overdue) if c.question in body}

    assert shown("assigned=me") == {mine.pk}
    assert shown("assigned=none") == {nobody.pk, overdue.pk}
    assert shown(f"assigned={colleague.pk}") == {theirs.pk}
    assert shown("overdue=on") == {overdue.pk}
    assert shown("status=in_progress") == {mine.pk, theirs.pk}
    assert shown(f"topic={topic('Другое').pk}") == set()


def test_the_queue_page_costs_the_same_number_of_queries_for_more_rows(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    in_progress(perm_consultant, question="Первый вопрос о регистрации")
    client.get("/consultations/")
    with CaptureQueriesContext(connection) as few:
        client.get("/consultations/")
    for n in range(4):
        in_progress(perm_consultant, question=f"Ещё вопрос {n} о регистрации", ip=f"192.0.2.{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/consultations/")
    assert len(many) == len(few)


def test_htmx_filtering_returns_only_the_results(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    public_question()
    response = login(perm_consultant).get("/consultations/?status=new", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Найдено: 1" in body and "<html" not in body


def test_a_consultant_records_a_phone_question_and_it_is_theirs_in_progress(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    form = client.get(f"/consultations/new/?organization={perm_org.pk}").content.decode()
    assert str(perm_org) in form
    response = client.post(
        "/consultations/new/",
        {
            "channel": "phone", "received_at": "2026-03-10T11:30", "region": region("59").pk,
            "topic": topic("Гранты и субсидии").pk, "question": "Можно ли оплатить аренду из гранта?",
            "requester_kind": "organization", "organization": perm_org.pk, "organization_name": str(perm_org),
            "requester_name": "Ольга", "requester_phone": "+7 342 200-00-00", "consent": "on",
        },
    )  # fmt: skip
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == c.get_absolute_url()
    assert (c.channel, c.status, c.assigned_to, c.requester_organization) == (
        Channel.PHONE, Status.IN_PROGRESS, perm_consultant, perm_org,
    )  # fmt: skip
    assert c.due_date == datetime.date(2026, 3, 17)  # 5 working days from Tuesday 10 March
    assert perm_consultant.display_name() in c.consent_text and "(канал: Телефон)" in c.consent_text
    assert change_history(c).get().actor == perm_consultant


def test_intake_with_contacts_needs_the_requesters_consent(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConsentRequired):
        actions.consultation_intake(
            by=perm_consultant, channel=Channel.VISIT, topic=topic(), region=region("59"),
            question="Как выбрать форму НКО?", requester_name="Пётр", consent_given=False,
        )  # fmt: skip
    assert not Consultation.objects.exists()
    c = actions.consultation_intake(
        by=perm_consultant, channel=Channel.VISIT, topic=topic(), region=region("59"),
        question="Как выбрать форму НКО?",
    )  # fmt: skip
    assert c.consent_text == "" and c.consent_at is None


def test_intake_refuses_the_web_channel_another_region_and_an_invisible_organization(
    perm_consultant, ugra_consultant, ugra_org
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConsultationError):
        actions.consultation_intake(
            by=perm_consultant, channel=Channel.WEB, topic=topic(), region=region("59"), question="Вопрос"
        )
    with pytest.raises(AccessDenied):
        actions.consultation_intake(
            by=perm_consultant, channel=Channel.PHONE, topic=topic(), region=region("86"), question="Вопрос"
        )
    with pytest.raises(AccessDenied):
        actions.consultation_intake(
            by=perm_consultant, channel=Channel.PHONE, topic=topic(), region=region("59"), question="Вопрос",
            organization=ugra_org,
        )  # fmt: skip
    assert not Consultation.objects.exists()


def test_the_organizations_history_lists_its_consultations_newest_first(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    old = in_progress(
        perm_consultant,
        organization=perm_org,
        question="Старый вопрос",
        at=timezone.now() - datetime.timedelta(days=40),
    )
    new = in_progress(perm_consultant, organization=perm_org, question="Новый вопрос")
    public_question(question="Вопрос другого заявителя")
    body = login(perm_consultant).get(f"/consultations/organization/{perm_org.pk}/").content.decode()
    assert body.index(new.question) < body.index(old.question)
    assert "Вопрос другого заявителя" not in body
    assert "Записать вопрос организации" in body
