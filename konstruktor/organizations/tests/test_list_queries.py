"""A list costs the same number of queries whatever its page size: the page and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konstruktor.core.testing import login
from konstruktor.organizations.models import OrganizationStatus
from konstruktor.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["", "опора", "5900"])
def test_api_list_uses_constant_number_of_queries(perm_consultant, q) -> None:  # type: ignore[no-untyped-def]
    orgs = OrganizationFactory.create_batch(60, address="Пермь, ул. Ленина, 1", website="https://example.org")
    for org in orgs[:30]:
        OrganizationStatus.objects.create(organization=org, kind="sonko")
    client = login(perm_consultant)
    counts = []
    for size in (10, 25, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/organizations", {"q": q, "page_size": size})
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == size
        assert results[0]["address"] == "Пермь, ул. Ленина, 1" and results[0]["website"] == "https://example.org"
        counts.append(len(ctx))
    assert counts[0] == counts[1] == counts[2], counts
