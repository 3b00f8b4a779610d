"""Replication pages run a fixed number of queries, whatever the number of rows."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from konstruktor.core.testing import login
from konstruktor.organizations.models import Organization
from konstruktor.replication import actions
from konstruktor.replication.tests.factories import PracticeFactory, municipality, ngo

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm the per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def centre_of(user: Any) -> Organization:
    return Organization.objects.get(memberships__user=user, kind=Organization.Kind.RESOURCE_CENTRE)


def transfer_and_request(consultant: Any) -> None:
    place = municipality("Кишертский муниципальный округ")
    request = actions.request_create(
        by=consultant,
        practice=PracticeFactory(),
        requester=centre_of(consultant),
        recipient=ngo(place=place, groups=("elderly",)),
        motivation="Нет клубов",
    )
    actions.request_accept(request=request, by=consultant, start=datetime.date(2026, 3, 2))
    actions.request_create(
        by=consultant, practice=PracticeFactory(), requester=centre_of(consultant), municipality=place, motivation="Да"
    )


def test_the_transfer_list_runs_the_same_queries_for_one_transfer_and_for_many(perm_consultant) -> None:
    client = login(perm_consultant)
    transfer_and_request(perm_consultant)
    one = count(client, "/transfers/")
    for _ in range(3):
        transfer_and_request(perm_consultant)
    assert count(client, "/transfers/") == one


def test_the_matches_page_runs_the_same_queries_for_two_practices_and_for_many(perm_consultant) -> None:
    client = login(perm_consultant)
    place = municipality("Октябрьский муниципальный округ")
    PracticeFactory.create_batch(2)
    url = f"/transfers/matches/territory/{place.oktmo}/"
    two = count(client, url)
    PracticeFactory.create_batch(6)
    assert count(client, url) == two


def test_the_practice_page_runs_the_same_queries_for_one_transfer_and_for_many(perm_consultant) -> None:
    client = login(perm_consultant)
    practice = PracticeFactory()

    def transfer() -> None:
        request = actions.request_create(
            by=perm_consultant,
            practice=practice,
            requester=centre_of(perm_consultant),
            recipient=ngo(fns_code="59"),
            motivation="Нужна",
        )
        actions.request_accept(request=request, by=perm_consultant, start=datetime.date(2026, 3, 2))

    transfer()
    one = count(client, f"/practices/{practice.pk}/")
    transfer()
    transfer()
    assert count(client, f"/practices/{practice.pk}/") == one
