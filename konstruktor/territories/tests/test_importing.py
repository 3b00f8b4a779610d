from pathlib import Path

import pytest
from openpyxl import Workbook

from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.importing import territories_import
from konstruktor.territories.importing.sources import HFLABS_POPULATION_SOURCE, RU_CITIES_SOURCE
from konstruktor.territories.models import Municipality, MunicipalityKind, Region, Settlement
from konstruktor.territories.tests.helpers import (
    HFLABS_CITY_HEADER,
    RU_CITIES_HEADER,
    hflabs_city_row,
    region,
    ru_cities_row,
    write_csv,
)

pytestmark = pytest.mark.django_db


def _hflabs(tmp_path: Path, *, perm_population: int = 1000000) -> Path:
    return write_csv(
        tmp_path / "city.csv",
        HFLABS_CITY_HEADER,
        [
            hflabs_city_row(region="Пермский", city="Пермь", oktmo="57701000001", okato="57401000000", population=perm_population),
            hflabs_city_row(region="Пермский", city="Березники", oktmo="57708000001", population=140000),
            hflabs_city_row(region="Пермский", city="Усолье", oktmo="57708000006", population=6000),
            hflabs_city_row(
                region="Волгоградская", city="Палласовка", oktmo="18645101", population=15000,
                area="Палласовский", area_type="р-н",
            ),
            hflabs_city_row(region="Ханты-Мансийский", city="Сургут", oktmo="71876000001", population=380000),
        ],
    )  # fmt: skip


def test_hflabs_city_creates_towns_and_their_municipalities(tmp_path: Path) -> None:
    report = territories_import(path=_hflabs(tmp_path))
    assert report.kind == "hflabs-city"
    perm = Settlement.objects.get(oktmo="57701000001")
    assert (perm.name, perm.kind, perm.region.fns_code, perm.municipality.oktmo) == ("Пермь", "город", "59", "57701000")
    assert perm.population == 1000000 and perm.population_year is None
    assert perm.population_source == HFLABS_POPULATION_SOURCE
    assert perm.municipality.kind == MunicipalityKind.URBAN_OKRUG
    assert Settlement.objects.get(oktmo="57708000006").municipality.name == "г. Березники"
    # An 8-digit code is a поселение inside a district; the town is kept without an 11-digit code.
    pallasovka = Settlement.objects.get(name="Палласовка")
    assert pallasovka.oktmo is None
    assert pallasovka.municipality.oktmo == "18645101"
    assert pallasovka.municipality.kind == MunicipalityKind.URBAN_SETTLEMENT
    assert pallasovka.municipality.parent.name == "Палласовский район"
    # ХМАО shares «71» with Тюменская область: the longest ОКТМО prefix decides.
    assert Settlement.objects.get(name="Сургут").region.fns_code == "86"
    assert report.counts["settlement"]["created"] == 5


def test_reimport_updates_and_never_duplicates(tmp_path: Path) -> None:
    territories_import(path=_hflabs(tmp_path))
    counts = (Municipality.objects.count(), Settlement.objects.count())
    report = territories_import(path=_hflabs(tmp_path, perm_population=1050000))
    assert (Municipality.objects.count(), Settlement.objects.count()) == counts
    assert report.counts["settlement"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert Settlement.objects.get(oktmo="57701000001").population == 1050000


def test_ru_cities_reads_thousands_pads_codes_and_joins_on_oktmo(tmp_path: Path) -> None:
    territories_import(path=_hflabs(tmp_path))
    path = write_csv(
        tmp_path / "towns.csv",
        RU_CITIES_HEADER,
        [
            ru_cities_row(city="Пермь", thousands="1055.4", oktmo="57701000001", okato="57401000000"),
            ru_cities_row(city="Палласовка", thousands="14.5", oktmo="18645101", okato="18245501000"),
            ru_cities_row(city="Алейск", thousands="29.0", oktmo="1703000001", okato="1403000000"),
        ],
    )
    report = territories_import(path=path)
    assert report.kind == "ru-cities" and report.year == 2020
    perm = Settlement.objects.get(oktmo="57701000001")
    assert (perm.population, perm.population_year, perm.population_source) == (1055400, 2020, RU_CITIES_SOURCE)
    assert Settlement.objects.get(name="Палласовка").population == 14500  # joined by name: no 11-digit code
    aleysk = Settlement.objects.get(oktmo="01703000001")
    assert (aleysk.okato, aleysk.region.fns_code, aleysk.population) == ("01403000000", "22", 29000)
    assert Settlement.objects.filter(name="Палласовка").count() == 1


def test_a_figure_of_mixed_vintage_never_replaces_rosstats(tmp_path: Path) -> None:
    territories_import(path=_hflabs(tmp_path))
    path = write_csv(
        tmp_path / "towns.csv", RU_CITIES_HEADER,
        [ru_cities_row(city="Пермь", thousands="1055.4", oktmo="57701000001", okato="57401000000")],
    )  # fmt: skip
    territories_import(path=path)
    territories_import(path=_hflabs(tmp_path, perm_population=999))
    assert Settlement.objects.get(oktmo="57701000001").population == 1055400


def test_hflabs_region_keeps_the_platforms_codes_and_refuses_ukrainian_iso(tmp_path: Path) -> None:
    header = ["name", "type", "name_with_type", "federal_district", "kladr_id", "fias_id", "okato", "oktmo",
              "tax_office", "postal_code", "iso_code", "timezone", "geoname_code", "geoname_id", "geoname_name"]  # fmt: skip
    path = write_csv(
        tmp_path / "region.csv",
        header,
        [
            ["Крым", "Респ", "Респ Крым", "Южный", "9100000000000", "", "35000000000", "35000000", "", "", "UA-43", "", "", "", ""],
            ["Пермский", "край", "Пермский край", "Приволжский", "5900000000000", "", "57000000000", "57000000", "", "", "RU-PER", "", "", "", ""],
            ["Байконур", "г", "г Байконур", "", "9900000000000", "", "55000000000", "55000000", "", "", "", "", "", "", ""],
        ],
    )  # fmt: skip
    report = territories_import(path=path)
    assert report.kind == "hflabs-region"
    assert region("91").iso_code == ""
    assert region("59").iso_code == "RU-PER"
    assert [s.row for s in report.skipped] == [4]
    assert "UA-43" in report.notes[0].reason


def _rosstat_workbook(path: Path, *, title: str = "на 1 января 2024 года", perm: int = 1034002) -> Path:
    workbook = Workbook()
    workbook.active.title = "Содержание"
    workbook.active.append(["Бюллетень: численность населения по муниципальным образованиям"])
    sheet = workbook.create_sheet("Таблица 5")
    sheet.append([f"Численность постоянного населения Российской Федерации по муниципальным образованиям {title}"])
    sheet.append([])
    sheet.append([None, "Код по ОКТМО", "Численность постоянного населения, человек", None, None])
    sheet.append([None, None, "всего", "городское", "сельское"])
    rows = [
        ["Российская Федерация", None, 146150789],
        ["Пермский край", "57 000 000", 2508000],
        ["Муниципальные районы Пермского края", "57 600 000", 300000],
        ["Городские округа Пермского края", "57 700 000", 1800000],
        ["Пермский городской округ1)", "57 701 000", perm],
        ["Березниковский городской округ", 57708000, 139000],
        ["Чердынский муниципальный район", "57656000", 17000],
        ["Чердынское городское поселение", "57 656 101", 4500],
        ["г. Пермь", "57701000001", perm],
        ["Ханты-Мансийский автономный округ – Югра", "71 800 000", 1730000],
        ["Тюменская область", "71 000 000", 3800000],
        ["Ямало-Ненецкий автономный округ", "71 900 000", 510000],
        ["Алтайский край", "1000000", 2130000],  # a number that lost its leading zero
        ["Строка без численности", "57712000", "-"],
    ]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_rosstat_workbook_is_read_by_its_code_column(tmp_path: Path) -> None:
    report = territories_import(path=_rosstat_workbook(tmp_path / "Бюллетень.xlsx"))
    assert report.kind == "rosstat-municipal" and report.year == 2024
    perm = Municipality.objects.get(oktmo="57701000")
    assert (perm.name, perm.kind, perm.population, perm.population_year) == (
        "Пермский городской округ", MunicipalityKind.URBAN_OKRUG, 1034002, 2024,
    )  # fmt: skip
    assert perm.population_source.startswith("Росстат")
    cherdyn = Municipality.objects.get(oktmo="57656101")
    assert cherdyn.kind == MunicipalityKind.URBAN_SETTLEMENT and cherdyn.parent.oktmo == "57656000"
    assert not Municipality.objects.filter(oktmo__in=["57600000", "57700000"]).exists()  # group headings
    assert Settlement.objects.get(oktmo="57701000001").municipality == perm
    assert (region("59").population, region("59").population_year) == (2508000, 2024)
    assert region("22").population == 2130000
    # Тюменская область's own figure is the total without its two autonomous okrugs.
    assert (region("72").population, region("86").population, region("89").population) == (1560000, 1730000, 510000)
    reasons = {s.row: s.reason for s in report.skipped}
    assert "нет кода ОКТМО" in reasons[5] and "нет численности" in reasons[18]


def test_rosstat_reimport_updates_figures_without_duplicates(tmp_path: Path) -> None:
    territories_import(path=_rosstat_workbook(tmp_path / "a.xlsx"))
    counts = (Municipality.objects.count(), Settlement.objects.count())
    report = territories_import(path=_rosstat_workbook(tmp_path / "b.xlsx", perm=1040000))
    assert (Municipality.objects.count(), Settlement.objects.count()) == counts
    assert Municipality.objects.get(oktmo="57701000").population == 1040000
    assert report.counts["municipality"]["updated"] == 1


def test_rosstat_official_names_replace_names_derived_from_a_city_list(tmp_path: Path) -> None:
    territories_import(path=_hflabs(tmp_path))
    assert Municipality.objects.get(oktmo="57701000").name == "г. Пермь"
    territories_import(path=_rosstat_workbook(tmp_path / "a.xlsx"))
    assert Municipality.objects.get(oktmo="57701000").name == "Пермский городской округ"
    territories_import(path=_hflabs(tmp_path))
    assert Municipality.objects.get(oktmo="57701000").name == "Пермский городской округ"


def test_rosstat_workbook_without_a_year_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = _rosstat_workbook(tmp_path / "book.xlsx", title="")
    with pytest.raises(TerritoryError, match="год"):
        territories_import(path=path)
    assert not Municipality.objects.exists()
    assert territories_import(path=path, year=2023).year == 2023


def test_a_workbook_without_a_code_column_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Наименование", "Население"])
    workbook.active.append(["Пермь", 1000000])
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(TerritoryError, match="ОКТМО"):
        territories_import(path=tmp_path / "x.xlsx")


def test_an_unknown_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(TerritoryError, match="не распознан"):
        territories_import(path=path)
    assert not Settlement.objects.exists() and not Municipality.objects.exists()


def test_an_import_that_fails_midway_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from konstruktor.territories.importing import store

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise RuntimeError("сбой базы")

    original = store.TerritoryStore.flush

    def flush_then_fail(self: store.TerritoryStore) -> None:
        original(self)
        broken(self)

    monkeypatch.setattr(store.TerritoryStore, "flush", flush_then_fail)
    with pytest.raises(RuntimeError):
        territories_import(path=_hflabs(tmp_path))
    assert not Settlement.objects.exists() and not Municipality.objects.exists()
    assert Region.objects.count() == 89


def test_the_command_prints_the_report(tmp_path: Path) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_territories", str(_hflabs(tmp_path)), stdout=out)
    assert "населённые пункты: добавлено 5" in out.getvalue()
