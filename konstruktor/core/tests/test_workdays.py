import datetime

import pytest

from konstruktor.core.models import CalendarDay
from konstruktor.core.workdays import WorkCalendar, add_working_days, working_days_between

D = datetime.date


def test_weekends_and_statutory_holidays_are_days_off() -> None:
    calendar = WorkCalendar()
    assert not calendar.is_working(D(2026, 11, 28))  # Saturday
    assert not calendar.is_working(D(2026, 11, 4))  # День народного единства
    assert not calendar.is_working(D(2026, 1, 7))
    assert calendar.is_working(D(2026, 11, 27))


def test_holiday_on_a_weekend_moves_to_the_next_working_day() -> None:
    # 8 марта 2026 — воскресенье: выходной переносится на понедельник 9 марта (ТК РФ ст. 112 ч. 2).
    assert not WorkCalendar().is_working(D(2026, 3, 9))
    assert WorkCalendar().is_working(D(2026, 3, 10))


def test_add_working_days_skips_weekends_and_holidays() -> None:
    calendar = WorkCalendar()
    assert calendar.add(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday + 1 → Monday
    assert calendar.add(D(2026, 11, 2), 3) == D(2026, 11, 6)  # 4 November is skipped


@pytest.mark.django_db
def test_editor_exceptions_win_over_the_rules() -> None:
    CalendarDay.objects.create(date=D(2026, 12, 31), is_working=False, note="перенос с 3 января")
    CalendarDay.objects.create(date=D(2026, 11, 28), is_working=True, note="рабочая суббота")
    assert add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 11)
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 30)) == 2
