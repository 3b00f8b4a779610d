"""A package an NGO member generates for their own organization counts as the region's РЦ support."""

import pytest
from django.contrib.contenttypes.models import ContentType

from konstruktor.core.roles import Role
from konstruktor.documents.actions import draft_create, draft_save, package_generate
from konstruktor.documents.models import GeneratedPackage
from konstruktor.documents.tests.factories import ano_answers, installed
from konstruktor.organizations.actions import support_record_create
from konstruktor.organizations.errors import AccessDenied
from konstruktor.organizations.models import Membership, Organization, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, ResourceCentreFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano():  # type: ignore[no-untyped-def]
    return installed("ano-registration")


def member_of(organization: Organization):  # type: ignore[no-untyped-def]
    user = UserFactory()
    Membership.objects.create(user=user, organization=organization, role=Role.NGO_MEMBER)
    return user


def generate(ano, organization, by):  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=organization, by=by)
    draft_save(draft=draft, by=by, answers=ano_answers())
    return draft, package_generate(draft=draft, by=by)


def test_an_ngo_members_own_package_is_recorded_as_support_of_the_regions_centre(perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    centre = ResourceCentreFactory(region=region("59"))
    ResourceCentreFactory(region=region("86"))  # another region's РЦ is never the provider
    member = member_of(perm_org)

    draft, first = generate(ano, perm_org, member)
    package_generate(draft=draft, by=member)  # the same day: the same act of support

    record = SupportRecord.objects.get()
    assert (record.provider, record.recipient, record.created_by) == (centre, perm_org, member)
    assert (record.service, record.form) == ("documents", "methodical")
    assert record.source_type == ContentType.objects.get_for_model(GeneratedPackage) and record.source_id == first.pk
    assert record.source_label.startswith(
        "Записано платформой от имени РЦ: пакет сформировал представитель НКО в конструкторе документов"
    )
    assert "Регистрация автономной некоммерческой организации" in record.description


def test_no_record_when_the_members_region_has_no_resource_centre(ano) -> None:  # type: ignore[no-untyped-def]
    ResourceCentreFactory(region=region("59"))
    ugra_ngo = OrganizationFactory(region=region("86"))
    member = member_of(ugra_ngo)

    _, generated = generate(ano, ugra_ngo, member)

    assert generated.number == 1
    assert not SupportRecord.objects.exists()


def test_staff_generation_still_goes_through_the_staff_path(perm_consultant, perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    generate(ano, perm_org, perm_consultant)

    record = SupportRecord.objects.get()
    assert record.provider == Membership.objects.get(user=perm_consultant).organization
    assert record.created_by == perm_consultant
    assert not record.source_label.startswith("Записано платформой")


def test_the_ngo_member_cannot_record_the_same_support_through_the_staff_path(perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    centre = ResourceCentreFactory(region=region("59"))
    member = member_of(perm_org)
    _, generated = generate(ano, perm_org, member)

    with pytest.raises(AccessDenied):
        support_record_create(
            by=member,
            provider=centre,
            recipient=perm_org,
            date=generated.created_at.date(),
            form="methodical",
            service="documents",
            description="Ещё одна запись",
            source=generated,
        )
    assert SupportRecord.objects.count() == 1
