"""Measures over the support log (organizations.SupportRecord) in two GROUP BY queries.

`counts`: records per (day, recipient's region, provider, provider's region, service);
`firsts`: the first day of each (recipient, recipient's region, provider, service) in the period.
Counts of records are running sums of the first; distinct organizations count each one on the
day it first appears (per region, service or РЦ), so one query answers every day of a range.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, QuerySet

from konstruktor.monitoring.formulas.base import NATIONAL, Cell, Drill, FormulaContext, Values, cumulate
from konstruktor.organizations.models import SupportRecord


@dataclass(frozen=True)
class CountRow:
    day: datetime.date
    region_id: int
    provider_id: int
    provider_region_id: int
    service: str
    n: int


@dataclass(frozen=True)
class FirstRow:
    recipient_id: int
    region_id: int
    provider_id: int
    service: str
    first: datetime.date


@dataclass(frozen=True)
class SupportFacts:
    counts: list[CountRow]
    firsts: list[FirstRow]


def _period(start: datetime.date, end: datetime.date) -> QuerySet[SupportRecord]:
    return SupportRecord.objects.filter(date__gte=start, date__lte=end).order_by()


def support_facts(ctx: FormulaContext) -> SupportFacts:
    def build() -> SupportFacts:
        records = _period(ctx.start, ctx.end)
        counts = [
            CountRow(
                r["date"], r["recipient__region_id"], r["provider_id"], r["provider__region_id"], r["service"], r["n"]
            )
            for r in records.values(
                "date", "recipient__region_id", "provider_id", "provider__region_id", "service"
            ).annotate(n=Count("id"))
        ]
        firsts = [
            FirstRow(r["recipient_id"], r["recipient__region_id"], r["provider_id"], r["service"], r["first"])
            for r in records.values("recipient_id", "recipient__region_id", "provider_id", "service").annotate(
                first=Min("date")
            )
        ]
        return SupportFacts(counts=counts, firsts=firsts)

    facts: SupportFacts = ctx.memo("support_log", build)
    return facts


def _add(increments: dict[Cell, dict[datetime.date, int]], cell: Cell, day: datetime.date, n: int = 1) -> None:
    per_day = increments[cell]
    per_day[day] = per_day.get(day, 0) + n


def records_count(ctx: FormulaContext, *, services: Collection[str] | None, by_service: bool) -> Values:
    """How many records: by the recipient's region, by the providing РЦ, by service."""
    increments: dict[Cell, dict[datetime.date, int]] = defaultdict(dict)
    for r in support_facts(ctx).counts:
        if services is not None and r.service not in services:
            continue
        _add(increments, NATIONAL, r.day, r.n)
        _add(increments, Cell(region_id=r.region_id), r.day, r.n)
        _add(increments, Cell(centre_id=r.provider_id), r.day, r.n)
        if by_service:
            _add(increments, Cell(service=r.service), r.day, r.n)
            _add(increments, Cell(region_id=r.region_id, service=r.service), r.day, r.n)
    return cumulate(increments, ctx.days)


def _first_days(keys_and_days: list[tuple[Any, Cell, datetime.date]]) -> dict[Cell, dict[datetime.date, int]]:
    """For each (entity, cell) the earliest day → +1 on that day in that cell."""
    earliest: dict[tuple[Any, Cell], datetime.date] = {}
    for key, cell, day in keys_and_days:
        current = earliest.get((key, cell))
        if current is None or day < current:
            earliest[(key, cell)] = day
    increments: dict[Cell, dict[datetime.date, int]] = defaultdict(dict)
    for (_, cell), day in earliest.items():
        _add(increments, cell, day)
    return increments


def recipients_distinct(ctx: FormulaContext, *, services: Collection[str] | None, by_service: bool) -> Values:
    """How many different organizations received support: each counted once per cell."""
    entries: list[tuple[Any, Cell, datetime.date]] = []
    for r in support_facts(ctx).firsts:
        if services is not None and r.service not in services:
            continue
        entries.append((r.recipient_id, NATIONAL, r.first))
        entries.append((r.recipient_id, Cell(region_id=r.region_id), r.first))
        entries.append((r.recipient_id, Cell(centre_id=r.provider_id), r.first))
        if by_service:
            entries.append((r.recipient_id, Cell(service=r.service), r.first))
            entries.append((r.recipient_id, Cell(region_id=r.region_id, service=r.service), r.first))
    return cumulate(_first_days(entries), ctx.days)


def provider_services_distinct(ctx: FormulaContext) -> Values:
    """Services a РЦ actually runs: a (РЦ, service) pair counts from its first record."""
    entries: list[tuple[Any, Cell, datetime.date]] = []
    for r in support_facts(ctx).counts:
        key = (r.provider_id, r.service)
        entries.append((key, NATIONAL, r.day))
        entries.append((key, Cell(region_id=r.provider_region_id), r.day))
        entries.append((key, Cell(centre_id=r.provider_id), r.day))
        entries.append((key, Cell(service=r.service), r.day))
        entries.append((key, Cell(region_id=r.provider_region_id, service=r.service), r.day))
    return cumulate(_first_days(entries), ctx.days)


def records_behind(
    drill: Drill, *, services: Collection[str] | None, region_of: str = "recipient"
) -> QuerySet[SupportRecord]:
    qs = SupportRecord.objects.filter(date__gte=drill.start, date__lte=drill.end)
    if services is not None:
        qs = qs.filter(service__in=list(services))
    if drill.service:
        qs = qs.filter(service=drill.service)
    if drill.region_id:
        qs = qs.filter(**{f"{region_of}__region_id": drill.region_id})
    if drill.centre_id:
        qs = qs.filter(provider_id=drill.centre_id)
    return qs
