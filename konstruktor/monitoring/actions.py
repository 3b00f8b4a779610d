"""Monitoring writes only its own tables: definitions, targets and the daily snapshots."""

import datetime
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.monitoring.defaults import definitions_sync as _definitions_sync
from konstruktor.monitoring.formulas import FormulaContext, formula_get
from konstruktor.monitoring.models import IndicatorDefinition, IndicatorSnapshot, IndicatorTarget
from konstruktor.territories.models import Region

logger = logging.getLogger(__name__)


class MonitoringError(Exception):
    pass


@dataclass
class SnapshotReport:
    days: int = 0
    rows: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"дней {self.days}, строк {self.rows}, {self.seconds:.1f} с"
        if self.skipped:
            text += f"; без формулы: {', '.join(self.skipped)}"
        return text


def definitions_sync() -> int:
    return _definitions_sync(definition_model=IndicatorDefinition, target_model=IndicatorTarget)


def _years(day_from: datetime.date, day_to: datetime.date) -> list[tuple[datetime.date, list[datetime.date]]]:
    """Split a range of days by calendar year: snapshots accumulate from 1 January."""
    spans: list[tuple[datetime.date, list[datetime.date]]] = []
    day = day_from
    while day <= day_to:
        year_end = min(datetime.date(day.year, 12, 31), day_to)
        days = [day + datetime.timedelta(days=n) for n in range((year_end - day).days + 1)]
        spans.append((datetime.date(day.year, 1, 1), days))
        day = year_end + datetime.timedelta(days=1)
    return spans


def snapshots_compute(
    *, day_from: datetime.date, day_to: datetime.date | None = None, codes: list[str] | None = None
) -> SnapshotReport:
    """(Re)compute the snapshots of every active indicator for each day of the range.

    Idempotent: each day is replaced as a whole (delete + bulk insert) in one transaction, so a
    repeated run, or one that overlaps a previous range, leaves the same rows.
    """
    day_to = day_to or day_from
    if day_to < day_from:
        raise MonitoringError("Конец периода раньше начала.")
    started = time.monotonic()
    definitions = list(IndicatorDefinition.objects.filter(is_active=True))
    if codes:
        definitions = [d for d in definitions if d.code in codes]
    report = SnapshotReport()
    runnable = []
    for definition in definitions:
        formula = formula_get(definition.code)
        if formula is None:
            report.skipped.append(definition.code)
        else:
            runnable.append((definition, formula))
    for start, days in _years(day_from, day_to):
        ctx = FormulaContext(start=start, days=days)
        by_day: dict[datetime.date, list[IndicatorSnapshot]] = {day: [] for day in days}
        for definition, formula in runnable:
            for (day, cell), value in formula.compute(ctx).items():
                by_day[day].append(
                    IndicatorSnapshot(
                        indicator_id=definition.pk,
                        date=day,
                        region_id=cell.region_id,
                        service=cell.service,
                        centre_id=cell.centre_id,
                        value=value,
                    )
                )
        for day in days:
            with transaction.atomic():
                IndicatorSnapshot.objects.filter(date=day, indicator__in=[d for d, _ in runnable]).delete()
                IndicatorSnapshot.objects.bulk_create(by_day[day], batch_size=2000)
            report.rows += len(by_day[day])
        report.days += len(days)
    report.seconds = time.monotonic() - started
    logger.info("monitoring: snapshots %s..%s: %s", day_from, day_to, report)
    return report


def target_set(
    *,
    by: Any,
    indicator: IndicatorDefinition,
    value: float,
    period: str = "",
    region: Region | None = None,
    note: str = "",
) -> IndicatorTarget:
    """Set a target; the federal coordinator sets them (also for system seeds with by=None)."""
    if by is not None and not scope_for(by).is_federal:
        raise MonitoringError("Целевые значения задаёт федеральный координатор.")
    if value < 0:
        raise MonitoringError("Целевое значение не может быть отрицательным.")
    with transaction.atomic():
        target, _ = IndicatorTarget.objects.update_or_create(
            indicator=indicator, region=region, period=period, defaults={"value": value, "note": note}
        )
    return target
