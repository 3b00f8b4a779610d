"""Service-level arithmetic in working days (the Russian production calendar of core.workdays).

Conventions, the same for every count: the day a question arrives is not counted (a question
received on Friday with a 5-day target is due the next Friday); a pause that starts on day P and
ends on day R takes the working days after P up to and including R off the clock.
"""

import datetime

from konstruktor.core.workdays import WorkCalendar, add_working_days, working_days_between


def due_date_for(*, received: datetime.date, sla_working_days: int) -> datetime.date:
    return add_working_days(received, sla_working_days)


def paused_working_days(*, paused: datetime.date, resumed: datetime.date) -> int:
    return working_days_between(paused, resumed)


def due_date_extended(*, due_date: datetime.date, days: int) -> datetime.date:
    return add_working_days(due_date, days) if days > 0 else due_date


def working_days_to_answer(*, received: datetime.date, answered: datetime.date, paused_days: int) -> int:
    return max(working_days_between(received, answered) - paused_days, 0)


def working_days_left(*, today: datetime.date, due_dates: list[datetime.date]) -> dict[datetime.date, int]:
    """Working days from today to each due date (negative when overdue), with one calendar load."""
    if not due_dates:
        return {}
    calendar = WorkCalendar.between(min([today, *due_dates]), max([today, *due_dates]))
    left: dict[datetime.date, int] = {}
    for due in set(due_dates):
        left[due] = calendar.count(today, due) if due >= today else -calendar.count(due, today)
    return left
