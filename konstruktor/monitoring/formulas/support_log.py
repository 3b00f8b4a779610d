"""Measures over the support log (organizations.SupportRecord) in one or two GROUP BY queries.

`pairs`: per (recipient, provider, service) — with both organizations' regions — the first day in
the period and the number of records. Distinct organizations count on the day they first
appear in a cell (per region, service or РЦ), so this one query answers every day of a range.
`daily`: records per (day, recipient's region, provider, service), needed only when several days
are reported (a single day takes its totals from `pairs`).
"""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Min, QuerySet

from konstruktor.monitoring.formulas.base import NATIONAL, Cell, Drill, FormulaContext, Values, cumulate
from konstruktor.organizations.models import Organization, SupportRecord

Increments = dict[Cell, dict[datetime.date, int]]


class Pair(NamedTuple):
    recipient_id: int
    region_id: int
    provider_id: int
    provider_region_id: int
    service: str
    first: datetime.date
    n: int


class Daily(NamedTuple):
    day: datetime.date
    region_id: int
    provider_id: int
    service: str
    n: int


@dataclass(frozen=True)
class SupportFacts:
    pairs: list[Pair]
    daily: list[Daily] | None


def _period(start: datetime.date, end: datetime.date) -> QuerySet[SupportRecord]:
    return SupportRecord.objects.filter(date__gte=start, date__lte=end).order_by()


def _regions_of(ids: set[int], chunk: int = 900) -> dict[int, int]:
    """Organization → region by primary key, in chunks that fit any database's parameter limit."""
    ordered = sorted(ids)
    regions: dict[int, int] = {}
    for i in range(0, len(ordered), chunk):
        regions.update(Organization.objects.filter(pk__in=ordered[i : i + chunk]).values_list("pk", "region_id"))
    return regions


def support_facts(ctx: FormulaContext) -> SupportFacts:
    def build() -> SupportFacts:
        records = _period(ctx.start, ctx.end)
        # No join in the big GROUP BY: the organizations' regions come from a small second query.
        rows = list(
            records.values_list("recipient_id", "provider_id", "service").annotate(first=Min("date"), n=Count("id"))
        )
        region_of = _regions_of({r[0] for r in rows} | {r[1] for r in rows})
        pairs = [
            Pair(recipient, region_of[recipient], provider, region_of[provider], service, first, n)
            for recipient, provider, service, first, n in rows
        ]
        daily = None
        if len(ctx.days) > 1:
            daily = [
                Daily(*row)
                for row in records.values_list("date", "recipient__region_id", "provider_id", "service").annotate(
                    n=Count("id")
                )
            ]
        return SupportFacts(pairs=pairs, daily=daily)

    facts: SupportFacts = ctx.memo("support_log", build)
    return facts


def _add(increments: Increments, cell: Cell, day: datetime.date, n: int = 1) -> None:
    per_day = increments[cell]
    per_day[day] = per_day.get(day, 0) + n


def records_count(ctx: FormulaContext, *, services: Collection[str] | None, by_service: bool) -> Values:
    """How many records: by the recipient's region, by the providing РЦ, by service."""
    increments: Increments = defaultdict(dict)
    facts = support_facts(ctx)
    rows: list[tuple[datetime.date, int, int, str, int]]
    if facts.daily is None:  # one day: the period's totals fall on it
        day = ctx.days[0]
        rows = [(day, p.region_id, p.provider_id, p.service, p.n) for p in facts.pairs]
    else:
        rows = [(d.day, d.region_id, d.provider_id, d.service, d.n) for d in facts.daily]
    for day, region_id, provider_id, service, n in rows:
        if services is not None and service not in services:
            continue
        _add(increments, NATIONAL, day, n)
        _add(increments, Cell(region_id), day, n)
        _add(increments, Cell(None, None, provider_id), day, n)
        if by_service:
            _add(increments, Cell(None, service), day, n)
            _add(increments, Cell(region_id, service), day, n)
    return cumulate(increments, ctx.days)


def _earliest(seen: dict[tuple[int, int | str], datetime.date], key: tuple[int, int | str], day: datetime.date) -> None:
    current = seen.get(key)
    if current is None or day < current:
        seen[key] = day


def recipients_distinct(ctx: FormulaContext, *, services: Collection[str] | None, by_service: bool) -> Values:
    """How many different organizations received support: each counted once per cell, on the day
    it first appears there (a recipient's region is fixed, so its region cell follows its first
    record anywhere)."""
    overall: dict[int, datetime.date] = {}
    region_of: dict[int, int] = {}
    by_centre: dict[tuple[int, int | str], datetime.date] = {}
    by_kind: dict[tuple[int, int | str], datetime.date] = {}
    for p in support_facts(ctx).pairs:
        if services is not None and p.service not in services:
            continue
        current = overall.get(p.recipient_id)
        if current is None or p.first < current:
            overall[p.recipient_id] = p.first
        region_of[p.recipient_id] = p.region_id
        _earliest(by_centre, (p.recipient_id, p.provider_id), p.first)
        if by_service:
            _earliest(by_kind, (p.recipient_id, p.service), p.first)
    increments: Increments = defaultdict(dict)
    for recipient, day in overall.items():
        _add(increments, NATIONAL, day)
        _add(increments, Cell(region_of[recipient]), day)
    for (_, provider_id), day in by_centre.items():
        _add(increments, Cell(None, None, int(provider_id)), day)
    for (recipient, service), day in by_kind.items():
        _add(increments, Cell(None, str(service)), day)
        _add(increments, Cell(region_of[recipient], str(service)), day)
    return cumulate(increments, ctx.days)


def provider_services_distinct(ctx: FormulaContext) -> Values:
    """Services a РЦ actually runs: a (РЦ, service) pair counts from its first record."""
    first: dict[tuple[int, int | str], datetime.date] = {}
    region_of: dict[int, int] = {}
    for p in support_facts(ctx).pairs:
        _earliest(first, (p.provider_id, p.service), p.first)
        region_of[p.provider_id] = p.provider_region_id
    increments: Increments = defaultdict(dict)
    for (provider_id, service), day in first.items():
        region_id = region_of[int(provider_id)]
        _add(increments, NATIONAL, day)
        _add(increments, Cell(region_id), day)
        _add(increments, Cell(None, None, int(provider_id)), day)
        _add(increments, Cell(None, str(service)), day)
        _add(increments, Cell(region_id, str(service)), day)
    return cumulate(increments, ctx.days)


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
