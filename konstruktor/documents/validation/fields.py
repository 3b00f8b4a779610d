"""Field checks: required answers, dates, identifiers (FACTS §6), passports, postal codes, addresses."""

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from konstruktor.core.identifiers import inn_error, kpp_error, ogrn_error, snils_error
from konstruktor.documents.questionnaire import (
    COMPOUND_FIELDS,
    Questionnaire,
    QuestionSpec,
    is_blank,
    question_visible,
    step_visible,
)
from konstruktor.documents.validation.base import RULES, Problem, Rule, Severity, field_rule, parse_date

REQUIRED = field_rule(
    "V1",
    title="Обязательный ответ",
    legal_basis="Сведения, без которых документ нельзя составить",
    explanation="Без этого ответа документы пакета получатся неполными; Минюст отказывает в регистрации, "
    "если документы оформлены ненадлежащим образом (7-ФЗ ст. 23.1, 82-ФЗ ст. 23).",
)
DATE = field_rule(
    "V2",
    title="Дата",
    legal_basis="Правильность дат в документах",
    explanation="Дата вводится как ДД.ММ.ГГГГ и должна быть реальной: рождение — в прошлом, "
    "выдача паспорта — не раньше 14 лет.",
)
PASSPORT = field_rule(
    "V3",
    title="Паспорт гражданина РФ",
    legal_basis="Указ Президента РФ от 13.03.1997 № 232; Положение о паспорте гражданина РФ",
    explanation="Серия паспорта гражданина РФ — 4 цифры, номер — 6 цифр, код подразделения — 000-000.",
)
POSTAL_CODE = field_rule(
    "V4",
    title="Почтовый индекс",
    legal_basis="Приказ ФНС России от 31.08.2020 № ЕД-7-14/617@ (требования к заполнению адреса)",
    explanation="Почтовый индекс в России состоит из 6 цифр.",
)
NUMBER = field_rule(
    "V5",
    title="Число",
    legal_basis="Правильность сведений в документах",
    explanation="Ответ должен быть числом в допустимых пределах.",
)
CHOICE = field_rule(
    "V6",
    title="Вариант из списка",
    legal_basis="Правильность сведений в документах",
    explanation="Ответ выбирается из предложенных вариантов.",
)
ITEMS = field_rule(
    "V7",
    title="Число элементов группы",
    legal_basis="Требования к составу сведений",
    explanation="В группе должно быть не меньше и не больше указанного числа элементов.",
)
IDENTIFIERS = field_rule(
    "A5",
    title="ИНН, ОГРН, СНИЛС, КПП проходят проверку",
    legal_basis="Приказ ФНС России от 29.06.2012 № ММВ-7-6/435@ (ИНН); Постановление Правительства РФ "
    "от 19.06.2002 № 438 (ОГРН); 27-ФЗ (СНИЛС); FACTS §6",
    explanation="Контрольные числа ИНН, ОГРН и СНИЛС и формат КПП проверяются до подачи: опечатка в "
    "идентификаторе — частая причина отказа по форме Р11001.",
)
FOUNDERS = field_rule(
    "F3",
    title="Сведения об учредителях полные",
    legal_basis="7-ФЗ ст. 13.1; 82-ФЗ ст. 21",
    explanation="Для учредителя-гражданина нужны ФИО, дата и место рождения, гражданство, документ, "
    "удостоверяющий личность, и адрес; для организации — наименование, ОГРН, ИНН, адрес, представитель и "
    "основание его полномочий.",
)
ADDRESS = field_rule(
    "A3",
    title="Адрес указан полностью",
    legal_basis="129-ФЗ ст. 5 п. 1 «в»; Приказ ФНС России № ЕД-7-14/617@; ГАР (ФИАС)",
    explanation="Адрес в заявлении Р11001 и в ЕГРЮЛ указывается по государственному адресному реестру: "
    "индекс, субъект РФ, населённый пункт, улица, дом, помещение. Сверьте адрес на fias.nalog.ru.",
)

_PASSPORT_SERIES = re.compile(r"\d{4}")
_PASSPORT_NUMBER = re.compile(r"\d{6}")
_DIVISION_CODE = re.compile(r"\d{3}-\d{3}")
_POSTAL = re.compile(r"\d{6}")
_RUSSIA = re.compile(r"росс|рф\b", re.IGNORECASE)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def is_russian_citizen(person: Mapping[str, Any]) -> bool:
    citizenship = str(person.get("citizenship") or "")
    return not citizenship.strip() or bool(_RUSSIA.search(citizenship))


class FieldChecker:
    def __init__(self, questionnaire: Questionnaire, answers: Mapping[str, Any], on: datetime.date) -> None:
        self.questionnaire = questionnaire
        self.answers = answers
        self.on = on
        self.problems: list[Problem] = []

    def add(self, rule: Rule, path: str, message: str, severity: str | None = None) -> None:
        self.problems.append(rule.problem(path, message, severity=severity))

    def required_rule(self, question: QuestionSpec) -> Rule:
        rule_id = question.options.get("required_rule") or ("A3" if question.kind == "address" else "V1")
        return RULES.get(rule_id, REQUIRED)

    def run(self) -> list[Problem]:
        for step in self.questionnaire.steps:
            if not step_visible(step, self.answers):
                continue
            for question in step.questions:
                if question_visible(question, self.answers):
                    self.check(question, self.answers.get(question.key), question.key, None, REQUIRED)
        return self.problems

    def check(
        self,
        question: QuestionSpec,
        value: Any,
        path: str,
        item: Mapping[str, Any] | None,
        inherited: Rule,
    ) -> None:
        required_rule = self.required_rule(question) if question.options.get("required_rule") else inherited
        if question.kind == "address":
            required_rule = self.required_rule(question)
        if is_blank(value):
            if question.required:
                what = "Добавьте хотя бы один элемент" if question.kind == "group" else "Ответьте на вопрос"
                self.add(required_rule, path, f"{what}: «{question.label}».")
            return
        kind = question.kind
        if kind == "date":
            self.date(value, path, question.label)
        elif kind == "number":
            self.number(question, value, path)
        elif kind == "choice":
            if str(value) not in dict(question.choices):
                self.add(CHOICE, path, f"Выберите вариант из списка: «{question.label}».")
        elif kind == "multichoice":
            allowed = dict(question.choices)
            unknown = [v for v in (value if isinstance(value, list) else [value]) if str(v) not in allowed]
            if unknown:
                self.add(CHOICE, path, f"Неизвестные варианты: {', '.join(map(str, unknown))}.")
        elif kind in COMPOUND_FIELDS:
            if not isinstance(value, Mapping):
                self.add(required_rule, path, f"Заполните сведения: «{question.label}».")
                return
            self.compound(question, value, path, required_rule)
        elif kind == "group":
            self.group(question, value, path, required_rule)

    def date(self, value: Any, path: str, label: str) -> datetime.date | None:
        parsed = parse_date(value)
        if parsed is None:
            self.add(DATE, path, f"«{label}»: дата не распознана, введите её как ДД.ММ.ГГГГ.")
        elif parsed.year < 1900 or parsed.year > self.on.year + 5:
            self.add(DATE, path, f"«{label}»: проверьте год — {parsed:%d.%m.%Y}.")
            return None
        return parsed

    def number(self, question: QuestionSpec, value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(NUMBER, path, f"«{question.label}»: введите число.")
            return
        low, high = question.options.get("min"), question.options.get("max")
        if low is not None and value < low:
            self.add(NUMBER, path, f"«{question.label}»: не меньше {low}.")
        if high is not None and value > high:
            self.add(NUMBER, path, f"«{question.label}»: не больше {high}.")

    def group(self, question: QuestionSpec, value: Any, path: str, required_rule: Rule) -> None:
        items = [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
        if question.min_items is not None and len(items) < question.min_items:
            self.add(ITEMS, path, f"«{question.label}»: нужно не меньше {question.min_items}.")
        if question.max_items is not None and len(items) > question.max_items:
            self.add(ITEMS, path, f"«{question.label}»: не больше {question.max_items}.")
        for index, item in enumerate(items):
            for child in question.children:
                if question_visible(child, self.answers, item):
                    self.check(child, item.get(child.key), f"{path}.{index}.{child.key}", item, required_rule)

    def compound(self, question: QuestionSpec, value: Mapping[str, Any], path: str, required_rule: Rule) -> None:
        for sub in question.subfields:
            if sub.required and is_blank(value.get(sub.key)):
                self.add(required_rule, f"{path}.{sub.key}", f"Укажите: {sub.label.lower()}.")
        if question.kind == "person":
            self.person(value, path)
        elif question.kind == "organization":
            self.organization(value, path)
        elif question.kind == "address":
            code = str(value.get("postal_code") or "").strip()
            if code and not _POSTAL.fullmatch(code):
                self.add(POSTAL_CODE, f"{path}.postal_code", "Почтовый индекс — 6 цифр, например 614000.")

    def person(self, person: Mapping[str, Any], path: str) -> None:
        birth = issued = None
        if not is_blank(person.get("birth_date")):
            birth = self.date(person.get("birth_date"), f"{path}.birth_date", "Дата рождения")
            if birth and birth >= self.on:
                self.add(DATE, f"{path}.birth_date", "Дата рождения должна быть в прошлом.")
        if not is_blank(person.get("passport_issued_date")):
            issued = self.date(person.get("passport_issued_date"), f"{path}.passport_issued_date", "Дата выдачи")
            if issued and issued > self.on:
                self.add(DATE, f"{path}.passport_issued_date", "Дата выдачи паспорта ещё не наступила.")
        if birth and issued and issued < add_years(birth, 14):
            self.add(DATE, f"{path}.passport_issued_date", "Паспорт гражданина РФ выдаётся с 14 лет: проверьте даты.")
        if is_russian_citizen(person):
            series = re.sub(r"\s", "", str(person.get("passport_series") or ""))
            number = re.sub(r"\s", "", str(person.get("passport_number") or ""))
            code = str(person.get("passport_division_code") or "").strip()
            if series and not _PASSPORT_SERIES.fullmatch(series):
                self.add(PASSPORT, f"{path}.passport_series", "Серия паспорта гражданина РФ — 4 цифры, например 57 08.")
            if number and not _PASSPORT_NUMBER.fullmatch(number):
                self.add(PASSPORT, f"{path}.passport_number", "Номер паспорта гражданина РФ — 6 цифр.")
            if code and not _DIVISION_CODE.fullmatch(code):
                self.add(PASSPORT, f"{path}.passport_division_code", "Код подразделения — в виде 000-000.")
        inn = str(person.get("inn") or "").strip()
        if inn:
            message = inn_error(inn)
            if message is None and len(re.sub(r"\D", "", inn)) != 12:
                message = "ИНН гражданина состоит из 12 цифр."
            if message:
                self.add(IDENTIFIERS, f"{path}.inn", message)
        snils = str(person.get("snils") or "").strip()
        if snils and (message := snils_error(snils)):
            self.add(IDENTIFIERS, f"{path}.snils", message)

    def organization(self, org: Mapping[str, Any], path: str) -> None:
        ogrn = str(org.get("ogrn") or "").strip()
        if ogrn and (message := ogrn_error(ogrn)):
            self.add(IDENTIFIERS, f"{path}.ogrn", message)
        inn = str(org.get("inn") or "").strip()
        if inn:
            message = inn_error(inn)
            if message is None and len(re.sub(r"\D", "", inn)) != 10:
                message = "ИНН организации состоит из 10 цифр."
            if message:
                self.add(IDENTIFIERS, f"{path}.inn", message)
        kpp = str(org.get("kpp") or "").strip()
        if kpp and (message := kpp_error(kpp)):
            self.add(IDENTIFIERS, f"{path}.kpp", message)


def field_problems(questionnaire: Questionnaire, answers: Mapping[str, Any], on: datetime.date) -> Iterator[Problem]:
    yield from FieldChecker(questionnaire, answers, on).run()


__all__ = ["Severity", "add_years", "field_problems", "is_russian_citizen"]
