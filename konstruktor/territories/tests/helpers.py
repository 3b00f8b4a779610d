"""Test helpers. `territories` must not import the organizations app, its tests included (the
import-linter contract covers them): organizations are made through the app registry."""

import csv
import datetime
from pathlib import Path
from typing import Any

from django.apps import apps

from konstruktor.territories.models import Municipality, MunicipalityKind, Region, Settlement

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = (REPO_ROOT / ".." / "shared" / "data").resolve()
TERRITORIES = SHARED / "territories"
ORGANIZATIONS = SHARED / "organizations"


def region(fns: str) -> Region:
    return Region.objects.get(fns_code=fns)


def model(name: str) -> Any:
    return apps.get_model("organizations", name)


def organization(*, region: Region, **fields: Any) -> Any:
    defaults: dict[str, Any] = {"kind": "ngo", "state": "active", "full_name": "АНО «Опора»"}
    return model("Organization").objects.create(region=region, **{**defaults, **fields})


def sonko_status(org: Any, *, until: datetime.date | None = None) -> Any:
    return model("OrganizationStatus").objects.create(organization=org, kind="sonko", until=until)


def area(code: str) -> Any:
    return model("ActivityArea").objects.get(code=code)


def municipality(
    oktmo: str, name: str, *, region: Region, kind: str = MunicipalityKind.URBAN_OKRUG, **fields: Any
) -> Municipality:
    return Municipality.objects.create(
        oktmo=oktmo, name=name, name_normalized=name.lower(), kind=kind, region=region, **fields
    )


def settlement(
    name: str, *, region: Region, oktmo: str | None = None, municipality: Municipality | None = None, **fields: Any
) -> Settlement:
    from konstruktor.territories.codes import place_key

    return Settlement.objects.create(
        name=name, name_normalized=place_key(name), oktmo=oktmo, region=region, municipality=municipality, **fields
    )


def write_csv(path: Path, header: list[str], rows: list[list[Any]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


HFLABS_CITY_HEADER = [
    "address",
    "postal_code",
    "country",
    "federal_district",
    "region_type",
    "region",
    "area_type",
    "area",
    "city_type",
    "city",
    "settlement_type",
    "settlement",
    "kladr_id",
    "fias_id",
    "fias_level",
    "capital_marker",
    "okato",
    "oktmo",
    "tax_office",
    "timezone",
    "geo_lat",
    "geo_lon",
    "population",
    "foundation_year",
]


def hflabs_city_row(
    *, region: str, city: str, oktmo: str, population: int, area: str = "", area_type: str = "", okato: str = ""
) -> list[Any]:
    values = dict.fromkeys(HFLABS_CITY_HEADER, "")
    values.update(
        address=f"{region}, г {city}", country="Россия", region=region, area=area, area_type=area_type,
        city_type="г", city=city, okato=okato, oktmo=oktmo, population=population, geo_lat="58.0", geo_lon="56.2",
    )  # fmt: skip
    return [values[h] for h in HFLABS_CITY_HEADER]


RU_CITIES_HEADER = [
    "city",
    "population",
    "lat",
    "lon",
    "region_name",
    "region_name_ao",
    "region_iso_code",
    "federal_district",
    "okato",
    "oktmo",
    "kladr_id",
    "fias_id",
    "place_id",
]


def ru_cities_row(*, city: str, thousands: str, oktmo: str, okato: str, region_name: str = "") -> list[Any]:
    values = dict.fromkeys(RU_CITIES_HEADER, "")
    values.update(
        city=city, population=thousands, okato=okato, oktmo=oktmo, region_name=region_name, lat="58", lon="56"
    )
    return [values[h] for h in RU_CITIES_HEADER]
