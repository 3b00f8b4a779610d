"""Pages: who sees which transfer, request and matches page, and what a POST changes."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.replication import actions
from konstruktor.replication.models import (
    FitAssessment,
    RegionalPriority,
    ReplicationRequest,
    RequestStatus,
    Stage,
    Transfer,
)
from konstruktor.replication.tests.factories import PracticeFactory, group, member, municipality, ngo, staff

pytestmark = pytest.mark.django_db


def centre_of(user):  # type: ignore[no-untyped-def]
    return Organization.objects.get(memberships__user=user, kind=Organization.Kind.RESOURCE_CENTRE)


@pytest.fixture
def place():  # type: ignore[no-untyped-def]
    return municipality("Кишертский муниципальный округ")


@pytest.fixture
def transfer(perm_consultant, place):  # type: ignore[no-untyped-def]
    recipient = ngo(place=place, groups=("elderly",))
    request = actions.request_create(
        by=perm_consultant,
        practice=PracticeFactory(),
        requester=centre_of(perm_consultant),
        recipient=recipient,
        motivation="Нет клубов",
    )
    return actions.request_accept(request=request, by=perm_consultant, start=datetime.date(2026, 3, 2))


# ---------------------------------------------------------------- access from the other side


def test_a_consultant_of_another_region_gets_404_and_a_post_changes_nothing(transfer, ugra_consultant) -> None:
    client = login(ugra_consultant)
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 404
    assert client.post(f"/transfers/{transfer.pk}/stage/").status_code == 404
    assert (
        client.post(f"/transfers/{transfer.pk}/adaptations/", {"what_changed": "x", "reason": "y"}).status_code == 404
    )
    assert client.get(f"/transfers/requests/{transfer.request_id}/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ACQUAINTANCE and not transfer.adaptations.exists()


def test_an_ngo_member_unrelated_to_the_transfer_gets_404(transfer) -> None:
    outsider = member(ngo(fns_code="59"))
    assert login(outsider).get(f"/transfers/{transfer.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, transfer) -> None:
    response = client.get(f"/transfers/{transfer.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_mentor_sees_and_logs_adaptations_but_gets_403_on_stages(transfer) -> None:
    mentor = login(member(transfer.mentor))
    page = mentor.get(f"/transfers/{transfer.pk}/")
    assert page.status_code == 200 and "Журнал адаптаций" in page.content.decode()
    assert "пройден</button>" not in page.content.decode()
    mentor.post(f"/transfers/{transfer.pk}/adaptations/", {"what_changed": "Раз в неделю", "reason": "Зал занят"})
    assert transfer.adaptations.count() == 1
    assert mentor.post(f"/transfers/{transfer.pk}/stage/").status_code == 403
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ACQUAINTANCE


def test_the_recipient_team_sees_its_transfer_in_the_list(transfer) -> None:
    client = login(member(transfer.recipient))
    assert transfer.practice.title in client.get("/transfers/").content.decode()
    assert client.get(f"/transfers/{transfer.pk}/").status_code == 200


def test_regional_priorities_are_kept_by_the_rc_manager_not_a_consultant(perm_consultant) -> None:
    region = centre_of(perm_consultant).region
    data = {"target_groups": [group("elderly").pk], "basis": "Госпрограмма"}
    assert login(perm_consultant).post(f"/transfers/priorities/{region.pk}/", data).status_code == 403
    assert not RegionalPriority.objects.exists()
    manager = staff(Role.RC_MANAGER, fns_code="59")
    response = login(manager).post(f"/transfers/priorities/{region.pk}/", data)
    assert response.status_code == 302
    assert [(p.region, p.target_group.code, p.basis) for p in RegionalPriority.objects.all()] == [
        (region, "elderly", "Госпрограмма")
    ]


def test_a_manager_of_another_region_cannot_set_priorities() -> None:
    manager = staff(Role.RC_MANAGER, fns_code="86")
    perm = centre_of(staff(fns_code="59")).region
    response = login(manager).post(f"/transfers/priorities/{perm.pk}/", {"target_groups": [group("elderly").pk]})
    assert response.status_code == 403 and not RegionalPriority.objects.exists()


def test_an_outsider_cannot_rate_a_practice_for_an_organization(place) -> None:
    recipient = ngo(place=place)
    practice = PracticeFactory()
    outsider = member(ngo(fns_code="86"))
    data = {"need": 5, "fit": 5, "resources": 5, "capacity": 5}
    assert login(outsider).post(f"/transfers/fit/{practice.pk}/organization/{recipient.pk}/", data).status_code == 404
    assert login(outsider).post(f"/transfers/fit/{practice.pk}/territory/{place.oktmo}/", data).status_code == 403
    assert not FitAssessment.objects.exists()


# ---------------------------------------------------------------- pages that work


def test_the_territory_matches_page_explains_the_score_and_shows_blocking_risks(perm_consultant, place) -> None:
    PracticeFactory(title="Клуб «Серебряный возраст»", groups=("elderly",), evidence_level=0)
    page = login(perm_consultant).get(f"/transfers/matches/territory/{place.oktmo}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Клуб «Серебряный возраст»" in text
    assert "высокая потребность (5)" in text
    assert "Блокирующие риски" in text and "Что заложить в план" in text
    assert "ещё не оценила" in text
    assert "/transfers/fit/" in text and "/transfers/requests/new/" in text


def test_an_unknown_oktmo_is_a_404_page(perm_consultant) -> None:
    assert login(perm_consultant).get("/transfers/matches/territory/12345678/").status_code == 404


def test_the_recipient_team_rates_a_practice_and_the_matches_use_the_average(place) -> None:
    recipient = ngo(place=place)
    practice = PracticeFactory()
    client = login(member(recipient))
    response = client.post(
        f"/transfers/fit/{practice.pk}/organization/{recipient.pk}/",
        {"need": 4, "fit": 3, "resources": 2, "capacity": 5, "comment": "Нет второго специалиста"},
    )
    assert response.status_code == 302 and response.url == f"/transfers/matches/organization/{recipient.pk}/"
    page = client.get(response.url).content.decode()
    assert "оценили в команде: 1" in page and "оценка команды получателя 2 (оценили: 1)" in page


def test_a_rating_out_of_range_is_refused_with_a_message(place) -> None:
    recipient = ngo(place=place)
    practice = PracticeFactory()
    response = login(member(recipient)).post(
        f"/transfers/fit/{practice.pk}/organization/{recipient.pk}/",
        {"need": 7, "fit": 3, "resources": 2, "capacity": 5},
    )
    assert response.status_code == 200 and "Выберите корректный вариант" in response.content.decode()
    assert not FitAssessment.objects.exists()


def test_the_organization_card_and_white_spots_link_to_the_matches(perm_consultant, place) -> None:
    recipient = ngo(place=place)
    client = login(perm_consultant)
    card = client.get(f"/organizations/{recipient.pk}/").content.decode()
    assert f"/transfers/matches/organization/{recipient.pk}/" in card
    spots = client.get(f"/regions/{place.region_id}/white-spots/").content.decode()
    assert f"/transfers/matches/territory/{place.oktmo}/" in spots


def test_an_ngo_member_requests_a_practice_and_the_rc_accepts_it_through_the_pages(perm_consultant, place) -> None:
    recipient = ngo(place=place)
    practice = PracticeFactory()
    ngo_client = login(member(recipient))
    response = ngo_client.post(
        f"/transfers/requests/new/{practice.pk}/",
        {"requester": recipient.pk, "motivation": "Пожилым некуда пойти днём"},
    )
    request = ReplicationRequest.objects.get()
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    assert request.recipient == recipient and request.status == RequestStatus.NEW
    assert ngo_client.post(f"/transfers/requests/{request.pk}/accept/").status_code == 403

    rc = login(perm_consultant)
    assert "Принять и начать трансфер" in rc.get(request.get_absolute_url()).content.decode()
    response = rc.post(f"/transfers/requests/{request.pk}/accept/", {"recipient": recipient.pk, "start": "2026-03-02"})
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response.url == transfer.get_absolute_url()
    page = rc.get(transfer.get_absolute_url()).content.decode()
    assert "Стажировка у наставника" in page
    # 2 March 2026 + 3 working days = 5 March; + 2 more: 6 March, then 9 March is off (8 March fell on a
    # Sunday, ТК РФ ст. 112 ч. 2), so the second step is due on 10 March.
    assert "05.03.2026" in page and "10.03.2026" in page


def test_the_rc_walks_a_transfer_through_fidelity_checks_to_completion_in_the_pages(transfer, perm_consultant) -> None:
    client = login(perm_consultant)
    url = f"/transfers/{transfer.pk}/"
    for _ in range(2):
        client.post(f"{url}stage/")
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ADAPTATION
    client.post(f"{url}stage/")
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ADAPTATION  # no fidelity check yet
    items = list(transfer.fidelity_items.all())
    form = client.get(f"{url}fidelity/")
    assert items[0].title in form.content.decode()
    response = client.post(
        f"{url}fidelity/", {f"item_{items[0].pk}": "as_specified", f"item_{items[1].pk}": "not_implemented"}
    )
    assert response.status_code == 302 and transfer.fidelity_checks.get().index == 50
    client.post(f"{url}stage/")
    transfer.refresh_from_db()
    assert transfer.stage == Stage.PILOT
    detail = client.get(url).content.decode()
    assert "50,0 %" in detail
    records = SupportRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Transfer), source_id=transfer.pk
    )
    assert records.count() == 5  # accepted, three stages passed, one fidelity check


def test_a_fidelity_form_with_a_missing_mark_shows_an_error_and_writes_nothing(transfer, perm_consultant) -> None:
    first = transfer.fidelity_items.first()
    response = login(perm_consultant).post(f"/transfers/{transfer.pk}/fidelity/", {f"item_{first.pk}": "adapted"})
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    assert not transfer.fidelity_checks.exists()


def test_the_list_pages_show_new_requests_to_the_region_only(perm_consultant, ugra_consultant, place) -> None:
    actions.request_create(
        by=perm_consultant, practice=PracticeFactory(title="Соседская помощь"), requester=centre_of(perm_consultant),
        municipality=place, motivation="Нужна",
    )  # fmt: skip
    assert "Соседская помощь" in login(perm_consultant).get("/transfers/").content.decode()
    assert "Соседская помощь" not in login(ugra_consultant).get("/transfers/").content.decode()


def test_the_transfer_list_reads_in_a_fixed_number_of_queries(transfer, perm_consultant, place) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(perm_consultant)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/transfers/").status_code == 200
    for _ in range(3):
        request = actions.request_create(
            by=perm_consultant, practice=PracticeFactory(), requester=centre_of(perm_consultant),
            recipient=ngo(place=place), motivation="Нужна",
        )  # fmt: skip
        actions.request_accept(request=request, by=perm_consultant)
    with CaptureQueriesContext(connection) as four:
        page = client.get("/transfers/").content.decode()
    assert page.count('href="/transfers/') >= 4
    assert len(four.captured_queries) == len(one.captured_queries)
