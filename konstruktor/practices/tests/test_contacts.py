"""The leader's contacts are personal data (152-ФЗ): shown outside the organization and the
region's РЦ only with the consent to publication (`contact_public`)."""

import pytest
from django.test import Client

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory, login
from konstruktor.organizations.tests.factories import OrganizationFactory, region
from konstruktor.practices import actions, queries
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.tests.factories import ngo_member, passport, practice, rc_staff

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Лидерова Ольга Петровна", "olga@leader.example", "+7 342 200-30-40"


FORMSETS = ("outcomes", "components", "launch_steps", "materials", "evaluations")


def empty_formsets(*prefixes: str) -> dict[str, str]:
    """The management fields of the passport's inline lists, with no rows."""
    return {f"{p}-{k}": "0" for p in prefixes for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


def with_contacts(*, public: bool = False, status: str = Status.PUBLISHED) -> Practice:
    return practice(status=status, contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE, contact_public=public)


def shows_contacts(client: Client, p: Practice, path: str = "") -> bool:
    html = client.get(f"/practices/{p.pk}/{path}").content.decode()
    return any(value in html for value in (NAME, EMAIL, PHONE))


def test_users_outside_the_organization_and_region_do_not_see_the_contacts_of_a_published_practice() -> None:
    p = with_contacts()
    outsiders = [
        UserFactory(),
        ngo_member(OrganizationFactory(region=region("59"))),
        rc_staff("86"),
        ngo_member(OrganizationFactory(region=region("59")), role=Role.OFFICIAL),
    ]
    for user in outsiders:
        client = login(user)
        assert client.get(f"/practices/{p.pk}/").status_code == 200
        assert not shows_contacts(client, p)
        assert "не давал согласия" in client.get(f"/practices/{p.pk}/").content.decode()


def test_the_organization_and_the_regional_staff_see_the_contacts() -> None:
    p = with_contacts()
    assert p.organization is not None
    for user in (ngo_member(p.organization), rc_staff("59")):
        assert shows_contacts(login(user), p)


def test_with_the_consent_to_publication_every_signed_in_user_sees_the_contacts() -> None:
    p = with_contacts(public=True)
    assert shows_contacts(login(UserFactory()), p)


def test_the_version_diff_leaves_out_the_contacts_for_outsiders_only() -> None:
    p = with_contacts(status=Status.REWORK)
    data = queries.practice_snapshot(p)
    assert data["contact_email"] == EMAIL
    actions.practice_update(
        practice=p,
        by=None,
        passport=passport(organization=p.organization, contact_name=NAME, contact_email="new@leader.example"),
    )
    actions.practice_submit(practice=p, by=None)
    actions.practice_screen(practice=p, by=None, gates={c: (True, "") for c in actions.GATE_CODES})
    actions.practice_record_decision(
        practice=p, category="promising", merit_score=65, readiness_score=3, explanation=[], by=None
    )
    actions.practice_publish(practice=p, by=None)
    path = "versions/diff/?a=1&b=2"
    outsider = login(rc_staff("86")).get(f"/practices/{p.pk}/{path}").content.decode()
    assert "Версия 1 → версия 2" in outsider and EMAIL not in outsider and "new@leader.example" not in outsider
    staff = login(rc_staff("59")).get(f"/practices/{p.pk}/{path}").content.decode()
    assert EMAIL in staff and "new@leader.example" in staff


def test_the_open_catalog_gets_the_contacts_only_with_the_consent() -> None:
    assert queries.practice_public_contact(with_contacts()) is None
    contact = queries.practice_public_contact(with_contacts(public=True))
    assert contact is not None and (contact.name, contact.email, contact.phone) == (NAME, EMAIL, PHONE)


def test_the_consent_is_part_of_the_passport_and_its_versions() -> None:
    p = with_contacts(public=True, status=Status.MODERATION)
    assert p.contact_public
    assert p.versions.get().data["contact_public"] == "да"


def test_the_passport_form_saves_the_consent() -> None:
    staff = rc_staff("59")
    p = practice(status=Status.DRAFT)
    client = login(staff)
    form = client.get(f"/practices/{p.pk}/edit/")
    assert "contact_public" in form.content.decode()
    data = {
        "title": p.title,
        "region": p.region_id,
        "organization_name": "АНО «Опора»",
        "contact_name": NAME,
        "contact_public": "on",
        **empty_formsets(*FORMSETS),
    }
    response = client.post(f"/practices/{p.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    p.refresh_from_db()
    assert p.contact_public and p.contact_name == NAME


def test_the_public_catalog_page_shows_the_leader_only_with_the_consent() -> None:
    hidden, shown = with_contacts(), with_contacts(public=True)
    assert NAME not in Client().get(f"/practices/catalog/{hidden.pk}/").content.decode()
    assert EMAIL in Client().get(f"/practices/catalog/{shown.pk}/").content.decode()
