"""One function per supported file: rows → the store (which writes nothing until flush)."""

import re
from pathlib import Path

from konstruktor.core.text import normalize
from konstruktor.territories.codes import (
    is_group_heading,
    is_subject_code,
    is_top_level,
    municipality_kind,
    oktmo_pad,
    settlement_kind_from_name,
    top_code,
)
from konstruktor.territories.importing.reading import RosstatTable, csv_rows
from konstruktor.territories.importing.store import Population, TerritoryStore, population_values, population_wins
from konstruktor.territories.models import MunicipalityKind, Region

HFLABS_POPULATION_SOURCE = "hflabs/city (смешанные годы)"
RU_CITIES_SOURCE = "Росстат, оценка на 01.01.2020 (по данным набора ru-cities)"
RU_CITIES_YEAR = 2020
_CITY_TYPES = {"г": "город", "пгт": "посёлок городского типа", "рп": "рабочий посёлок", "п": "посёлок"}
_AREA_SUFFIX = {
    MunicipalityKind.URBAN_OKRUG: "городской округ",
    MunicipalityKind.MUNICIPAL_OKRUG: "муниципальный округ",
}


def rosstat_source(year: int | None) -> str:
    edition = f"на 1 января {year} г." if year else "(год не указан)"
    return f"Росстат, «Численность населения РФ по муниципальным образованиям» {edition}"


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def _top_name(row: dict[str, str], kind: str, city: str) -> str:
    """A name for the top-level formation derived from a city list (the kind follows the ОКТМО code,
    which is newer than the list's «р-н»); Росстат's official name replaces it."""
    area, area_type = row.get("area", ""), row.get("area_type", "")
    if area and area_type == "г":
        return f"г. {area}"
    if area:
        suffix = _AREA_SUFFIX.get(kind) or ("улус" if area_type == "у" else "район")  # type: ignore[call-overload]
        return f"{area} {suffix}"
    if kind in (MunicipalityKind.MUNICIPAL_DISTRICT, MunicipalityKind.MUNICIPAL_OKRUG):
        return f"{MunicipalityKind(kind).label} (центр — г. {city})"
    return f"г. {city}"


def hflabs_city(path: Path, store: TerritoryStore) -> None:
    """hflabs/city: every town with city status. ОКТМО of 11 digits (8 for 23 rows); the first
    8 digits are the municipality — a городской округ is the city itself."""
    report = store.report
    required = {"region", "city", "city_type", "settlement", "settlement_type", "okato", "oktmo", "population"}
    for number, row in csv_rows(path, required):
        report.rows += 1
        oktmo = oktmo_pad(row["oktmo"])
        # A city-level «area» (г Воскресенск) or a federal city (г Москва) holds the name itself.
        name = (
            row["settlement"]
            or row["city"]
            or (row.get("area", "") if row.get("area_type") == "г" else "")
            or (row["region"] if row.get("region_type") == "г" else "")
        )
        if not name:
            report.skip(number, "нет названия города (строка о субъекте целиком)")
            continue
        if len(oktmo) not in (8, 11):
            report.skip(number, f"«{name}»: код ОКТМО «{row['oktmo']}» не из 8 или 11 цифр")
            continue
        region = store.region_for(oktmo)
        if region is None:
            report.skip(number, f"«{name}»: код ОКТМО {oktmo} не относится ни к одному субъекту РФ")
            continue
        code8 = oktmo[:8]
        municipality_code = None
        if not is_subject_code(code8):
            top = top_code(code8)
            top_kind = municipality_kind(top)
            if top_kind == MunicipalityKind.OTHER:
                # Inside an autonomous okrug the code does not tell the kind: a formation with
                # поселения, or one the list calls «р-н», is a district; a city on its own is an okrug.
                district = not is_top_level(code8) or row.get("area_type") in ("р-н", "у")
                top_kind = MunicipalityKind.MUNICIPAL_DISTRICT if district else MunicipalityKind.URBAN_OKRUG
            store.municipality_upsert(oktmo=top, region=region, name=_top_name(row, top_kind, name), kind=top_kind)
            municipality_code = top
            if not is_top_level(code8):
                store.municipality_upsert(
                    oktmo=code8, region=region, name=f"г. {name}",
                    kind=municipality_kind(code8), parent_code=top,
                )  # fmt: skip
                municipality_code = code8
        kind = _CITY_TYPES.get(row["settlement_type"] or row["city_type"], "город")
        population = int(row["population"]) if row["population"].isdigit() else None
        store.settlement_upsert(
            row=number,
            region=region,
            oktmo=oktmo if len(oktmo) == 11 else None,
            name=name,
            kind=kind,
            municipality_code=municipality_code,
            population=Population(population, None, HFLABS_POPULATION_SOURCE) if population else None,
            extra={
                "okato": oktmo_pad(row["okato"]) if row["okato"] else "",
                "lat": _float(row.get("geo_lat", "")),
                "lon": _float(row.get("geo_lon", "")),
            },
        )


def ru_cities(path: Path, store: TerritoryStore) -> None:
    """epogrebnyak/ru-cities: population in thousands (Rosstat, 1.1.2020); ОКТМО/ОКАТО lost the
    leading zero. Joins the towns already loaded by ОКТМО, else by name within the subject."""
    report = store.report
    for number, row in csv_rows(path, {"city", "population", "oktmo", "okato", "region_name"}):
        report.rows += 1
        name = row["city"]
        oktmo = oktmo_pad(row["oktmo"])
        thousands = _float(row["population"])
        if not name or len(oktmo) not in (8, 11):
            report.skip(number, f"«{name or '—'}»: нет названия или кода ОКТМО «{row['oktmo']}»")
            continue
        region = store.region_for(oktmo)
        if region is None:
            report.skip(number, f"«{name}»: код ОКТМО {oktmo} не относится ни к одному субъекту РФ")
            continue
        code8 = oktmo[:8]
        municipality = None
        if not is_subject_code(code8):
            municipality = code8 if code8 in store.municipalities else top_code(code8)
        store.settlement_upsert(
            row=number,
            region=region,
            oktmo=oktmo if len(oktmo) == 11 else None,
            name=name,
            kind="город",
            municipality_code=municipality,
            population=Population(round(thousands * 1000), RU_CITIES_YEAR, RU_CITIES_SOURCE)
            if thousands is not None
            else None,
            extra={
                "okato": oktmo_pad(row["okato"]),
                "lat": _float(row.get("lat", "")),
                "lon": _float(row.get("lon", "")),
            },
            fill_only=True,
        )


def hflabs_region(path: Path, store: TerritoryStore) -> None:
    """hflabs/region fills only what the platform's own reference leaves empty, and only with
    codes of the Russian Federation (it gives Crimea and Sevastopol Ukrainian ISO codes)."""
    report = store.report
    by_fns = {r.fns_code: r for r in store.regions}
    for number, row in csv_rows(path, {"name_with_type", "kladr_id", "okato", "oktmo", "iso_code"}):
        report.rows += 1
        fns = row["kladr_id"][:2]
        region = by_fns.get(fns)
        if region is None:
            report.skip(number, f"«{row['name_with_type']}» (код ФНС {fns}): не субъект РФ в справочнике платформы")
            continue
        values = {}
        iso = row["iso_code"].strip()
        if iso and not iso.startswith("RU-"):
            report.note(number, f"{region.name}: ISO-код «{iso}» не принят — это не код Российской Федерации")
        elif iso and not region.iso_code:
            values["iso_code"] = iso
        elif iso and iso != region.iso_code:
            report.note(number, f"{region.name}: ISO-код «{iso}» расходится со справочником ({region.iso_code})")
        oktmo = oktmo_pad(row["oktmo"])
        if oktmo and not oktmo.startswith(region.oktmo_prefix) and not region.oktmo_prefix.startswith(oktmo[:2]):
            report.note(number, f"{region.name}: ОКТМО {oktmo} расходится со справочником ({region.oktmo_prefix})")
        store.region_update(region, values)


_FOOTNOTE = re.compile(r"\s*\d\)\s*$|\s*\*+\s*$")
_HEADING_WORDS = re.compile(
    r"^(муниципальные районы|муниципальные округа|городские округа|городские поселения|сельские поселения|"
    r"внутригородские|межселенные территории)"
)
_WITHOUT_OKRUGS = re.compile(r"\bбез\b|\bкроме\b")


def _official_name(label: str) -> str:
    return _FOOTNOTE.sub("", label).strip(" .,")


def rosstat_municipal(table: RosstatTable, store: TerritoryStore) -> None:
    """Rosstat's workbook of population by municipality: subjects, municipal formations (8 digits)
    and, when the table has them, localities (11 digits)."""
    report = store.report
    year = table.year
    source = rosstat_source(year)
    for number, reason in table.skipped:
        report.skip(number, reason)
    subject_totals: dict[int, tuple[Region, int, bool]] = {}
    for row in table.rows:
        report.rows += 1
        name = _official_name(row.name)
        code = oktmo_pad(row.code)
        if len(code) not in (8, 11):
            report.skip(row.row, f"«{name[:80]}»: код «{row.code}» не из 8 или 11 цифр")
            continue
        if row.population is None:
            report.skip(row.row, f"«{name[:80]}»: нет численности населения («{row.raw_population or ''}»)")
            continue
        region = store.region_for(code)
        if region is None:
            report.skip(row.row, f"«{name[:80]}»: код {code} не относится ни к одному субъекту РФ")
            continue
        population = Population(row.population, year, source)
        lowered = normalize(name)
        if len(code) == 8 and is_subject_code(code):
            # «Тюменская область» (with its okrugs) and «… без автономных округов» share one code.
            own = bool(_WITHOUT_OKRUGS.search(lowered))
            previous = subject_totals.get(region.pk)
            if previous is None or own or not previous[2]:
                subject_totals[region.pk] = (region, row.population, own)
            continue
        if len(code) == 8 and (is_group_heading(code) or _HEADING_WORDS.match(lowered)):
            continue  # «Муниципальные районы Алтайского края»: a heading, its figure is a sum
        if len(code) == 8:
            parent = None if is_top_level(code) else top_code(code)
            if parent and parent not in store.municipalities:
                report.note(row.row, f"«{name[:80]}»: нет строки о районе или округе {parent}")
                parent = None
            store.municipality_upsert(
                oktmo=code, region=region, name=name, kind=municipality_kind(code, name),
                parent_code=parent, population=population, official_name=True,
            )  # fmt: skip
            continue
        kind, bare = settlement_kind_from_name(name)
        municipality = code[:8] if code[:8] in store.municipalities else top_code(code)
        store.settlement_upsert(
            row=row.row, region=region, oktmo=code, name=bare, kind=kind or "населённый пункт",
            municipality_code=municipality, population=population,
        )  # fmt: skip
    _subjects(store, subject_totals, year, source)


def _subjects(
    store: TerritoryStore, totals: dict[int, tuple[Region, int, bool]], year: int | None, source: str
) -> None:
    """Subject figures; a region with autonomous okrugs gets its own figure («без АО»), computed
    as the total minus its okrugs when the table gives only the total."""
    for region, value, own in totals.values():
        if not own:
            okrugs = [r for r in store.regions if r.code == region.code and r.pk != region.pk]
            if okrugs and len(region.oktmo_prefix) == 2:
                if not all(r.pk in totals for r in okrugs):
                    continue  # the total alone cannot give the subject's own figure
                value -= sum(totals[r.pk][1] for r in okrugs)
        population = Population(value, year, source)
        if population_wins(region, population, demo_field="population_is_demo"):
            store.region_update(region, population_values(population, demo_field="population_is_demo"))
        else:
            store.region_update(region, {})
