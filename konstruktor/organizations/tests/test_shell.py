"""The platform shell: navigation from the module registry, demo data, back office."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from konstruktor.core import registry
from konstruktor.core.access import scope_for
from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.models import Membership, Organization, SupportRecord

pytestmark = pytest.mark.django_db


def test_anonymous_navigation_shows_only_public_pages(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get(reverse("home")).content.decode()
    assert reverse("territories:regions") in body
    assert reverse("organizations:list") not in body


def test_every_navigation_link_resolves_for_every_role(perm_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    for user in (perm_consultant, coordinator):
        client = login(user)
        for item in registry.nav_items(scope_for(user)):
            assert client.get(reverse(item.url_name), follow=True).status_code == 200, item.url_name


def test_home_search_finds_organizations_in_scope(perm_consultant, perm_org, ugra_org) -> None:  # type: ignore[no-untyped-def]
    body = login(perm_consultant).get(reverse("home"), {"q": perm_org.short_name}).content.decode()
    assert perm_org.get_absolute_url() in body
    assert ugra_org.get_absolute_url() not in body


def test_seed_demo_is_deterministic_and_idempotent() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Organization.objects.count(), SupportRecord.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (Organization.objects.count(), SupportRecord.objects.count(), Membership.objects.count())
    assert counts[0] >= 150
    assert Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE).count() >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Organization.objects.values("legal_form").distinct().count() >= 6


def test_indicator_counts_unique_supported_organizations(perm_org) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.organizations.tests.factories import SupportRecordFactory

    SupportRecordFactory.create_batch(3, recipient=perm_org)
    SupportRecordFactory()
    indicator = next(i for i in registry.indicators() if i.code == "ngos_supported")
    assert indicator.compute() == 2


def test_coordinator_uses_the_back_office(perm_org) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.core.testing import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client = login(admin_user)
    assert client.get("/admin/organizations/organization/").status_code == 200
    assert client.get(f"/admin/organizations/organization/{perm_org.pk}/change/").status_code == 200
