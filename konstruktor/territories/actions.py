import csv
import decimal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record, diff, snapshot
from konstruktor.territories.codes import oktmo_pad
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.importing import KINDS, TerritoryImportReport, territories_import
from konstruktor.territories.importing.store import Population, TerritoryStore, population_values, population_wins
from konstruktor.territories.models import Region, WhiteSpotSettings
from konstruktor.territories.queries import region_index_reset

__all__ = [
    "KINDS",
    "TerritoryImportReport",
    "region_set_pilot",
    "regions_sync",
    "territories_demo_load",
    "territories_import",
    "white_spot_settings_update",
]

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"
DEMO_CSV = Path(__file__).parent / "data" / "demo_territories.csv"


def regions_reference_rows() -> list[dict[str, Any]]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [
            {
                "name": row["name"],
                "type": row["type"],
                "code": row["code"],
                "okato_prefix": row["okato_prefix"],
                "oktmo_prefix": row["oktmo_prefix"],
                "fns_code": row["fns_code"],
                "iso_code": row["iso_code"],
                "federal_district": row["federal_district"],
                "is_programme": row["programme"] == "1",
                "codes_uncertain": row["codes_uncertain"] == "1",
            }
            for row in csv.DictReader(handle)
        ]


def regions_sync(*, region_model: Any = Region) -> int:
    """Create or update the 89 subjects from the shipped reference file; keeps pilot marks."""
    count = 0
    with transaction.atomic():
        for row in regions_reference_rows():
            region_model.objects.update_or_create(fns_code=row["fns_code"], defaults=row)
            count += 1
    region_index_reset()
    return count


def region_set_pilot(*, region: Region, is_pilot: bool, by: Any) -> Region:
    if not scope_for(by).is_federal:
        raise TerritoryError("Отмечать пилотные регионы может только федеральный координатор.")
    if is_pilot and not region.is_programme:
        raise TerritoryError("Пилотным может быть только регион программы.")
    limit = settings.PILOT_REGION_LIMIT
    with transaction.atomic():
        locked = Region.objects.select_for_update().get(pk=region.pk)
        if is_pilot and not locked.is_pilot and Region.objects.filter(is_pilot=True).count() >= limit:
            raise TerritoryError(f"В программе {limit} пилотных регионов: снимите отметку с другого региона.")
        if locked.is_pilot != is_pilot:
            locked.is_pilot = is_pilot
            locked.save(update_fields=["is_pilot"])
            change_record(
                obj=locked,
                actor=by,
                action="update",
                changes={"is_pilot": [not is_pilot, is_pilot]},
            )
    return locked


def white_spot_settings_update(
    *, by: Any, low_density_per_10k: decimal.Decimal, min_population: int
) -> WhiteSpotSettings:
    """The federal coordinator sets the thresholds of the white-spot flags."""
    if not scope_for(by).is_federal:
        raise TerritoryError("Пороги «белых пятен» устанавливает федеральный координатор.")
    if low_density_per_10k < 0:
        raise TerritoryError("Порог плотности не может быть отрицательным.")
    with transaction.atomic():
        row = WhiteSpotSettings.objects.select_for_update().order_by("pk").first() or WhiteSpotSettings()
        fields = ("low_density_per_10k", "min_population")
        before = snapshot(row, fields) if row.pk else {}
        row.low_density_per_10k = low_density_per_10k
        row.min_population = min_population
        row.updated_by = by
        row.save()
        changes = diff(before, snapshot(row, fields))
        if changes:
            change_record(obj=row, actor=by, action="update" if before else "create", changes=changes)
    return row


def territories_demo_load(*, write: Callable[[str], Any] = print) -> TerritoryImportReport:
    """Load the shipped demo territories (municipalities and towns of three programme regions).

    Idempotent, and it never overwrites real data: a figure marked as demonstration data is
    written only where there is no figure or only another demonstration one.
    """
    report = TerritoryImportReport(kind="demo", source=DEMO_CSV.name)
    with DEMO_CSV.open(encoding="utf-8") as handle, transaction.atomic():
        store = TerritoryStore(report)
        by_fns = {r.fns_code: r for r in store.regions}
        for number, row in enumerate(csv.DictReader(handle), start=2):
            report.rows += 1
            region = by_fns[row["region_fns"]]
            population = (
                Population(
                    int(row["population"]),
                    int(row["population_year"]) if row["population_year"] else None,
                    row["population_source"],
                    is_demo=row["is_demo"] == "1",
                )
                if row["population"]
                else None
            )
            if row["level"] == "region":
                if population is not None and population_wins(region, population, demo_field="population_is_demo"):
                    store.region_update(region, population_values(population, demo_field="population_is_demo"))
            elif row["level"] == "municipality":
                store.municipality_upsert(
                    oktmo=row["oktmo"], region=region, name=row["name"], kind=row["kind"],
                    parent_code=row["parent_oktmo"] or None, population=population,
                )  # fmt: skip
            else:
                store.settlement_upsert(
                    row=number, region=region, oktmo=oktmo_pad(row["oktmo"]) or None, name=row["name"],
                    kind=row["kind"], municipality_code=row["parent_oktmo"] or None, population=population,
                    extra={"okato": row["okato"], "lat": _float(row["lat"]), "lon": _float(row["lon"])},
                    fill_only=True,
                )  # fmt: skip
        store.flush()
    write(
        f"Территории (демо): муниципальных образований {sum(report.counts['municipality'].values())}, "
        f"населённых пунктов {sum(report.counts['settlement'].values())} — добавлено {report.created}."
    )
    return report


def _float(value: str) -> float | None:
    return float(value) if value else None
