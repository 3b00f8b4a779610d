"""Overdue and at-risk items by the working-day calendar (ТК РФ ст. 112, ГК РФ ст. 193)."""

import datetime

import pytest

from konstruktor.core.models import CalendarDay
from konstruktor.core.workdays import WorkCalendar
from konstruktor.governance.control import State, calendar_for, effective_deadline, item_control

D = datetime.date


def control(deadline: datetime.date | None, today: datetime.date, *, done: bool = False, days: int = 5):  # type: ignore[no-untyped-def]
    return item_control(deadline=deadline, done=done, today=today, calendar=WorkCalendar(), at_risk_days=days)


def test_a_deadline_on_a_holiday_weekend_moves_past_the_transferred_day_off() -> None:
    # 9 May 2026 is a Saturday; the holiday's day off moves to Monday 11 May (ст. 112 ч. 2).
    assert effective_deadline(D(2026, 5, 9), WorkCalendar()) == D(2026, 5, 12)
    assert control(D(2026, 5, 9), D(2026, 5, 11)).state == State.AT_RISK
    due_today = control(D(2026, 5, 9), D(2026, 5, 12))
    assert (due_today.state, due_today.detail) == (State.AT_RISK, "срок сегодня")
    late = control(D(2026, 5, 9), D(2026, 5, 13))
    assert (late.state, late.working_days, late.detail) == (State.OVERDUE, 1, "просрочено на 1 раб. дн.")


def test_a_deadline_in_the_new_year_holidays_falls_on_the_first_working_day() -> None:
    assert effective_deadline(D(2027, 1, 3), WorkCalendar()) == D(2027, 1, 11)
    assert control(D(2027, 1, 3), D(2027, 1, 8)).state == State.AT_RISK


def test_at_risk_counts_working_days_not_calendar_days() -> None:
    # Friday 1 May 2026 is a holiday: after Wed 29 April up to Thu 7 May there are 5 working
    # days (30 April, 4–7 May) in 8 calendar days.
    state = control(D(2026, 5, 7), D(2026, 4, 29), days=5)
    assert (state.state, state.working_days) == (State.AT_RISK, 5)
    assert control(D(2026, 5, 7), D(2026, 4, 29), days=4).state == State.ON_TRACK


def test_overdue_length_skips_weekends_and_holidays() -> None:
    # Due Thursday 30 April; by Tuesday 5 May two working days have gone (4 and 5 May), not five.
    late = control(D(2026, 4, 30), D(2026, 5, 5))
    assert (late.state, late.working_days) == (State.OVERDUE, 2)


def test_a_done_item_is_never_overdue_and_an_item_without_deadline_is_not_late() -> None:
    assert control(D(2026, 1, 20), D(2026, 3, 1), done=True).state == State.DONE
    assert control(None, D(2026, 3, 1)).state == State.NO_DEADLINE


@pytest.mark.django_db
def test_an_editor_made_working_saturday_is_a_deadline_day() -> None:
    CalendarDay.objects.create(date=D(2026, 6, 27), is_working=True, note="перенос рабочего дня")
    calendar = calendar_for(D(2026, 6, 29), [D(2026, 6, 27)])
    late = item_control(deadline=D(2026, 6, 27), done=False, today=D(2026, 6, 29), calendar=calendar)
    assert (late.state, late.effective_deadline) == (State.OVERDUE, D(2026, 6, 27))
