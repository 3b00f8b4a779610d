import datetime

import pytest

from konstruktor.core.models import CalendarDay
from konstruktor.documents.tests.factories import shipped_params
from konstruktor.documents.timeline import add_months, registration_timeline

pytestmark = pytest.mark.django_db
PARAMS = shipped_params(datetime.date(2026, 4, 1))


def _dates(steps):  # type: ignore[no-untyped-def]
    return {s.title: s.date for s in steps}


def test_registration_dates_skip_the_may_holidays_for_an_ano() -> None:
    steps = _dates(registration_timeline(filing_date=datetime.date(2026, 4, 27), law="7-ФЗ", params=PARAMS))

    # 14 working days from Mon 27.04.2026: 1 May (Fri) and 11 May (Mon, for 9 May on Saturday) are days off.
    assert steps["Решение Минюста о государственной регистрации"] == datetime.date(2026, 5, 19)
    assert steps["Запись в ЕГРЮЛ (ФНС): присвоение ОГРН, ИНН и КПП"] == datetime.date(2026, 5, 26)
    assert steps["Выдача свидетельства о государственной регистрации НКО"] == datetime.date(2026, 6, 1)


def test_public_associations_wait_thirty_calendar_days() -> None:
    steps = _dates(registration_timeline(filing_date=datetime.date(2026, 4, 27), law="82-ФЗ", params=PARAMS))

    assert steps["Решение Минюста о государственной регистрации"] == datetime.date(2026, 5, 27)


def test_an_editor_entered_day_off_moves_the_dates() -> None:
    CalendarDay.objects.create(date=datetime.date(2026, 5, 18), is_working=False, note="перенос")

    steps = _dates(registration_timeline(filing_date=datetime.date(2026, 4, 27), law="7-ФЗ", params=PARAMS))

    assert steps["Решение Минюста о государственной регистрации"] == datetime.date(2026, 5, 20)


def test_terms_come_from_parameters() -> None:
    faster = {**PARAMS, "minjust_decision_working_days_7fz": 7}

    steps = _dates(registration_timeline(filing_date=datetime.date(2026, 4, 27), law="7-ФЗ", params=faster))

    assert steps["Решение Минюста о государственной регистрации"] == datetime.date(2026, 5, 7)


def test_three_months_end_on_the_last_day_of_a_short_month() -> None:
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 2), 3) == datetime.date(2026, 6, 2)


def test_timeline_page_shows_the_dates(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from konstruktor.core.testing import login
    from konstruktor.documents.shipped.install import parameters_install

    parameters_install()
    html = login(perm_consultant).get(reverse("documents:timeline"), {"filing_date": "2026-04-27", "law": "7-ФЗ"})

    assert "19.05.2026" in html.content.decode()
