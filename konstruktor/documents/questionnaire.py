"""The questionnaire in memory: questions of typed kinds, visibility by conditions, answers.

Answers are JSON: text/date/choice → string (dates ISO 8601), multichoice → list of strings,
boolean → true/false, number → number, person/organization/address → object of the fixed
sub-fields below, group → list of objects keyed by the group's sub-questions.
"""

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from konstruktor.documents import conditions

KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class SubField:
    key: str
    label: str
    kind: str = "text"  # text or date
    required: bool = True
    help_text: str = ""


PERSON_FIELDS: tuple[SubField, ...] = (
    SubField("last_name", "Фамилия"),
    SubField("first_name", "Имя"),
    SubField("middle_name", "Отчество (при наличии)", required=False),
    SubField("birth_date", "Дата рождения", kind="date"),
    SubField("birth_place", "Место рождения", help_text="Как в паспорте."),
    SubField("citizenship", "Гражданство", help_text="Например: Российская Федерация."),
    SubField(
        "passport_series", "Серия паспорта", help_text="Для паспорта гражданина РФ — 4 цифры; иначе серия документа."
    ),
    SubField("passport_number", "Номер паспорта", help_text="Для паспорта гражданина РФ — 6 цифр."),
    SubField("passport_issued_by", "Кем выдан паспорт"),
    SubField("passport_issued_date", "Дата выдачи паспорта", kind="date"),
    SubField("passport_division_code", "Код подразделения", required=False, help_text="Например: 590-001."),
    SubField("address", "Адрес регистрации по месту жительства"),
    SubField("inn", "ИНН (при наличии)", required=False),
    SubField("snils", "СНИЛС (при наличии)", required=False),
    SubField("phone", "Телефон", required=False),
    SubField("email", "Электронная почта", required=False),
)
ORGANIZATION_FIELDS: tuple[SubField, ...] = (
    SubField("full_name", "Полное наименование"),
    SubField("ogrn", "ОГРН", help_text="13 цифр; проверяется контрольное число."),
    SubField("inn", "ИНН", help_text="10 цифр; проверяется контрольное число."),
    SubField("kpp", "КПП", required=False, help_text="9 знаков, например 590201001."),
    SubField("address", "Адрес (место нахождения)"),
    SubField("head_name", "ФИО руководителя (представителя)"),
    SubField("head_position", "Должность руководителя (представителя)"),
    SubField("authority", "Основание полномочий", help_text="Например: устав; доверенность от 01.03.2026 № 5."),
)
ADDRESS_FIELDS: tuple[SubField, ...] = (
    SubField("postal_code", "Почтовый индекс", help_text="6 цифр."),
    SubField("region", "Субъект РФ"),
    SubField("district", "Район, муниципальный округ", required=False),
    SubField("settlement", "Населённый пункт", help_text="Например: г. Пермь, с. Усть-Качка."),
    SubField("street", "Улица", required=False),
    SubField("house", "Дом (строение, корпус)"),
    SubField("room", "Помещение, офис, квартира", required=False),
)
COMPOUND_FIELDS: dict[str, tuple[SubField, ...]] = {
    "person": PERSON_FIELDS,
    "organization": ORGANIZATION_FIELDS,
    "address": ADDRESS_FIELDS,
}
# Names the templates may read besides the answers (see context.py).
COMPUTED_NAMES: dict[str, str] = {
    "org": "создаваемая или заявляющая организация: full_name, short_name, form_title, location, address",
    "params": "параметры на дату подачи: суммы, сроки, формы (ключ → значение)",
    "param_notes": "примечания к параметрам, требующим проверки (ключ → текст)",
    "today": "дата формирования",
    "on": "дата, на которую проверяются ответы (дата подачи или сегодня)",
    "timeline": "ожидаемые даты этапов регистрации: title, date, basis",
    "documents": "документы пакета: title, copies, note",
    "individual_founders": "учредители — граждане",
    "legal_founders": "учредители — организации",
    "sole_founder": "истина, если учредитель один",
    "law": "«7-ФЗ» или «82-ФЗ» по организационно-правовой форме",
    "is_public_association": "истина для общественной организации",
    "applicant": "заявитель (руководитель или учредитель) как гражданин",
    "duty_rub": "размер госпошлины на дату подачи, строкой («4 000»)",
    "problems": "замечания проверки: rule, severity_label, message, legal_basis",
    "package": "пакет: title, legal_basis",
    "version": "номер версии пакета",
    "prepared_by": "кто сформировал пакет",
}

# The answers each computed name is built from: a question behind them cannot be deleted while a
# template reads the computed name.
COMPUTED_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "org": ("full_name", "short_name", "location", "address", "legal_form"),
    "individual_founders": ("founders",),
    "legal_founders": ("founders",),
    "sole_founder": ("founders",),
    "applicant": ("applicant", "director"),
    "law": ("legal_form",),
    "is_public_association": ("legal_form",),
}


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    label: str
    help_text: str = ""
    legal_basis: str = ""
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    condition: str = ""
    children: tuple["QuestionSpec", ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    step_index: int = 0
    pk: int | None = None

    @property
    def subfields(self) -> tuple[SubField, ...]:
        return COMPOUND_FIELDS.get(self.kind, ())

    def choice_label(self, value: Any) -> str:
        return dict(self.choices).get(str(value), str(value))


@dataclass(frozen=True)
class StepSpec:
    index: int
    title: str
    help_text: str = ""
    condition: str = ""
    questions: tuple[QuestionSpec, ...] = ()


@dataclass(frozen=True)
class DocumentSpec:
    pk: int
    title: str
    filename: str
    condition: str = ""
    copies: int = 1
    note: str = ""


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    title: str
    kind: str
    legal_basis: str
    description: str
    steps: tuple[StepSpec, ...]
    documents: tuple[DocumentSpec, ...] = ()
    rules: tuple[str, ...] = ()
    pk: int | None = None

    def questions(self) -> Iterator[QuestionSpec]:
        for step in self.steps:
            yield from step.questions

    @property
    def by_key(self) -> dict[str, QuestionSpec]:
        return {q.key: q for q in self.questions()}

    def key_set(self) -> set[str]:
        return {q.key for q in self.questions()}

    def find(self, path: str) -> tuple[QuestionSpec | None, str]:
        """The question a field path points at and a human label of the path."""
        parts = path.split(".")
        question = self.by_key.get(parts[0])
        if question is None:
            return None, path
        labels = [question.label]
        current = question
        rest = parts[1:]
        while rest:
            head = rest.pop(0)
            if current.kind == "group" and head.isdigit():
                labels.append(f"№ {int(head) + 1}")
                if rest:
                    child = next((c for c in current.children if c.key == rest[0]), None)
                    if child is None:
                        break
                    rest.pop(0)
                    labels.append(child.label)
                    current = child
            else:
                sub = next((s for s in current.subfields if s.key == head), None)
                if sub is not None:
                    labels.append(sub.label)
                break
        return question, " → ".join(labels)


def step_visible(step: StepSpec, answers: Mapping[str, Any]) -> bool:
    return conditions.evaluate(step.condition, answers)


def question_visible(question: QuestionSpec, answers: Mapping[str, Any], item: Mapping[str, Any] | None = None) -> bool:
    if item is not None:
        return conditions.evaluate(question.condition, item, answers)
    return conditions.evaluate(question.condition, answers)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return len(value) == 0
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    return False


def effective_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers of the visible questions only: hidden questions count as unanswered.

    Conditions may depend on answers that are themselves hidden; two passes settle the usual
    chains (a hidden question's answer stops counting, which may hide its dependants).
    """
    current: dict[str, Any] = dict(answers)
    for _ in range(3):
        result: dict[str, Any] = {}
        for step in questionnaire.steps:
            if not step_visible(step, current):
                continue
            for question in step.questions:
                if question.key not in answers or not question_visible(question, current):
                    continue
                value = answers[question.key]
                if question.kind == "group" and isinstance(value, list):
                    value = [_item_effective(question, item, current) for item in value if isinstance(item, dict)]
                result[question.key] = value
        if result == current:
            break
        current = result
    return current


def _item_effective(group: QuestionSpec, item: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    return {
        child.key: item[child.key]
        for child in group.children
        if child.key in item and question_visible(child, answers, item)
    }


# --- parsing the wizard's form posts ------------------------------------------------------------


def _clean_text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _parse_date(raw: str) -> str:
    """ISO for valid dates; the raw text otherwise, so the check can name the mistake."""
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return raw


def _parse_number(raw: str) -> Any:
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return raw.strip()
    return int(number) if number.is_integer() and "." not in text else number


def _parse_scalar(question: QuestionSpec, data: Any, name: str) -> Any:
    if question.kind == "multichoice":
        return [v for v in data.getlist(name) if v]
    raw = data.get(name)
    if question.kind == "boolean":
        return {"yes": True, "no": False}.get(raw or "")
    if raw is None:
        return None
    if question.kind == "date":
        return _parse_date(raw) if raw.strip() else ""
    if question.kind == "number":
        return _parse_number(raw)
    return _clean_text(raw)


def _parse_compound(question: QuestionSpec, data: Any, prefix: str) -> dict[str, str]:
    value: dict[str, str] = {}
    for sub in question.subfields:
        raw = data.get(f"{prefix}.{sub.key}")
        if raw is None:
            continue
        value[sub.key] = _parse_date(raw) if sub.kind == "date" and raw.strip() else _clean_text(raw)
    return value


def _parse_question(question: QuestionSpec, data: Any, prefix: str, previous: Any) -> tuple[bool, Any]:
    """(present in the post, value). Absent fields keep the previous answer."""
    if question.kind in COMPOUND_FIELDS:
        value = _parse_compound(question, data, prefix)
        return bool(value), value
    if question.kind == "group":
        count_raw = data.get(f"{prefix}.count")
        if count_raw is None:
            return False, previous
        try:
            count = max(0, min(int(count_raw), 200))
        except ValueError:
            return False, previous
        old_items = previous if isinstance(previous, list) else []
        items: list[dict[str, Any]] = []
        for index in range(count):
            old = old_items[index] if index < len(old_items) and isinstance(old_items[index], dict) else {}
            item = dict(old)
            for child in question.children:
                present, value = _parse_question(child, data, f"{prefix}.{index}.{child.key}", old.get(child.key))
                if present:
                    item[child.key] = value
            items.append(item)
        return True, items
    if question.kind == "multichoice":
        # A hidden marker tells "nothing chosen" from "not on this page".
        if data.get(f"{prefix}.present") is None:
            return False, previous
        return True, _parse_scalar(question, data, prefix)
    if question.kind == "boolean":
        raw = data.get(prefix)
        if raw is None:
            return data.get(f"{prefix}.present") is not None, None
        return True, _parse_scalar(question, data, prefix)
    raw = data.get(prefix)
    if raw is None:
        return False, previous
    return True, _parse_scalar(question, data, prefix)


def answers_from_post(step: StepSpec, data: Any, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with this step's posted fields replaced (field names: key, key.sub, key.0.sub)."""
    result = dict(answers)
    for question in step.questions:
        present, value = _parse_question(question, data, question.key, answers.get(question.key))
        if present:
            result[question.key] = value
    return result


def group_item_add(answers: Mapping[str, Any], key: str) -> dict[str, Any]:
    result = dict(answers)
    items = list(result.get(key) or [])
    items.append({})
    result[key] = items
    return result


def group_item_remove(answers: Mapping[str, Any], key: str, index: int) -> dict[str, Any]:
    result = dict(answers)
    items = list(result.get(key) or [])
    if 0 <= index < len(items):
        items.pop(index)
    result[key] = items
    return result


# --- what changed ----------------------------------------------------------------------------


def _flatten(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}

    def walk(question: QuestionSpec, value: Any, path: str) -> None:
        if question.kind in COMPOUND_FIELDS and isinstance(value, Mapping):
            for sub in question.subfields:
                if not is_blank(value.get(sub.key)):
                    flat[f"{path}.{sub.key}"] = value.get(sub.key)
        elif question.kind == "group" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    for child in question.children:
                        if child.key in item:
                            walk(child, item[child.key], f"{path}.{index}.{child.key}")
        elif not is_blank(value):
            if question.kind == "choice":
                value = question.choice_label(value)
            elif question.kind == "multichoice" and isinstance(value, list):
                value = ", ".join(question.choice_label(v) for v in value)
            elif question.kind == "boolean":
                value = "да" if value else "нет"
            flat[path] = value

    for question in questionnaire.questions():
        if question.key in answers:
            walk(question, answers[question.key], question.key)
    return flat


def answers_diff(questionnaire: Questionnaire, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[list[Any]]:
    """[[label, before, after], ...] in questionnaire order for every answer that changed."""
    old, new = _flatten(questionnaire, before), _flatten(questionnaire, after)
    order = list(new) + [k for k in old if k not in new]
    rows: list[list[Any]] = []
    for path in order:
        if old.get(path) != new.get(path):
            _, label = questionnaire.find(path)
            rows.append([label, old.get(path), new.get(path)])
    return rows


# --- JSON Schema -------------------------------------------------------------------------------


def _compound_schema(fields: tuple[SubField, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            s.key: {"type": "string", "title": s.label, **({"format": "date"} if s.kind == "date" else {})}
            | ({"description": s.help_text} if s.help_text else {})
            for s in fields
        },
        "required": [s.key for s in fields if s.required],
    }


def question_schema(question: QuestionSpec) -> dict[str, Any]:
    kind = question.kind
    schema: dict[str, Any]
    if kind in ("text", "textarea"):
        schema = {"type": "string"}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "choice":
        schema = {"type": "string", "enum": [v for v, _ in question.choices], "x-enum-labels": dict(question.choices)}
    elif kind == "multichoice":
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": [v for v, _ in question.choices]},
            "uniqueItems": True,
            "x-enum-labels": dict(question.choices),
        }
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "number":
        schema = {"type": "number"}
    elif kind in COMPOUND_FIELDS:
        schema = _compound_schema(COMPOUND_FIELDS[kind])
    else:  # group
        item = {
            "type": "object",
            "properties": {child.key: question_schema(child) for child in question.children},
            "required": [c.key for c in question.children if c.required and not c.condition],
        }
        schema = {"type": "array", "items": item}
        if question.min_items is not None:
            schema["minItems"] = question.min_items
        if question.max_items is not None:
            schema["maxItems"] = question.max_items
    schema["title"] = question.label
    description = " ".join(
        p for p in (question.help_text, question.legal_basis and f"Основание: {question.legal_basis}.") if p
    )
    if description:
        schema["description"] = description
    if question.condition:
        schema["x-condition"] = question.condition
    if question.legal_basis:
        schema["x-legal-basis"] = question.legal_basis
    schema["x-kind"] = kind
    return schema


def json_schema(questionnaire: Questionnaire, *, schema_id: str = "") -> dict[str, Any]:
    """The questionnaire as a JSON Schema (2020-12) of the answers object.

    Questions shown only under a condition are not listed as required; their condition is in
    `x-condition` (the expression language of conditions.py).
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for step in questionnaire.steps:
        for question in step.questions:
            properties[question.key] = question_schema(question)
            if question.required and not question.condition and not step.condition:
                required.append(question.key)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **({"$id": schema_id} if schema_id else {}),
        "title": questionnaire.title,
        "description": questionnaire.description,
        "type": "object",
        "properties": properties,
        "required": required,
        "x-steps": [
            {
                "title": s.title,
                "help": s.help_text,
                **({"x-condition": s.condition} if s.condition else {}),
                "questions": [q.key for q in s.questions],
            }
            for s in questionnaire.steps
        ],
        "x-documents": [
            {"title": d.title, "copies": d.copies, **({"x-condition": d.condition} if d.condition else {})}
            for d in questionnaire.documents
        ],
        "x-legal-basis": questionnaire.legal_basis,
    }
