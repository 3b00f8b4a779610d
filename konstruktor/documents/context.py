"""The template context: answers in typed, printable shapes plus the computed names.

Computed names are listed in questionnaire.COMPUTED_NAMES; the template upload check allows
them next to the package's question keys.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from markupsafe import escape

from konstruktor.documents.questionnaire import Questionnaire, QuestionSpec
from konstruktor.documents.reference import LEGAL_FORMS
from konstruktor.documents.validation.base import Problem, parse_date
from konstruktor.documents.validation.rules import founder_name, person_name, rub


class ChoiceValue(str):
    """A chosen option: compares equal to its value, prints as its label."""

    label: str

    def __new__(cls, value: str, label: str) -> "ChoiceValue":
        obj = super().__new__(cls, value)
        obj.label = label
        return obj

    def __html__(self) -> str:
        return str(escape(self.label))

    # Jinja's string filters (lower, upper, capitalize) call these on the value: they print the label.
    def __str__(self) -> str:
        return self.label

    def lower(self) -> str:  # type: ignore[override]
        return self.label.lower()

    def upper(self) -> str:  # type: ignore[override]
        return self.label.upper()

    def capitalize(self) -> str:  # type: ignore[override]
        return self.label.capitalize()

    @property
    def value(self) -> str:
        return str.__str__(self)


def _date(value: Any) -> Any:
    parsed = parse_date(value)
    return parsed if parsed is not None else value


def person_value(raw: Mapping[str, Any]) -> dict[str, Any]:
    person = dict(raw)
    for key in ("birth_date", "passport_issued_date"):
        if key in person:
            person[key] = _date(person[key])
    full = person_name(raw)
    person["full_name"] = full
    first, middle = str(raw.get("first_name") or ""), str(raw.get("middle_name") or "")
    initials = " ".join(f"{part[0]}." for part in (first, middle) if part)
    person["short_name"] = f"{raw.get('last_name') or ''} {initials}".strip()
    person["initials_name"] = f"{initials} {raw.get('last_name') or ''}".strip()
    series, number = str(raw.get("passport_series") or ""), str(raw.get("passport_number") or "")
    issued = person.get("passport_issued_date")
    parts = [f"серия {series} № {number}" if series or number else ""]
    if raw.get("passport_issued_by"):
        parts.append(f"выдан {raw.get('passport_issued_by')}")
    if isinstance(issued, datetime.date):
        parts.append(f"{issued:%d.%m.%Y}")
    if raw.get("passport_division_code"):
        parts.append(f"код подразделения {raw.get('passport_division_code')}")
    person["passport"] = ", ".join(p for p in parts if p)
    return person


def address_value(raw: Mapping[str, Any]) -> dict[str, Any]:
    address = dict(raw)
    street = str(raw.get("street") or "")
    house = str(raw.get("house") or "")
    room = str(raw.get("room") or "")
    parts = [
        str(raw.get("postal_code") or ""),
        str(raw.get("region") or ""),
        str(raw.get("district") or ""),
        str(raw.get("settlement") or ""),
        street,
        f"д. {house}" if house and not house.lower().startswith(("д.", "дом")) else house,
        room,
    ]
    address["full"] = ", ".join(p.strip() for p in parts if p.strip())
    return address


def organization_value(raw: Mapping[str, Any]) -> dict[str, Any]:
    org = dict(raw)
    org["name"] = str(raw.get("full_name") or "")
    return org


def typed_value(question: QuestionSpec, value: Any, constants: Mapping[str, Any] | None = None) -> Any:
    kind = question.kind
    if value is None:
        return None
    if kind == "date":
        return _date(value)
    if kind == "choice":
        return ChoiceValue(str(value), question.choice_label(value))
    if kind == "multichoice":
        return [ChoiceValue(str(v), question.choice_label(v)) for v in value] if isinstance(value, list) else []
    if kind == "person" and isinstance(value, Mapping):
        return person_value(value)
    if kind == "address" and isinstance(value, Mapping):
        return address_value(value)
    if kind == "organization" and isinstance(value, Mapping):
        return organization_value(value)
    if kind == "group" and isinstance(value, list):
        items = []
        for raw_item in value:
            if not isinstance(raw_item, Mapping):
                continue
            item = {child.key: typed_value(child, raw_item.get(child.key)) for child in question.children}
            item.update({k: v for k, v in raw_item.items() if k not in item})
            if "person" in raw_item or "organization" in raw_item or "type" in raw_item:
                item["name"] = founder_name(raw_item)
                item["is_individual"] = raw_item.get("type", "individual") != "legal"
            items.append(item)
        return items
    return value


def _legal_form_value(code: Any) -> Any:
    info = LEGAL_FORMS.get(str(code or ""))
    return ChoiceValue(str(code), info.title) if info else code


def template_context(
    *,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    params: Mapping[str, Any],
    on: datetime.date,
    param_notes: Mapping[str, str] | None = None,
    problems: list[Problem] | None = None,
    documents: list[dict[str, Any]] | None = None,
    timeline: list[dict[str, Any]] | None = None,
    version: int = 0,
    prepared_by: str = "",
    today: datetime.date | None = None,
) -> dict[str, Any]:
    by_key = questionnaire.by_key
    # Every question has a name in the context: unanswered lists are empty, other answers None.
    context: dict[str, Any] = {
        q.key: [] if q.kind in ("group", "multichoice") else None for q in questionnaire.questions()
    }
    for key, value in answers.items():
        question = by_key.get(key)
        context[key] = typed_value(question, value) if question is not None else value
    if "legal_form" in answers:
        context["legal_form"] = _legal_form_value(answers["legal_form"])
    form = LEGAL_FORMS.get(str(answers.get("legal_form") or ""))
    address = context.get("address") if isinstance(context.get("address"), Mapping) else None
    context["org"] = {
        "full_name": str(answers.get("full_name") or ""),
        "short_name": str(answers.get("short_name") or ""),
        "form_title": form.title if form else "",
        "location": str(answers.get("location") or ""),
        "address": address or {"full": ""},
    }
    raw_founders = context.get("founders")
    founders: list[dict[str, Any]] = raw_founders if isinstance(raw_founders, list) else []
    context["individual_founders"] = [f for f in founders if f.get("is_individual", True)]
    context["legal_founders"] = [f for f in founders if not f.get("is_individual", True)]
    context["sole_founder"] = len(founders) == 1
    context["law"] = form.law if form else ""
    context["is_public_association"] = bool(form and form.law == "82-ФЗ")
    applicant, director = context.get("applicant"), context.get("director")
    if isinstance(applicant, Mapping):
        context["applicant"] = applicant
    else:
        context["applicant"] = director if isinstance(director, Mapping) else {}
    context["params"] = dict(params)
    context["param_notes"] = dict(param_notes or {})
    context["duty_rub"] = rub(params.get("registration_duty_rub", ""))
    context["today"] = today or datetime.date.today()
    context["on"] = on
    context["timeline"] = [{**step, "date": _date(step.get("date"))} for step in (timeline or [])]
    context["documents"] = documents or []
    context["problems"] = [p.as_dict() for p in (problems or [])]
    context["package"] = {"title": questionnaire.title, "legal_basis": questionnaire.legal_basis}
    context["version"] = version
    context["prepared_by"] = prepared_by
    return context
