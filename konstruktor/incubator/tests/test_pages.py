"""Pages and API: who sees what, what a POST changes, what the public chooser returns."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory, login
from konstruktor.incubator.models import InitiativeGroup, Stage
from konstruktor.incubator.tests.factories import area, group, municipality
from konstruktor.organizations.models import LegalForm, Membership, SupportRecord

pytestmark = pytest.mark.django_db


def test_consultant_of_another_region_gets_404_on_a_perm_group(perm_consultant, ugra_consultant) -> None:
    g = group(by=perm_consultant)
    client = login(ugra_consultant)
    assert client.get(f"/incubator/{g.pk}/").status_code == 404
    assert client.get(f"/api/v1/incubator/groups/{g.pk}").status_code == 404


def test_consultant_of_another_region_cannot_post_a_move_and_nothing_changes(perm_consultant, ugra_consultant) -> None:
    g = group(by=perm_consultant)
    response = login(ugra_consultant).post(f"/incubator/{g.pk}/move/", {"to_stage": Stage.TEAM})
    assert response.status_code == 404
    g.refresh_from_db()
    assert g.stage == Stage.IDEA
    assert SupportRecord.objects.filter(recipient=g.organization).count() == 1


def test_a_group_member_sees_the_group_read_only_without_contacts(perm_consultant) -> None:
    g = group(by=perm_consultant)
    from konstruktor.incubator import actions

    actions.group_member_add(
        group=g, by=perm_consultant, full_name="Петрова Ольга", role="leader", contacts="+7 900 111-22-33",
        consent_text="Согласие от 01.03.2026",
    )  # fmt: skip
    member = UserFactory()
    Membership.objects.create(user=member, organization=g.organization, role=Role.NGO_MEMBER)
    client = login(member)
    page = client.get(f"/incubator/{g.pk}/")
    assert page.status_code == 200
    assert "Петрова Ольга" in page.content.decode()
    assert "+7 900 111-22-33" not in page.content.decode()
    assert client.post(f"/incubator/{g.pk}/move/", {"to_stage": Stage.TEAM}).status_code == 403
    g.refresh_from_db()
    assert g.stage == Stage.IDEA


def test_consultant_creates_a_group_from_a_white_spot_link(perm_consultant) -> None:
    place = municipality(name="Кишертский муниципальный округ")
    client = login(perm_consultant)
    form = client.get(f"/incubator/new/?municipality={place.pk}")
    assert "Кишертский муниципальный округ" in form.content.decode()
    response = client.post(
        "/incubator/new/",
        {
            "name": "Серебряная нить",
            "region": place.region_id,
            "municipality": place.pk,
            "social_problem": "Одинокие пожилые люди без помощи на дому",
            "areas": [area().pk],
            "next_step": "Встреча с главой округа",
            "next_step_due": "2026-07-01",
        },
    )
    g = InitiativeGroup.objects.get(name="Серебряная нить")
    assert response.status_code == 302 and response.url == g.get_absolute_url()
    assert g.municipality_had_no_ngos and g.organization.municipality_ref == place


def test_board_and_list_mark_overdue_steps_in_a_fixed_number_of_queries(perm_consultant) -> None:
    for i in range(3):
        group(
            by=perm_consultant,
            name=f"Группа {i}",
            next_step="Собрать учредителей",
            next_step_due=datetime.date(2020, 1, 1),
        )
    client = login(perm_consultant)
    client.get("/incubator/board/")  # warm the session and scope caches
    with CaptureQueriesContext(connection) as board:
        page = client.get("/incubator/board/")
    assert page.content.decode().count("Шаг просрочен") == 3
    with CaptureQueriesContext(connection) as listing:
        page = client.get("/incubator/?overdue=on")
    assert page.content.decode().count("просрочен") >= 3
    group(by=perm_consultant, name="Ещё одна", next_step="Устав", next_step_due=datetime.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as board_more:
        client.get("/incubator/board/")
    assert len(board_more.captured_queries) == len(board.captured_queries)
    assert len(listing.captured_queries) < 20


def test_moving_a_card_on_the_board_changes_its_stage(perm_consultant) -> None:
    g = group(by=perm_consultant)
    response = login(perm_consultant).post(
        f"/incubator/{g.pk}/move/", {"to_stage": Stage.TEAM, "next": "/incubator/board/"}
    )
    assert response.status_code == 302 and response.url == "/incubator/board/"
    g.refresh_from_db()
    assert g.stage == Stage.TEAM


def test_the_csv_export_lists_the_visible_groups(perm_consultant, ugra_consultant) -> None:
    group(by=perm_consultant, name="Пермская группа")
    group(by=ugra_consultant, name="Югорская группа", fns_code="86")
    body = b"".join(login(perm_consultant).get("/incubator/export.csv").streaming_content).decode()
    assert "Пермская группа" in body and "Югорская группа" not in body


def test_anyone_can_run_the_chooser_and_nothing_is_stored() -> None:
    client = Client()
    page = client.post("/incubator/chooser/", {"founders": "3", "wants_members": "1"}, headers={"HX-Request": "true"})
    assert "Общественная организация" in page.content.decode()
    response = client.post(
        "/api/v1/incubator/chooser", json.dumps({"founders": 1, "fundraising": True}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["form"] == "fund"
    assert not InitiativeGroup.objects.exists()


def test_mentor_api_lists_candidates_without_contacts(perm_consultant) -> None:
    from konstruktor.incubator.tests.factories import ngo

    g = group(by=perm_consultant, areas=[area()])
    ngo(fns_code="86", areas=[area()], registered=datetime.date(2014, 1, 1), phone="+7 346 000-00-00")
    response = login(perm_consultant).get(f"/api/v1/incubator/groups/{g.pk}/mentors")
    assert response.status_code == 200
    [candidate] = response.json()
    assert "phone" not in candidate and candidate["reasons"]


def test_consultant_records_a_partnership_and_a_meeting_through_the_pages(perm_consultant) -> None:
    from konstruktor.incubator.models import Partnership
    from konstruktor.incubator.tests.factories import ngo

    g = group(by=perm_consultant, areas=[area()])
    mentor = ngo(areas=[area()], registered=datetime.date(2013, 1, 1), statuses=("sonko",))
    client = login(perm_consultant)
    page = client.get(f"/incubator/{g.pk}/mentors/")
    assert str(mentor) in page.content.decode()
    response = client.post(
        f"/incubator/{g.pk}/mentors/",
        {"mentor": mentor.pk, "aim": "Освоить надомное обслуживание", "plan": "Ежемесячно", "started": "2026-04-01"},
    )
    partnership = Partnership.objects.get()
    assert response.url == f"/incubator/partnerships/{partnership.pk}/"
    client.post(response.url, {"date": "2026-04-15", "topic": "Стандарт услуги на дому", "outcome": "План на квартал"})
    assert partnership.meetings.count() == 1
    assert "Стандарт услуги на дому" in client.get(response.url).content.decode()
    assert "Освоить надомное обслуживание" in client.get(f"/incubator/{g.pk}/").content.decode()


def test_registration_page_refuses_a_bad_ogrn_check_digit(perm_consultant) -> None:
    g = group(by=perm_consultant)
    response = login(perm_consultant).post(
        f"/incubator/{g.pk}/register/",
        {
            "full_name": "АНО «Забота»",
            "legal_form": LegalForm.objects.get(okopf="71400").pk,
            "ogrn": "1125900000000",
            "inn": "5904000000",
            "registration_date": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    g.refresh_from_db()
    assert g.organization.kind == "initiative_group"


def test_the_group_page_links_its_consultations_and_document_packages(perm_consultant) -> None:
    from konstruktor.consultations.models import Consultation
    from konstruktor.consultations.tests.factories import public_question

    g = group(by=perm_consultant)
    other = public_question(question="Вопрос другой организации")
    asked = public_question(question="Какие документы нужны для АНО?")
    # The group's representative asked without an ИНН; the consultant linked the request to the group.
    Consultation.objects.filter(pk=asked.pk).update(requester_organization=g.organization)
    page = login(perm_consultant).get(f"/incubator/{g.pk}/")
    assert page.status_code == 200
    assert [c.pk for c in page.context["consultations"]] == [asked.pk]
    assert other.get_absolute_url() not in page.content.decode()
    assert asked.get_absolute_url() in page.content.decode()
    assert "Создать пакет документов" in page.content.decode()


def test_the_groups_api_lists_only_the_users_region_without_member_contacts(perm_consultant, ugra_consultant) -> None:
    from konstruktor.incubator import actions

    g = group(by=perm_consultant, name="Пермская группа")
    group(by=ugra_consultant, name="Югорская группа", fns_code="86")
    actions.group_member_add(
        group=g, by=perm_consultant, full_name="Петрова Ольга", role="leader", contacts="+7 900 111-22-33",
        consent_text="Согласие от 01.03.2026",
    )  # fmt: skip
    client = login(perm_consultant)
    assert [row["name"] for row in client.get("/api/v1/incubator/groups").json()] == ["Пермская группа"]
    detail = client.get(f"/api/v1/incubator/groups/{g.pk}").json()
    assert detail["members"] == [{"full_name": "Петрова Ольга", "role": "leader", "institution": ""}]
    assert Client().get("/api/v1/incubator/groups").status_code == 401
