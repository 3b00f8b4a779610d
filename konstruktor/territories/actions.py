import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_index_reset

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"


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
