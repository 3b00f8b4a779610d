import pytest

from konstruktor.territories.codes import (
    is_group_heading,
    is_subject_code,
    municipality_kind,
    oktmo_pad,
    place_key,
    settlement_kind_from_name,
)
from konstruktor.territories.models import MunicipalityKind


@pytest.mark.parametrize(
    "raw,padded",
    [("1703000001", "01703000001"), ("4630102", "04630102"), ("57701000001", "57701000001"),
     ("57 701 000", "57701000"), (1703000001.0, "01703000001"), ("", "")],
)  # fmt: skip
def test_codes_that_lost_their_leading_zero_are_padded_to_8_or_11_digits(raw: object, padded: str) -> None:
    assert oktmo_pad(raw) == padded


@pytest.mark.parametrize(
    "code,name,kind",
    [
        ("57701000", "", MunicipalityKind.URBAN_OKRUG),
        ("01602000", "", MunicipalityKind.MUNICIPAL_DISTRICT),
        ("01502000", "", MunicipalityKind.MUNICIPAL_OKRUG),
        ("45301000", "", MunicipalityKind.INTRACITY_TERRITORY),
        ("18645101", "", MunicipalityKind.URBAN_SETTLEMENT),
        ("18645404", "", MunicipalityKind.RURAL_SETTLEMENT),
        ("98616701", "", MunicipalityKind.INTER_SETTLEMENT),
        ("71826000", "Сургутский муниципальный район", MunicipalityKind.MUNICIPAL_DISTRICT),
        ("71876000", "город Сургут", MunicipalityKind.URBAN_OKRUG),
        ("71876000", "", MunicipalityKind.OTHER),
        ("75701000", "Челябинский городской округ с внутригородским делением", MunicipalityKind.URBAN_OKRUG_DIVIDED),
    ],
)
def test_kind_comes_from_the_official_name_or_oktmo_digits_3_and_6(code: str, name: str, kind: str) -> None:
    assert municipality_kind(code, name) == kind


def test_subject_codes_and_group_headings_are_not_municipalities() -> None:
    assert is_subject_code("01000000") and is_subject_code("71800000") and is_subject_code("45000000")
    assert not is_subject_code("57701000")
    assert is_group_heading("01600000") and is_group_heading("01610100")
    assert not is_group_heading("01610101") and not is_group_heading("57701000")


def test_place_names_meet_on_one_key_whatever_the_spelling() -> None:
    assert place_key("г. Ростов-на-Дону") == place_key("Ростов на Дону") == "ростов на дону"
    assert place_key("пгт Октябрьский") == "октябрьский"
    assert place_key("Орёл") == place_key("ОРЕЛ")
    assert settlement_kind_from_name("пгт Уральский") == ("посёлок городского типа", "Уральский")
    assert settlement_kind_from_name("ст-ца Крыловская") == ("станица", "Крыловская")
    assert settlement_kind_from_name("Пермь") == ("", "Пермь")
