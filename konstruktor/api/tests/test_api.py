import json

import pytest

from konstruktor.core.identifiers import inn_with_check
from konstruktor.core.models import ApiToken, hash_token
from konstruktor.core.testing import login
from konstruktor.organizations.models import Organization
from konstruktor.organizations.tests.factories import region

pytestmark = pytest.mark.django_db


def test_health_checks_the_database(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_openapi_and_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def _token(user) -> str:  # type: ignore[no-untyped-def]
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name="test", key_hash=hash_token(raw), prefix=raw[:8])
    return raw


def test_token_authentication_and_scoping(client, perm_consultant, perm_org, ugra_org) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {_token(perm_consultant)}"}
    listing = client.get("/api/v1/organizations", headers=headers).json()
    assert {o["id"] for o in listing["results"]} == {perm_org.pk} | {
        o.pk for o in Organization.objects.filter(region=region("59"))
    }
    assert client.get(f"/api/v1/organizations/{ugra_org.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/organizations", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_search_and_filters_match_the_pages(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    found = client.get("/api/v1/organizations", {"q": f"ано {perm_org.short_name.split('«')[1][:-1]}"}).json()
    assert [o["id"] for o in found["results"]] == [perm_org.pk]
    assert client.get("/api/v1/organizations", {"legal_form": "70400"}).json()["count"] == 0


def test_create_validates_and_refuses_duplicates(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    payload = {"full_name": "АНО «Северный ветер»", "region": region("59").pk, "legal_form": "71400",
               "inn": inn_with_check("590400001"), "areas": ["31.1-01"]}  # fmt: skip
    created = client.post("/api/v1/organizations", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["areas"] == ["31.1-01"]
    bad = client.post(
        "/api/v1/organizations",
        json.dumps({**payload, "inn": payload["inn"][:-1] + str((int(payload["inn"][-1]) + 1) % 10)}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "ИНН" in json.dumps(bad.json(), ensure_ascii=False)
    dup = client.post(
        "/api/v1/organizations", json.dumps({**payload, "inn": perm_org.inn}), content_type="application/json"
    )
    assert dup.status_code == 409 and dup.json()["existing_url"].endswith(f"/{perm_org.pk}/")


def test_create_in_another_region_is_refused(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    payload = {"full_name": "АНО «Юг»", "region": region("86").pk, "inn": inn_with_check("860400001")}
    response = login(perm_consultant).post(
        "/api/v1/organizations", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert not Organization.objects.filter(full_name="АНО «Юг»").exists()


def test_patch_changes_only_given_fields(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).patch(
        f"/api/v1/organizations/{perm_org.pk}",
        json.dumps({"website": "opora.example.ru"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    perm_org.refresh_from_db()
    assert perm_org.website == "opora.example.ru" and perm_org.full_name.startswith("Автономная")


def test_regions_endpoint_is_public(client) -> None:  # type: ignore[no-untyped-def]
    regions = client.get("/api/v1/regions", {"programme": True}).json()
    assert len(regions) == 14
