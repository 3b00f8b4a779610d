"""The pages a user starts at lead to selection and replication: navigation and the practice page."""

import datetime

import pytest
from django.test import Client

from konstruktor.core.testing import UserFactory, login
from konstruktor.organizations.models import Organization
from konstruktor.replication import actions
from konstruktor.replication.tests.factories import PracticeFactory, member, ngo

pytestmark = pytest.mark.django_db


def test_visitors_find_the_published_results_of_the_calls_in_the_navigation() -> None:
    html = Client().get("/practices/catalog/").content.decode()
    assert 'href="/expertise/results/"' in html


def test_an_ngo_member_sends_a_replication_request_from_the_practice_page() -> None:
    practice = PracticeFactory()
    requester = member(ngo(fns_code="59"))
    html = login(requester).get(f"/practices/{practice.pk}/").content.decode()
    assert f"/transfers/requests/new/{practice.pk}/" in html
    # A signed-in user with no organization to ask for has no such link.
    assert (
        f"/transfers/requests/new/{practice.pk}/"
        not in login(UserFactory()).get(f"/practices/{practice.pk}/").content.decode()
    )


def test_the_practice_page_links_the_transfer_to_its_participants_only(perm_consultant, ugra_consultant) -> None:
    practice = PracticeFactory()
    centre = Organization.objects.get(memberships__user=perm_consultant, kind=Organization.Kind.RESOURCE_CENTRE)
    request = actions.request_create(
        by=perm_consultant, practice=practice, requester=centre, recipient=ngo(fns_code="59"), motivation="Нужна"
    )
    transfer = actions.request_accept(request=request, by=perm_consultant, start=datetime.date(2026, 3, 2))
    assert transfer.get_absolute_url() in login(perm_consultant).get(f"/practices/{practice.pk}/").content.decode()
    assert transfer.get_absolute_url() not in login(ugra_consultant).get(f"/practices/{practice.pk}/").content.decode()
