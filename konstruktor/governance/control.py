"""Execution control of roadmap items: overdue and at-risk by the working-day calendar.

A deadline that falls on a day off moves to the next working day (ГК РФ ст. 193), so an item
due on Saturday 9 May is not overdue until the following Monday has passed. An item is at risk
when it is not done and at most N working days remain (the roadmap's setting, 5 by default).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from konstruktor.core.workdays import WorkCalendar


class State(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    NO_DEADLINE = "no_deadline"


LABELS = {
    State.DONE: "выполнено",
    State.OVERDUE: "просрочено",
    State.AT_RISK: "под угрозой срыва",
    State.ON_TRACK: "в срок",
    State.NO_DEADLINE: "срок не задан",
}


@dataclass(frozen=True)
class Control:
    state: State
    effective_deadline: datetime.date | None = None
    # Working days left (at risk / on track) or past the deadline (overdue).
    working_days: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def detail(self) -> str:
        if self.state == State.OVERDUE:
            return f"просрочено на {self.working_days} раб. дн."
        if self.state == State.AT_RISK:
            return "срок сегодня" if self.working_days == 0 else f"осталось {self.working_days} раб. дн."
        return self.label


def effective_deadline(deadline: datetime.date, calendar: WorkCalendar) -> datetime.date:
    day = deadline
    while not calendar.is_working(day):
        day += datetime.timedelta(days=1)
    return day


def item_control(
    *,
    deadline: datetime.date | None,
    done: bool,
    today: datetime.date,
    calendar: WorkCalendar,
    at_risk_days: int = 5,
) -> Control:
    if done:
        return Control(State.DONE)
    if deadline is None:
        return Control(State.NO_DEADLINE)
    due = effective_deadline(deadline, calendar)
    if today > due:
        return Control(State.OVERDUE, due, calendar.count(due, today))
    left = calendar.count(today, due)
    if left <= at_risk_days:
        return Control(State.AT_RISK, due, left)
    return Control(State.ON_TRACK, due, left)


def calendar_for(today: datetime.date, deadlines: list[datetime.date]) -> WorkCalendar:
    """One calendar (one query for the editors' exceptions) covering today and every deadline."""
    days = [today, *deadlines]
    return WorkCalendar.between(min(days) - datetime.timedelta(days=31), max(days) + datetime.timedelta(days=31))
