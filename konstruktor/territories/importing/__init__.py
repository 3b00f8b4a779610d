"""Import of territorial reference data: municipalities, settlements and population.

reading  — format detection, CSV rows, Rosstat's workbook (header found by the code column)
sources  — one function per supported file
store    — the reference in memory, keyed by ОКТМО; bulk writes; which population figure wins
report   — created / updated / unchanged per kind of object, skipped rows with reasons
"""

from pathlib import Path

from django.db import transaction

from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.importing import sources
from konstruktor.territories.importing.reading import KINDS, kind_detect, rosstat_read
from konstruktor.territories.importing.report import Skip, TerritoryImportReport
from konstruktor.territories.importing.store import TerritoryStore

__all__ = ["KINDS", "Skip", "TerritoryImportReport", "kind_detect", "territories_import"]


def territories_import(
    *, path: Path | str, kind: str | None = None, year: int | None = None, sheet: str | None = None
) -> TerritoryImportReport:
    """Load one file into the territorial reference, all or nothing. Re-import updates by code."""
    path = Path(path)
    if not path.is_file():
        raise TerritoryError(f"Файл не найден: {path}")
    kind = kind or kind_detect(path)
    if kind not in KINDS:
        raise TerritoryError(
            "Формат файла не распознан. Укажите его явно: " + ", ".join(f"{k} — {v}" for k, v in KINDS.items())
        )
    report = TerritoryImportReport(kind=kind, source=path.name)
    table = rosstat_read(path, sheet=sheet, year=year) if kind == "rosstat-municipal" else None
    if table is not None:
        if table.year is None:
            raise TerritoryError(
                "Не удалось определить год численности (в заголовке нет «на 1 января ГГГГ»): укажите его явно."
            )
        report.year = table.year
    with transaction.atomic():
        store = TerritoryStore(report)
        if table is not None:
            sources.rosstat_municipal(table, store)
        elif kind == "hflabs-city":
            sources.hflabs_city(path, store)
        elif kind == "ru-cities":
            report.year = sources.RU_CITIES_YEAR
            sources.ru_cities(path, store)
        else:
            sources.hflabs_region(path, store)
        store.flush()
    return report
