"""Indicator formulas: Python callables registered under an indicator's code.

A formula gets a `FormulaContext` — the start of the accumulation period and the days to report —
and returns, for every day, the value accumulated from the start up to and including that day,
for the country and for every region, service and РЦ it breaks down by. Zero values are left
out except the national one, so a missing row means 0.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import QuerySet


class Cell(NamedTuple):
    """Where a value belongs: None in a field means «all» (the country, every service, every РЦ).

    A named tuple rather than a dataclass: formulas build and hash hundreds of thousands of them.
    """

    region_id: int | None = None
    service: str | None = None
    centre_id: int | None = None


NATIONAL = Cell()
Values = dict[tuple[datetime.date, Cell], float]


@dataclass
class FormulaContext:
    start: datetime.date
    days: list[datetime.date]
    _memo: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.days = sorted(set(self.days))
        if not self.days or self.days[0] < self.start:
            raise ValueError("days must be non-empty and not before start")

    @property
    def end(self) -> datetime.date:
        return self.days[-1]

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """Shared facts (one GROUP BY over the support log) computed once for all formulas."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]


@dataclass(frozen=True)
class Drill:
    """What a number on a dashboard stands for: the filter of the records behind it."""

    start: datetime.date
    end: datetime.date
    region_id: int | None = None
    service: str | None = None
    centre_id: int | None = None


@dataclass(frozen=True)
class Formula:
    code: str
    compute: Callable[[FormulaContext], Values]
    # The records behind a value (support log), or None when the value is a count of regions.
    records: Callable[[Drill], QuerySet[Any]] | None = None
    breakdowns: frozenset[str] = frozenset({"region"})
    # How a distinct count relates to the records (for the drill-down's heading).
    distinct: str = ""


_formulas: dict[str, Formula] = {}


def formula_register(formula: Formula) -> Formula:
    _formulas[formula.code] = formula
    return formula


def formula_get(code: str) -> Formula | None:
    return _formulas.get(code)


def formula_codes() -> list[str]:
    return sorted(_formulas)


def cumulate(increments: dict[Cell, dict[datetime.date, int]], days: list[datetime.date]) -> Values:
    """Running totals per cell on the given days (increments may fall on any day from the start)."""
    values: Values = {}
    for cell, per_day in increments.items():
        events = sorted(per_day.items())
        total, i = 0, 0
        for day in days:
            while i < len(events) and events[i][0] <= day:
                total += events[i][1]
                i += 1
            if total or cell == NATIONAL:
                values[(day, cell)] = float(total)
    for day in days:
        values.setdefault((day, NATIONAL), 0.0)
    return values


def constant(cells: Iterable[tuple[Cell, float]], days: list[datetime.date]) -> Values:
    values: Values = {(day, NATIONAL): 0.0 for day in days}
    for cell, value in cells:
        for day in days:
            if value or cell == NATIONAL:
                values[(day, cell)] = float(value)
    return values
