"""Who sees and changes a consultation, checked from the outside: by URL, by POST and by API."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from konstruktor.consultations.models import Consultation, Status
from konstruktor.consultations.tests.factories import in_progress, public_question
from konstruktor.core.models import AccessLog
from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_a_consultant_of_another_region_gets_404_on_a_perm_consultation(perm_consultant, ugra_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    client = login(ugra_consultant)
    assert client.get(f"/consultations/{c.pk}/").status_code == 404
    assert client.get(f"/consultations/{c.pk}/suggestions/?q=устав").status_code == 404
    assert client.get(f"/api/v1/consultations/{c.pk}").status_code == 404
    assert c.question not in client.get("/consultations/?status=all").content.decode()


def test_a_consultant_of_another_region_cannot_act_by_post(perm_consultant, ugra_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    client = login(ugra_consultant)
    urls = [
        (f"/consultations/{c.pk}/status/take/", {}),
        (f"/consultations/{c.pk}/answer/", {"answer": "Чужой ответ"}),
        (f"/consultations/{c.pk}/notes/", {"text": "Чужая заметка"}),
        (f"/consultations/{c.pk}/assign/", {"assignee": ugra_consultant.pk}),
    ]
    for url, data in urls:
        assert client.post(url, data).status_code == 404, url
    c.refresh_from_db()
    assert (c.status, c.answer, c.assigned_to) == (Status.NEW, "", None)
    assert not c.notes.exists()


def test_the_coordinator_sees_every_region(perm_consultant, ugra_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    perm = public_question(question="Пермский вопрос о регистрации")
    ugra = public_question(fns_code="86", question="Югорский вопрос о регистрации")
    body = login(coordinator).get("/consultations/").content.decode()
    assert "Пермский вопрос" in body and "Югорский вопрос" in body
    ids = {row["id"] for row in login(coordinator).get("/api/v1/consultations").json()["results"]}
    assert ids == {perm.pk, ugra.pk}


def test_the_queue_shows_only_the_consultants_region(perm_consultant, ugra_consultant) -> None:  # type: ignore[no-untyped-def]
    public_question(question="Пермский вопрос о регистрации")
    public_question(fns_code="86", question="Югорский вопрос о регистрации")
    body = login(perm_consultant).get("/consultations/").content.decode()
    assert "Пермский вопрос" in body and "Югорский вопрос" not in body
    api = login(perm_consultant).get("/api/v1/consultations").json()
    assert [r["question"] for r in api["results"]] == ["Пермский вопрос о регистрации"]


def test_an_ngo_member_reads_own_organizations_consultations_without_contacts(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    own = in_progress(perm_consultant, organization=perm_org, question="Вопрос нашей АНО об уставе")
    other = public_question(question="Чужой вопрос о регистрации")
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    client = login(member)

    card = client.get(f"/consultations/{own.pk}/")
    assert card.status_code == 200
    body = card.content.decode()
    assert "Вопрос нашей АНО об уставе" in body
    assert "anna@example.ru" not in body and "+7 912" not in body
    assert "Взять в работу" not in body and "Отправить ответ" not in body
    assert client.get(f"/consultations/{other.pk}/").status_code == 404
    assert client.get(f"/consultations/organization/{perm_org.pk}/").status_code == 200

    assert client.post(f"/consultations/{own.pk}/answer/", {"answer": "Сами ответим"}).status_code == 403
    assert client.post(f"/consultations/{own.pk}/status/wait/").status_code == 403
    assert client.post(f"/consultations/{own.pk}/notes/", {"text": "x"}).status_code == 403
    own.refresh_from_db()
    assert own.status == Status.IN_PROGRESS and own.answer == "" and not own.notes.exists()
    api = client.get(f"/api/v1/consultations/{own.pk}").json()
    assert api["requester_email"] is None and api["requester_name"] is None


def test_an_official_of_the_region_does_not_see_consultations(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    official = staff(Role.OFFICIAL, fns_code="59")
    assert login(official).get(f"/consultations/{c.pk}/").status_code == 404


def test_the_regions_consultant_sees_contacts_and_the_view_is_logged(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    body = login(perm_consultant).get(f"/consultations/{c.pk}/").content.decode()
    assert "anna@example.ru" in body and "Анна Петрова" in body
    log = AccessLog.objects.get()
    assert log.actor == perm_consultant and log.object_id == c.pk
    assert log.content_type == ContentType.objects.get_for_model(Consultation)
    api = login(perm_consultant).get(f"/api/v1/consultations/{c.pk}").json()
    assert api["requester_email"] == "anna@example.ru"
    assert AccessLog.objects.count() == 2


def test_contacts_stay_hidden_from_the_coordinator_and_nothing_is_logged(perm_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    body = login(coordinator).get(f"/consultations/{c.pk}/").content.decode()
    assert "anna@example.ru" not in body
    assert "видны только сотрудникам РЦ региона" in body
    assert not AccessLog.objects.exists()


def test_anonymous_visitors_only_reach_the_public_pages(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    anonymous = Client()
    for url in (
        "/consultations/",
        f"/consultations/{c.pk}/",
        "/consultations/statistics/",
        "/consultations/export.xlsx",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert anonymous.post(f"/consultations/{c.pk}/status/take/").status_code == 302
    assert anonymous.get("/api/v1/consultations").status_code == 401
    assert anonymous.get("/consultations/ask/").status_code == 200
    c.refresh_from_db()
    assert c.status == Status.NEW


def test_statistics_and_intake_are_for_rc_staff_only(perm_org) -> None:  # type: ignore[no-untyped-def]
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    client = login(member)
    assert client.get("/consultations/statistics/").status_code == 403
    assert client.get("/consultations/export.xlsx").status_code == 403
    assert client.get("/consultations/new/").status_code == 403


def test_navigation_offers_the_queue_to_staff_and_the_form_to_visitors(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    staff_home = login(perm_consultant).get("/").content.decode()
    assert 'href="/consultations/"' in staff_home
    public_home = Client().get("/").content.decode()
    assert 'href="/consultations/ask/"' in public_home and 'href="/consultations/"' not in public_home


def test_an_organizations_history_is_scoped(perm_consultant, ugra_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    in_progress(perm_consultant, organization=perm_org, question="Вопрос об уставе нашей АНО")
    assert (
        "Вопрос об уставе нашей АНО"
        in login(perm_consultant).get(f"/consultations/organization/{perm_org.pk}/").content.decode()
    )
    assert login(ugra_consultant).get(f"/consultations/organization/{perm_org.pk}/").status_code == 404
