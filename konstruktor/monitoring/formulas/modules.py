"""Indicators a module registers itself (core.registry.Indicator with `events`), broken down here.

The module decides what counts and when (e.g. the incubator: an NGO registered from a group whose
municipality had none); monitoring only accumulates the dated events by region and РЦ, so the
definition lives in one place. The records behind a value are the support-log entries of the
organizations counted.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from functools import partial

from django.db.models import QuerySet

from konstruktor.core import registry
from konstruktor.core.registry import IndicatorEvent
from konstruktor.monitoring.formulas.base import (
    NATIONAL,
    Cell,
    Drill,
    Formula,
    FormulaContext,
    Values,
    cumulate,
    formula_register,
)
from konstruktor.organizations.models import SupportRecord

BY_REGION = frozenset({"region", "centre"})


def _events(source: str, start: datetime.date, end: datetime.date) -> list[IndicatorEvent]:
    indicator = next((i for i in registry.indicators() if i.code == source), None)
    if indicator is None or indicator.events is None:
        return []  # the module is not installed: nothing to count
    return list(indicator.events(start, end))


def events_counted(ctx: FormulaContext, *, source: str) -> Values:
    """Events per day for the country, the event's region and its РЦ, accumulated from the start."""
    increments: dict[Cell, dict[datetime.date, int]] = defaultdict(dict)

    def add(cell: Cell, day: datetime.date) -> None:
        increments[cell][day] = increments[cell].get(day, 0) + 1

    for event in ctx.memo(f"events:{source}", lambda: _events(source, ctx.start, ctx.end)):
        add(NATIONAL, event.day)
        if event.region_id is not None:
            add(Cell(region_id=event.region_id), event.day)
        if event.centre_id is not None:
            add(Cell(centre_id=event.centre_id), event.day)
    return cumulate(increments, ctx.days)


def event_records(drill: Drill, *, source: str, services: Collection[str] | None) -> QuerySet[SupportRecord]:
    """The support log of the organizations behind the value (all their records of these services:
    the way to the event, not only the period's part of it)."""
    ids = [
        e.organization_id
        for e in _events(source, drill.start, drill.end)
        if e.organization_id is not None
        and (drill.region_id is None or e.region_id == drill.region_id)
        and (drill.centre_id is None or e.centre_id == drill.centre_id)
    ]
    qs = SupportRecord.objects.filter(recipient_id__in=ids)
    if services is not None:
        qs = qs.filter(service__in=list(services))
    if drill.service:
        qs = qs.filter(service=drill.service)
    return qs


def module_formula(code: str, *, source: str, services: Collection[str] | None = None) -> Formula:
    """Monitoring's indicator `code` computed from the module indicator `source` of the registry."""
    return formula_register(
        Formula(
            code=code,
            compute=partial(events_counted, source=source),
            records=partial(event_records, source=source, services=services),
            breakdowns=BY_REGION,
            distinct="recipient",
        )
    )
