"""Bad input on the replication pages gets a Russian message and writes nothing."""

import datetime
from typing import Any

import pytest

from konstruktor.core.testing import login
from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory
from konstruktor.replication import actions
from konstruktor.replication.errors import ReplicationError
from konstruktor.replication.models import ReplicationRequest, RequestStatus, Transfer
from konstruktor.replication.tests.factories import PracticeFactory, municipality, ngo, region

pytestmark = pytest.mark.django_db


def centre_of(user: Any) -> Organization:
    return Organization.objects.get(memberships__user=user, kind=Organization.Kind.RESOURCE_CENTRE)


@pytest.fixture
def territory_request(perm_consultant):  # type: ignore[no-untyped-def]
    return actions.request_create(
        by=perm_consultant,
        practice=PracticeFactory(),
        requester=centre_of(perm_consultant),
        municipality=municipality("Кишертский муниципальный округ"),
        motivation="Нет клубов для пожилых",
    )


def test_a_request_cannot_be_accepted_for_an_authority_or_a_resource_centre(perm_consultant, territory_request) -> None:
    authority = OrganizationFactory(region=region("59"), kind=Organization.Kind.AUTHORITY)
    client = login(perm_consultant)
    for wrong in (authority, centre_of(perm_consultant)):
        response = client.post(
            f"/transfers/requests/{territory_request.pk}/accept/", {"recipient": wrong.pk}, follow=True
        )
        assert "НКО или инициативная группа" in response.content.decode()
    territory_request.refresh_from_db()
    assert territory_request.status == RequestStatus.NEW and not Transfer.objects.exists()
    assert not SupportRecord.objects.exists()


def test_the_action_refuses_a_recipient_that_is_not_an_ngo(perm_consultant, territory_request) -> None:
    authority = OrganizationFactory(region=region("59"), kind=Organization.Kind.AUTHORITY)
    with pytest.raises(ReplicationError, match="НКО или инициативная группа"):
        actions.request_accept(request=territory_request, by=perm_consultant, recipient=authority)
    with pytest.raises(ReplicationError, match="НКО или инициативная группа"):
        actions.request_create(
            by=perm_consultant,
            practice=PracticeFactory(),
            requester=centre_of(perm_consultant),
            recipient=authority,
            motivation="Нужна",
        )
    assert ReplicationRequest.objects.count() == 1


def test_an_ngo_recipient_of_the_region_is_accepted(perm_consultant, territory_request) -> None:
    recipient = ngo(fns_code="59")
    transfer = actions.request_accept(
        request=territory_request, by=perm_consultant, recipient=recipient, start=datetime.date(2026, 3, 2)
    )
    assert transfer.recipient == recipient


def test_declining_without_a_reason_is_refused_on_the_page(perm_consultant, territory_request) -> None:
    response = login(perm_consultant).post(
        f"/transfers/requests/{territory_request.pk}/decline/", {"comment": ""}, follow=True
    )
    assert "Напишите причину отказа" in response.content.decode()
    territory_request.refresh_from_db()
    assert territory_request.status == RequestStatus.NEW
