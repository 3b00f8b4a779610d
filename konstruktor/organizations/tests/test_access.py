"""Access is scoped by role and region; checked from the outside, by URL, API and POST."""

import json

import pytest
from django.urls import reverse

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.models import Membership, Organization
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    UserFactory,
    region,
    staff,
)

pytestmark = pytest.mark.django_db


def test_consultant_of_another_region_gets_404_on_card_edit_and_api(ugra_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(ugra_consultant)
    assert client.get(reverse("organizations:detail", args=[perm_org.pk])).status_code == 404
    assert client.get(reverse("organizations:edit", args=[perm_org.pk])).status_code == 404
    assert client.get(f"/api/v1/organizations/{perm_org.pk}").status_code == 404


def test_consultant_of_another_region_cannot_edit_by_post(ugra_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(ugra_consultant)
    response = client.post(reverse("organizations:edit", args=[perm_org.pk]), {"full_name": "Захвачено"})
    assert response.status_code == 404
    api = client.patch(
        f"/api/v1/organizations/{perm_org.pk}", json.dumps({"full_name": "Захвачено"}), content_type="application/json"
    )
    assert api.status_code == 404
    perm_org.refresh_from_db()
    assert perm_org.full_name != "Захвачено"


def test_consultant_list_shows_only_own_region(perm_consultant, perm_org, ugra_org) -> None:  # type: ignore[no-untyped-def]
    body = login(perm_consultant).get(reverse("organizations:list")).content.decode()
    assert perm_org.short_name in body
    assert ugra_org.short_name not in body
    api = login(perm_consultant).get("/api/v1/organizations").json()
    ids = {o["id"] for o in api["results"]}
    assert perm_org.pk in ids and ugra_org.pk not in ids


def test_coordinator_sees_every_region(coordinator, perm_org, ugra_org) -> None:  # type: ignore[no-untyped-def]
    ids = {o["id"] for o in login(coordinator).get("/api/v1/organizations?page_size=200").json()["results"]}
    assert {perm_org.pk, ugra_org.pk} <= ids


def test_ngo_member_sees_and_edits_only_own_organization(perm_org) -> None:  # type: ignore[no-untyped-def]
    other = OrganizationFactory(region=region("59"))
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    client = login(member)
    assert client.get(reverse("organizations:detail", args=[perm_org.pk])).status_code == 200
    assert client.get(reverse("organizations:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("organizations:new")).status_code == 403


def test_official_reads_region_but_cannot_edit(perm_org) -> None:  # type: ignore[no-untyped-def]
    official = staff(Role.OFFICIAL, fns_code="59")
    client = login(official)
    assert client.get(reverse("organizations:detail", args=[perm_org.pk])).status_code == 200
    assert client.get(reverse("organizations:edit", args=[perm_org.pk])).status_code == 403
    assert client.post(reverse("organizations:edit", args=[perm_org.pk]), {"full_name": "x"}).status_code == 403


def test_anonymous_visitor_is_sent_to_login_and_api_says_401(perm_org, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("organizations:detail", args=[perm_org.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get("/api/v1/organizations").status_code == 401


def test_consultant_cannot_create_organization_in_another_region(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    before = Organization.objects.count()
    response = login(perm_consultant).post(
        reverse("organizations:new"),
        {"kind": "ngo", "full_name": "АНО «Чужая»", "inn": "7707083893", "region": region("86").pk, "state": "active"},
    )
    assert response.status_code == 200  # the form refuses the region choice
    assert "region" in response.context["form"].errors
    assert Organization.objects.count() == before


def test_not_found_page_is_in_russian(ugra_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    response = login(ugra_consultant).get(reverse("organizations:detail", args=[perm_org.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Страница не найдена" in body and perm_org.inn not in body
