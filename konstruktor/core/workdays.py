"""Working days by the Russian production calendar.

Rules: Monday–Friday are working days except the non-working holidays of ТК РФ ст. 112 ч. 1
(1–8 января, 23 февраля, 8 марта, 1 и 9 мая, 12 июня, 4 ноября). A holiday that falls on a
weekend moves the day off to the next working day (ст. 112 ч. 2), except the January holidays,
whose transfers the Government sets each year by decree. Those decree transfers (and any other
exception) are entered by editors as CalendarDay rows, which always win.
"""

import datetime
from collections.abc import Iterable

from konstruktor.core.models import CalendarDay

HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
)


def _holiday_days_off(year: int) -> set[datetime.date]:
    days = {datetime.date(year, m, d) for m, d in HOLIDAYS}
    for month, day in sorted(HOLIDAYS):
        holiday = datetime.date(year, month, day)
        if month == 1 or holiday.weekday() < 5:
            continue
        shifted = holiday + datetime.timedelta(days=1)
        while shifted.weekday() >= 5 or shifted in days:
            shifted += datetime.timedelta(days=1)
        days.add(shifted)
    return days


class WorkCalendar:
    """A calendar for a span of dates, loading the editors' exceptions once."""

    def __init__(self, overrides: Iterable[CalendarDay] = ()) -> None:
        self._overrides = {d.date: d.is_working for d in overrides}
        self._days_off: dict[int, set[datetime.date]] = {}

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> "WorkCalendar":
        low, high = min(start, end), max(start, end)
        return cls(CalendarDay.objects.filter(date__gte=low, date__lte=high + datetime.timedelta(days=366)))

    def is_working(self, day: datetime.date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        if day.year not in self._days_off:
            self._days_off[day.year] = _holiday_days_off(day.year)
        return day.weekday() < 5 and day not in self._days_off[day.year]

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (start itself is not counted)."""
        current, left = start, days
        while left > 0:
            current += datetime.timedelta(days=1)
            if self.is_working(current):
                left -= 1
        return current

    def count(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`."""
        if end <= start:
            return 0
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working(start + datetime.timedelta(days=n)))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return WorkCalendar.between(start, start + datetime.timedelta(days=days * 2 + 30)).add(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkCalendar.between(start, end).count(start, end)
