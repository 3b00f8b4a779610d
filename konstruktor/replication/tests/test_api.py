"""The matching API: territories by ОКТМО, organizations scoped like their card."""

import pytest

from konstruktor.core.testing import login
from konstruktor.replication.tests.factories import PracticeFactory, member, municipality, ngo, settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():  # type: ignore[no-untyped-def]
    m = municipality("Кишертский муниципальный округ")
    ngo(place=m, groups=("families",), areas=("31.1-20",))
    return m


def test_territory_matches_by_municipality_oktmo_explain_every_factor(perm_consultant, place) -> None:
    practice = PracticeFactory(groups=("elderly",), area_codes=("31.1-01",))

    response = login(perm_consultant).get(f"/api/v1/territories/{place.oktmo}/practice-matches")

    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "municipality" and data["name"] == "Кишертский муниципальный округ"
    assert data["weights"]["need"] == 25 and sum(data["weights"].values()) == 100
    assert data["uses_ratings"] is False and data["candidates"] == 1
    [match] = data["results"]
    assert match["practice_id"] == practice.pk
    need = next(f for f in match["factors"] if f["code"] == "need")
    assert need["score"] == 5 and need["sources"][0]["label"] == "данные платформы"
    assert "0 НКО и 0 СОНКО" in need["explanation"]
    assert next(f for f in match["factors"] if f["code"] == "resources")["score"] is None
    assert match["reasons"][0].startswith("высокая потребность")


def test_territory_matches_by_settlement_oktmo(perm_consultant, place) -> None:
    city = settlement("Кишерть", municipality=place, oktmo="57000000002")
    PracticeFactory()
    data = login(perm_consultant).get(f"/api/v1/territories/{city.oktmo}/practice-matches?limit=1").json()
    assert data["kind"] == "settlement" and data["oktmo"] == "57000000002" and len(data["results"]) == 1


def test_a_blocking_risk_comes_with_its_mitigation(perm_consultant, place) -> None:
    PracticeFactory(evidence_level=0)
    [match] = login(perm_consultant).get(f"/api/v1/territories/{place.oktmo}/practice-matches").json()["results"]
    [risk] = match["blocking_risks"]
    assert risk["factor"] == "evidence" and risk["score"] == 1 and risk["mitigation"]


def test_a_malformed_oktmo_gets_a_russian_422_and_an_unknown_one_404(perm_consultant) -> None:
    client = login(perm_consultant)
    bad = client.get("/api/v1/territories/57-70/practice-matches")
    assert bad.status_code == 422 and "8 цифр" in bad.json()["detail"]
    missing = client.get("/api/v1/territories/99999999/practice-matches")
    assert missing.status_code == 404 and "не найдена" in missing.json()["detail"]


def test_anonymous_requests_are_refused(client, place) -> None:
    assert client.get(f"/api/v1/territories/{place.oktmo}/practice-matches").status_code == 401


def test_organization_matches_are_scoped_like_the_card(perm_consultant, ugra_consultant, place) -> None:
    recipient = ngo(place=place, groups=("elderly",))
    PracticeFactory(groups=("elderly",))

    own = login(perm_consultant).get(f"/api/v1/organizations/{recipient.pk}/practice-matches")
    other = login(ugra_consultant).get(f"/api/v1/organizations/{recipient.pk}/practice-matches")

    assert own.status_code == 200 and own.json()["kind"] == "organization"
    assert own.json()["results"][0]["factors"][1]["sources"][0]["label"] == "профиль организации"
    assert other.status_code == 404


def test_a_member_of_the_organization_sees_its_matches(place) -> None:
    recipient = ngo(place=place)
    PracticeFactory()
    response = login(member(recipient)).get(f"/api/v1/organizations/{recipient.pk}/practice-matches")
    assert response.status_code == 200 and len(response.json()["results"]) == 1
