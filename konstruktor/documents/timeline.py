"""Expected dates of the registration steps (FACTS §2.6, rule T1), in working days.

Terms come from parameters with dates of effect, never from code: a Минюст decision within
`minjust_decision_working_days_7fz` working days (7-ФЗ) or `minjust_decision_days_82fz`
calendar days (82-ФЗ), the ЕГРЮЛ entry within `fns_entry_working_days` working days, the ФНС
notice on the next working day and the certificate within `certificate_working_days`.
"""

import datetime
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from konstruktor.core.workdays import WorkCalendar


@dataclass(frozen=True)
class TimelineStep:
    title: str
    date: datetime.date
    basis: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "date": self.date.isoformat(), "basis": self.basis, "note": self.note}


def _int(params: Mapping[str, Any], key: str, default: int) -> int:
    try:
        return int(params.get(key, default))
    except (TypeError, ValueError):
        return default


def registration_timeline(
    *,
    filing_date: datetime.date,
    law: str,
    params: Mapping[str, Any],
    calendar: WorkCalendar | None = None,
    decision_date: datetime.date | None = None,
) -> list[TimelineStep]:
    """The steps after filing; `law` is "7-ФЗ" (АНО, фонд) or "82-ФЗ" (общественные объединения)."""
    calendar = calendar or WorkCalendar.between(filing_date, filing_date + datetime.timedelta(days=120))
    steps: list[TimelineStep] = []
    if decision_date is not None:
        months = _int(params, "filing_deadline_months", 3)
        steps.append(
            TimelineStep(
                "Последний день подачи документов после решения о создании",
                add_months(decision_date, months),
                "7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
                f"{months} месяца со дня решения о создании",
            )
        )
    steps.append(TimelineStep("Подача документов в Управление Минюста", filing_date, "7-ФЗ ст. 13.1; 82-ФЗ ст. 21"))
    if law == "82-ФЗ":
        days = _int(params, "minjust_decision_days_82fz", 30)
        decision = filing_date + datetime.timedelta(days=days)
        steps.append(
            TimelineStep(
                "Решение Минюста о государственной регистрации",
                decision,
                "82-ФЗ ст. 21",
                f"не позднее {days} дней со дня получения документов",
            )
        )
    else:
        days = _int(params, "minjust_decision_working_days_7fz", 14)
        decision = calendar.add(filing_date, days)
        steps.append(
            TimelineStep(
                "Решение Минюста о государственной регистрации",
                decision,
                "7-ФЗ ст. 13.1",
                f"не позднее {days} рабочих дней со дня получения полного пакета",
            )
        )
    fns_days = _int(params, "fns_entry_working_days", 5)
    entry = calendar.add(decision, fns_days)
    steps.append(
        TimelineStep(
            "Запись в ЕГРЮЛ (ФНС): присвоение ОГРН, ИНН и КПП",
            entry,
            "129-ФЗ ст. 8",
            f"не позднее {fns_days} рабочих дней после решения Минюста",
        )
    )
    notice = calendar.add(entry, 1)
    steps.append(TimelineStep("ФНС сообщает в Минюст о внесённой записи", notice, "7-ФЗ ст. 13.1"))
    certificate_days = _int(params, "certificate_working_days", 3)
    steps.append(
        TimelineStep(
            "Выдача свидетельства о государственной регистрации НКО",
            calendar.add(notice, certificate_days),
            "Административный регламент (Приказ Минюста России от 26.09.2022 № 199)",
            f"не позднее {certificate_days} рабочих дней после сведений ФНС",
        )
    )
    return steps


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the last day of the month when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))
