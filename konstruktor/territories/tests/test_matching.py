import pytest

from konstruktor.territories.models import MunicipalityKind
from konstruktor.territories.queries import settlement_match
from konstruktor.territories.tests.helpers import municipality, region, settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> dict[str, object]:
    chel, altai, adygea, tyumen, yamal = region("74"), region("22"), region("01"), region("72"), region("89")
    chel_go = municipality("75701000", "Челябинский городской округ", region=chel)
    kopeysk_go = municipality("75728000", "Копейский городской округ", region=chel)
    barnaul_go = municipality("01701000", "г. Барнаул", region=altai)
    kstovo = municipality("01610000", "Кстовский район", region=altai, kind=MunicipalityKind.MUNICIPAL_DISTRICT)
    return {
        "chelyabinsk": settlement("Челябинск", region=chel, oktmo="75701000001", municipality=chel_go),
        "kopeysk": settlement("Копейск", region=chel, oktmo="75728000001", municipality=kopeysk_go),
        "barnaul": settlement("Барнаул", region=altai, oktmo="01701000001", municipality=barnaul_go),
        "kstovo_district": kstovo,
        "maykop": settlement("Майкоп", region=adygea, oktmo="79701000001"),
        "rostov": settlement("Ростов-на-Дону", region=region("61"), oktmo="60701000001"),
        "orel": settlement("Орёл", region=region("57"), oktmo="54701000001"),
        "tyumen": settlement("Тюмень", region=tyumen, oktmo="71701000001"),
        "salekhard": settlement("Салехард", region=yamal, oktmo="71951000001"),
        "lenina": settlement("Ленинск", region=chel, oktmo="75000000099"),
    }


@pytest.mark.parametrize(
    "fns,text,expected",
    [
        ("74", "Челябинская область, Челябинск, Центральный", "chelyabinsk"),
        ("22", "656059, Алтайский край, г. Барнаул, ул.Партизанская, д. 69", "barnaul"),
        ("01", "г Майкоп", "maykop"),
        ("01", "385000,\xa0Республика Адыгея,\xa0г.\xa0Майкоп", "maykop"),
        ("61", "г. Ростов-на-Дону, пр. Ворошиловский", "rostov"),
        ("57", "г. ОРЕЛ", "orel"),
        ("74", "Челябинская обл., город Копейск, ул. Челябинская", "kopeysk"),
        # Registers name the parent region for towns of autonomous okrugs.
        ("72", "Тюменская область, Салехард", "salekhard"),
    ],
)
def test_a_town_is_found_in_an_address_or_place_name(places: dict, fns: str, text: str, expected: str) -> None:  # type: ignore[type-arg]
    found = settlement_match(region_id=region(fns).pk, text=text)
    assert found is not None
    assert found.settlement_id == places[expected].pk  # type: ignore[attr-defined]


def test_the_municipality_comes_with_the_town(places: dict) -> None:  # type: ignore[type-arg]
    found = settlement_match(region_id=region("74").pk, text="г Челябинск")
    assert found is not None and found.municipality_id == places["chelyabinsk"].municipality_id  # type: ignore[attr-defined]


def test_a_street_named_after_a_town_is_not_a_town(places: dict) -> None:  # type: ignore[type-arg]
    assert settlement_match(region_id=region("74").pk, text="г. Миасс, ул. Челябинск, д. 1") is None
    found = settlement_match(region_id=region("74").pk, text="г. Копейск, ул. Челябинск")
    assert found is not None and found.settlement_id == places["kopeysk"].pk  # type: ignore[attr-defined]


def test_a_district_is_found_when_no_town_is_named(places: dict) -> None:  # type: ignore[type-arg]
    found = settlement_match(region_id=region("22").pk, text="Алтайский край, Кстовский район, с Берёзовка")
    assert found is not None
    assert (found.settlement_id, found.municipality_id) == (None, places["kstovo_district"].pk)  # type: ignore[attr-defined]


def test_a_town_of_another_subject_is_not_matched(places: dict) -> None:  # type: ignore[type-arg]
    assert settlement_match(region_id=region("59").pk, text="г. Челябинск") is None
    assert settlement_match(region_id=region("74").pk, text="") is None
    assert settlement_match(region_id=region("74").pk, text="Челябинская область, с Кременкуль") is None


def test_the_index_follows_changes_of_the_reference(places: dict) -> None:  # type: ignore[type-arg]
    assert settlement_match(region_id=region("74").pk, text="г. Миасс") is None
    miass = settlement("Миасс", region=region("74"), oktmo="75742000001")
    found = settlement_match(region_id=region("74").pk, text="г. Миасс")
    assert found is not None and found.settlement_id == miass.pk
