from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.territories.actions import territories_demo_load, white_spot_settings_update
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.models import Municipality, Settlement, WhiteSpotSettings
from konstruktor.territories.tests.helpers import municipality, organization, region, settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def perm_city() -> Municipality:
    perm = region("59")
    city = municipality("57701000", "Пермский городской округ", region=perm, population=20000, is_demo=True)
    town = settlement("Пермь", region=perm, oktmo="57701000001", municipality=city, population=19000)
    organization(region=perm, municipality_ref=city, settlement=town)
    return city


def test_anonymous_visitors_read_the_region_page_without_registry_links(client, perm_city) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("territories:white_spots", args=[region("59").pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Пермский городской округ" in html and 'id="m-' in html
    assert "демонстрационные данные" in html
    assert "municipality_ref=" not in html
    assert "целевым группам" in html


def test_staff_get_links_to_the_organizations_behind_each_number(perm_consultant, perm_city) -> None:  # type: ignore[no-untyped-def]
    html = login(perm_consultant).get(reverse("territories:white_spots", args=[region("59").pk])).content.decode()
    assert f"municipality_ref={perm_city.pk}" in html
    assert "status=sonko" in html


def test_sorting_is_done_by_the_server(client, perm_city) -> None:  # type: ignore[no-untyped-def]
    perm = region("59")
    municipality("57708000", "Березниковский городской округ", region=perm, population=140000)
    url = reverse("territories:white_spots", args=[perm.pk])

    def table(query: str) -> str:
        html = client.get(url + query).content.decode()
        return html[html.index('<table class="white-spots"') :]

    html = table("?sort=population&dir=desc")
    assert html.index("Березниковский") < html.index("Пермский городской округ")
    html = table("?sort=population&dir=asc")
    assert html.index("Пермский городской округ") < html.index("Березниковский")
    assert client.get(url + "?sort=nonsense&level=settlement").status_code == 200


def test_exports_hold_the_same_table(client, perm_city) -> None:  # type: ignore[no-untyped-def]
    pk = region("59").pk
    response = client.get(reverse("territories:white_spots_export", args=[pk, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Пермский край;57701000;Пермский городской округ" in text and "демонстрационные" in text.lower()
    xlsx = client.get(reverse("territories:white_spots_export", args=[pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("territories:white_spots_subjects_export", args=["csv"])).status_code == 200
    assert client.get(reverse("territories:white_spots_export", args=[pk, "pdf"])).status_code == 404


def test_subjects_page_is_public_and_links_each_subject(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("territories:white_spots_subjects"))
    assert response.status_code == 200
    assert reverse("territories:white_spots", args=[region("86").pk]) in response.content.decode()


def test_api_returns_the_same_figures_to_anonymous_clients(client, perm_city) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/territories/white-spots?region=57").json()
    assert data["region"]["name"] == "Пермский край" and data["level"] == "municipality"
    (row,) = data["territories"]
    assert (row["name"], row["ngo_count"], row["ngo_per_10k"], row["population_is_demo"]) == (
        "Пермский городской округ", 1, 0.5, True,
    )  # fmt: skip
    towns = client.get("/api/v1/territories/white-spots?region=57&level=settlement").json()["territories"]
    assert [t["name"] for t in towns] == ["Пермь"]


def test_api_tells_tyumen_oblast_from_its_okrugs(client) -> None:  # type: ignore[no-untyped-def]
    def name(query: str) -> str:
        return client.get(f"/api/v1/territories/white-spots?{query}").json()["region"]["name"]

    assert name("region=71") == "Тюменская область"
    assert name("region=718") == "Ханты-Мансийский автономный округ — Югра"
    assert name("fns=86") == "Ханты-Мансийский автономный округ — Югра"
    assert name("region=719") == "Ямало-Ненецкий автономный округ"
    assert name("region=11") == "Архангельская область"
    assert name("region=118") == "Ненецкий автономный округ"


def test_api_refuses_unknown_subjects_and_parameters(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/territories/white-spots?region=98765").status_code == 404
    assert client.get("/api/v1/territories/white-spots?region=57&level=city").status_code == 422
    assert client.get("/api/v1/territories/white-spots?region=57&area=nope").status_code == 422
    assert client.get("/api/v1/territories/white-spots").status_code == 422
    assert client.get("/api/v1/territories/white-spots/subjects").status_code == 200


def test_only_the_federal_coordinator_sets_thresholds(client, perm_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    url = reverse("territories:thresholds")
    assert client.get(url).status_code == 302
    assert login(perm_consultant).get(url).status_code == 403
    assert login(perm_consultant).post(url, {"low_density_per_10k": "1", "min_population": "10"}).status_code == 403
    assert not WhiteSpotSettings.objects.exists()
    with pytest.raises(TerritoryError):
        white_spot_settings_update(by=perm_consultant, low_density_per_10k=1, min_population=10)  # type: ignore[arg-type]
    response = login(coordinator).post(url, {"low_density_per_10k": "2.5", "min_population": "500"}, follow=True)
    assert "Пороги сохранены" in response.content.decode()
    saved = WhiteSpotSettings.objects.get()
    assert (str(saved.low_density_per_10k), saved.min_population, saved.updated_by) == ("2.50", 500, coordinator)


def test_a_negative_threshold_is_refused_and_nothing_is_written(coordinator) -> None:  # type: ignore[no-untyped-def]
    response = login(coordinator).post(
        reverse("territories:thresholds"), {"low_density_per_10k": "-1", "min_population": "500"}
    )
    assert response.status_code == 200
    assert not WhiteSpotSettings.objects.exists()


def test_demo_territories_load_once_and_never_overwrite_real_figures() -> None:
    territories_demo_load(write=lambda _: None)
    counts = (Municipality.objects.count(), Settlement.objects.count())
    assert counts[0] > 40 and counts[1] > 40
    for fns in ("59", "86", "54"):
        assert Settlement.objects.filter(region__fns_code=fns).exists()
    # Town figures are Rosstat's; municipal and subject ones are marked as demonstration data.
    assert not Settlement.objects.filter(is_demo=True).exists()
    assert Settlement.objects.get(oktmo="57701000001").population_year == 2020
    assert Municipality.objects.filter(population__isnull=False, is_demo=False).count() == 0
    assert region("59").population_is_demo
    perm = Municipality.objects.get(oktmo="57701000")
    perm.population, perm.is_demo, perm.population_year = 1034002, False, 2024
    perm.save()
    report = territories_demo_load(write=lambda _: None)
    assert report.created == 0 and (Municipality.objects.count(), Settlement.objects.count()) == counts
    perm.refresh_from_db()
    assert (perm.population, perm.is_demo) == (1034002, False)


def test_link_command_links_organizations_and_reports_the_rest(perm_city) -> None:  # type: ignore[no-untyped-def]
    perm = region("59")
    linked = organization(
        region=perm, municipality="г. Пермь", address="614000, Пермский край, г. Пермь, ул. Ленина, 1"
    )
    lost = organization(region=perm, address="Пермский край, д. Нигдейка")
    out = StringIO()
    call_command("link_territories", stdout=out)
    linked.refresh_from_db()
    assert linked.settlement.name == "Пермь" and linked.municipality_ref == perm_city
    assert f"№{lost.pk}: Пермский край, д. Нигдейка" in out.getvalue()
    assert "привязано: 1" in out.getvalue()


def test_the_card_shows_the_link_and_the_form_sets_it_by_hand(perm_consultant, perm_city) -> None:  # type: ignore[no-untyped-def]
    perm = region("59")
    berezniki = municipality("57708000", "Березниковский городской округ", region=perm)
    org = organization(region=perm, inn="5902290635", full_name="АНО «Берег»")
    client = login(perm_consultant)
    edit = client.get(reverse("organizations:edit", args=[org.pk])).content.decode()
    assert "Березниковский городской округ" in edit and "Пермь" in edit
    data = {
        "kind": "ngo", "full_name": "АНО «Берег»", "inn": "5902290635", "state": "active", "region": perm.pk,
        "municipality_ref": berezniki.pk, "settlement": "",
    }  # fmt: skip
    response = client.post(reverse("organizations:edit", args=[org.pk]), data, follow=True)
    assert response.status_code == 200
    org.refresh_from_db()
    assert org.municipality_ref == berezniki and org.settlement is None
    card = client.get(reverse("organizations:detail", args=[org.pk])).content.decode()
    assert f"#m-{berezniki.pk}" in card


def test_a_settlement_outside_the_chosen_municipality_is_refused(perm_consultant, perm_city) -> None:  # type: ignore[no-untyped-def]
    perm = region("59")
    berezniki = municipality("57708000", "Березниковский городской округ", region=perm)
    org = organization(region=perm, inn="5902290635", full_name="АНО «Берег»")
    data = {
        "kind": "ngo", "full_name": "АНО «Берег»", "inn": "5902290635", "state": "active", "region": perm.pk,
        "municipality_ref": berezniki.pk, "settlement": Settlement.objects.get(name="Пермь").pk,
    }  # fmt: skip
    response = login(perm_consultant).post(reverse("organizations:edit", args=[org.pk]), data)
    assert "не входит в выбранное" in response.content.decode()
    org.refresh_from_db()
    assert org.municipality_ref is None


def test_an_api_client_that_does_not_send_the_links_keeps_them(perm_consultant, perm_city) -> None:  # type: ignore[no-untyped-def]
    perm = region("59")
    org = organization(region=perm, inn="5902290635", full_name="АНО «Берег»", municipality_ref=perm_city)
    response = login(perm_consultant).patch(
        f"/api/v1/organizations/{org.pk}", {"phone": "+7 342 200-00-00"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert (org.phone, org.municipality_ref) == ("+7 342 200-00-00", perm_city)
