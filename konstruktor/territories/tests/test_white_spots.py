import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konstruktor.territories.models import MunicipalityKind, WhiteSpotSettings
from konstruktor.territories.queries import white_spots, white_spots_subjects
from konstruktor.territories.tests.helpers import area, municipality, organization, region, settlement, sonko_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def perm_world() -> dict[str, object]:
    """Пермский край: the city okrug of Пермь (20 000 people, 3 NGOs, 1 СОНКО) and a district with
    a поселение (5 000 people, 1 NGO linked to the поселение), and an empty okrug (2 000 people)."""
    perm = region("59")
    city = municipality("57701000", "Пермский городской округ", region=perm, population=20000, population_year=2024)
    district = municipality(
        "57656000", "Чердынский район", region=perm, kind=MunicipalityKind.MUNICIPAL_DISTRICT, population=5000
    )
    poselenie = municipality(
        "57656101",
        "Чердынское городское поселение",
        region=perm,
        kind=MunicipalityKind.URBAN_SETTLEMENT,
        parent=district,
    )
    empty = municipality("57712000", "Верещагинский городской округ", region=perm, population=2000)
    town = settlement("Пермь", region=perm, oktmo="57701000001", municipality=city, population=19000)
    social, kids = area("31.1-01"), area("31.1-09")
    a = organization(region=perm, municipality_ref=city, settlement=town)
    a.areas.set([social, kids])
    b = organization(region=perm, municipality_ref=city, settlement=town)
    b.areas.set([social])
    organization(region=perm, municipality_ref=city, settlement=town)
    sonko_status(a)
    sonko_status(b, until=datetime.date(2020, 1, 1))  # expired: not a СОНКО today
    organization(region=perm, municipality_ref=city, state="liquidated")  # not counted
    organization(region=perm, municipality_ref=city, kind="resource_centre")  # not an NGO of the registry count
    organization(region=perm, municipality_ref=poselenie)
    organization(region=perm)  # not linked
    return {"city": city, "district": district, "empty": empty, "town": town, "social": social}


def _by_name(rows: list) -> dict:  # type: ignore[type-arg]
    return {r.name: r for r in rows}


def test_counts_density_flags_and_rank_per_municipality(perm_world: dict) -> None:  # type: ignore[type-arg]
    rows = _by_name(white_spots(region=region("59")))
    assert set(rows) == {"Пермский городской округ", "Чердынский район", "Верещагинский городской округ"}
    city = rows["Пермский городской округ"]
    assert (city.ngo_count, city.sonko_count, city.ngo_per_10k, city.sonko_per_10k) == (3, 1, 1.5, 0.5)
    assert city.per_area == {perm_world["social"].pk: 2, area("31.1-09").pk: 1}  # type: ignore[attr-defined]
    district = rows["Чердынский район"]  # the NGO of its поселение counts here
    assert (district.ngo_count, district.ngo_per_10k, district.flags) == (1, 2.0, ("no_sonko", "low_density"))
    empty = rows["Верещагинский городской округ"]
    assert (empty.ngo_count, empty.flags) == (0, ("no_ngo", "no_sonko"))
    # Rank 1 is the lowest density.
    assert (empty.rank, city.rank, district.rank) == (1, 2, 3)


def test_thresholds_set_by_the_coordinator_change_the_flags(perm_world: dict) -> None:  # type: ignore[type-arg]
    WhiteSpotSettings.objects.create(low_density_per_10k=Decimal("1.0"), min_population=3000)
    rows = _by_name(white_spots(region=region("59")))
    assert rows["Чердынский район"].flags == ("no_sonko",)  # 2 per 10 000 is no longer low
    assert rows["Верещагинский городской округ"].flags == ()  # 2 000 people: below the minimum


def test_area_filter_counts_only_organizations_of_that_area(perm_world: dict) -> None:  # type: ignore[type-arg]
    social = perm_world["social"]
    rows = _by_name(white_spots(region=region("59"), area=social.pk))  # type: ignore[attr-defined]
    city = rows["Пермский городской округ"]
    assert (city.ngo_count, city.sonko_count, city.per_area) == (2, 1, {social.pk: 2})  # type: ignore[attr-defined]
    assert rows["Чердынский район"].ngo_count == 0


def test_settlement_level(perm_world: dict) -> None:  # type: ignore[type-arg]
    (town,) = white_spots(region=region("59"), level="settlement")
    assert (town.name, town.ngo_count, town.sonko_count, town.population, town.parent_name) == (
        "Пермь", 3, 1, 19000, "Пермский городской округ",
    )  # fmt: skip


def test_subject_level_counts_by_the_organizations_own_subject(perm_world: dict) -> None:  # type: ignore[type-arg]
    perm = region("59")
    perm.population = 100000
    perm.save()
    rows = {r.id: r for r in white_spots_subjects()}
    assert len(rows) == 89
    assert (rows[perm.pk].ngo_count, rows[perm.pk].sonko_count, rows[perm.pk].ngo_per_10k) == (5, 1, 0.5)
    assert rows[region("77").pk].ngo_per_10k is None and rows[region("77").pk].rank is None
    assert rows[perm.pk].rank == 1


def test_tyumen_oblast_and_its_okrugs_are_counted_apart() -> None:
    tyumen, ugra = region("72"), region("86")
    tyumen_go = municipality("71701000", "г. Тюмень", region=tyumen)
    surgut_go = municipality("71876000", "г. Сургут", region=ugra)
    organization(region=tyumen, municipality_ref=tyumen_go)
    organization(region=tyumen, municipality_ref=surgut_go)  # registered «in Тюменская область», lives in Сургут
    assert [(r.name, r.ngo_count) for r in white_spots(region=tyumen)] == [("г. Тюмень", 1)]
    assert [(r.name, r.ngo_count) for r in white_spots(region=ugra)] == [("г. Сургут", 1)]


def test_the_number_of_queries_does_not_grow_with_territories_or_organizations(perm_world: dict) -> None:  # type: ignore[type-arg]
    perm = region("59")
    with CaptureQueriesContext(connection) as few:
        white_spots(region=perm)
    for i in range(30):
        m = municipality(f"57{800 + i:03d}000", f"Округ {i}", region=perm, population=1000 + i)
        organization(region=perm, municipality_ref=m)
    with CaptureQueriesContext(connection) as many:
        white_spots(region=perm)
    assert len(many) == len(few) <= 8
