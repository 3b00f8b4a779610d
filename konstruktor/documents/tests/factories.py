"""Complete, valid answers for the shipped packages; tests change one thing at a time."""

import copy
import datetime
from typing import Any

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.documents.models import PackageDefinition
from konstruktor.documents.parameters import SHIPPED_VALUES, parameter_typed
from konstruktor.documents.questionnaire import Questionnaire, QuestionSpec, StepSpec
from konstruktor.documents.shipped import package_spec
from konstruktor.documents.shipped.install import shipped_install
from konstruktor.documents.shipped.spec import Q
from konstruktor.documents.validation import Problem, prepared_answers, validate, validation_date

FILING = datetime.date(2026, 3, 16)
DECISION = datetime.date(2026, 3, 2)


def person(last: str, first: str, middle: str, *, birth: str = "1980-05-14", series: str = "5705") -> dict[str, str]:
    return {
        "last_name": last,
        "first_name": first,
        "middle_name": middle,
        "birth_date": birth,
        "birth_place": "г. Пермь",
        "citizenship": "Российская Федерация",
        "passport_series": series,
        "passport_number": "123456",
        "passport_issued_by": "ГУ МВД России по Пермскому краю",
        "passport_issued_date": "2015-06-01",
        "passport_division_code": "590-001",
        "address": "614000, Пермский край, г. Пермь, ул. Ленина, д. 1, кв. 5",
        "inn": "123456789047",  # a valid 12-digit ИНН (FACTS §6.1)
        "phone": "+7 342 200-00-00",
        "email": "founder@example.ru",
    }


def founder(last: str, first: str, middle: str, **kwargs: Any) -> dict[str, Any]:
    return {"type": "individual", "person": person(last, first, middle, **kwargs)}


def legal_founder(name: str = "Региональная общественная организация «Доброе дело»") -> dict[str, Any]:
    return {
        "type": "legal",
        "organization": {
            "full_name": name,
            "ogrn": ogrn_with_check("102590000123"),
            "inn": inn_with_check("590400012"),
            "kpp": "590401001",
            "address": "614000, Пермский край, г. Пермь, ул. Мира, д. 3",
            "head_name": "Петров Пётр Петрович",
            "head_position": "председатель",
            "authority": "устав",
        },
        "is_public_association": True,
    }


ADDRESS = {
    "postal_code": "614000",
    "region": "Пермский край",
    "settlement": "г. Пермь",
    "street": "ул. Ленина",
    "house": "10",
    "room": "офис 5",
}

COMMON = {
    "location": "г. Пермь",
    "goals": "социальная поддержка и защита граждан пожилого возраста\nсодействие активному долголетию",
    "activities": "оказание социально-бытовых услуг на дому\nорганизация клубов общения и досуга",
    "activity_areas": ["31.1-01"],
    "founders_checked": True,
    "decision_date": DECISION.isoformat(),
    "meeting_place": "г. Пермь, ул. Ленина, д. 10",
    "director_title": "director",
    "director": person("Смирнова", "Анна", "Сергеевна", birth="1975-02-03", series="5701"),
    "director_term_years": 5,
    "address": ADDRESS,
    "address_basis": "owner_letter",
    "address_owner": "ООО «Прикамье»",
    "address_owner_signer": "директор ООО «Прикамье» Петров П. П.",
    "owner_title_document": "выписка из ЕГРН от 10.02.2026 № КУВИ-001/2026-12345",
    "minjust_office": "Управление Министерства юстиции Российской Федерации по Пермскому краю",
    "route": "gosuslugi",
    "filing_date": FILING.isoformat(),
    "applicant_role": "director",
    "okved_main": "88.99",
}


def ano_answers(**changes: Any) -> dict[str, Any]:
    answers = copy.deepcopy(COMMON)
    answers.update(
        {
            "full_name": "Автономная некоммерческая организация социальной поддержки пожилых людей «Серебряный возраст»",
            "short_name": "АНО «Серебряный возраст»",
            "founders": [founder("Иванов", "Иван", "Иванович")],
            "supreme_body_title": "general_meeting",
        }
    )
    answers.update(changes)
    return answers


def oo_answers(founders: int = 3, **changes: Any) -> dict[str, Any]:
    names = [("Иванов", "Иван", "Иванович"), ("Петрова", "Мария", "Олеговна"), ("Сидоров", "Олег", "Павлович"),
             ("Кузнецова", "Елена", "Игоревна")]  # fmt: skip
    answers = copy.deepcopy(COMMON)
    answers.update(
        {
            "territory": "regional",
            "territory_name": "Пермский край",
            "full_name": "Региональная общественная организация помощи семьям с детьми-инвалидами «Особое детство»",
            "short_name": "РОО «Особое детство»",
            "founders": [founder(*names[i]) for i in range(founders)],
            "meeting_chair": "Иванов Иван Иванович",
            "meeting_secretary": "Петрова Мария Олеговна",
            "board_members": [{"name": "Иванов Иван Иванович"}, {"name": "Петрова Мария Олеговна"}],
            "board_term_years": 5,
            "audit_form": "auditor",
            "audit_members": [{"name": "Сидоров Олег Павлович"}],
            "audit_term_years": 5,
            "director_title": "chair",
        }
    )
    answers.update(changes)
    return answers


def fund_answers(**changes: Any) -> dict[str, Any]:
    answers = copy.deepcopy(COMMON)
    answers.update(
        {
            "full_name": "Благотворительный фонд помощи семьям с детьми «Опора семьи»",
            "short_name": "БФ «Опора семьи»",
            "founders": [founder("Иванов", "Иван", "Иванович")],
            "council_members": [{"name": "Иванов Иван Иванович"}],
            "trustees": [
                {"name": "Лебедева Наталья Андреевна", "position": "врач"},
                {"name": "Орлов Олег Олегович", "position": "учитель"},
                {"name": "Зайцева Ирина Петровна", "position": "юрист"},
            ],
            "trustees_term_years": 5,
        }
    )
    answers.update(changes)
    return answers


def installed(slug: str) -> PackageDefinition:
    shipped_install(slugs=[slug], write=lambda _: None)
    return PackageDefinition.objects.get(slug=slug)


# --- the validation engine without the database ---------------------------------------------------


def _spec(q: Q, step: int) -> QuestionSpec:
    choices = q.choices if isinstance(q.choices, list) else [("31.1-01", "Социальное обслуживание")]
    return QuestionSpec(
        key=q.key, kind=q.kind, label=q.label, help_text=q.help, legal_basis=q.basis, required=q.required,
        choices=tuple(choices), condition=q.condition, children=tuple(_spec(c, step) for c in q.children),
        min_items=q.min_items, max_items=q.max_items, options=q.options, step_index=step,
    )  # fmt: skip


def shipped_questionnaire(slug: str) -> Questionnaire:
    spec = package_spec(slug)
    assert spec is not None
    steps = tuple(
        StepSpec(index=i, title=s.title, questions=tuple(_spec(q, i) for q in s.questions))
        for i, s in enumerate(spec.steps)
    )
    return Questionnaire(
        slug=slug, title=spec.title, kind=spec.kind, legal_basis=spec.legal_basis, description=spec.description,
        steps=steps, rules=tuple(spec.rules),
    )  # fmt: skip


def shipped_params(on: datetime.date) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value, valid_from, *_ in sorted(SHIPPED_VALUES, key=lambda row: row[2]):
        if valid_from <= on:
            params[key] = parameter_typed(key, value)
    return params


def check(slug: str, answers: dict[str, Any], *, extra: dict[str, Any] | None = None) -> list[Problem]:
    spec = package_spec(slug)
    assert spec is not None
    questionnaire = shipped_questionnaire(slug)
    prepared = prepared_answers(questionnaire, answers, spec.constants)
    on = validation_date(prepared)
    return validate(questionnaire, prepared, params=shipped_params(on), on=on, extra=extra)


def rules_at(problems: list[Problem], field: str) -> set[str]:
    return {p.rule for p in problems if p.field == field}
