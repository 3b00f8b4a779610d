"""Reporting periods: a year (2026), a quarter (2026-Q2), a month (2026-05) or a day (2026-05-14)."""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[QqКк]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | month | day
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year} год"
        if self.kind == "quarter":
            return f"{(self.start.month - 1) // 3 + 1} квартал {self.start.year} года"
        if self.kind == "month":
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        return self.start.strftime("%d.%m.%Y")

    @property
    def is_year(self) -> bool:
        return self.kind == "year"

    def until(self, today: datetime.date) -> datetime.date:
        """The last day with data: the period's end, or today while the period lasts."""
        return min(self.end, today)

    def target_keys(self) -> list[str]:
        """Where to look for a target: this period, then its year, then the whole programme."""
        keys = [self.key]
        if self.kind != "year":
            keys.append(str(self.start.year))
        return [*keys, ""]


def period_parse(text: str | None, *, today: datetime.date) -> Period:
    text = (text or "").strip()
    if not text:
        text = str(today.year)
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return Period("year", text, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if m := _QUARTER.match(text):
        year, q = int(m.group(1)), int(m.group(2))
        start = datetime.date(year, 3 * q - 2, 1)
        end_month = 3 * q
        return Period(
            "quarter", f"{year}-Q{q}", start, datetime.date(year, end_month, calendar.monthrange(year, end_month)[1])
        )
    if m := _MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"Нет такого месяца: {text}.")
        return Period(
            "month",
            text,
            datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
        )
    if m := _DAY.match(text):
        try:
            day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise PeriodError(f"Нет такой даты: {text}.") from exc
        return Period("day", text, day, day)
    raise PeriodError("Период — год (2026), квартал (2026-Q2), месяц (2026-05) или день (2026-05-14).")


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """Periods offered in the dashboards' selector: this and last year, quarters, recent months."""
    choices = []
    for year in (today.year, today.year - 1):
        choices.append((str(year), f"{year} год"))
    for q in range((today.month - 1) // 3 + 1, 0, -1):
        choices.append((f"{today.year}-Q{q}", f"{q} квартал {today.year}"))
    for month in range(today.month, 0, -1):
        choices.append((f"{today.year}-{month:02d}", f"{MONTHS[month - 1]} {today.year}"))
    return choices
