"""Amounts, terms and form versions with dates of effect: the keys, their types, shipped values.

Editors add a new value with the date it takes effect; the checks and documents use the value in
force on the filing date. Values marked [L] in FACTS.md carry confidence L and a note that the
documents repeat to the consultant.
"""

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ParameterDefinition:
    title: str
    kind: str  # int, text
    unit: str = ""


PARAMETERS: dict[str, ParameterDefinition] = {
    "registration_duty_rub": ParameterDefinition(
        "Госпошлина за регистрацию НКО при создании (подача на бумаге)", "int", "₽"
    ),
    "r11001_form_order": ParameterDefinition("Форма заявления Р11001: утверждающий приказ", "text"),
    "r11001_form_name": ParameterDefinition("Форма заявления о регистрации при создании", "text"),
    "minjust_decision_working_days_7fz": ParameterDefinition(
        "Срок решения Минюста для НКО по 7-ФЗ", "int", "рабочих дней"
    ),
    "minjust_decision_days_82fz": ParameterDefinition(
        "Срок решения Минюста для общественных объединений (82-ФЗ)", "int", "календарных дней"
    ),
    "fns_entry_working_days": ParameterDefinition(
        "Срок внесения записи в ЕГРЮЛ после решения Минюста", "int", "рабочих дней"
    ),
    "certificate_working_days": ParameterDefinition(
        "Срок выдачи свидетельства после сведений ФНС", "int", "рабочих дней"
    ),
    "filing_deadline_months": ParameterDefinition("Срок подачи документов после решения о создании", "int", "месяцев"),
    "min_property_income_activity_rub": ParameterDefinition(
        "Минимальная стоимость имущества НКО, ведущей приносящую доход деятельность", "int", "₽"
    ),
    "typical_charter_order": ParameterDefinition("Типовые уставы НКО: утверждающий приказ", "text"),
    "simplified_report_threshold_rub": ParameterDefinition(
        "Порог поступлений для упрощённой отчётности в Минюст", "int", "₽"
    ),
    "minjust_report_deadline": ParameterDefinition("Срок отчётности в Минюст (день.месяц следующего года)", "text"),
    "minjust_report_forms_order": ParameterDefinition("Формы отчётности НКО в Минюст: утверждающий приказ", "text"),
    "iopu_status_years": ParameterDefinition("Срок нахождения в реестре ИОПУ", "int", "лет"),
    "iopu_services_list": ParameterDefinition("Перечень общественно полезных услуг", "text"),
    "social_provider_site_order": ParameterDefinition(
        "Порядок размещения информации поставщиком социальных услуг на сайте", "text"
    ),
}

D = datetime.date
# (key, value, valid_from, source, note, confidence)
SHIPPED_VALUES: list[tuple[str, str, datetime.date, str, str, str]] = [
    ("registration_duty_rub", "4000", D(2010, 1, 1), "НК РФ ст. 333.33 п. 1 пп. 3 (ред. до 2025 г.)", "", "H"),
    (
        "registration_duty_rub",
        "4000",
        D(2025, 1, 1),
        "Ресурсный центр (ural-nko.ru), 2025; НК РФ ст. 333.33 в ред. 176-ФЗ от 12.07.2024 — проверить",
        "Размер после 01.01.2025 не подтверждён текстом ст. 333.33 НК РФ: сверьте перед подачей.",
        "L",
    ),
    (
        "r11001_form_order",
        "Приказ ФНС России от 31.08.2020 № ЕД-7-14/617@",
        D(2020, 11, 25),
        "Приказ ФНС России от 31.08.2020 № ЕД-7-14/617@",
        "Проверьте на сайте ФНС, не заменена ли форма новым приказом.",
        "M",
    ),
    ("r11001_form_name", "Р11001", D(2020, 11, 25), "Приказ ФНС России от 31.08.2020 № ЕД-7-14/617@", "", "H"),
    ("minjust_decision_working_days_7fz", "14", D(2022, 10, 7), "7-ФЗ ст. 13.1; Приказ Минюста России № 199", "", "H"),
    ("minjust_decision_days_82fz", "30", D(2022, 10, 7), "82-ФЗ ст. 21; Приказ Минюста России № 199", "", "H"),
    ("fns_entry_working_days", "5", D(2014, 1, 1), "129-ФЗ ст. 8", "", "M"),
    ("certificate_working_days", "3", D(2022, 10, 7), "Приказ Минюста России от 26.09.2022 № 199", "", "M"),
    ("filing_deadline_months", "3", D(2006, 4, 18), "7-ФЗ ст. 13.1; 82-ФЗ ст. 21", "", "H"),
    ("min_property_income_activity_rub", "10000", D(2014, 9, 1), "ГК РФ ст. 50 п. 5; 14-ФЗ ст. 14", "", "M"),
    (
        "typical_charter_order",
        "Приказ Минюста России от 30.06.2023 № 163",
        D(2023, 7, 11),
        "ngo-law.ru, обзор 2023",
        "",
        "H",
    ),
    ("simplified_report_threshold_rub", "3000000", D(2018, 1, 1), "7-ФЗ ст. 32 п. 3.1", "", "H"),
    ("minjust_report_deadline", "15.04", D(2018, 1, 1), "7-ФЗ ст. 32 п. 3; Приказ Минюста № 185", "", "H"),
    (
        "minjust_report_forms_order",
        "Приказ Минюста России от 30.09.2021 № 185 (в ред. от 29.03.2023)",
        D(2023, 3, 29),
        "Минюст России",
        "Номер приказа — по профессиональной практике; сверьте на minjust.gov.ru.",
        "M",
    ),
    ("iopu_status_years", "2", D(2017, 1, 26), "Постановление Правительства РФ от 26.01.2017 № 89", "", "M"),
    (
        "iopu_services_list",
        "Постановление Правительства РФ от 27.10.2016 № 1096 (в действующей редакции)",
        D(2016, 10, 27),
        "Постановление Правительства РФ № 1096",
        "Перечень услуг неоднократно менялся: сверьте действующую редакцию.",
        "M",
    ),
    (
        "social_provider_site_order",
        "Приказ Минтруда России от 17.11.2014 № 886н",
        D(2014, 11, 17),
        "Приказ Минтруда России № 886н",
        "",
        "H",
    ),
]


def parameter_typed(key: str, value: str) -> Any:
    definition = PARAMETERS.get(key)
    if definition is not None and definition.kind == "int":
        try:
            return int(str(value).replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return value
    return value


def parameter_error(key: str, value: str) -> str | None:
    """A Russian message when the value does not fit the parameter's type."""
    definition = PARAMETERS.get(key)
    if definition is None:
        return "Неизвестный параметр."
    if definition.kind == "int" and not isinstance(parameter_typed(key, value), int):
        return "Значение должно быть целым числом."
    if not str(value).strip():
        return "Укажите значение."
    return None
