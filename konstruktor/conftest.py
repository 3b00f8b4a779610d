import pytest

from konstruktor.core.roles import Role
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    UserFactory,
    region,
    staff,
)


@pytest.fixture
def perm_consultant(db):  # type: ignore[no-untyped-def]
    return staff(Role.RC_CONSULTANT, fns_code="59", username="perm-consultant")


@pytest.fixture
def ugra_consultant(db):  # type: ignore[no-untyped-def]
    return staff(Role.RC_CONSULTANT, fns_code="86", username="ugra-consultant")


@pytest.fixture
def coordinator(db):  # type: ignore[no-untyped-def]
    return staff(Role.FEDERAL_COORDINATOR, fns_code="77", username="coordinator")


@pytest.fixture
def perm_org(db):  # type: ignore[no-untyped-def]
    return OrganizationFactory(region=region("59"))


@pytest.fixture
def ugra_org(db):  # type: ignore[no-untyped-def]
    return OrganizationFactory(region=region("86"))


@pytest.fixture
def anon_user(db):  # type: ignore[no-untyped-def]
    return UserFactory()
