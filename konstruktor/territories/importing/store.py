"""The territorial reference held in memory during one import, written back in bulk.

Every importer looks objects up here by code (ОКТМО), so a re-import updates and never
duplicates. A population figure is replaced only by one at least as good: an official figure
with a known year beats one of mixed vintage, a later year beats an earlier one, and any real
figure beats demonstration data (which never overwrites a real one).
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from konstruktor.territories.codes import place_key
from konstruktor.territories.importing.report import TerritoryImportReport
from konstruktor.territories.models import Municipality, Region, Settlement

BATCH = 1000


@dataclass(frozen=True)
class Population:
    value: int
    year: int | None
    source: str
    is_demo: bool = False


def population_wins(obj: Any, new: Population, *, demo_field: str = "is_demo") -> bool:
    old_value = obj.population
    old_demo = getattr(obj, demo_field)
    if new.is_demo:
        return old_value is None or old_demo
    if old_value is None or old_demo:
        return True
    if new.year is None:
        return obj.population_year is None
    return obj.population_year is None or new.year >= obj.population_year


def _update_rows(model: type[Model], objects: list[Any], names: list[str]) -> None:
    """UPDATE … WHERE id = … for each object, one executemany. QuerySet.bulk_update builds a CASE
    expression per field and object in Python: ten seconds for a thousand towns, minutes for the
    twenty thousand formations of Rosstat's workbook."""
    if not objects:
        return
    meta: Any = model._meta
    fields: list[Any] = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _set(obj: Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def population_values(population: Population, *, demo_field: str = "is_demo") -> dict[str, Any]:
    return {
        "population": population.value,
        "population_year": population.year,
        "population_source": population.source,
        demo_field: population.is_demo,
    }


class TerritoryStore:
    """Regions, municipalities and settlements of the database, keyed for the importers."""

    def __init__(self, report: TerritoryImportReport) -> None:
        self.report = report
        self.regions = list(Region.objects.all())
        self._regions_by_pk = {r.pk: r for r in self.regions}
        self._by_prefix = sorted(self.regions, key=lambda r: -len(r.oktmo_prefix))
        self.municipalities: dict[str, Municipality] = {m.oktmo: m for m in Municipality.objects.all()}
        settlements = list(Settlement.objects.all())
        self.settlements: dict[str, Settlement] = {s.oktmo: s for s in settlements if s.oktmo}
        self._by_name: dict[tuple[str, str, str], list[Settlement]] = {}
        for s in settlements:
            self._index_name(s, self._regions_by_pk[s.region_id])
        # Objects touched by this import (by identity) and those whose fields changed.
        self._touched: dict[str, dict[int, Model]] = {"region": {}, "municipality": {}, "settlement": {}}
        self._changed: set[int] = set()
        # ОКТМО of a parent or municipality not yet in the database when the row was read.
        self._parent_code: dict[int, str] = {}
        self._municipality_code: dict[int, str] = {}

    # --- lookups --------------------------------------------------------------------------------

    def region_for(self, oktmo: str) -> Region | None:
        """The subject by the longest ОКТМО prefix (ХМАО 718… inside Тюменская область 71…)."""
        return next((r for r in self._by_prefix if oktmo.startswith(r.oktmo_prefix)), None)

    def _index_name(self, s: Settlement, region: Region) -> None:
        self._by_name.setdefault((region.code, s.name_normalized, s.kind), []).append(s)

    def settlement_by_name(self, *, region: Region, name: str, kind: str) -> Settlement | None:
        """The only settlement of that name and kind in the subject's code group, preferring the subject."""
        found = self._by_name.get((region.code, place_key(name), kind), [])
        own = [s for s in found if s.region_id == region.pk]
        if len(own) == 1:
            return own[0]
        return found[0] if len(found) == 1 else None

    # --- changes --------------------------------------------------------------------------------

    def _touch(self, entity: str, obj: Model, changed: bool) -> None:
        self._touched[entity][id(obj)] = obj
        if changed:
            self._changed.add(id(obj))

    def municipality_upsert(
        self,
        *,
        oktmo: str,
        region: Region,
        name: str,
        kind: str,
        parent_code: str | None = None,
        population: Population | None = None,
        official_name: bool = False,
    ) -> Municipality:
        """Create or update by ОКТМО. Names derived from a city list are set only on creation;
        official names (Росстат) always win."""
        muni = self.municipalities.get(oktmo)
        created = muni is None
        if muni is None:
            muni = Municipality(oktmo=oktmo, name=name, name_normalized=place_key(name), kind=kind, region=region)
            self.municipalities[oktmo] = muni
        values: dict[str, Any] = {"region_id": region.pk}
        if official_name or created:
            values.update(name=name, name_normalized=place_key(name), kind=kind)
        if population is not None and population_wins(muni, population):
            values.update(population_values(population))
        changed = _set(muni, values)
        if parent_code and parent_code != oktmo:
            self._parent_code[id(muni)] = parent_code
        self._touch("municipality", muni, changed)
        return muni

    def settlement_upsert(
        self,
        *,
        row: int,
        region: Region,
        oktmo: str | None,
        name: str,
        kind: str,
        municipality_code: str | None = None,
        population: Population | None = None,
        extra: dict[str, Any] | None = None,
        fill_only: bool = False,
    ) -> Settlement:
        """Create or update by ОКТМО (11 digits), else by the code group + name + kind.

        fill_only: the source is secondary for names, codes and places — it fills empty fields only.
        """
        found = self.settlements.get(oktmo) if oktmo else None
        if found is not None and found.name_normalized != place_key(name):
            # Two towns of one ЗАТО share a code in the sources (Полярный and Гаджиево): a namesake
            # keeps its own row; a town already written under this code by this file gets none.
            same_name = self.settlement_by_name(region=region, name=name, kind=kind)
            if same_name is not None:
                found, oktmo = same_name, same_name.oktmo
            elif id(found) in self._touched["settlement"]:
                self.report.note(row, f"«{name}»: код ОКТМО {oktmo} уже у «{found.name}» — город сохранён без кода")
                found, oktmo = None, None
        if found is None:
            found = self.settlement_by_name(region=region, name=name, kind=kind)
            if found is not None and oktmo and found.oktmo and found.oktmo != oktmo:
                found = None  # a namesake with another code is another place
        if found is None:
            found = Settlement(
                oktmo=oktmo or None, name=name, name_normalized=place_key(name), kind=kind, region=region
            )
            if oktmo:
                self.settlements[oktmo] = found
            self._index_name(found, region)
            fill_only = False
        values: dict[str, Any] = {}
        if not fill_only:
            values.update(name=name, name_normalized=place_key(name), kind=kind, region_id=region.pk)
        if oktmo and not found.oktmo and oktmo not in self.settlements:
            values["oktmo"] = oktmo
            self.settlements[oktmo] = found
        for key, value in (extra or {}).items():
            if value not in (None, "") and (not fill_only or getattr(found, key) in (None, "")):
                values[key] = value
        if municipality_code in self.municipalities and (not fill_only or found.municipality_id is None):
            self._municipality_code[id(found)] = municipality_code  # type: ignore[index]
        if population is not None and population_wins(found, population):
            values.update(population_values(population))
        changed = _set(found, values)
        self._touch("settlement", found, changed)
        return found

    def region_update(self, region: Region, values: dict[str, Any]) -> None:
        self._touch("region", region, _set(region, values))

    # --- writing --------------------------------------------------------------------------------

    def _link(self, obj: Model, field: str, target: Municipality | None) -> None:
        target_pk = target.pk if target is not None else None
        if getattr(obj, f"{field}_id") != target_pk:
            setattr(obj, f"{field}_id", target_pk)
            self._changed.add(id(obj))

    def flush(self) -> None:
        """Write what changed; count created / updated / unchanged per kind of object."""
        now = timezone.now()
        munis: list[Municipality] = list(self._touched["municipality"].values())  # type: ignore[arg-type]
        new_munis = [m for m in munis if not m.pk]
        # Top-level formations first, so that поселения can point at them.
        for batch in (
            [m for m in new_munis if id(m) not in self._parent_code],
            [m for m in new_munis if id(m) in self._parent_code],
        ):
            for m in batch:
                self._link(m, "parent", self.municipalities.get(self._parent_code.get(id(m), "")))
            Municipality.objects.bulk_create(batch, batch_size=BATCH)
        for m in munis:
            if id(m) in self._parent_code:
                self._link(m, "parent", self.municipalities.get(self._parent_code[id(m)]))
        settlements: list[Settlement] = list(self._touched["settlement"].values())  # type: ignore[arg-type]
        for s in settlements:
            if id(s) in self._municipality_code:
                self._link(s, "municipality", self.municipalities[self._municipality_code[id(s)]])
        new_settlements = [s for s in settlements if not s.pk]
        Settlement.objects.bulk_create(new_settlements, batch_size=BATCH)
        created = {id(o) for o in [*new_munis, *new_settlements]}
        fields = {
            "municipality": (Municipality, [
                "name", "name_normalized", "kind", "region", "parent", "population", "population_year",
                "population_source", "is_demo", "updated_at",
            ]),
            "settlement": (Settlement, [
                "oktmo", "okato", "name", "name_normalized", "kind", "region", "municipality", "population",
                "population_year", "population_source", "is_demo", "lat", "lon", "updated_at",
            ]),
            "region": (Region, ["iso_code", "population", "population_year", "population_source", "population_is_demo"]),
        }  # fmt: skip
        for entity, touched in self._touched.items():
            model, names = fields[entity]
            dirty = []
            for key, obj in touched.items():
                if key in created:
                    self.report.count(entity, "created")
                elif key in self._changed:
                    if hasattr(obj, "updated_at"):
                        obj.updated_at = now
                    dirty.append(obj)
                    self.report.count(entity, "updated")
                else:
                    self.report.count(entity, "unchanged")
            _update_rows(model, dirty, names)
