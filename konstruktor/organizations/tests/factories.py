"""factory_boy factories for the registry; identifiers get valid check digits."""

import factory

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.organizations.models import LegalForm, Membership, Organization, SupportRecord
from konstruktor.organizations.queries import organization_search_text
from konstruktor.territories.models import Region


def region(fns_code: str) -> Region:
    return Region.objects.get(fns_code=fns_code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = Organization.Kind.NGO
    full_name = factory.Sequence(lambda n: f"Автономная некоммерческая организация «Опора {n}»")
    short_name = factory.Sequence(lambda n: f"АНО «Опора {n}»")
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(okopf="71400"))
    region = factory.LazyFunction(lambda: region("59"))
    inn = factory.Sequence(lambda n: inn_with_check(f"59{n % 10**7:07d}"))
    ogrn = factory.Sequence(lambda n: ogrn_with_check(f"11559{n % 10**7:07d}"))
    search_text = factory.LazyAttribute(
        lambda o: organization_search_text(full_name=o.full_name, short_name=o.short_name, legal_form=o.legal_form)
    )


class ResourceCentreFactory(OrganizationFactory):
    kind = Organization.Kind.RESOURCE_CENTRE
    full_name = factory.Sequence(lambda n: f"Автономная некоммерческая организация «Ресурсный центр {n}»")
    short_name = factory.Sequence(lambda n: f"АНО «РЦ {n}»")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(ResourceCentreFactory)
    role = Role.RC_CONSULTANT


class SupportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRecord

    provider = factory.SubFactory(ResourceCentreFactory)
    recipient = factory.SubFactory(OrganizationFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    form = "consultation"
    service = "consultation"
    description = "Консультация по регистрации изменений в устав"


def staff(role: str = Role.RC_CONSULTANT, *, fns_code: str = "59", username: str | None = None):  # type: ignore[no-untyped-def]
    """A user with a role in a РЦ of the given region."""
    centre = ResourceCentreFactory(region=region(fns_code))
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, organization=centre, role=role)
    return user
